using System.Globalization;
using AimsBot.Domain.Register;
using AimsBot.Domain.Scheduling;
using AimsBot.Domain.Tests.Support;

namespace AimsBot.Domain.Tests.Scheduling;

public class DueDateCalculatorTests
{
    private static readonly DateTimeOffset LongAgo = At("2020-01-01T00:00:00Z");

    private static DateTimeOffset At(string iso) => DateTimeOffset.Parse(iso, CultureInfo.InvariantCulture);

    private static DateOnly Due(EvidenceCadence cadence, string lastAccepted, TimeZoneInfo? zone = null) =>
        DueDateCalculator.NextDue(cadence, At(lastAccepted), LongAgo, zone ?? Zones.Utc);

    private static EvidenceCadence Cron(string expression) => Build.Ok(EvidenceCadence.FromCron(expression));

    [Theory]
    [InlineData("2025-01-31", "2025-02-28")] // clamps to the end of a short month
    [InlineData("2028-01-31", "2028-02-29")] // leap year
    [InlineData("2025-03-31", "2025-04-30")]
    [InlineData("2025-01-15", "2025-02-15")]
    [InlineData("2025-12-31", "2026-01-31")]
    public void Monthly_adds_a_calendar_month_clamping_to_month_end(string last, string expected) =>
        Assert.Equal(DateOnly.Parse(expected, CultureInfo.InvariantCulture), Due(EvidenceCadence.Monthly, last + "T12:00:00Z"));

    [Theory]
    [InlineData("2026-08-31", "2027-02-28")]
    [InlineData("2027-08-31", "2028-02-29")]
    public void Half_yearly_from_the_end_of_August_lands_on_the_end_of_February(string last, string expected) =>
        Assert.Equal(DateOnly.Parse(expected, CultureInfo.InvariantCulture), Due(EvidenceCadence.HalfYearly, last + "T12:00:00Z"));

    [Fact]
    public void Yearly_from_a_leap_day_lands_on_28_February()
    {
        Assert.Equal(new DateOnly(2029, 2, 28), Due(EvidenceCadence.Yearly, "2028-02-29T12:00:00Z"));
        Assert.Equal(new DateOnly(2028, 2, 28), Due(EvidenceCadence.Yearly, "2027-02-28T12:00:00Z"));
    }

    [Fact]
    public void Quarterly_from_30_November_lands_on_the_last_day_of_February()
    {
        Assert.Equal(new DateOnly(2028, 2, 29), Due(EvidenceCadence.Quarterly, "2027-11-30T12:00:00Z"));
        Assert.Equal(new DateOnly(2026, 2, 28), Due(EvidenceCadence.Quarterly, "2025-11-30T12:00:00Z"));
    }

    [Fact]
    public void A_clamp_does_not_carry_over_into_the_next_period()
    {
        var february = Due(EvidenceCadence.Monthly, "2025-01-31T12:00:00Z");
        var march = Due(EvidenceCadence.Monthly, february.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "T12:00:00Z");

        Assert.Equal(new DateOnly(2025, 3, 28), march);
    }

    [Fact]
    public void The_same_instant_is_a_different_date_either_side_of_the_date_line()
    {
        // 12:00 UTC on 31 January 2025: 01:00 on 1 February in Auckland (NZDT), 04:00 on 31 January in Los Angeles (PST).
        const string instant = "2025-01-31T12:00:00Z";

        Assert.Equal(new DateOnly(2025, 3, 1), Due(EvidenceCadence.Monthly, instant, Zones.Auckland));
        Assert.Equal(new DateOnly(2025, 2, 28), Due(EvidenceCadence.Monthly, instant, Zones.LosAngeles));
        Assert.Equal(new DateOnly(2025, 2, 28), Due(EvidenceCadence.Monthly, instant, Zones.Utc));
    }

    [Fact]
    public void Local_dates_are_right_around_the_end_of_daylight_saving_in_Auckland()
    {
        // Auckland leaves daylight saving at 03:00 NZDT on 6 April 2025 (14:00 UTC on the 5th).
        Assert.Equal(new DateOnly(2025, 4, 6), DueDateCalculator.LocalDate(At("2025-04-05T13:30:00Z"), Zones.Auckland)); // 02:30 NZDT
        Assert.Equal(new DateOnly(2025, 4, 6), DueDateCalculator.LocalDate(At("2025-04-06T11:30:00Z"), Zones.Auckland)); // 23:30 NZST
        Assert.Equal(new DateOnly(2025, 4, 7), DueDateCalculator.LocalDate(At("2025-04-06T12:30:00Z"), Zones.Auckland)); // 00:30 NZST
        Assert.Equal(new DateOnly(2025, 5, 6), Due(EvidenceCadence.Monthly, "2025-04-05T13:30:00Z", Zones.Auckland));
        Assert.Equal(new DateOnly(2025, 5, 5), Due(EvidenceCadence.Monthly, "2025-04-05T13:30:00Z", Zones.LosAngeles));
    }

