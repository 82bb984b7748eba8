using System.Globalization;
using System.Text.Json.Nodes;
using AimsBot.Domain.Access;
using AimsBot.Domain.Ledger;
using AimsBot.Domain.Nudges;
using AimsBot.Domain.Risks;
using AimsBot.Domain.Scheduling;
using AimsBot.Ledger;
using AimsBot.Nudges;
using AimsBot.Register;
using AimsBot.Storage;
using AimsBot.Storage.Ledger;
using AimsBot.Storage.Outbox;
using AimsBot.Storage.Register;
using AimsBot.Storage.Risks;
using Microsoft.Extensions.Options;

namespace AimsBot.Risks.FollowUp;

/// <summary>
/// The risk part of a tenant's due scan (an <see cref="IDueScanPart"/>: <see cref="DueScan"/> runs it after the control owners): treatment actions
/// due or overdue are nudged to their owners (Done and Snooze on the card), escalated to the risk owner past the
/// first escalation window; an acceptance that ends within <c>Risks:AcceptanceDueWarningDays</c> (or ended) makes a
/// re-review due, sent to the risk owner once per acceptance date and escalated like control evidence (the owner's
/// manager and the compliance leads, one card per level). The same rules as control evidence decide when
/// (<see cref="NudgePolicy"/>, <c>Nudges:*</c>); the memory is the <c>RiskFollowUps</c> table.
/// It also records the ledger events a new risk still owes (<see cref="RiskService.RepairLedgerAsync"/>: a request
/// that stopped between the row and the ledger). Cost: one <see cref="RiskRepository.ListAsync"/> (top-level columns)
/// and one query of owed ledger markers per tenant; a risk is read whole only when its next action or its acceptance
/// falls in a window. Every message has a deterministic outbox id, so a re-run
/// (or a crash between queuing and recording) queues nothing twice.
/// </summary>
public sealed partial class RiskFollowUpScan : IDueScanPart
{
    private const int MaxAttempts = 5;
    private readonly RiskRepository _risks;
    private readonly RiskService _service;
    private readonly RiskFollowUpStore _followUps;
    private readonly AiSystemRepository _systems;
    private readonly RecipientResolver _recipients;
    private readonly DueScanOutbox _outbox;
    private readonly LedgerRecorder _ledger;
    private readonly ILedgerStore _ledgerReads;
    private readonly NudgeSchedule _schedule;
    private readonly int _acceptanceWarningDays;
    private readonly TimeZoneInfo _organizationZone;
    private readonly TimeProvider _clock;
    private readonly ILogger<RiskFollowUpScan> _logger;

    public RiskFollowUpScan(
        RiskRepository risks,
        RiskService service,
        RiskFollowUpStore followUps,
        AiSystemRepository systems,
        RecipientResolver recipients,
        DueScanOutbox outbox,
        LedgerRecorder ledger,
        ILedgerStore ledgerReads,
        IOptions<NudgeOptions> nudges,
        IOptions<RiskOptions> riskOptions,
        IOptions<RegisterOptions> register,
        TimeProvider clock,
        ILogger<RiskFollowUpScan> logger)
    {
        ArgumentNullException.ThrowIfNull(nudges);
        ArgumentNullException.ThrowIfNull(riskOptions);
        ArgumentNullException.ThrowIfNull(register);
        _risks = risks;
        _service = service;
        _followUps = followUps;
        _systems = systems;
        _recipients = recipients;
        _outbox = outbox;
        _ledger = ledger;
        _ledgerReads = ledgerReads;
        _schedule = nudges.Value.Schedule();
        _acceptanceWarningDays = riskOptions.Value.AcceptanceDueWarningDays;
        _organizationZone = register.Value.OrganizationZone;
        _clock = clock;
        _logger = logger;
    }

