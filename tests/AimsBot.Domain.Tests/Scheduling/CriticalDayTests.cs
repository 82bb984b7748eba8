using System.Globalization;
using AimsBot.Domain.Nudges;
using AimsBot.Domain.Register;
using AimsBot.Domain.Scheduling;
using AimsBot.Domain.Tests.Support;
using AimsBot.Testing;
using Microsoft.Extensions.Time.Testing;

namespace AimsBot.Domain.Tests.Scheduling;

/// <summary>
/// The calendar rules on the days they are most likely to break (<see cref="TestClock.CriticalDays"/>): a year
/// end, the end of a short February, a leap day, and the clock changes in London and Auckland. Every critical
/// instant is 10:00 UTC, which is the same calendar date in UTC, London, Auckland and Los Angeles.
/// </summary>
public sealed class CriticalDayTests
{
    private static readonly TimeZoneInfo London = TimeZones.FindOrUtc("Europe/London");
    private static readonly NudgeSchedule Rules = new(NoticeDays: 7, ReminderIntervalDays: 3, MaxSnoozes: 2, EscalationDays: [7, 21]);
    private static readonly TimeZoneInfo[] OwnerZones = [Zones.Utc, London, Zones.Auckland, Zones.LosAngeles];

    /// <summary>Evidence accepted on the critical day: the next due date for each calendar cadence, stated.</summary>
    public static TheoryData<string, string, string, string, string> DueDatesFromEvidenceOnTheDay => new()
    {
        { "2026-12-31 year end", "2027-01-31", "2027-03-31", "2027-06-30", "2027-12-31" },
        { "2027-02-28 end of February", "2027-03-28", "2027-05-28", "2027-08-28", "2028-02-28" },
        { "2027-03-28 London clocks go forward", "2027-04-28", "2027-06-28", "2027-09-28", "2028-03-28" },
        { "2027-04-04 Auckland clocks go back", "2027-05-04", "2027-07-04", "2027-10-04", "2028-04-04" },
        { "2027-09-26 Auckland clocks go forward", "2027-10-26", "2027-12-26", "2028-03-26", "2028-09-26" },
        { "2028-02-29 leap day", "2028-03-29", "2028-05-29", "2028-08-29", "2029-02-28" },
    };

    [Theory]
    [MemberData(nameof(DueDatesFromEvidenceOnTheDay))]
    public void Evidence_accepted_on_a_critical_day_moves_each_cadence_to_the_stated_date_in_every_zone(string day, string monthly, string quarterly, string halfYearly, string yearly)
    {
        var expected = new Dictionary<EvidenceCadence, DateOnly>
        {
            [EvidenceCadence.Monthly] = Date(monthly),
            [EvidenceCadence.Quarterly] = Date(quarterly),
            [EvidenceCadence.HalfYearly] = Date(halfYearly),
            [EvidenceCadence.Yearly] = Date(yearly),
        };
        foreach (var zone in OwnerZones)
        {
            foreach (var (cadence, due) in expected)
            {
                var clock = new FakeTimeProvider(TestClock.At(day).AddMonths(-14));
                var instance = Build.Owned(Build.Instance("A.6.2.6", clock, cadence: cadence, zone: zone), Actors.Owner, zone);
                clock.SetUtcNow(TestClock.At(day));
                var evidence = Build.Ok(EvidenceRecord.Submit(
                    new EvidenceDraft(EvidenceKind.Attestation, null, "Reviewed for the period.", Today(day).AddDays(-30), Today(day)),
                    instance, Actors.Owner, zone, clock));

                var updated = Build.Ok(instance.AcceptEvidence(evidence));

                Assert.True(due == updated.NextDue, $"{cadence} in {zone.Id} from {day}: expected {due}, got {updated.NextDue}");
                Assert.Equal(new DueStatus(DueState.Upcoming, due.DayNumber - Today(day).DayNumber), updated.DueStatus(clock));
            }
        }
    }

    /// <summary>
    /// A due date on the critical day, in a zone where that day is unusual: the last instant it is still "due
    /// today" and the first it is overdue by one day (the local midnight, after any clock change that day).
    /// </summary>
    public static TheoryData<string, string, string, string> LocalMidnightAfterTheDay => new()
    {
        { "2026-12-31 year end", "UTC", "2026-12-31T23:59:59Z", "2027-01-01T00:00:00Z" },
        { "2027-02-28 end of February", "Europe/London", "2027-02-28T23:59:59Z", "2027-03-01T00:00:00Z" },
        // A 23-hour day: BST from 01:00 UTC, so the day ends at 23:00 UTC.
        { "2027-03-28 London clocks go forward", "Europe/London", "2027-03-28T22:59:59Z", "2027-03-28T23:00:00Z" },
        // A 25-hour day: it began at 00:00 NZDT (11:00 UTC on the 3rd) and ends at 00:00 NZST (12:00 UTC).
        { "2027-04-04 Auckland clocks go back", "Pacific/Auckland", "2027-04-04T11:59:59Z", "2027-04-04T12:00:00Z" },
        // A 23-hour day: it ends at 00:00 NZDT on the 27th, 11:00 UTC.
        { "2027-09-26 Auckland clocks go forward", "Pacific/Auckland", "2027-09-26T10:59:59Z", "2027-09-26T11:00:00Z" },
        // 29 February ends at 00:00 PST on 1 March, 08:00 UTC.
        { "2028-02-29 leap day", "America/Los_Angeles", "2028-03-01T07:59:59Z", "2028-03-01T08:00:00Z" },
    };

