using System.Globalization;
using System.Text.Json.Nodes;
using AimsBot.Assessments;
using AimsBot.Assessments.Approval;
using AimsBot.Commands;
using AimsBot.Domain.Access;
using AimsBot.Domain.Assessments;
using AimsBot.Domain.Register;
using AimsBot.Register;
using AimsBot.Storage.Assessments;
using AimsBot.Storage.Register;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AimsBot.Host.Tests.Packaging;

/// <summary>
/// The approval card of an impact assessment and what its buttons turn it into, run in order against the sample host:
/// "Loan Pricer" is owned by someone else than the sample person, who approves as a risk approver; "Fraud Screen" has
/// the largest assessment there can be (20 impacts, the most the shipped questionnaire allows, every text at its longest) to show the card stays under 28 KB.
/// </summary>
public static class ApprovalCardSamples
{
    private const string AssessorId = "aad-sample-assessor";
    private const string Comment = "Please say how credit officers override a price, and who reviews the overrides each month.";

    public static IReadOnlyList<CardSample> All { get; } =
    [
        new("assessment-approval-to-approve", ["verb:" + ApprovalCards.RefreshVerb, "ApprovalCards.Card"], async h =>
        {
            await SubmittedAsync(h, "Loan Pricer", impacts: 3, longest: false);
            return await h.PressAsync(ApprovalCards.RefreshVerb, Approver(h), Ids("loan-pricer", await RevisionAsync(h, "loan-pricer")));
        }),
        new("assessment-approval-as-assessor", ["verb:" + ApprovalCards.RefreshVerb, "ApprovalCards.Card"], async h =>
            await h.PressAsync(ApprovalCards.RefreshVerb, Assessor(), Ids("loan-pricer", await RevisionAsync(h, "loan-pricer")))),
        new("assessment-approval-comment-too-short", ["verb:" + ApprovalCards.ReturnVerb, "ApprovalCards.Card"], async h =>
            await h.PressAsync(ApprovalCards.ReturnVerb, Approver(h), With(Ids("loan-pricer", await RevisionAsync(h, "loan-pricer")), "Fix it"))),
        new("assessment-approval-returned", ["verb:" + ApprovalCards.ReturnVerb, "ApprovalCards.Card"], async h =>
            await h.PressAsync(ApprovalCards.ReturnVerb, Approver(h), With(Ids("loan-pricer", await RevisionAsync(h, "loan-pricer")), Comment))),
        new("assessment-returned-to-assessor", ["ApprovalCards.DecisionForAssessor"], async h =>
            ApprovalCards.DecisionForAssessor(await ViewAsync(h, "loan-pricer"))),
        new("assessment-approval-approved", ["verb:" + ApprovalCards.ApproveVerb, "ApprovalCards.Card"], async h =>
        {
            await ResubmitAsync(h, "loan-pricer");
            return await h.PressAsync(ApprovalCards.ApproveVerb, Approver(h), Ids("loan-pricer", await RevisionAsync(h, "loan-pricer")));
        }),
        new("assessment-approved-to-assessor", ["ApprovalCards.DecisionForAssessor"], async h =>
            ApprovalCards.DecisionForAssessor(await ViewAsync(h, "loan-pricer"))),
        new("assessment-approval-largest", ["ApprovalCards.Card"], async h =>
        {
            await SubmittedAsync(h, "Fraud Screen", impacts: 20, longest: true);
            return ApprovalCards.Card(await ViewAsync(h, "fraud-screen"), ApprovalViewer.Decider);
        }),
    ];

    private static Caller Approver(CardSampleHost host) => host.Person(Role.RiskApprover);

    private static Caller Assessor() => new(CardSampleHost.Tenant, AssessorId, "29:sample-assessor", "Olive Owner", new HashSet<Role>());

    private static JsonObject Ids(string systemId, int revision) => new()
    {
        ["system"] = systemId,
        ["version"] = "1",
        ["revision"] = revision.ToString(CultureInfo.InvariantCulture),
    };

    private static JsonObject With(JsonObject data, string comment)
    {
        data[ApprovalCards.CommentInput] = comment;
        return data;
    }

    private static async Task<int> RevisionAsync(CardSampleHost host, string systemId) =>
        (await host.Services.GetRequiredService<ImpactAssessmentRepository>().GetAsync(CardSampleHost.Tenant, systemId, 1))!.State.Revision;

    private static async Task<ApprovalView> ViewAsync(CardSampleHost host, string systemId)
    {
        var loaded = (await host.Services.GetRequiredService<AssessmentApprovals>().LoadAsync(CardSampleHost.Tenant, systemId, 1, CancellationToken.None)).Value!;
        var names = new Dictionary<string, string> { [AssessorId] = "Olive Owner", ["aad-sample-0001"] = "Dana Owner" };
        var scoring = host.Services.GetRequiredService<IOptions<AssessmentOptions>>().Value.Scoring;
        return ApprovalViews.Build(loaded.Assessment, loaded.System.System.Name, scoring, id => names.GetValueOrDefault(id, id), ["29:sample-assessor", "29:sample-0001"]);
    }