    public async Task ScanAsync(DueScanRun run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        var repaired = await _service.RepairLedgerAsync(run.TenantId, cancellationToken);
        if (repaired > 0)
        {
            LogLedgerRepaired(_logger, run.TenantId, repaired);
        }

        var listed = await _risks.ListAsync(run.TenantId, cancellationToken);

        // A coarse cut on the listed dates (UTC, with a day to spare either way for the people's zones); the exact
        // test is in each person's zone once the risk is read.
        var today = DateOnly.FromDateTime(run.Now.UtcDateTime);
        var actionHorizon = today.AddDays(_schedule.NoticeDays + 1);
        var acceptanceHorizon = today.AddDays(_acceptanceWarningDays + 1);
        var candidates = listed.Where(r => r.Status != RiskStatus.Closed
            && ((r.NextActionDue is { } next && next <= actionHorizon)
                || (r.Status == RiskStatus.Approved && r.AcceptedUntil is { } until && until <= acceptanceHorizon)));

        foreach (var summary in candidates)
        {
            var stored = await _risks.GetAsync(run.TenantId, summary.Id, cancellationToken);
            if (stored is null)
            {
                continue;
            }

            var restored = Risk.Restore(stored.State);
            if (!restored.TryGetValue(out var risk))
            {
                LogUnreadable(_logger, run.TenantId, summary.Id.ToString(), restored.ErrorMessage);
                continue;
            }

            var systemName = risk.SystemId is null ? null : (await _systems.GetAsync(run.TenantId, risk.SystemId, cancellationToken))?.System.Name;
            await ActionsAsync(run, risk, systemName, cancellationToken);
            await AcceptanceAsync(run, risk, systemName, cancellationToken);
        }
    }

    /// <summary>The outbox id of an action owner's reminder: the action's due date and the reminder's number.</summary>
    public static string ActionMessageId(string tenantId, RiskId risk, int action, DateOnly due, int reminder) =>
        OutboxStore.MessageId(["risk-action", tenantId, risk.ToString(), Number(action), CardDate(due), Number(reminder)]);

    private async Task ActionsAsync(DueScanRun run, Risk risk, string? systemName, CancellationToken cancellationToken)
    {
        // OpenActions decides which actions are in force (an approved plan, or one waiting for re-approval).
        foreach (var (action, _) in risk.OpenActions(_clock, _organizationZone))
        {
            var key = RiskFollowUpStore.ActionKey(risk.Id.Number, action.Number, action.Due);
            var row = await _followUps.GetOrNewAsync(run.TenantId, key, cancellationToken);
            var contact = await _recipients.OwnerAsync(run.TenantId, action.OwnerUserId, null, cancellationToken);
            var zone = contact.Recipient?.Zone ?? _organizationZone;
            var decision = NudgePolicy.Decide(action.Due, zone, Memory(row), _schedule, _clock);
            if (!decision.InWindow)
            {
                continue;
            }

            run.Found(decision.Status.State == DueState.Overdue ? 0 : 1, decision.Status.State == DueState.Overdue ? 1 : 0, 0);
            var reminder = 0;
            if (decision.Verdict == ReminderVerdict.Snoozed)
            {
                run.Snoozed(1);
            }
            else if (decision.Verdict == ReminderVerdict.Remind)
            {
                switch (contact.Reach)
                {
                    case OwnerReach.Reachable:
                        var to = contact.Recipient!;
                        var model = new RiskActionCardModel(risk.Id, risk.Title, systemName, action.Number, action.Due, action, decision.Status, false,
                            row.SnoozeCount, _schedule.MaxSnoozes, row.SnoozedUntil, to.TeamsUserId ?? to.UserKey);
                        var text = string.Create(CultureInfo.InvariantCulture, $"Treatment action {action.Number} of {risk.Id} is {RiskFollowUpCards.When(decision.Status)}");
                        if (await _outbox.EnqueueAsync(run, ActionMessageId(run.TenantId, risk.Id, action.Number, action.Due, decision.ReminderNumber), "risk-action", to, text, RiskFollowUpCards.Action(model), cancellationToken))
                        {
                            run.Queued();
                        }

                        reminder = decision.ReminderNumber;
                        break;
                    case OwnerReach.Installing:
                        run.Installing();
                        break;
                    default:
                        run.Unreachable();
                        break;
                }
            }

            // Once per due date, at the first escalation level: the risk owner answers for the plan.
            var level = decision.EscalateTo > 0 && row.EscalationLevel == 0 ? decision.EscalateTo : 0;
            if (level > 0)
            {
                await EscalateActionAsync(run, risk, systemName, action, OwnerIds.Display(action.OwnerUserId, contact.Recipient?.Name), -decision.Status.DaysUntilDue, cancellationToken);
            }

            if (reminder > 0 || level > 0)
            {
                await RecordAsync(run.TenantId, key, reminder, level, run.Now, cancellationToken);
            }
        }
    }

