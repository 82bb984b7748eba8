using Cronos;

namespace AimsBot.Domain.Scheduling;

public enum DueState
{
    /// <summary>No cadence, or the control is excluded: nothing is expected.</summary>
    NotScheduled,
    Upcoming,
    DueToday,
    Overdue,
}

/// <summary>Where a due date stands today, and how many days away it is (negative when overdue).</summary>
public readonly record struct DueStatus(DueState State, int DaysUntilDue);

/// <summary>
/// Due dates for evidence. The rules:
/// <list type="number">
/// <item>Due dates are calendar dates in one time zone: the control owner's (or the organisation's when
/// there is no owner). The same instant can be a different date in Auckland and in Los Angeles.</item>
/// <item>The anchor is the local date of the last accepted evidence; the next due date is one cadence later.</item>
/// <item>The first-due rule: with no evidence yet, the anchor is the local date the schedule started (the
/// control became applicable with a cadence: created, re-included, or its cadence changed), and the first due
/// date is the sooner of one cadence later and <see cref="FirstEvidenceGraceDays"/> days later. A control in
/// the Statement of Applicability must show that it operates; a yearly control may not go a year with no
/// evidence at all, but a new owner gets a short, fixed window to produce the first record
/// (docs/domain.md, "When a control is first due").</item>
/// <item>Calendar cadences add 1, 3, 6 or 12 months to the anchor; a day that does not exist in the target
/// month clamps to its last day (31 Jan + 1 month = 28/29 Feb; 31 Aug + 6 months = 28/29 Feb;
/// 29 Feb 2028 + 1 year = 28 Feb 2029). Each period is counted from the latest anchor, so a clamp does not
/// carry over (31 Jan → 28 Feb → 28 Mar).</item>
/// <item>Cron cadences: the due date is the local date of the first occurrence of the expression, in the
/// zone, after the anchor day ends. Evidence accepted on a day covers any occurrence on that same day.</item>
/// </list>
/// </summary>
public static class DueDateCalculator
{
    /// <summary>
    /// Days from the start of a control's schedule to its first due date at the latest, when it has no evidence
    /// yet. Fixed, not a setting: due dates are stored with control instances (the scan's query reads them), so a
    /// changed setting would leave stored and computed dates disagreeing, and one rule reads the same to an auditor
    /// in every tenant.
    /// </summary>
    public const int FirstEvidenceGraceDays = 30;

    public static DateOnly NextDue(EvidenceCadence cadence, DateTimeOffset? lastAccepted, DateTimeOffset instanceCreated, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(cadence);
        ArgumentNullException.ThrowIfNull(zone);

        return lastAccepted is { } last
            ? NextDue(cadence, LocalDate(last, zone), zone)
            : FirstDue(cadence, LocalDate(instanceCreated, zone), zone);
    }

    /// <summary>
    /// The first due date of a schedule that started on <paramref name="scheduleStart"/> (a local date in the zone)
    /// with no evidence yet: the sooner of one cadence later and <see cref="FirstEvidenceGraceDays"/> days later.
    /// </summary>
    public static DateOnly FirstDue(EvidenceCadence cadence, DateOnly scheduleStart, TimeZoneInfo zone)
    {
        var fullPeriod = NextDue(cadence, scheduleStart, zone);
        var grace = scheduleStart.AddDays(FirstEvidenceGraceDays);
        return fullPeriod < grace ? fullPeriod : grace;
    }

    /// <summary>The due date of the period that starts on <paramref name="anchor"/> (a local date in the zone).</summary>
    public static DateOnly NextDue(EvidenceCadence cadence, DateOnly anchor, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(cadence);
        ArgumentNullException.ThrowIfNull(zone);
        if (cadence.Months is { } months)
        {
            return anchor.AddMonths(months);
        }

        var from = StartOfDayUtc(anchor.AddDays(1), zone);
        var next = cadence.Cron!.GetNextOccurrence(from, zone, inclusive: true)
            ?? throw new InvalidOperationException($"The cron cadence '{cadence}' has no further occurrence.");
        return LocalDate(new DateTimeOffset(next, TimeSpan.Zero), zone);
    }

    /// <summary>The calendar date an instant falls on in a zone.</summary>
    public static DateOnly LocalDate(DateTimeOffset instant, TimeZoneInfo zone) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, zone).DateTime);

    /// <summary>Today's date in a zone, by the given clock.</summary>
    public static DateOnly Today(TimeProvider clock, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(clock);
        return LocalDate(clock.GetUtcNow(), zone);
    }

    /// <summary>Whether a due date is upcoming, due today or overdue, by the clock, in the zone.</summary>
    public static DueStatus Status(DateOnly? due, TimeProvider clock, TimeZoneInfo zone)
    {
        if (due is not { } date)
        {
            return new DueStatus(DueState.NotScheduled, 0);
        }

        var days = date.DayNumber - Today(clock, zone).DayNumber;
        var state = days switch
        {
            > 0 => DueState.Upcoming,
            0 => DueState.DueToday,
            _ => DueState.Overdue,
        };
        return new DueStatus(state, days);
    }

    /// <summary>The first instant (UTC) of a local date; skips forward over a DST gap at midnight.</summary>
    internal static DateTime StartOfDayUtc(DateOnly date, TimeZoneInfo zone)
    {
        var local = date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        while (zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(15);
        }

        if (zone.IsAmbiguousTime(local))
        {
            var offset = zone.GetAmbiguousTimeOffsets(local).Max();
            return new DateTimeOffset(local, offset).UtcDateTime;
        }

        return TimeZoneInfo.ConvertTimeToUtc(local, zone);
    }
}