    [Fact]
    public void Local_dates_are_right_around_the_start_of_daylight_saving_in_Los_Angeles()
    {
        // Los Angeles springs forward at 02:00 PST on 9 March 2025 (10:00 UTC).
        Assert.Equal(new DateOnly(2025, 3, 8), DueDateCalculator.LocalDate(At("2025-03-09T07:30:00Z"), Zones.LosAngeles)); // 23:30 PST
        Assert.Equal(new DateOnly(2025, 3, 9), DueDateCalculator.LocalDate(At("2025-03-09T10:30:00Z"), Zones.LosAngeles)); // 03:30 PDT
        // 00:30 PDT on the 10th; under the old PST offset it would still have been 23:30 on the 9th.
        Assert.Equal(new DateOnly(2025, 3, 10), DueDateCalculator.LocalDate(At("2025-03-10T07:30:00Z"), Zones.LosAngeles));
    }

    [Fact]
    public void A_cron_cadence_is_due_on_the_next_occurrence_after_the_evidence_day()
    {
        var firstOfMonth = Cron("0 9 1 * *");

        Assert.Equal(new DateOnly(2025, 3, 1), Due(firstOfMonth, "2025-02-28T12:00:00Z"));
        // Evidence on the 1st itself, even before 09:00, covers that day's occurrence.
        Assert.Equal(new DateOnly(2025, 4, 1), Due(firstOfMonth, "2025-03-01T08:00:00Z"));
        Assert.Equal(new DateOnly(2025, 4, 1), Due(firstOfMonth, "2025-03-01T10:00:00Z"));
    }

    [Fact]
    public void A_cron_cadence_is_read_in_the_owners_zone()
    {
        var sundays = Cron("0 9 * * 0");
        const string instant = "2025-03-09T07:30:00Z"; // Saturday 23:30 in Los Angeles, Sunday 20:30 in Auckland

        Assert.Equal(new DateOnly(2025, 3, 9), Due(sundays, instant, Zones.LosAngeles));
        Assert.Equal(new DateOnly(2025, 3, 16), Due(sundays, instant, Zones.Auckland));
    }

    [Fact]
    public void A_cron_time_that_falls_in_the_daylight_saving_gap_still_falls_due_that_day()
    {
        // 02:30 does not exist in Los Angeles on 9 March 2025.
        Assert.Equal(new DateOnly(2025, 3, 9), Due(Cron("30 2 * * *"), "2025-03-08T20:00:00Z", Zones.LosAngeles));
    }

    [Fact]
    public void A_quarterly_cron_skips_to_the_next_quarter_start()
    {
        var quarterStarts = Cron("0 9 1 1,4,7,10 *");
        Assert.Equal(new DateOnly(2025, 7, 1), Due(quarterStarts, "2025-04-01T12:00:00Z"));
        Assert.Equal(new DateOnly(2028, 1, 1), Due(quarterStarts, "2027-11-30T12:00:00Z"));
    }

    [Fact]
    public void Cron_leap_day_cadence_waits_for_the_next_leap_year()
    {
        Assert.Equal(new DateOnly(2032, 2, 29), Due(Cron("0 0 29 2 *"), "2028-02-29T12:00:00Z"));
    }

    [Fact]
    public void Without_evidence_the_first_due_date_is_the_sooner_of_one_period_and_30_days_after_the_schedule_started()
    {
        var created = At("2025-01-31T12:00:00Z");

        // The first-due rule: 30 days (2 March), not a quarter (30 April).
        Assert.Equal(new DateOnly(2025, 3, 2), DueDateCalculator.NextDue(EvidenceCadence.Quarterly, null, created, Zones.Utc));
        Assert.Equal(new DateOnly(2025, 3, 3), DueDateCalculator.NextDue(EvidenceCadence.Quarterly, null, created, Zones.Auckland));
        Assert.Equal(new DateOnly(2025, 2, 1), DueDateCalculator.NextDue(Cron("0 9 1 * *"), null, created, Zones.Utc));
    }

    [Fact]
    public void Evidence_not_creation_anchors_the_due_date_once_there_is_some()
    {
        var created = At("2025-01-31T12:00:00Z");
        Assert.Equal(new DateOnly(2025, 6, 10), DueDateCalculator.NextDue(EvidenceCadence.Monthly, At("2025-05-10T12:00:00Z"), created, Zones.Utc));
    }