    /// <summary>To the risk owner; to the compliance leads when the risk owner is the action's owner too, or has no chat with AimsBot.</summary>
    private async Task EscalateActionAsync(DueScanRun run, Risk risk, string? systemName, TreatmentAction action, string actionOwnerName, int daysOverdue, CancellationToken cancellationToken)
    {
        var riskOwner = risk.OwnerUserId;
        var owner = riskOwner is not null && !Actor.Create(riskOwner).Is(action.OwnerUserId) ? await _recipients.PersonAsync(run.TenantId, riskOwner, cancellationToken) : null;
        var recipients = owner is not null ? [owner] : await run.LeadsAsync(() => _recipients.LeadsAsync(run.TenantId, cancellationToken));
        var card = RiskFollowUpCards.ActionEscalation(new RiskActionEscalationModel(risk.Id, risk.Title, systemName, action, actionOwnerName, daysOverdue));
        var text = string.Create(CultureInfo.InvariantCulture, $"Treatment action {action.Number} of {risk.Id} is {daysOverdue} day{(daysOverdue == 1 ? "" : "s")} overdue");
        foreach (var to in recipients)
        {
            var id = OutboxStore.MessageId(["risk-action-escalation", run.TenantId, risk.Id.ToString(), Number(action.Number), CardDate(action.Due), to.UserKey.ToLowerInvariant()]);
            await _outbox.EnqueueAsync(run, id, "risk-action-escalation", to, text, card, cancellationToken);
        }

        run.Escalated(1);
    }

    private async Task AcceptanceAsync(DueScanRun run, Risk risk, string? systemName, CancellationToken cancellationToken)
    {
        if (risk.Status != RiskStatus.Approved || risk.AcceptedUntil is not { } until || risk.OwnerUserId is not { } owner)
        {
            return;
        }

        var contact = await _recipients.OwnerAsync(run.TenantId, owner, null, cancellationToken);
        var status = risk.AcceptanceStatus(_clock, contact.Recipient?.Zone ?? _organizationZone);
        if (status.State == DueState.NotScheduled || status.DaysUntilDue > _acceptanceWarningDays)
        {
            return;
        }

        var key = RiskFollowUpStore.AcceptanceKey(risk.Id.Number, until);
        var row = await _followUps.GetOrNewAsync(run.TenantId, key, cancellationToken);
        if (status.State == DueState.Overdue && row.ExpiryRecordedAt is null)
        {
            await RecordExpiryAsync(run, risk, until, -status.DaysUntilDue, cancellationToken);
            await RecordAsync(run.TenantId, key, 0, 0, run.Now, cancellationToken, expiryRecorded: true);
            row = await _followUps.GetOrNewAsync(run.TenantId, key, cancellationToken);
        }

        var ownerName = OwnerIds.Display(owner, contact.Recipient?.Name);
        var model = new AcceptanceReviewModel(risk.Id, risk.Title, systemName, until, status, risk.Plan.Residual?.Level, ownerName);
        var reminder = 0;
        if (row.RemindersQueued == 0)
        {
            if (contact.Reach == OwnerReach.Reachable)
            {
                var id = OutboxStore.MessageId(["risk-acceptance", run.TenantId, risk.Id.ToString(), CardDate(until)]);
                if (await _outbox.EnqueueAsync(run, id, "risk-acceptance", contact.Recipient!, $"The acceptance of {risk.Id} ends {CardDate(until)}: its re-review is due", RiskFollowUpCards.AcceptanceReview(model), cancellationToken))
                {
                    run.Queued();
                }

                reminder = 1;
            }
            else if (contact.Reach == OwnerReach.Installing)
            {
                run.Installing();
            }
            else
            {
                run.Unreachable();
            }
        }

        // Escalated like control evidence: each level of Nudges:EscalationDays once, to the manager and the leads.
        var level = NudgePolicy.EscalationLevel(status, NudgeMemory.None, _schedule);
        if (level > row.EscalationLevel)
        {
            var (manager, note) = await _recipients.ManagerAsync(run.TenantId, owner, cancellationToken);
            var text = string.Create(CultureInfo.InvariantCulture, $"Escalation level {level}: the re-review of {risk.Id} is overdue");
            var levelText = Number(level);
            if (manager is not null)
            {
                var id = OutboxStore.MessageId(["risk-acceptance-escalation", run.TenantId, risk.Id.ToString(), CardDate(until), levelText, "manager", manager.UserKey.ToLowerInvariant()]);
                await _outbox.EnqueueAsync(run, id, "risk-acceptance-escalation", manager, text, RiskFollowUpCards.AcceptanceEscalation(model, level, null), cancellationToken);
            }

            foreach (var lead in await run.LeadsAsync(() => _recipients.LeadsAsync(run.TenantId, cancellationToken)))
            {
                var id = OutboxStore.MessageId(["risk-acceptance-escalation", run.TenantId, risk.Id.ToString(), CardDate(until), levelText, "lead", lead.UserKey.ToLowerInvariant()]);
                await _outbox.EnqueueAsync(run, id, "risk-acceptance-escalation", lead, text, RiskFollowUpCards.AcceptanceEscalation(model, level, note), cancellationToken);
            }

            run.Escalated(1);
        }
        else
        {
            level = 0;
        }

        if (reminder > 0 || level > 0)
        {
            await RecordAsync(run.TenantId, key, reminder, level, run.Now, cancellationToken);
        }
    }

