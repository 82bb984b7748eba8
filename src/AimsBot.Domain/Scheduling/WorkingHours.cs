namespace AimsBot.Domain.Scheduling;

/// <summary>
/// When a person may be nudged: a daily window on working days in their own time zone (default 09:00–17:00,
/// Monday to Friday). Nudges that fall outside wait for the next opening.
/// </summary>
public sealed record WorkingHours(TimeOnly Start, TimeOnly End, IReadOnlySet<DayOfWeek> Days)
{
    public static WorkingHours Default { get; } = new(
        new TimeOnly(9, 0),
        new TimeOnly(17, 0),
        new HashSet<DayOfWeek> { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday });

    /// <summary>Whether <paramref name="instant"/> falls inside the window in <paramref name="zone"/>.</summary>
    public bool Contains(DateTimeOffset instant, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var local = TimeZoneInfo.ConvertTime(instant, zone);
        var time = TimeOnly.FromDateTime(local.DateTime);
        return Days.Contains(local.DayOfWeek) && time >= Start && time < End;
    }

    /// <summary>
    /// <paramref name="instant"/> itself when inside the window, else the next opening (the window's start on
    /// the next working day) as an instant. A start that does not exist locally (a DST gap) moves forward by
    /// the gap.
    /// </summary>
    public DateTimeOffset NextOpening(DateTimeOffset instant, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        if (Days.Count == 0 || End <= Start)
        {
            throw new InvalidOperationException("Working hours need at least one day and a start before the end.");
        }

        if (Contains(instant, zone))
        {
            return instant;
        }

        var local = TimeZoneInfo.ConvertTime(instant, zone);
        var date = DateOnly.FromDateTime(local.DateTime);
        if (TimeOnly.FromDateTime(local.DateTime) >= Start)
        {
            date = date.AddDays(1);
        }

        for (var i = 0; i < 8; i++, date = date.AddDays(1))
        {
            if (!Days.Contains(date.DayOfWeek))
            {
                continue;
            }

            var wall = date.ToDateTime(Start);
            while (zone.IsInvalidTime(wall))
            {
                wall = wall.AddMinutes(15);
            }

            var offset = zone.IsAmbiguousTime(wall) ? zone.GetAmbiguousTimeOffsets(wall).Max() : zone.GetUtcOffset(wall);
            return new DateTimeOffset(wall, offset);
        }

        throw new InvalidOperationException("No working day found within a week.");
    }
}
