using AimsBot.Domain.Access;
using AimsBot.Domain.Assessments;
using AimsBot.Domain.Register;
using AimsBot.Domain.Scheduling;
using AimsBot.Nudges;
using AimsBot.Register;
using AimsBot.Storage.Assessments;
using AimsBot.Storage.Register;
using Microsoft.Extensions.Options;

namespace AimsBot.Assessments.Triggers;

/// <summary>
/// The impact assessments' part of the due scan (<see cref="IDueScanPart"/>): per tenant, three partition reads (the
/// systems, the latest assessment of every system, the significant changes) whatever the number of systems, then one
/// card per system that needs assessing, to its owner:
/// <list type="bullet">
/// <item>an approved assessment due within <c>Assessments:DueWarningDays</c>, due today or overdue — one card per
/// approved version and due date, however often the scan runs and whichever of those it first sees;</item>
/// <item>a system in deployment or operation that was never approved (no assessment, or its first still a draft or
/// returned) — the same card as when it was added, so at most one in its life;</item>
/// <item>a significant change its latest assessment does not answer — the card <c>system change</c> sent (the same
/// id), so only an owner it could not reach then gets it now.</item>
/// </list>
/// An assessment overdue by the first of <c>Nudges:EscalationDays</c> is also told to the compliance leads, once per
/// version and due date. Today is the organisation's date (<c>Register:OrganizationTimeZone</c>), as approval dates are.
/// </summary>
public sealed class ReassessmentScan : IDueScanPart
{
    private readonly AiSystemRepository _systems;
    private readonly ImpactAssessmentRepository _assessments;
    private readonly SignificantChangeRepository _changes;
    private readonly AssessmentCalls _calls;
    private readonly AssessmentOptions _options;
    private readonly RegisterOptions _register;
    private readonly int? _escalateAfterDays;

    public ReassessmentScan(
        AiSystemRepository systems,
        ImpactAssessmentRepository assessments,
        SignificantChangeRepository changes,
        AssessmentCalls calls,
        IOptions<AssessmentOptions> options,
        IOptions<RegisterOptions> register,
        IOptions<NudgeOptions> nudges)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(register);
        ArgumentNullException.ThrowIfNull(nudges);
        _systems = systems;
        _assessments = assessments;
        _changes = changes;
        _calls = calls;
        _options = options.Value;
        _register = register.Value;
        _escalateAfterDays = nudges.Value.EscalationDays.Count > 0 ? nudges.Value.EscalationDays.Min() : null;
    }

    public async Task ScanAsync(DueScanRun run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        var systems = (await _systems.ListAsync(run.TenantId, cancellationToken)).Where(s => s.System.Status != SystemStatus.Retired).ToList();
        if (systems.Count == 0)
        {
            return;
        }

        var latest = (await _assessments.ListLatestAsync(run.TenantId, cancellationToken)).ToDictionary(a => a.State.SystemId, a => a.State, StringComparer.Ordinal);
        var changes = await _changes.ListAsync(run.TenantId, cancellationToken);
        var zone = _register.OrganizationZone;
        var today = DueDateCalculator.LocalDate(run.Now, zone);
        foreach (var stored in systems.OrderBy(s => s.System.Id, StringComparer.Ordinal))
        {
            var system = stored.System;
            var assessment = latest.GetValueOrDefault(system.Id);
            var change = changes.GetValueOrDefault(system.Id);
            var due = AssessmentDue.Of(assessment, change?.Change, today, _options.DueWarningDays, zone);
            if (Call(stored, assessment, due, change) is not { } call)
            {
                continue;
            }

            var messageId = AssessmentCalls.OwnerMessageId(run.TenantId, call, due.Change?.RaisedAt);
            var outcome = await _calls.CallOwnerAsync(run.TenantId, system.OwnerUserId, stored.OwnerName, call, messageId, cancellationToken);
            if (outcome.Queued)
            {
                run.Queued();
            }

            if (call.Reason == AssessmentCallReason.Overdue && _escalateAfterDays is { } after && -(call.DaysLeft ?? 0) >= after)
            {
                var leads = await run.LeadsAsync(() => _calls.LeadsAsync(run.TenantId, cancellationToken));
                for (var queued = await _calls.TellLeadsOverdueAsync(run.TenantId, call, leads, cancellationToken); queued > 0; queued--)
                {
                    run.Queued();
                }
            }
        }
    }

    /// <summary>What to ask the owner of <paramref name="stored"/>, or null when nothing is owed.</summary>
    private static AssessmentCall? Call(StoredAiSystem stored, ImpactAssessmentState? latest, AssessmentDue due, StoredSignificantChange? change)
    {
        var system = stored.System;
        var owner = OwnerIds.Display(system.OwnerUserId, stored.OwnerName);
        AssessmentCall Make(AssessmentCallReason reason) =>
            new(system.Id, system.Name, system.Stage, system.RiskTier, owner, reason, due.DueOn, due.DaysLeft, latest?.Status == AssessmentStatus.Approved ? latest.Version : null);

        switch (due.Standing)
        {
            case AssessmentStanding.Due when due.Change is { } open:
                return Make(AssessmentCallReason.Changed) with { ChangeReason = open.Reason, ChangedBy = change?.RaisedByName ?? "A compliance lead" };
            case AssessmentStanding.DueSoon:
                return Make(AssessmentCallReason.DueSoon);
            case AssessmentStanding.Due:
                return Make(AssessmentCallReason.DueToday);
            case AssessmentStanding.Overdue:
                return Make(AssessmentCallReason.Overdue);
            case AssessmentStanding.None or AssessmentStanding.Draft or AssessmentStanding.Returned
                when NewSystemFollowUp.InUse(system.Stage) && !NewSystemFollowUp.HasApproved(latest):
                return Make(AssessmentCallReason.Unassessed);
            default:
                // Approved and not yet due, submitted (the approver's turn), or a new version under way.
                return null;
        }
    }
}
