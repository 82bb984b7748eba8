using AimsBot.Commands;
using AimsBot.Domain.Access;
using AimsBot.Domain.Nonconformities;
using AimsBot.Domain.Scheduling;
using AimsBot.Nonconformities;
using AimsBot.Nonconformities.FollowUp;
using Microsoft.Extensions.DependencyInjection;

namespace AimsBot.Host.Tests.Packaging;

/// <summary>
/// The nonconformity follow-up's cards: <c>nc NC-7</c> on a nonconformity taken through root cause and actions, the
/// due scan's step reminder and its escalation.
/// </summary>
public static class NonconformityFollowUpCardSamples
{
    private static readonly NonconformityStepModel Step = new(
        new NonconformityId(7), "Drift monitoring of Credit Scorer skipped in March and April", "Credit Scorer", NonconformitySeverity.Major,
        NonconformityStage.RootCause, new DateOnly(2026, 11, 20), new DueStatus(DueState.Overdue, -3), "Dana Owner");

    public static IReadOnlyList<CardSample> All { get; } =
    [
        new("nc-detail", ["command:nc", "NonconformityDetailCards.Detail"], async h =>
        {
            var lead = h.Person(Role.ComplianceLead);
            var service = h.Services.GetRequiredService<NonconformityService>();
            var raised = await service.RaiseAsync(
                lead,
                new NonconformityDetails("Drift monitoring of Credit Scorer skipped in March and April", "The monthly drift check was not run in March or April; the scheduled job failed silently after the platform upgrade.", NonconformitySource.ControlFailure, null, ["A.6.2.6", "A.6.2.4"], NonconformitySeverity.Major, "https://contoso.sharepoint.com/sites/aims/Shared%20Documents/drift-monitoring/2026-03-missed-run-report.pdf"),
                Guid.NewGuid().ToString("N"),
                null,
                CancellationToken.None);
            var id = raised.Value!.Nc.Id;
            var today = service.Today;
            await Ok(service.TriageAsync(lead, id, await RevisionAsync(service, id), new NonconformityTriage(NonconformitySeverity.Major, lead.AadObjectId, today.AddDays(3), today.AddDays(10), today.AddDays(20)), "Dana Owner", null, CancellationToken.None));
            await Ok(service.RecordCorrectionAsync(lead, id, await RevisionAsync(service, id), "Ran the March and April drift checks by hand: no drift beyond the thresholds.", "None: the scores stayed within bounds.", null, CancellationToken.None));
            await Ok(service.RecordRootCauseAsync(lead, id, await RevisionAsync(service, id), "The scheduled drift job failed after the platform upgrade.", "Failed jobs raise no alert, and the check has no deputy when its owner is on leave.", CauseCategory.Technology, "Maybe NC-3; https://wiki.contoso.example/ai/scheduled-jobs", null, CancellationToken.None));
            await Ok(service.PlanActionsAsync(lead, id, await RevisionAsync(service, id), [new CorrectiveActionDraft(null, "Alert the on-call channel on every failed scheduled job of the AI platform", "aad-sample-0002", today.AddDays(14))], null, CancellationToken.None));
            return await h.RunCommandAsync("nc " + id, lead);
        }),
        new("nc-step-reminder", ["NonconformityStepCards.Reminder"], _ => Task.FromResult(NonconformityStepCards.Reminder(Step))),
        new("nc-step-escalation", ["NonconformityStepCards.Escalation"], _ => Task.FromResult(NonconformityStepCards.Escalation(Step, 1, "The owner's manager could not be looked up (Microsoft Graph is off), so only the compliance leads were told."))),
    ];

    private static async Task<int> RevisionAsync(NonconformityService service, NonconformityId id) =>
        (await service.GetAsync(CardSampleHost.Tenant, id, CancellationToken.None))!.Nc.Revision;

    private static async Task Ok(Task<Domain.Result<NonconformityChange>> change)
    {
        var result = await change;
        if (!result.IsSuccess)
        {
            throw new InvalidOperationException(result.ErrorMessage);
        }
    }
}
