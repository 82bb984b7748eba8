using AimsBot.Storage;
using AimsBot.Storage.Nudges;

namespace AimsBot.Nudges;

/// <summary>
/// Records on a period's Nudges row what a scan queued for it — the reminder and the escalation level — after the
/// messages are in the outbox (so a crash in between is repaired by the next run recomputing the same ids).
/// </summary>
public sealed class DuePeriodRecorder
{
    private readonly NudgeStateStore _states;

    public DuePeriodRecorder(NudgeStateStore states) => _states = states;

    /// <summary>
    /// Saves the reminder and escalation on the period's row, ETag-guarded. When someone else wrote first (the owner
    /// snoozed, a second scan), re-reads and applies what is still missing.
    /// </summary>
    public async Task RecordAsync(DueScanRun run, DuePeriod period, int reminder, string? messageId, int level, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(period);
        var row = period.State;
        for (var attempt = 0; ; attempt++)
        {
            var changed = false;
            if (reminder > row.RemindersQueued)
            {
                row.RemindersQueued = reminder;
                row.LastReminderAt = run.Now;
                row.ReminderTimes = NudgeHistory.AppendInstant(row.ReminderTimes, run.Now);
                row.LastReminderMessageId = messageId;
                changed = true;
            }

            if (level > row.EscalationLevel)
            {
                row.EscalationLevel = level;
                row.EscalatedAt = run.Now;
                changed = true;
            }

            if (!changed)
            {
                return;
            }

            try
            {
                await _states.SaveAsync(row, cancellationToken);
                return;
            }
            catch (ConcurrencyConflictException) when (attempt < 4)
            {
                row = await _states.GetOrNewAsync(row.PartitionKey, period.Shown.ControlId, period.Due, cancellationToken);
            }
        }
    }
}
