using System.Globalization;

namespace AimsBot.Domain.Digest;

/// <summary>A lead's digest week: the Monday it starts on (in their zone), its ISO week id and the instant their digest is due.</summary>
/// <param name="WeekStarting">The Monday the week starts on, in the lead's zone.</param>
/// <param name="WeekId">The ISO week, <c>yyyy-Www</c> (<c>2026-W48</c>): part of the outbox id, so a week's digest goes once.</param>
/// <param name="SendAt">When the digest is due: the configured day and time of that week in the lead's zone, as an instant.</param>
public sealed record DigestWeekSlot(DateOnly WeekStarting, string WeekId, DateTimeOffset SendAt);

/// <summary>
/// When a digest goes: every week on <see cref="Day"/> at <see cref="Time"/> in each lead's own zone (Monday 09:00 by
/// default), and not later than <see cref="SendWindow"/> after it — a lead added on a Wednesday hears first the next
/// Monday (or says <c>digest now</c>), while a host that was down at 09:00 still sends when it is back that morning.
/// Weeks are ISO weeks: they start on Monday, and the week id is the ISO year and week number.
/// </summary>
public sealed record DigestCalendar(DayOfWeek Day, TimeOnly Time, TimeSpan SendWindow)
{
    public static DigestCalendar Default { get; } = new(DayOfWeek.Monday, new TimeOnly(9, 0), TimeSpan.FromHours(12));

    /// <summary>The Monday on or before <paramref name="date"/>.</summary>
    public static DateOnly WeekStartOf(DateOnly date) => date.AddDays(-(((int)date.DayOfWeek + 6) % 7));

    /// <summary>The ISO week id of the week containing <paramref name="date"/>: <c>2026-W48</c>.</summary>
    public static string WeekIdOf(DateOnly date)
    {
        var day = date.ToDateTime(TimeOnly.MinValue);
        return string.Create(CultureInfo.InvariantCulture, $"{ISOWeek.GetYear(day):D4}-W{ISOWeek.GetWeekOfYear(day):D2}");
    }

    /// <summary>The calendar date an instant falls on in a zone.</summary>
    public static DateOnly LocalDate(DateTimeOffset instant, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        return DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, zone).DateTime);
    }

    /// <summary>The week <paramref name="now"/> falls in, in <paramref name="zone"/>, with its digest's instant.</summary>
    public DigestWeekSlot WeekOf(DateTimeOffset now, TimeZoneInfo zone)
    {
        var start = WeekStartOf(LocalDate(now, zone));
        var day = start.AddDays(((int)Day + 6) % 7);
        return new DigestWeekSlot(start, WeekIdOf(start), Instant(day, Time, zone));
    }

    /// <summary>
    /// The week whose digest is due for a lead in <paramref name="zone"/> at <paramref name="now"/>: its day and time
    /// have passed, by less than <see cref="SendWindow"/>. Null when nothing is due now.
    /// </summary>
    public DigestWeekSlot? DueAt(DateTimeOffset now, TimeZoneInfo zone)
    {
        var slot = WeekOf(now, zone);
        return now >= slot.SendAt && now - slot.SendAt < SendWindow ? slot : null;
    }

    /// <summary>
    /// A local date and time as an instant: a time that a clock change skips (02:30 on a spring-forward night) is taken
    /// at the first valid minute after it; a time that happens twice (autumn) the first time.
    /// </summary>
    public static DateTimeOffset Instant(DateOnly date, TimeOnly time, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var local = date.ToDateTime(time, DateTimeKind.Unspecified);
        while (zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(1);
        }

        var offset = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local).Max() : zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset).ToUniversalTime();
    }
}
