using AimsBot.Domain.Scheduling;

namespace AimsBot.Domain.Tests.Scheduling;

public sealed class WorkingHoursTests
{
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
    private static readonly TimeZoneInfo Auckland = TimeZoneInfo.FindSystemTimeZoneById("Pacific/Auckland");
    private static readonly TimeZoneInfo LosAngeles = TimeZoneInfo.FindSystemTimeZoneById("America/Los_Angeles");

    [Fact]
    public void An_instant_inside_the_window_is_sent_at_once()
    {
        var tuesdayTenBerlin = new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero); // 10:00 CET
        Assert.Equal(tuesdayTenBerlin, WorkingHours.Default.NextOpening(tuesdayTenBerlin, Berlin));
    }

    [Fact]
    public void After_hours_on_friday_waits_for_monday_morning_in_the_recipients_zone()
    {
        var fridayEveningBerlin = new DateTimeOffset(2026, 11, 27, 18, 30, 0, TimeSpan.Zero); // 19:30 CET Friday
        var opening = WorkingHours.Default.NextOpening(fridayEveningBerlin, Berlin);
        Assert.Equal(new DateTimeOffset(2026, 11, 30, 9, 0, 0, TimeSpan.FromHours(1)), opening);
    }

    [Fact]
    public void The_same_instant_is_working_time_in_one_zone_and_night_in_another()
    {
        var instant = new DateTimeOffset(2026, 11, 24, 20, 0, 0, TimeSpan.Zero); // Tue 12:00 in LA, Wed 09:00 in Auckland
        Assert.True(WorkingHours.Default.Contains(instant, LosAngeles));
        Assert.True(WorkingHours.Default.Contains(instant, Auckland));
        Assert.False(WorkingHours.Default.Contains(instant, Berlin)); // 21:00
        Assert.Equal(new DateTimeOffset(2026, 11, 25, 9, 0, 0, TimeSpan.FromHours(1)), WorkingHours.Default.NextOpening(instant, Berlin));
    }

    [Fact]
    public void The_opening_after_a_daylight_saving_change_uses_the_new_offset()
    {
        // Berlin moves to summer time on Sunday 2027-03-28; Friday evening waits for Monday 09:00 CEST (+02:00).
        var fridayEvening = new DateTimeOffset(2027, 3, 26, 17, 0, 0, TimeSpan.Zero);
        Assert.Equal(new DateTimeOffset(2027, 3, 29, 9, 0, 0, TimeSpan.FromHours(2)), WorkingHours.Default.NextOpening(fridayEvening, Berlin));
    }

    [Fact]
    public void Early_morning_waits_for_the_start_of_the_same_day()
    {
        var early = new DateTimeOffset(2026, 11, 24, 6, 0, 0, TimeSpan.Zero); // 07:00 CET Tuesday
        Assert.Equal(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.FromHours(1)), WorkingHours.Default.NextOpening(early, Berlin));
    }

    [Fact]
    public void The_end_of_the_window_is_already_outside()
    {
        var fivePm = new DateTimeOffset(2026, 11, 24, 16, 0, 0, TimeSpan.Zero); // 17:00 CET
        Assert.False(WorkingHours.Default.Contains(fivePm, Berlin));
    }
}
