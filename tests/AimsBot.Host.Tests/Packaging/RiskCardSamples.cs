using System.Globalization;
using System.Text.Json.Nodes;
using AimsBot.Commands;
using AimsBot.Domain.Access;
using AimsBot.Domain.Register;
using AimsBot.Domain.Risks;
using AimsBot.Register;
using AimsBot.Risks.Register;
using AimsBot.Storage.Risks;
using Microsoft.Extensions.DependencyInjection;

namespace AimsBot.Host.Tests.Packaging;

/// <summary>
/// The risk register's cards, run in order against the sample host as a compliance lead: the criteria, the add form
/// (empty and with problems), a risk added with a full plan, the list, its detail, the edit form, saved, submitted and
/// closed, and a proposal from an impact assessment completed.
/// </summary>
public static class RiskCardSamples
{
    private const string Title = "Sample risk: applicants refused unfairly";

    public static IReadOnlyList<CardSample> All { get; } =
    [
        new("risk-criteria", ["command:" + RiskCriteriaCommand.Name, "RiskCards.Criteria"], h => h.RunCommandAsync("risk criteria", Lead(h))),
        new("risk-add-form", ["command:" + RiskAddCommand.Name, "RiskForm.Card"], h => h.RunCommandAsync("risk add", Lead(h))),
        new("risk-add-form-problems", ["verb:" + RiskCards.AddVerb, "RiskForm.Card"], h => h.PressAsync(RiskCards.AddVerb, Lead(h), new JsonObject
        {
            ["submissionId"] = Guid.NewGuid().ToString("N"),
            [RiskForm.Title] = "x",
            [RiskForm.Likelihood] = "9",
            [RiskForm.Controls] = "A.99.1",
            [RiskForm.ActionTitle(0)] = "Retrain",
            [RiskForm.ActionDue(0)] = "2026-02-30",
        })),
        new("risk-added", ["verb:" + RiskCards.AddVerb, "RiskCards.Card", "RiskRegister.CardAsync"], h => h.PressAsync(RiskCards.AddVerb, Lead(h), Full())),
        new("risk-list", ["command:" + RisksCommand.Name, "RiskCards.List"], h => h.RunCommandAsync("risks", Lead(h))),
        new("risk-detail", ["command:" + RiskCommand.Name, "RiskCards.Detail", "RiskRegister.DetailAsync"], async h => await h.RunCommandAsync("risk " + await IdAsync(h), Lead(h))),
        new("risk-edit-form", ["command:" + RiskEditCommand.Name, "RiskForm.Card"], async h => await h.RunCommandAsync("risk edit " + await IdAsync(h), Lead(h))),
        new("risk-edit-form-from-card", ["verb:" + RiskCards.EditVerb, "RiskForm.Card"], async h => await h.PressAsync(RiskCards.EditVerb, Lead(h), await ButtonAsync(h))),
        new("risk-saved", ["verb:" + RiskCards.SaveVerb, "RiskCards.Card"], async h =>
        {
            var data = await ButtonAsync(h);
            foreach (var (key, value) in Full())
            {
                data[key] ??= value?.DeepClone();
            }

            data[RiskForm.Description] = "Changed: applicants from thin-file groups may be refused more often than others.";
            data[RiskForm.ActionNumber(0)] = "1";
            return await h.PressAsync(RiskCards.SaveVerb, Lead(h), data);
        }),
        new("risk-submitted", ["verb:" + RiskCards.SubmitVerb, "RiskCards.Submitted"], async h => await h.PressAsync(RiskCards.SubmitVerb, Lead(h), await ButtonAsync(h))),
        new("risk-closed", ["verb:" + RiskCards.CloseVerb, "RiskCards.Card"], async h =>
        {
            var data = await ButtonAsync(h);
            data[RiskCards.CloseReasonInput] = "The model was withdrawn from service, so this risk no longer arises.";
            return await h.PressAsync(RiskCards.CloseVerb, Lead(h), data);
        }),
        new("risk-proposal-completed", ["verb:" + RiskCards.AdoptVerb, "RiskForm.Card"], async h =>
        {
            var lead = Lead(h);
            var added = await h.Services.GetRequiredService<RegisterService>().AddSystemAsync(
                lead,
                new AiSystemDetails("Risk Sample Screener", "Screens applications.", "Decision support.", [OrganizationRole.DeployerUser], LifecycleStage.Operation, lead.UserKey, RiskTier.High),
                "Dana Owner",
                Guid.NewGuid(),
                null,
                CancellationToken.None);
            var systemId = added.Value!.System.System.Id;
            var (row, _) = await h.Services.GetRequiredService<ProposedRiskRepository>().AddIfMissingAsync(CardSampleHost.Tenant, new ProposedRiskRow
            {
                SystemId = systemId,
                AssessmentVersion = 1,
                Item = 1,
                Title = "Thin-file applicants refused more often",
                Description = "Applicants with short credit histories are refused more often.",
                Area = "fairness",
                AffectedParties = "Applicants",
                Severity = 4,
                Likelihood = 4,
                Level = "high",
                ExistingMeasures = "Monthly bias review.",
                ProposedBy = "aad-sample-approver",
                ProposedAt = h.Services.GetRequiredService<TimeProvider>().GetUtcNow(),
            });
            return await h.PressAsync(RiskCards.AdoptVerb, lead, new JsonObject { ["proposal"] = row.RowKey });
        }),
    ];

    private static Caller Lead(CardSampleHost host) => host.Person(Role.ComplianceLead);

    /// <summary>A complete risk form: rated, with a plan of two controls and an action, and a target residual rating.</summary>
    private static JsonObject Full() => new()
    {
        ["submissionId"] = Guid.NewGuid().ToString("N"),
        [RiskForm.Title] = Title,
        [RiskForm.Description] = "Applicants from thin-file groups may be refused more often.",
        [RiskForm.SourceKind] = "manual",
        [RiskForm.Likelihood] = "4",
        [RiskForm.Consequence] = "4",
        [RiskForm.Option] = "reduce",
        [RiskForm.Controls] = "A.6.2.6, A.7.4",
        [RiskForm.ActionTitle(0)] = "Retrain the model on balanced data",
        [RiskForm.ActionDue(0)] = "2027-01-29",
        [RiskForm.ResidualLikelihood] = "2",
        [RiskForm.ResidualConsequence] = "2",
    };

    private static async Task<RiskId> IdAsync(CardSampleHost host) =>
        (await host.Services.GetRequiredService<RiskRepository>().ListAsync(CardSampleHost.Tenant)).Last(r => r.Title == Title).Id;

    /// <summary>What the risk card's buttons carry for the sample risk as it stands.</summary>
    private static async Task<JsonObject> ButtonAsync(CardSampleHost host)
    {
        var id = await IdAsync(host);
        var stored = (await host.Services.GetRequiredService<RiskRepository>().GetAsync(CardSampleHost.Tenant, id))!;
        return new JsonObject { ["riskId"] = id.ToString(), ["revision"] = stored.State.Revision.ToString(CultureInfo.InvariantCulture) };
    }
}
