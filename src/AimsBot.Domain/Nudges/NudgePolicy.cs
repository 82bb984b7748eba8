using AimsBot.Domain.Scheduling;

namespace AimsBot.Domain.Nudges;

/// <summary>The nudge settings the rules need (the host binds them from <c>Nudges</c>).</summary>
public sealed record NudgeSchedule(int NoticeDays, int ReminderIntervalDays, int MaxSnoozes, IReadOnlyList<int> EscalationDays);

/// <summary>What the scan remembers about one control instance's due period (the <c>Nudges</c> row).</summary>
public sealed record NudgeMemory(int RemindersQueued, DateTimeOffset? LastReminderAt, DateTimeOffset? SnoozedUntil, int SnoozeCount, int EscalationLevel)
{
    public static NudgeMemory None { get; } = new(0, null, null, 0, 0);
}

public enum ReminderVerdict
{
    /// <summary>Outside the notice window (or nothing scheduled): nothing to say.</summary>
    NotDue,

    /// <summary>Due or overdue, and a reminder is owed now.</summary>
    Remind,

    /// <summary>The owner snoozed it and the snooze has not passed.</summary>
    Snoozed,

    /// <summary>A reminder went out recently; the next one waits for the reminder interval.</summary>
    RemindedRecently,
}

/// <summary>
/// The scan's decision for one due period: whether the owner gets a reminder now (and its number), and which
/// escalation level is owed (0: none beyond what was already sent).
/// </summary>
public sealed record NudgeDecision(DueStatus Status, ReminderVerdict Verdict, int ReminderNumber, int EscalateTo)
{
    public bool InWindow => Verdict != ReminderVerdict.NotDue;
}

/// <summary>
/// When an owner is reminded and when their manager and the compliance leads are told. The rules:
/// <list type="number">
/// <item>A period is in the window from <see cref="NudgeRules.NoticeDays"/> days before its due date (dates in the
/// instance's due zone), and stays there while overdue.</item>
/// <item>The first reminder goes at once; the next one when the snooze ends, if the owner snoozed after the last
/// reminder, else <see cref="NudgeRules.ReminderIntervalDays"/> after the last reminder.</item>
/// <item>Escalation level k is owed from <c>EscalationDays[k-1]</c> days overdue. A snooze does not hold escalation
/// back (it quiets the owner's reminders, not the overdue clock).</item>
/// <item>The snooze bound: an owner who has snoozed <see cref="NudgeRules.MaxSnoozes"/> times and is still overdue
/// has used up their grace, so level 1 is owed at once, without waiting for <c>EscalationDays[0]</c>.</item>
/// <item>Each level is sent once: only a level above the one already sent is owed, and a jump (first scan after a
/// long outage) sends the highest level reached, not every level in between.</item>
/// </list>
/// </summary>
public static class NudgePolicy
{
    public static NudgeDecision Decide(DateOnly? due, TimeZoneInfo zone, NudgeMemory memory, NudgeSchedule rules, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(memory);
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(clock);
        var status = DueDateCalculator.Status(due, clock, zone);
        if (status.State == DueState.NotScheduled || status.DaysUntilDue > rules.NoticeDays)
        {
            return new NudgeDecision(status, ReminderVerdict.NotDue, 0, 0);
        }

        var now = clock.GetUtcNow();
        var escalateTo = EscalationLevel(status, memory, rules);
        var owed = escalateTo > memory.EscalationLevel ? escalateTo : 0;

        if (memory.SnoozedUntil is { } snoozed && snoozed > now)
        {
            return new NudgeDecision(status, ReminderVerdict.Snoozed, 0, owed);
        }

        if (memory.RemindersQueued > 0 && memory.LastReminderAt is { } last)
        {
            var next = memory.SnoozedUntil is { } until && until > last ? until : last.AddDays(rules.ReminderIntervalDays);
            if (next > now)
            {
                return new NudgeDecision(status, ReminderVerdict.RemindedRecently, 0, owed);
            }
        }

        return new NudgeDecision(status, ReminderVerdict.Remind, memory.RemindersQueued + 1, owed);
    }

    /// <summary>The escalation level a period has reached (0: none), by days overdue and the snooze bound.</summary>
    public static int EscalationLevel(DueStatus status, NudgeMemory memory, NudgeSchedule rules)
    {
        ArgumentNullException.ThrowIfNull(memory);
        ArgumentNullException.ThrowIfNull(rules);
        if (status.State != DueState.Overdue)
        {
            return 0;
        }

        var overdueDays = -status.DaysUntilDue;
        var level = rules.EscalationDays.Count(days => overdueDays >= days);
        if (level == 0 && rules.EscalationDays.Count > 0 && rules.MaxSnoozes > 0 && memory.SnoozeCount >= rules.MaxSnoozes)
        {
            level = 1;
        }

        return level;
    }
}
