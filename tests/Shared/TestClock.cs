using System.Globalization;

namespace AimsBot.Testing;

/// <summary>
/// The instants tests run at. No test reads the wall clock for a date: each starts from <see cref="Default"/>
/// (or an instant it states itself), and the tests whose outcome depends on the calendar run again at each of
/// <see cref="CriticalDays"/> (see docs/testing.md).
/// </summary>
public static class TestClock
{
    /// <summary>Monday 23 November 2026, 10:00 UTC: working hours in London (10:00 GMT), 23:00 in Auckland (NZDT).</summary>
    public static readonly DateTimeOffset Default = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// An expiry for credentials a test hands out (tokens the SDKs cache against the real clock): later than any
    /// test clock and any day the suite will run.
    /// </summary>
    public static readonly DateTimeOffset FarFuture = new(2100, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// Days where calendar arithmetic goes wrong if it is going to: a year end, the end of a short February,
    /// a leap day, and the days the clocks change in London and Auckland. Each is 10:00 UTC on that day.
    /// </summary>
    private static readonly Dictionary<string, DateTimeOffset> Critical = new(StringComparer.Ordinal)
    {
        // Thursday: the last day of a 31-day month and of the year.
        ["2026-12-31 year end"] = new(2026, 12, 31, 10, 0, 0, TimeSpan.Zero),
        // Sunday: the last day of a 28-day February (months ending on the 29th–31st clamp to it).
        ["2027-02-28 end of February"] = new(2027, 2, 28, 10, 0, 0, TimeSpan.Zero),
        // Sunday: London's clocks went forward at 01:00 UTC (GMT → BST); 10:00 UTC is 11:00 BST.
        ["2027-03-28 London clocks go forward"] = new(2027, 3, 28, 10, 0, 0, TimeSpan.Zero),
        // Sunday: Auckland's clocks went back at 14:00 UTC on the 3rd (NZDT → NZST); 10:00 UTC is 22:00 NZST.
        ["2027-04-04 Auckland clocks go back"] = new(2027, 4, 4, 10, 0, 0, TimeSpan.Zero),
        // Sunday: Auckland's clocks went forward at 14:00 UTC on the 25th (NZST → NZDT); 10:00 UTC is 23:00 NZDT.
        ["2027-09-26 Auckland clocks go forward"] = new(2027, 9, 26, 10, 0, 0, TimeSpan.Zero),
        // Tuesday: a leap day.
        ["2028-02-29 leap day"] = new(2028, 2, 29, 10, 0, 0, TimeSpan.Zero),
    };

    /// <summary>The name <see cref="Default"/> goes by in <see cref="Days"/>.</summary>
    public const string DefaultDay = "2026-11-23 default";

    /// <summary>The names of the critical instants, for <c>[MemberData(nameof(TestClock.CriticalDays), MemberType = typeof(TestClock))]</c>.</summary>
    public static IEnumerable<object[]> CriticalDays => Critical.Keys.Select(name => new object[] { name });

    /// <summary>The default instant and every critical one: a date-sensitive test's usual run plus its critical-day runs.</summary>
    public static IEnumerable<object[]> Days => CriticalDays.Prepend([DefaultDay]);

    /// <summary>The instant a name from <see cref="Days"/> stands for.</summary>
    public static DateTimeOffset At(string day) =>
        day == DefaultDay ? Default
        : Critical.TryGetValue(day, out var instant) ? instant
        : throw new ArgumentException($"'{day}' is not one of the test days: {DefaultDay}, {string.Join(", ", Critical.Keys)}.", nameof(day));

    /// <summary>A date as the bot writes it (and people type it): yyyy-MM-dd.</summary>
    public static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