    [Theory]
    [MemberData(nameof(LocalMidnightAfterTheDay))]
    public void A_control_due_on_a_critical_day_is_due_that_whole_local_day_and_overdue_from_the_next_midnight(string day, string zoneId, string lastDueToday, string firstOverdue)
    {
        var zone = TimeZones.FindOrUtc(zoneId);
        var clock = new FakeTimeProvider(TestClock.At(day));

        Assert.Equal(new DueStatus(DueState.Upcoming, 1), DueDateCalculator.Status(Today(day).AddDays(1), clock, zone));
        Assert.Equal(new DueStatus(DueState.DueToday, 0), DueDateCalculator.Status(Today(day), clock, zone));
        clock.SetUtcNow(Instant(lastDueToday));
        Assert.Equal(new DueStatus(DueState.DueToday, 0), DueDateCalculator.Status(Today(day), clock, zone));
        clock.SetUtcNow(Instant(firstOverdue));
        Assert.Equal(new DueStatus(DueState.Overdue, -1), DueDateCalculator.Status(Today(day), clock, zone));
        clock.Advance(TimeSpan.FromDays(6)); // a week after the due date, in the owner's calendar
        Assert.Equal(new DueStatus(DueState.Overdue, -7), DueDateCalculator.Status(Today(day), clock, zone));
    }

    [Theory]
    [MemberData(nameof(TestClock.CriticalDays), MemberType = typeof(TestClock))]
    public void On_a_critical_day_the_notice_window_and_escalation_at_7_and_21_days_count_calendar_days(string day)
    {
        foreach (var zone in OwnerZones)
        {
            var clock = new FakeTimeProvider(TestClock.At(day));
            NudgeDecision Decide(int daysUntilDue) => NudgePolicy.Decide(Today(day).AddDays(daysUntilDue), zone, NudgeMemory.None, Rules, clock);

            Assert.Equal(ReminderVerdict.NotDue, Decide(8).Verdict);
            Assert.Equal(ReminderVerdict.Remind, Decide(7).Verdict);
            Assert.Equal((DueState.Overdue, 0), (Decide(-6).Status.State, Decide(-6).EscalateTo));
            Assert.Equal(1, Decide(-7).EscalateTo);
            Assert.Equal(1, Decide(-20).EscalateTo);
            Assert.Equal(2, Decide(-21).EscalateTo);
        }
    }

    [Theory]
    [MemberData(nameof(TestClock.CriticalDays), MemberType = typeof(TestClock))]
    public void On_a_critical_day_the_reminder_interval_and_snoozes_are_whole_days_from_the_press(string day)
    {
        var now = TestClock.At(day);
        var clock = new FakeTimeProvider(now);
        var due = Today(day).AddDays(-2);

        Assert.Equal(ReminderVerdict.Remind, NudgePolicy.Decide(due, London, new NudgeMemory(1, now.AddDays(-3), null, 0, 0), Rules, clock).Verdict);
        Assert.Equal(ReminderVerdict.RemindedRecently, NudgePolicy.Decide(due, London, new NudgeMemory(1, now.AddDays(-3).AddMinutes(1), null, 0, 0), Rules, clock).Verdict);
        foreach (var (code, days) in new[] { ("1d", 1), ("3d", 3), ("1w", 7) })
        {
            var snoozed = Build.Ok(NudgeRules.Snooze(NudgeRules.ParseSnooze(code), 0, 2, now, "the compliance leads"));
            Assert.Equal(now.AddDays(days), snoozed.Until);
            Assert.Equal(ReminderVerdict.Snoozed, NudgePolicy.Decide(due, London, new NudgeMemory(1, now, snoozed.Until, 1, 0), Rules, clock).Verdict);
        }
    }

    /// <summary>The next working-hours opening (09:00–17:00, Monday to Friday) from the critical instant, stated for London and Auckland.</summary>
    public static TheoryData<string, string, string> OpeningsFromTheDay => new()
    {
        { "2026-12-31 year end", "2026-12-31T10:00:00+00:00", "2027-01-01T09:00:00+13:00" },
        { "2027-02-28 end of February", "2027-03-01T09:00:00+00:00", "2027-03-01T09:00:00+13:00" },
        { "2027-03-28 London clocks go forward", "2027-03-29T09:00:00+01:00", "2027-03-29T09:00:00+13:00" },
        { "2027-04-04 Auckland clocks go back", "2027-04-05T09:00:00+01:00", "2027-04-05T09:00:00+12:00" },
        { "2027-09-26 Auckland clocks go forward", "2027-09-27T09:00:00+01:00", "2027-09-27T09:00:00+13:00" },
        { "2028-02-29 leap day", "2028-02-29T10:00:00+00:00", "2028-03-01T09:00:00+13:00" },
    };

    [Theory]
    [MemberData(nameof(OpeningsFromTheDay))]
    public void On_a_critical_day_the_next_opening_is_nine_in_the_morning_on_a_working_day_in_each_zone(string day, string london, string auckland)
    {
        Assert.Equal(Instant(london), WorkingHours.Default.NextOpening(TestClock.At(day), London));
        Assert.Equal(Instant(auckland), WorkingHours.Default.NextOpening(TestClock.At(day), Zones.Auckland));
    }

    /// <summary>The critical day's date: the same in every zone used here, since each critical instant is 10:00 UTC.</summary>
    private static DateOnly Today(string day) => Date(day[..10]);

    private static DateOnly Date(string iso) => DateOnly.ParseExact(iso, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static DateTimeOffset Instant(string iso) => DateTimeOffset.Parse(iso, CultureInfo.InvariantCulture);
}
