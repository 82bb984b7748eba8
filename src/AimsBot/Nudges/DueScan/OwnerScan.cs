using AimsBot.Domain.Access;
using AimsBot.Domain.Nudges;
using AimsBot.Storage.Register;

namespace AimsBot.Nudges;

/// <summary>
/// One owner's part of a scan: reach the owner, queue their card (or report them unreachable), escalate the
/// periods that reached a new level, then record each period. Owners are independent (their rows, their outbox
/// ids), so a scan runs several of these at once.
/// </summary>
public sealed class OwnerScan
{
    private readonly RecipientResolver _recipients;
    private readonly OwnerReminders _reminders;
    private readonly DueEscalation _escalation;
    private readonly DuePeriodRecorder _recorder;
    private readonly DueScanLedger _ledger;

    public OwnerScan(RecipientResolver recipients, OwnerReminders reminders, DueEscalation escalation, DuePeriodRecorder recorder, DueScanLedger ledger)
    {
        _recipients = recipients;
        _reminders = reminders;
        _escalation = escalation;
        _recorder = recorder;
        _ledger = ledger;
    }

    public async Task ScanAsync(DueScanRun run, string owner, IReadOnlyList<DuePeriod> items, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(items);
        run.Snoozed(items.Count(i => i.Decision.Verdict == ReminderVerdict.Snoozed));
        if (!items.Any(i => i.Decision.Verdict == ReminderVerdict.Remind || i.Decision.EscalateTo > i.State.EscalationLevel))
        {
            // Nothing owed (snoozed, or reminded recently): no need to look the owner up at all.
            return;
        }

        var ownerName = items.Select(i => i.Control.OwnerName).FirstOrDefault(n => !string.IsNullOrWhiteSpace(n));
        var ownerDisplay = OwnerIds.Display(owner, ownerName);
        var contact = await _recipients.OwnerAsync(run.TenantId, owner, ownerName, cancellationToken);

        // Writes in this order so a crash anywhere neither loses nor repeats: (1) the owner's card, (2) the
        // escalation cards and reports — all idempotent inserts with ids from what they are about — then
        // (3) each period row, ETag-guarded. A re-run before (3) recomputes the same ids and queues nothing new.
        var changes = new Dictionary<DuePeriod, (int Reminder, string? MessageId, int Level)>();
        if (contact.Reach == OwnerReach.Reachable)
        {
            foreach (var (period, reminder, messageId) in await _reminders.RemindAsync(run, owner, ownerName, items, contact.Recipient!, cancellationToken))
            {
                changes[period] = (reminder, messageId, 0);
            }
        }
        else if (contact.Reach == OwnerReach.Installing)
        {
            run.Installing();
        }
        else
        {
            run.Unreachable();
            await _escalation.ReportUnreachableAsync(run, owner, ownerDisplay, contact.Reason!, items, cancellationToken);
        }

        var escalating = items.Where(i => i.Decision.EscalateTo > i.State.EscalationLevel).ToList();
        if (escalating.Count > 0)
        {
            var managerNote = await _escalation.EscalateAsync(run, owner, ownerDisplay, escalating, cancellationToken);
            foreach (var item in escalating)
            {
                var current = changes.GetValueOrDefault(item);
                changes[item] = (current.Reminder, current.MessageId, item.Decision.EscalateTo);
            }

            foreach (var item in escalating)
            {
                await _ledger.EscalatedAsync(run, item, owner, managerNote, cancellationToken);
            }
        }

        foreach (var (item, change) in changes)
        {
            await _recorder.RecordAsync(run, item, change.Reminder, change.MessageId, change.Level, cancellationToken);
        }
    }
}