    /// <summary>
    /// <c>risk.acceptance.expired</c>, once per acceptance date: the follow-up row remembers it was recorded, and the
    /// ledger is asked first, so a run that stopped between the event and the row records nothing twice.
    /// </summary>
    private async Task RecordExpiryAsync(DueScanRun run, Risk risk, DateOnly until, int daysPast, CancellationToken cancellationToken)
    {
        var acceptedUntil = CardDate(until);
        var definition = LedgerEvents.RiskAcceptanceExpired;
        var recorded = await _ledgerReads.ForEntityAsync(run.TenantId, definition.EntityIdOf(risk.Id), cancellationToken);
        if (recorded.Any(e => e.Action == definition.Name && e.After is { } after && JsonNode.Parse(after)?["acceptedUntil"]?.GetValue<string>() == acceptedUntil))
        {
            return;
        }

        var before = new JsonObject { ["status"] = risk.Status.Name(), ["acceptedUntil"] = acceptedUntil };
        var now = new JsonObject
        {
            ["acceptance"] = "expired",
            ["acceptedUntil"] = acceptedUntil,
            ["expiredOn"] = CardDate(until.AddDays(1)),
            ["daysPast"] = daysPast,
            ["residualLevel"] = risk.Plan.Residual?.Level.Name(),
        };
        await _ledger.RecordAsync(run.TenantId, run.Actor, definition.About(risk.Id, before.ToJsonString(), now.ToJsonString()), null, cancellationToken);
    }

    /// <summary>Writes what was queued onto the follow-up's row (ETag-guarded; a concurrent snooze is re-read and kept).</summary>
    private async Task RecordAsync(string tenantId, string key, int reminder, int level, DateTimeOffset now, CancellationToken cancellationToken, bool expiryRecorded = false)
    {
        for (var attempt = 1; ; attempt++)
        {
            var row = await _followUps.GetOrNewAsync(tenantId, key, cancellationToken);
            if (expiryRecorded)
            {
                row.ExpiryRecordedAt ??= now;
            }

            if (reminder > row.RemindersQueued)
            {
                row.RemindersQueued = reminder;
                row.LastReminderAt = now;
            }

            if (level > row.EscalationLevel)
            {
                row.EscalationLevel = level;
                row.EscalatedAt = now;
            }

            try
            {
                await _followUps.SaveAsync(row, cancellationToken);
                return;
            }
            catch (ConcurrencyConflictException) when (attempt < MaxAttempts)
            {
                // A snooze pressed at the same moment: read it again and add this run's record to it.
            }
        }
    }

    internal static NudgeMemory Memory(RiskFollowUpRow row) => new(row.RemindersQueued, row.LastReminderAt, row.SnoozedUntil, row.SnoozeCount, row.EscalationLevel);

    private static string Number(int n) => n.ToString(CultureInfo.InvariantCulture);

    private static string CardDate(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Risk follow-up scan of {Tenant}: recorded the ledger events {Count} new risk(s) owed (a request stopped between the row and the ledger)")]
    private static partial void LogLedgerRepaired(ILogger logger, string tenant, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Risk follow-up scan of {Tenant}: {Risk} could not be read ({Problem}); skipped")]
    private static partial void LogUnreadable(ILogger logger, string tenant, string risk, string problem);
}
