using AimsBot.Domain.Access;
using AimsBot.Domain.Assessments;
using AimsBot.Host.Tests.Assessments.Reports;
using AimsBot.Storage.Assessments;
using AimsBot.Storage.Register;
using Microsoft.Extensions.DependencyInjection;

namespace AimsBot.Host.Tests.Packaging;

/// <summary>
/// The impact assessment report cards, on a system of their own (Churn Predictor, owned by the sample person, so the step
/// samples' Credit Scorer is left to them): its approved first version, then the largest second version there can be,
/// then the list of every system.
/// </summary>
public static class AssessmentReportCardSamples
{
    public static IReadOnlyList<CardSample> All { get; } =
    [
        new("assessment-report-approved", ["command:assessment", "AssessmentReportCards.Detail"], async h =>
        {
            await SeedApprovedAsync(h);
            return await h.RunCommandAsync("assessment Churn Predictor", h.Person(Role.Auditor));
        }),
        new("assessment-report-largest", ["command:assessment", "AssessmentReportCards.Detail"], async h =>
        {
            await SeedLargestAsync(h);
            return await h.RunCommandAsync("assessment Churn Predictor 2", h.Person(Role.ComplianceLead));
        }),
        new("assessments-list", ["command:assessments", "AssessmentReportCards.List"], h => h.RunCommandAsync("assessments", h.Person(Role.ComplianceLead))),
    ];

    private static Actor Owner(CardSampleHost h) => Actor.Create(h.Person().UserKey);

    private static async Task<Domain.Register.AiSystem> SystemAsync(CardSampleHost h) =>
        (await h.Services.GetRequiredService<AiSystemRepository>().GetAsync(CardSampleHost.Tenant, "churn-predictor"))!.System;

    private static async Task SeedApprovedAsync(CardSampleHost h)
    {
        var clock = h.Services.GetRequiredService<TimeProvider>();
        var system = ReportAssessments.System("Churn Predictor", h.Person().UserKey, Domain.Register.RiskTier.High, clock);
        await h.Services.GetRequiredService<AiSystemRepository>().AddAsync(CardSampleHost.Tenant, system, "Dana Owner", h.Person().UserKey, null);
        var owner = Owner(h);
        var a = ReportAssessments.Complete(ReportAssessments.Started(system, owner, clock), system, owner, Actor.Create("aad-sample-0002"));
        a = ReportAssessments.Submitted(a, system, owner, clock);
        a = ReportAssessments.Returned(a, system, Actor.Create("aad-sample-0003", Role.RiskApprover), "Name the fairness metric you review each quarter.", clock);
        a = ReportAssessments.Submitted(a, system, owner, clock);
        a = ReportAssessments.Approved(a, system, Actor.Create("aad-sample-0003", Role.RiskApprover), "Agreed, with the quarterly review.", clock);
        await h.Services.GetRequiredService<ImpactAssessmentRepository>().AddAsync(CardSampleHost.Tenant, a.ToState());
    }

    /// <summary>Version 2 with every text at its longest and the most impacts a questionnaire allows: the card shortens answers to fit.</summary>
    private static async Task SeedLargestAsync(CardSampleHost h)
    {
        var clock = h.Services.GetRequiredService<TimeProvider>();
        var system = await SystemAsync(h);
        var owner = Owner(h);
        var repository = h.Services.GetRequiredService<ImpactAssessmentRepository>();
        var v1 = ReportAssessments.Ok(ImpactAssessment.Restore((await repository.GetLatestAsync(CardSampleHost.Tenant, system.Id))!.State, ReportAssessments.Shipped));
        var v2 = ReportAssessments.Ok(v1.StartNewVersion(system, ReportAssessments.Shipped, owner, clock));
        foreach (var section in ReportAssessments.Shipped.Sections)
        {
            var items = section.Repeatable ? section.MaxItems : 1;
            var answers = Enumerable.Range(0, items).Select(_ => Longest(section, v2.AnswersFor(section.Id)?.Items is { Count: > 0 } first ? first[0] : null)).ToList();
            v2 = ReportAssessments.Ok(v2.SaveSection(system, section.Id, answers, owner));
        }

        await repository.AddAsync(CardSampleHost.Tenant, v2.ToState());
    }

    /// <summary>Every shown question answered: text at its maximum length, choices as the item already has them (else the first option).</summary>
    private static IReadOnlyDictionary<string, string?> Longest(QuestionnaireSection section, AnswerItem? item)
    {
        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var question in section.Questions)
        {
            values[question.Id] = question.Kind.IsText()
                ? string.Concat(Enumerable.Repeat("Words & *marks* people type. ", (question.MaxLength / 29) + 1))[..question.MaxLength].TrimEnd()
                : item?[question.Id] ?? (question.Options.Count > 0 ? question.Options : Question.YesNoOptions)[0].Value;
        }

        return values;
    }
}
