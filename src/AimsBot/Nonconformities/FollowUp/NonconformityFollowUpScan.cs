using System.Globalization;
using AimsBot.Domain.Access;
using AimsBot.Domain.Nonconformities;
using AimsBot.Domain.Nudges;
using AimsBot.Domain.Scheduling;
using AimsBot.Nudges;
using AimsBot.Register;
using AimsBot.Storage;
using AimsBot.Storage.Nonconformities;
using AimsBot.Storage.Outbox;
using AimsBot.Storage.Register;
using Microsoft.Extensions.Options;

namespace AimsBot.Nonconformities.FollowUp;

/// <summary>
/// The nonconformity part of a tenant's due scan (an <see cref="IDueScanPart"/>): a step not done by its due date is
/// nudged to the person it waits for — the owner; for an effectiveness review the owner cannot do (they owned an
/// action), the compliance leads — and escalated like control evidence: each level of <c>Nudges:EscalationDays</c>
/// once, to the owner's manager and the compliance leads. The same rules as control evidence decide when
/// (<see cref="NudgePolicy"/>, <c>Nudges:*</c>); the memory is the <c>NonconformityFollowUps</c> table, one row per step,
/// cycle and due date. Cost: one query of the open nonconformities due within the notice window
/// (<see cref="NonconformityRepository.ListForScanAsync"/>), then one read of each. Every message has a deterministic
/// outbox id, so a re-run (or a crash between queuing and recording) queues nothing twice.
/// </summary>
public sealed partial class NonconformityFollowUpScan : IDueScanPart
{
    private const int MaxAttempts = 5;
    private readonly NonconformityRepository _nonconformities;
    private readonly NonconformityFollowUpStore _followUps;
    private readonly AiSystemRepository _systems;
    private readonly RecipientResolver _recipients;
    private readonly DueScanOutbox _outbox;
    private readonly NudgeSchedule _schedule;
    private readonly TimeZoneInfo _organizationZone;
    private readonly TimeProvider _clock;
    private readonly ILogger<NonconformityFollowUpScan> _logger;

    public NonconformityFollowUpScan(
        NonconformityRepository nonconformities,
        NonconformityFollowUpStore followUps,
        AiSystemRepository systems,
        RecipientResolver recipients,
        DueScanOutbox outbox,
        IOptions<NudgeOptions> nudges,
        IOptions<RegisterOptions> register,
        TimeProvider clock,
        ILogger<NonconformityFollowUpScan> logger)
    {
        ArgumentNullException.ThrowIfNull(nudges);
        ArgumentNullException.ThrowIfNull(register);
        _nonconformities = nonconformities;
        _followUps = followUps;
        _systems = systems;
        _recipients = recipients;
        _outbox = outbox;
        _schedule = nudges.Value.Schedule();
        _organizationZone = register.Value.OrganizationZone;
        _clock = clock;
        _logger = logger;
    }

    /// <summary>The outbox id of a step's reminder: the nonconformity, the step, its cycle, its due date and the reminder's number.</summary>
    public static string ReminderMessageId(string tenantId, NonconformityId id, NonconformityStage stage, int cycle, DateOnly due, int reminder) =>
        OutboxStore.MessageId(["nc-step-reminder", tenantId, id.ToString(), stage.Name(), Number(cycle), CardDate(due), Number(reminder)]);

    public async Task ScanAsync(DueScanRun run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);