    /// <summary>An AI system owned by the assessor with a submitted assessment: <paramref name="impacts"/> harms, texts at their longest when asked.</summary>
    private static async Task SubmittedAsync(CardSampleHost host, string name, int impacts, bool longest)
    {
        var clock = host.Services.GetRequiredService<TimeProvider>();
        var lead = host.Person(Role.ComplianceLead);
        var added = await host.Services.GetRequiredService<RegisterService>().AddSystemAsync(
            lead,
            new AiSystemDetails(name, "Prices consumer loans from application and bureau data.", "Decision support for credit officers.", [OrganizationRole.DeployerUser], LifecycleStage.Operation, AssessorId, RiskTier.High),
            "Olive Owner",
            Guid.NewGuid(),
            null,
            CancellationToken.None);
        var system = added.Value!.System.System;
        var owner = Actor.Create(AssessorId);
        string Text(int length, string start) => longest ? start + new string('x', length - start.Length) : start;
        var a = ImpactAssessment.Start(system, QuestionnaireLoader.Shipped, owner, clock).Value!;
        var prefilled = a.AnswersFor("system")!.Single.Values.ToDictionary(p => p.Key, p => (string?)p.Value);
        prefilled["sensitive-uses"] = "credit";
        prefilled["out-of-scope-uses"] = Text(2000, "Not for mortgages or business lending.");
        a = a.SaveSection(system, "system", prefilled, owner).Value!;
        a = a.SaveSection(system, "misuse", new Dictionary<string, string?> { ["misuse-foreseen"] = "yes", ["misuse-description"] = Text(2000, "Officers pricing for friends."), ["misuse-prevention"] = Text(2000, "Overrides are reviewed monthly.") }, owner).Value!;
        a = a.SaveSection(system, "data", new Dictionary<string, string?> { ["data-sources"] = Text(2000, "Applications and the credit bureau's file."), ["personal-data"] = "yes", ["personal-data-categories"] = "identity-contact,financial", ["personal-data-basis"] = Text(2000, "Contract; the privacy notice on the application."), ["data-provenance"] = Text(2000, "The bureau's contract."), ["data-quality"] = Text(2000, "Monthly checks for gaps.") }, owner).Value!;
        a = a.SaveSection(system, "model", new Dictionary<string, string?> { ["model-type"] = "machine-learning", ["model-origin"] = "third-party-service", ["model-supplier"] = Text(200, "Pricing engine from a vendor."), ["decision-role"] = "recommends", ["decision-logic"] = Text(2000, "Gradient-boosted trees over bureau features."), ["performance"] = Text(2000, "Calibration measured monthly.") }, owner).Value!;
        a = a.SaveSection(system, "deployment", new Dictionary<string, string?> { ["environment"] = Text(2000, "UK consumer lending."), ["oversight"] = "in-the-loop", ["oversight-description"] = Text(2000, "An officer sets every price."), ["can-contest"] = "yes", ["contest-how"] = Text(1000, "Through the complaints team."), ["monitoring"] = Text(2000, "Drift dashboard, weekly.") }, owner).Value!;
        a = a.SaveSection(system, "parties", new Dictionary<string, string?> { ["individuals"] = Text(2000, "Loan applicants."), ["groups"] = Text(2000, "Thin-file applicants."), ["vulnerable"] = "yes", ["vulnerable-groups"] = "financial-hardship,older-people", ["vulnerable-details"] = Text(2000, "Higher prices for those least able to pay."), ["society"] = Text(2000, "Trust in lending.") }, owner).Value!;
        var items = Enumerable.Range(1, impacts).Select(i => (IReadOnlyDictionary<string, string?>)new Dictionary<string, string?>
        {
            ["effect"] = i % 3 == 0 ? "benefit" : "harm",
            ["area"] = i % 2 == 0 ? "fairness" : "economic",
            ["impact-description"] = Text(2000, $"Impact {i}: thin-file applicants priced higher."),
            ["affected"] = Text(300, "Applicants with short credit histories"),
            ["severity"] = (1 + (i % 5)).ToString(CultureInfo.InvariantCulture),
            ["likelihood"] = (1 + ((i + 2) % 5)).ToString(CultureInfo.InvariantCulture),
            ["reversibility"] = i % 3 == 0 ? null : "with-effort",
            ["existing-measures"] = i % 3 == 0 ? null : Text(2000, "Monthly fairness review; officers can override."),
        }).ToList();
        a = a.SaveSection(system, "impacts", items, owner).Value!;
        a = a.SaveSection(system, "conclusions", new Dictionary<string, string?> { ["conclusion"] = "acceptable-with-measures", ["further-measures"] = Text(2000, "A thin-file model by Q2."), ["summary"] = Text(2000, "High fairness risk, managed by review."), ["reassess-when"] = Text(1000, "A new data source.") }, owner).Value!;
        var repository = host.Services.GetRequiredService<ImpactAssessmentRepository>();
        var stored = await repository.AddAsync(CardSampleHost.Tenant, a.ToState());
        await repository.ReplaceAsync(CardSampleHost.Tenant, a.Submit(system, owner, clock).Value!.ToState(), stored.ETag);
    }

    /// <summary>The returned assessment, changed and submitted again by its assessor.</summary>
    private static async Task ResubmitAsync(CardSampleHost host, string systemId)
    {
        var loaded = (await host.Services.GetRequiredService<AssessmentApprovals>().LoadAsync(CardSampleHost.Tenant, systemId, 1, CancellationToken.None)).Value!;
        var system = loaded.System.System;
        var owner = Actor.Create(AssessorId);
        var clock = host.Services.GetRequiredService<TimeProvider>();
        var answers = loaded.Assessment.AnswersFor("deployment")!.Single.Values.ToDictionary(p => p.Key, p => (string?)p.Value);
        answers["oversight-description"] = "An officer sets every price; a senior officer reviews the overrides monthly.";
        var next = loaded.Assessment.SaveSection(system, "deployment", answers, owner).Value!.Submit(system, owner, clock).Value!;
        await host.Services.GetRequiredService<ImpactAssessmentRepository>().ReplaceAsync(CardSampleHost.Tenant, next.ToState(), loaded.ETag);
    }
}