    [Fact]
    public void A_new_control_is_upcoming_then_due_today_then_overdue_as_the_clock_moves()
    {
        var clock = Build.Clock("2025-01-31T12:00:00Z");
        var instance = Build.Owned(Build.Instance("A.6.2.6", clock, cadence: EvidenceCadence.Monthly), Actors.Owner, Zones.LosAngeles);
        Assert.Equal(new DateOnly(2025, 2, 28), instance.NextDue);

        Assert.Equal(new DueStatus(DueState.Upcoming, 28), instance.DueStatus(clock));
        clock.SetUtcNow(At("2025-02-28T08:00:00Z")); // 00:00 on 28 February in Los Angeles
        Assert.Equal(new DueStatus(DueState.DueToday, 0), instance.DueStatus(clock));
        clock.SetUtcNow(At("2025-03-01T07:59:00Z")); // 23:59 on 28 February in Los Angeles
        Assert.Equal(DueState.DueToday, instance.DueStatus(clock).State);
        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(new DueStatus(DueState.Overdue, -1), instance.DueStatus(clock));
    }

    [Fact]
    public void Owners_in_different_zones_see_the_same_instant_as_different_due_states()
    {
        var clock = Build.Clock("2025-01-31T12:00:00Z");
        var auckland = Build.Owned(Build.Instance("A.6.2.6", clock, ControlScope.ForSystem("nz-bot"), EvidenceCadence.Monthly), Actors.Owner, Zones.Auckland);
        var losAngeles = Build.Owned(Build.Instance("A.6.2.6", clock, ControlScope.ForSystem("us-bot"), EvidenceCadence.Monthly), Actors.Owner, Zones.LosAngeles);
        Assert.Equal(new DateOnly(2025, 3, 1), auckland.NextDue);
        Assert.Equal(new DateOnly(2025, 2, 28), losAngeles.NextDue);

        clock.SetUtcNow(At("2025-02-28T12:00:00Z")); // 1 March 01:00 in Auckland, 28 February 04:00 in Los Angeles

        Assert.Equal(DueState.DueToday, auckland.DueStatus(clock).State);
        Assert.Equal(DueState.DueToday, losAngeles.DueStatus(clock).State);

        clock.SetUtcNow(At("2025-03-01T09:00:00Z")); // 1 March 22:00 in Auckland, 1 March 01:00 in Los Angeles

        Assert.Equal(DueState.DueToday, auckland.DueStatus(clock).State);
        Assert.Equal(new DueStatus(DueState.Overdue, -1), losAngeles.DueStatus(clock));
    }

    [Fact]
    public void Accepting_evidence_pushes_the_due_date_out_by_a_period_from_that_day()
    {
        var clock = Build.Clock("2025-01-10T12:00:00Z");
        var instance = Build.Owned(Build.Instance("A.6.2.6", clock, cadence: EvidenceCadence.Quarterly), Actors.Owner, Zones.Auckland);
        clock.SetUtcNow(At("2025-08-31T13:00:00Z")); // 1 September 01:00 in Auckland: months overdue
        Assert.Equal(DueState.Overdue, instance.DueStatus(clock).State);

        var evidence = Build.Ok(EvidenceRecord.Submit(
            new EvidenceDraft(EvidenceKind.Attestation, null, "Monitoring ran all quarter; no threshold breached.", new DateOnly(2025, 6, 1), new DateOnly(2025, 8, 31)),
            instance, Actors.Owner, Zones.Auckland, clock));
        var updated = Build.Ok(instance.AcceptEvidence(evidence));

        Assert.Equal(new DateOnly(2025, 12, 1), updated.NextDue);
        Assert.Equal(new DueStatus(DueState.Upcoming, 91), updated.DueStatus(clock));
    }

    [Fact]
    public void A_control_without_a_cadence_is_never_due()
    {
        var clock = Build.Clock("2025-01-10T12:00:00Z");
        var instance = Build.Instance("A.2.2", clock);
        Assert.Null(instance.NextDue);
        Assert.Equal(DueState.NotScheduled, instance.DueStatus(clock).State);

        var scheduled = Build.Ok(instance.SetCadence(EvidenceCadence.Yearly, Actors.Lead, clock));
        Assert.Equal(new DateOnly(2025, 2, 9), scheduled.NextDue);
        Assert.Null(Build.Ok(scheduled.SetCadence(null, Actors.Lead, clock)).NextDue);
    }

    [Fact]
    public void Setting_a_cadence_later_starts_the_schedule_then_not_at_creation()
    {
        var clock = Build.Clock("2025-01-10T12:00:00Z");
        var instance = Build.Instance("A.2.2", clock);
        clock.SetUtcNow(At("2025-06-20T12:00:00Z"));

        var scheduled = Build.Ok(instance.SetCadence(EvidenceCadence.Monthly, Actors.Lead, clock));

        Assert.Equal(new DateOnly(2025, 7, 20), scheduled.NextDue);
        Build.Fails(instance.SetCadence(EvidenceCadence.Monthly, Actors.Owner, clock), "access.refused");
    }
}
