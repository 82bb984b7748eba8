using AimsBot.Domain.Digest;
using AimsBot.Domain.Scheduling;

namespace AimsBot.Domain.Tests.Digest;

/// <summary>When a lead's Monday 09:00 is, in their zone, across clock changes; and what counts in the digest.</summary>
public sealed class DigestCalendarTests
{
    private static readonly TimeZoneInfo London = TimeZones.FindOrUtc("Europe/London");
    private static readonly TimeZoneInfo Auckland = TimeZones.FindOrUtc("Pacific/Auckland");
    private static readonly DigestCalendar Calendar = DigestCalendar.Default;

    [Fact]
    public void Monday_09_00_in_Auckland_is_Sunday_20_00_UTC_in_summer_and_the_week_is_the_Auckland_week()
    {
        // Sunday 22 November 2026, 19:59 UTC is Monday 08:59 NZDT: not yet.
        Assert.Null(Calendar.DueAt(new DateTimeOffset(2026, 11, 22, 19, 59, 0, TimeSpan.Zero), Auckland));
        var slot = Calendar.DueAt(new DateTimeOffset(2026, 11, 22, 20, 0, 0, TimeSpan.Zero), Auckland);
        Assert.NotNull(slot);
        Assert.Equal(new DateOnly(2026, 11, 23), slot.WeekStarting);
        Assert.Equal("2026-W48", slot.WeekId);
        Assert.Equal(new DateTimeOffset(2026, 11, 22, 20, 0, 0, TimeSpan.Zero), slot.SendAt);
        // At that instant it is still Sunday in London: London's digest is not due.
        Assert.Null(Calendar.DueAt(new DateTimeOffset(2026, 11, 22, 20, 0, 0, TimeSpan.Zero), London));
    }

