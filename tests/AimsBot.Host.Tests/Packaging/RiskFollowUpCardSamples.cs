using System.Text.Json.Nodes;
using AimsBot.Domain.Access;
using AimsBot.Domain.Risks;
using AimsBot.Domain.Scheduling;
using AimsBot.Risks.FollowUp;
using AimsBot.Storage.Risks;
using Microsoft.Extensions.DependencyInjection;

namespace AimsBot.Host.Tests.Packaging;

/// <summary>
/// The risk follow-up's cards: a treatment action's card as the scan sends it and as each button turns it, the
/// escalation to the risk owner, the acceptance re-review and its escalation, and the control card listing the risks
/// that control treats. Each verb sample stores an organisation-wide risk of its own (the sample person owns its action).
/// </summary>
public static class RiskFollowUpCardSamples
{
    private static readonly DateOnly Due = new(2026, 11, 27);

    public static IReadOnlyList<CardSample> All { get; } =
    [
        new("risk-action", ["RiskFollowUpCards.Action"], _ => Task.FromResult(RiskFollowUpCards.Action(new RiskActionCardModel(
            new RiskId(12), "Applicants with thin credit files are refused more often", "Credit Scorer", 2, Due,
            new TreatmentAction(2, "Train and validate a thin-file scoring model with the data team", "aad-sample-0001", Due),
            new DueStatus(DueState.Upcoming, 4), false, 1, 2, new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero), "29:sample-0001")))),
        new("risk-action-refresh", ["verb:" + RiskFollowUpCards.RefreshVerb], async h => await h.PressAsync(RiskFollowUpCards.RefreshVerb, h.Person(), Data(await SeedAsync(h), null))),
        new("risk-action-snoozed", ["verb:" + RiskFollowUpCards.SnoozeVerb], async h =>
        {
            var data = Data(await SeedAsync(h), Guid.NewGuid());
            data["snooze"] = "3d";
            return await h.PressAsync(RiskFollowUpCards.SnoozeVerb, h.Person(), data);
        }),
        new("risk-action-done", ["verb:" + RiskFollowUpCards.DoneVerb], async h => await h.PressAsync(RiskFollowUpCards.DoneVerb, h.Person(), Data(await SeedAsync(h), null))),
        new("risk-action-escalation", ["RiskFollowUpCards.ActionEscalation"], _ => Task.FromResult(RiskFollowUpCards.ActionEscalation(new RiskActionEscalationModel(
            new RiskId(12), "Applicants with thin credit files are refused more often", "Credit Scorer",
            new TreatmentAction(2, "Train and validate a thin-file scoring model with the data team", "aad-sample-0002", Due), "Sam Colleague", 7)))),
        new("risk-acceptance-review", ["RiskFollowUpCards.AcceptanceReview"], _ => Task.FromResult(RiskFollowUpCards.AcceptanceReview(Acceptance(new DueStatus(DueState.Upcoming, 29))))),
        new("risk-acceptance-escalation", ["RiskFollowUpCards.AcceptanceEscalation"], _ => Task.FromResult(RiskFollowUpCards.AcceptanceEscalation(
            Acceptance(new DueStatus(DueState.Overdue, -7)), 1, "The owner's manager could not be looked up (Microsoft Graph is off), so only the compliance leads were told."))),
        new("control-treating-risks", ["command:control", "ControlCards.Detail"], async h =>
        {
            await SeedAsync(h);
            return await h.RunCommandAsync("control A.6.2.6", h.Person(Role.ComplianceLead));
        }),
        new("soa-treating-risks", ["command:soa", "ControlCards.Soa"], async h =>
        {
            await SeedAsync(h);
            return await h.RunCommandAsync("soa", h.Person(Role.ComplianceLead));
        }),
    ];

    private static AcceptanceReviewModel Acceptance(DueStatus status) =>
        new(new RiskId(12), "Applicants with thin credit files are refused more often", "Credit Scorer", new DateOnly(2028, 2, 29), status, RiskLevel.Medium, "Dana Owner");

    private static JsonObject Data(RiskId id, Guid? submission)
    {
        var data = new JsonObject { ["risk"] = id.ToString(), ["action"] = "1", ["due"] = "2026-11-27" };
        if (submission is { } s)
        {
            data["submissionId"] = s.ToString("N");
        }

        return data;
    }

    /// <summary>An organisation-wide risk treated by A.6.2.6, approved, with one action of the sample person due on 27 November 2026.</summary>
    private static async Task<RiskId> SeedAsync(CardSampleHost h)
    {
        var clock = h.Services.GetRequiredService<TimeProvider>();
        var risks = h.Services.GetRequiredService<RiskRepository>();
        var criteria = new RiskCriteriaOptions();
        var lead = Actor.Create("aad-sample-0002", Role.ComplianceLead);
        var zone = TimeZones.FindOrUtc("Europe/London");
        var id = await risks.NextIdAsync(CardSampleHost.Tenant);
        var risk = Ok(Risk.Create(id, null, new RiskDetails("Monitoring misses model drift for weeks", "Drift in the scoring model goes unnoticed between quarterly reviews.", "aad-sample-0002"), RiskSource.Manual, lead, clock));
        risk = Ok(risk.Rate(null, 3, 4, criteria, lead));
        risk = Ok(risk.ChangePlan(null, new TreatmentPlanDraft(TreatmentOption.Reduce, ["A.6.2.6"], [new TreatmentActionDraft(null, "Add weekly drift alerts to the monitoring dashboard", "aad-sample-0001", Due)], 2, 2), criteria, lead, zone, clock));
        risk = Ok(risk.Submit(null, criteria, lead, clock));
        risk = Ok(risk.Approve(null, Actor.Create("aad-sample-0003", Role.RiskApprover), risk.PlanRevision, null, null, criteria, zone, clock));
        await risks.AddAsync(CardSampleHost.Tenant, risk.ToState());
        return id;
    }

    private static T Ok<T>(Domain.Result<T> result) => result.IsSuccess ? result.Value! : throw new InvalidOperationException(result.ErrorMessage);
}