        // A coarse cut in the query (UTC, a day to spare for the people's zones); the exact test is in each person's zone.
        var horizon = DateOnly.FromDateTime(run.Now.UtcDateTime).AddDays(_schedule.NoticeDays + 1);
        foreach (var listed in await _nonconformities.ListForScanAsync(run.TenantId, horizon, cancellationToken))
        {
            var id = NonconformityRepository.IdOf(listed);
            var row = await _nonconformities.GetAsync(run.TenantId, id, cancellationToken);
            if (row is null)
            {
                continue;
            }

            var restored = Nonconformity.Restore(NonconformityRepository.StateOf(row));
            if (!restored.TryGetValue(out var nc))
            {
                LogUnreadable(_logger, run.TenantId, id.ToString(), restored.ErrorMessage);
                continue;
            }

            if (!nc.IsOpen || nc.Stage == NonconformityStage.Raised || nc.StageDueOn is not { } due || nc.OwnerUserId is not { } owner)
            {
                continue;
            }

            await StepAsync(run, row.RowKey, nc, owner, due, cancellationToken);
        }
    }

    private async Task StepAsync(DueScanRun run, string rowKey, Nonconformity nc, string owner, DateOnly due, CancellationToken cancellationToken)
    {
        var key = NonconformityFollowUpStore.StepKey(rowKey, nc.Stage.Name(), nc.Cycle.Number, due);
        var memory = await _followUps.GetOrNewAsync(run.TenantId, key, cancellationToken);
        var contact = await _recipients.OwnerAsync(run.TenantId, owner, null, cancellationToken);
        var decision = NudgePolicy.Decide(due, contact.Recipient?.Zone ?? _organizationZone, Memory(memory), _schedule, _clock);
        if (!decision.InWindow)
        {
            return;
        }

        var overdue = decision.Status.State == DueState.Overdue;
        run.Found(overdue ? 0 : 1, overdue ? 1 : 0, 0);
        var systemName = nc.SystemId is null ? null : (await _systems.GetAsync(run.TenantId, nc.SystemId, cancellationToken))?.System.Name ?? nc.SystemId;
        var ownerName = OwnerIds.Display(owner, contact.Recipient?.Name);

        // The owner may not review the effectiveness of actions they owned: that review waits for a compliance lead.
        var leadsReview = nc.Stage == NonconformityStage.EffectivenessReview && nc.ActionOwners.Any(a => Actor.Create(owner).Is(a));
        var model = new NonconformityStepModel(nc.Id, nc.Title, systemName, nc.Severity, nc.Stage, due, decision.Status, leadsReview ? "a compliance lead" : ownerName);
        var text = $"{nc.Stage.Words()} of {nc.Id} is {NonconformityStepCards.When(decision.Status)}";
        var reminder = 0;
        if (decision.Verdict == ReminderVerdict.Snoozed)
        {
            run.Snoozed(1);
        }
        else if (decision.Verdict == ReminderVerdict.Remind)
        {
            var id = ReminderMessageId(run.TenantId, nc.Id, nc.Stage, nc.Cycle.Number, due, decision.ReminderNumber);
            if (leadsReview)
            {
                foreach (var lead in await run.LeadsAsync(() => _recipients.LeadsAsync(run.TenantId, cancellationToken)))
                {
                    await _outbox.EnqueueAsync(run, OutboxStore.MessageId([id, lead.UserKey.ToLowerInvariant()]), "nc-step-reminder", lead, text, NonconformityStepCards.Reminder(model), cancellationToken);
                }

                run.Queued();
                reminder = decision.ReminderNumber;
            }
            else
            {
                switch (contact.Reach)
                {
                    case OwnerReach.Reachable:
                        if (await _outbox.EnqueueAsync(run, id, "nc-step-reminder", contact.Recipient!, text, NonconformityStepCards.Reminder(model), cancellationToken))
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
        }

        // Escalated like control evidence: each level once, to the owner's manager and the compliance leads.
        var level = decision.EscalateTo;
        if (level > 0)
        {
            var (manager, note) = await _recipients.ManagerAsync(run.TenantId, owner, cancellationToken);
            var escalation = string.Create(CultureInfo.InvariantCulture, $"Escalation level {level}: {nc.Stage.Words()} of {nc.Id} is overdue");
            var parts = new[] { "nc-step-escalation", run.TenantId, nc.Id.ToString(), nc.Stage.Name(), Number(nc.Cycle.Number), CardDate(due), Number(level) };
            if (manager is not null)
            {
                await _outbox.EnqueueAsync(run, OutboxStore.MessageId([.. parts, "manager", manager.UserKey.ToLowerInvariant()]), "nc-step-escalation", manager, escalation, NonconformityStepCards.Escalation(model, level, null), cancellationToken);
            }

            foreach (var lead in await run.LeadsAsync(() => _recipients.LeadsAsync(run.TenantId, cancellationToken)))
            {
                await _outbox.EnqueueAsync(run, OutboxStore.MessageId([.. parts, "lead", lead.UserKey.ToLowerInvariant()]), "nc-step-escalation", lead, escalation, NonconformityStepCards.Escalation(model, level, note), cancellationToken);
            }

            run.Escalated(1);
        }

        if (reminder > 0 || level > 0)
        {
            await RecordAsync(run.TenantId, key, reminder, level, run.Now, cancellationToken);
        }
    }

    /// <summary>Writes what was queued onto the step's row (ETag-guarded; a concurrent writer is re-read and kept).</summary>
    private async Task RecordAsync(string tenantId, string key, int reminder, int level, DateTimeOffset now, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var row = await _followUps.GetOrNewAsync(tenantId, key, cancellationToken);
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
                // Another scan wrote the row at the same moment: read it again and add this run's record to it.
            }
        }
    }

    private static NudgeMemory Memory(NonconformityFollowUpRow row) => new(row.RemindersQueued, row.LastReminderAt, row.SnoozedUntil, row.SnoozeCount, row.EscalationLevel);

    private static string Number(int n) => n.ToString(CultureInfo.InvariantCulture);

    private static string CardDate(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Nonconformity follow-up scan of {Tenant}: {Nonconformity} could not be read ({Problem}); skipped")]
    private static partial void LogUnreadable(ILogger logger, string tenant, string nonconformity, string problem);
}