    [Fact]
    public void Monday_09_00_in_London_is_09_00_UTC_in_winter_and_08_00_UTC_in_summer_time()
    {
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero), Calendar.WeekOf(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero), London).SendAt);
        Assert.Equal(new DateTimeOffset(2027, 6, 7, 8, 0, 0, TimeSpan.Zero), Calendar.WeekOf(new DateTimeOffset(2027, 6, 7, 8, 30, 0, TimeSpan.Zero), London).SendAt);
    }

    [Fact]
    public void In_the_weeks_the_clocks_change_Monday_09_00_follows_the_new_offset()
    {
        // London goes forward on Sunday 28 March 2027: Monday 29 March 09:00 is BST, 08:00 UTC.
        var london = Calendar.WeekOf(new DateTimeOffset(2027, 3, 28, 10, 0, 0, TimeSpan.Zero), London);
        Assert.Equal(new DateOnly(2027, 3, 22), london.WeekStarting);
        Assert.Equal(new DateTimeOffset(2027, 3, 22, 9, 0, 0, TimeSpan.Zero), london.SendAt);
        var next = Calendar.DueAt(new DateTimeOffset(2027, 3, 29, 8, 0, 0, TimeSpan.Zero), London);
        Assert.NotNull(next);
        Assert.Equal(new DateOnly(2027, 3, 29), next.WeekStarting);
        Assert.Equal("2027-W13", next.WeekId);

        // Auckland goes back on Sunday 4 April 2027: Monday 5 April 09:00 is NZST (+12), Sunday 21:00 UTC, not 20:00.
        Assert.Null(Calendar.DueAt(new DateTimeOffset(2027, 4, 4, 20, 30, 0, TimeSpan.Zero), Auckland));
        var auckland = Calendar.DueAt(new DateTimeOffset(2027, 4, 4, 21, 0, 0, TimeSpan.Zero), Auckland);
        Assert.NotNull(auckland);
        Assert.Equal(new DateOnly(2027, 4, 5), auckland.WeekStarting);
        Assert.Equal(new DateTimeOffset(2027, 4, 4, 21, 0, 0, TimeSpan.Zero), auckland.SendAt);

        // Auckland goes forward on Sunday 26 September 2027: Monday 27 September 09:00 is NZDT (+13), Sunday 20:00 UTC.
        Assert.Equal(new DateTimeOffset(2027, 9, 26, 20, 0, 0, TimeSpan.Zero), Calendar.DueAt(new DateTimeOffset(2027, 9, 26, 20, 0, 0, TimeSpan.Zero), Auckland)?.SendAt);
    }

    [Fact]
    public void A_digest_is_due_only_within_the_send_window_after_its_time_so_a_lead_added_on_Wednesday_waits_for_Monday()
    {
        Assert.NotNull(Calendar.DueAt(new DateTimeOffset(2026, 11, 23, 20, 59, 0, TimeSpan.Zero), London));
        Assert.Null(Calendar.DueAt(new DateTimeOffset(2026, 11, 23, 21, 0, 0, TimeSpan.Zero), London));
        Assert.Null(Calendar.DueAt(new DateTimeOffset(2026, 11, 25, 10, 0, 0, TimeSpan.Zero), London));
    }

    [Fact]
    public void A_time_a_clock_change_skips_is_taken_at_the_first_valid_minute()
    {
        var calendar = new DigestCalendar(DayOfWeek.Sunday, new TimeOnly(1, 30), TimeSpan.FromHours(12));
        // Sunday 28 March 2027 01:30 does not exist in London: 02:00 BST, 01:00 UTC.
        Assert.Equal(new DateTimeOffset(2027, 3, 28, 1, 0, 0, TimeSpan.Zero), calendar.WeekOf(new DateTimeOffset(2027, 3, 28, 10, 0, 0, TimeSpan.Zero), London).SendAt);
    }

    [Theory]
    [InlineData("2026-12-31", "2026-12-28", "2026-W53")]
    [InlineData("2027-01-03", "2026-12-28", "2026-W53")]
    [InlineData("2027-01-04", "2027-01-04", "2027-W01")]
    [InlineData("2028-02-29", "2028-02-28", "2028-W09")]
    public void Weeks_start_on_Monday_and_take_their_ISO_year_and_number(string day, string monday, string id)
    {
        var start = DigestCalendar.WeekStartOf(DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(DateOnly.Parse(monday, System.Globalization.CultureInfo.InvariantCulture), start);
        Assert.Equal(id, DigestCalendar.WeekIdOf(start));
    }

    [Fact]
    public void Newly_overdue_means_the_first_overdue_day_falls_in_this_week()
    {
        var monday = new DateOnly(2026, 11, 23);
        var wednesday = new DateOnly(2026, 11, 25);
        Assert.True(DigestRules.IsNewlyOverdue(new DateOnly(2026, 11, 22), wednesday, monday)); // due Sunday: overdue from Monday
        Assert.True(DigestRules.IsNewlyOverdue(new DateOnly(2026, 11, 24), wednesday, monday));
        Assert.False(DigestRules.IsNewlyOverdue(new DateOnly(2026, 11, 21), wednesday, monday)); // overdue since Sunday
        Assert.False(DigestRules.IsNewlyOverdue(wednesday, wednesday, monday)); // due today: not overdue yet
        Assert.True(DigestRules.IsOverdue(new DateOnly(2026, 11, 21), wednesday));
    }

    [Fact]
    public void Open_nonconformities_count_by_severity_and_age_with_unknown_severities_unrated()
    {
        var today = new DateOnly(2026, 11, 23);
        var counts = DigestRules.CountNonconformities(
            [("major", today.AddDays(-29)), ("Major", today.AddDays(-30)), ("minor", today.AddDays(-90)), (null, today), ("critical", today.AddDays(-89))],
            today);
        Assert.Equal(
            [new NonconformityCounts("major", 1, 1, 0), new NonconformityCounts("minor", 0, 0, 1), new NonconformityCounts("unrated", 1, 1, 0)],
            counts);
    }

    [Fact]
    public void The_trend_keeps_the_last_twelve_weeks_oldest_first_with_this_week_last()
    {
        var current = new DigestWeek(new DateOnly(2026, 11, 23), 5, 7, 2);
        var stored = Enumerable.Range(1, 14).Select(i => new DigestWeek(current.WeekStarting.AddDays(-7 * i), i, i, i)).Append(current with { OverdueControls = 99 });
        var trend = DigestRules.Trend(stored, current);
        Assert.Equal(12, trend.Count);
        Assert.Equal(new DateOnly(2026, 9, 7), trend[0].WeekStarting);
        Assert.Equal(current, trend[^1]);
    }
}
