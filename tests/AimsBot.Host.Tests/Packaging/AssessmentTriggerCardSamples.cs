using System.Text;
using System.Text.Json.Nodes;
using AimsBot.Assessments;
using AimsBot.Assessments.Questionnaires;
using AimsBot.Assessments.Triggers;
using AimsBot.Domain.Access;
using AimsBot.Domain.Assessments;
using AimsBot.Domain.Register;
using Microsoft.Extensions.DependencyInjection;

namespace AimsBot.Host.Tests.Packaging;

/// <summary>
/// The cards that ask for an impact assessment (to the owner, to the leads) and the questionnaire versions' cards.
/// <c>questionnaire load</c> answers with <see cref="QuestionnaireCards.Outcome"/> for the file it downloads; the
/// samples run the same service on a file directly (the sample host has no file server).
/// </summary>
public static class AssessmentTriggerCardSamples
{
    /// <summary>A system name at the longest the register allows, in words (names have spaces; a card wraps between them).</summary>
    private static readonly string LongestName = "Retail and Small Business Credit Scoring, Pricing and Limit Setting Models Suite"[..AiSystem.NameMax];

    private static readonly string LongReason = "It now also scores small-business loans, with bureau data from a second provider and a new model trained on the combined portfolio; " + new string('x', 850);

    public static IReadOnlyList<CardSample> All { get; } =
    [
        new("assessment-call-new-system", ["AssessmentTriggerCards.ForOwner"], _ => Task.FromResult(AssessmentTriggerCards.ForOwner(
            new AssessmentCall("credit-scorer", "Credit Scorer", LifecycleStage.Design, RiskTier.High, "Olive Owner", AssessmentCallReason.NewSystem)))),
        new("assessment-call-due-soon", ["AssessmentTriggerCards.ForOwner"], _ => Task.FromResult(AssessmentTriggerCards.ForOwner(
            new AssessmentCall("credit-scorer", "Credit Scorer", LifecycleStage.Operation, RiskTier.High, "Olive Owner", AssessmentCallReason.DueSoon, new DateOnly(2027, 2, 28), 30, 2)))),
        new("assessment-call-overdue", ["AssessmentTriggerCards.ForOwner"], _ => Task.FromResult(AssessmentTriggerCards.ForOwner(
            new AssessmentCall("credit-scorer", "Credit Scorer", LifecycleStage.Operation, RiskTier.High, "Olive Owner", AssessmentCallReason.Overdue, new DateOnly(2028, 2, 29), -9, 3)))),
        new("assessment-call-changed-at-length", ["AssessmentTriggerCards.ForOwner"], _ => Task.FromResult(AssessmentTriggerCards.ForOwner(
            new AssessmentCall("a-system-with-the-longest-name-there-is", LongestName, LifecycleStage.Operation, RiskTier.Unacceptable, "Dr Oluwaseun Adebayo-Okonkwo, Head of Retail Credit Risk Analytics and Model Governance", AssessmentCallReason.Changed, new DateOnly(2026, 11, 23), 0, 4, LongReason, "Dana Owner")))),
        new("assessment-overdue-to-leads", ["AssessmentTriggerCards.ForLeads"], _ => Task.FromResult(AssessmentTriggerCards.ForLeads(
            new AssessmentCall("credit-scorer", "Credit Scorer", LifecycleStage.Operation, RiskTier.High, "Olive Owner", AssessmentCallReason.Overdue, new DateOnly(2028, 2, 29), -7, 3)))),
        new("questionnaire-loaded", ["command:questionnaire load", "QuestionnaireCards.Outcome"], h => LoadAsync(h, Questionnaire("2.0", "AI system impact assessment (2027)"))),
        new("questionnaire-version-conflict", ["command:questionnaire load", "QuestionnaireCards.Outcome"], h => LoadAsync(h, Questionnaire("2.0", "AI system impact assessment, reworded"))),
        new("questionnaire-report", ["command:questionnaire load", "QuestionnaireCards.Outcome"], h =>
        {
            var json = JsonNode.Parse(Questionnaire("2.1", "Broken"))!.AsObject();
            json["version"] = "two";
            foreach (var section in json["sections"]!.AsArray())
            {
                foreach (var question in section!["questions"]!.AsArray())
                {
                    question!["kind"] = "essay-with-a-rather-long-name";
                }
            }

            return LoadAsync(h, json.ToJsonString());
        }),
        new("questionnaires", ["command:questionnaires", "QuestionnaireCards.List"], h => h.RunCommandAsync("questionnaires", h.Person(Role.Auditor))),
        new("assessment-call-start", ["verb:" + AssessmentTriggerCards.StartVerb], h =>
            h.PressAsync(AssessmentTriggerCards.StartVerb, h.Person(Role.ComplianceLead), new JsonObject { ["system"] = "credit-scorer" })),
    ];

    private static async Task<Teams.Cards.AdaptiveCard> LoadAsync(CardSampleHost host, string json)
    {
        var versions = host.Services.GetRequiredService<QuestionnaireVersions>();
        var outcome = await versions.LoadAsync(host.Person(Role.ComplianceLead), "questionnaire.json", Encoding.UTF8.GetBytes(json), "sample-activity", CancellationToken.None);
        var current = await host.Services.GetRequiredService<QuestionnaireCatalog>().CurrentAsync(CardSampleHost.Tenant);
        return QuestionnaireCards.Outcome(outcome, current.Key);
    }

    private static string Questionnaire(string version, string title)
    {
        using var stream = typeof(QuestionnaireLoader).Assembly.GetManifestResourceStream(QuestionnaireLoader.ShippedResource)!;
        var json = JsonNode.Parse(stream)!.AsObject();
        json["version"] = version;
        json["title"] = title;
        return json.ToJsonString();
    }
}
