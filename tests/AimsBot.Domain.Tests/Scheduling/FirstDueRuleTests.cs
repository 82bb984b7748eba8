using System.Globalization;
using AimsBot.Domain.Register;
using AimsBot.Domain.Scheduling;
using AimsBot.Domain.Tests.Support;

namespace AimsBot.Domain.Tests.Scheduling;

/// <summary>
/// The first-due rule: a control with no evidence yet is first due at the sooner of one cadence and
/// <see cref="DueDateCalculator.FirstEvidenceGraceDays"/> (30) days after its schedule started, in its due zone.
/// </summary>
public class FirstDueRuleTests
{
    private static DateOnly D(string date) => DateOnly.Parse(date, CultureInfo.InvariantCulture);

    private static EvidenceCadence Cadence(string text) => Build.Ok(EvidenceCadence.Parse(text));

    [Theory]
    // Every calendar cadence longer than 30 days is cut to 30 days: the first evidence is never a year away.
    [InlineData("yearly", "2026-11-23", "2026-12-23")]
    [InlineData("half-yearly", "2026-11-23", "2026-12-23")]
    [InlineData("quarterly", "2026-11-23", "2026-12-23")]
    // Monthly: a calendar month is 28–31 days; whichever is sooner.
    [InlineData("monthly", "2026-11-23", "2026-12-23")] // 30 days = one month
    [InlineData("monthly", "2026-02-10", "2026-03-10")] // February: the month (28 days) is sooner
    [InlineData("monthly", "2026-01-15", "2026-02-14")] // January: 30 days is sooner than 15 February
    [InlineData("monthly", "2026-01-31", "2026-02-28")] // month end clamps, sooner than 2 March
    [InlineData("monthly", "2028-01-31", "2028-02-29")] // leap year: 29 February, sooner than 1 March
    [InlineData("yearly", "2028-01-30", "2028-02-29")] // 30 days from 30 January in a leap year is 29 February
    [InlineData("yearly", "2027-01-30", "2027-03-01")] // and in a common year 1 March
    [InlineData("yearly", "2028-02-29", "2028-03-30")] // from a leap day
    [InlineData("quarterly", "2026-12-15", "2027-01-14")] // across a year end
    // A cron cadence whose first occurrence is sooner than 30 days keeps it.
    [InlineData("cron 0 9 1 * *", "2026-11-23", "2026-12-01")]
    [InlineData("cron 0 9 1 1 *", "2026-11-23", "2026-12-23")] // every 1 January: 30 days is sooner
    public void Every_cadence_is_first_due_at_the_sooner_of_one_period_and_30_days(string cadence, string start, string expected) =>
        Assert.Equal(D(expected), DueDateCalculator.FirstDue(Cadence(cadence), D(start), Zones.Utc));

    [Fact]
    public void A_new_yearly_control_with_no_evidence_is_due_30_days_after_it_was_created_not_a_year()
    {
        var clock = Build.Clock("2026-11-23T10:00:00Z");
        var instance = Build.Instance("A.6.2.6", clock, cadence: EvidenceCadence.Yearly);

        Assert.Equal(new DateOnly(2026, 12, 23), instance.NextDue);
        clock.Advance(TimeSpan.FromDays(31));
        Assert.Equal(DueState.Overdue, instance.DueStatus(clock).State);
    }

    [Fact]
    public void Once_evidence_is_accepted_the_full_cadence_applies_again()
    {
        var clock = Build.Clock("2026-11-23T10:00:00Z");
        var instance = Build.Instance("A.6.2.6", clock, cadence: EvidenceCadence.Yearly);
        var draft = new EvidenceDraft(EvidenceKind.Note, null, "Reviewed the signed policy.", new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 23));
        var evidence = Build.Ok(EvidenceRecord.Submit(draft, instance, Actors.Lead, Zones.Utc, clock));

        var evidenced = Build.Ok(instance.AcceptEvidence(evidence));

        Assert.Equal(new DateOnly(2027, 11, 23), evidenced.NextDue);
    }

    [Fact]
    public void The_first_period_closed_as_not_applicable_starts_a_full_period()
    {
        var clock = Build.Clock("2026-11-23T10:00:00Z");
        var instance = Build.Owned(Build.Instance("A.6.2.6", clock, cadence: EvidenceCadence.Yearly), Actors.Owner);

        var closed = Build.Ok(instance.DeclarePeriodNotApplicable(new DateOnly(2026, 12, 23), "The system was not in use this period.", Actors.Owner));

        Assert.Equal(new DateOnly(2027, 12, 23), closed.NextDue);
    }

    [Fact]
    public void Changing_the_cadence_before_any_evidence_restarts_the_30_day_window()
    {
        var clock = Build.Clock("2026-11-23T10:00:00Z");
        var instance = Build.Instance("A.6.2.6", clock, cadence: EvidenceCadence.Yearly);
        clock.Advance(TimeSpan.FromDays(10));

        var changed = Build.Ok(instance.SetCadence(EvidenceCadence.Quarterly, Actors.Lead, clock));

        Assert.Equal(new DateOnly(2027, 1, 2), changed.NextDue);
    }

    [Fact]
    public void Assigning_an_owner_does_not_restart_the_window()
    {
        var clock = Build.Clock("2026-11-23T10:00:00Z");
        var instance = Build.Instance("A.6.2.6", clock, cadence: EvidenceCadence.Yearly);
        clock.Advance(TimeSpan.FromDays(20));

        var owned = Build.Owned(instance, Actors.Owner);

        Assert.Equal(new DateOnly(2026, 12, 23), owned.NextDue);
    }

    [Theory]
    // 11:00 UTC on 23 November 2026 is 00:00 on the 24th in Auckland (NZDT) and 03:00 on the 23rd in Los Angeles.
    [InlineData("Pacific/Auckland", "2026-12-24")]
    [InlineData("America/Los_Angeles", "2026-12-23")]
    [InlineData("UTC", "2026-12-23")]
    public void The_window_counts_from_the_local_date_the_schedule_started_in_the_due_zone(string zone, string expected)
    {
        var clock = Build.Clock("2026-11-23T11:00:00Z");
        var instance = Build.Instance("A.6.2.6", clock, cadence: EvidenceCadence.Yearly, zone: TimeZoneInfo.FindSystemTimeZoneById(zone));

        Assert.Equal(D(expected), instance.NextDue);
    }

    [Fact]
    public void A_control_without_a_cadence_is_never_due()
    {
        var clock = Build.Clock("2026-11-23T10:00:00Z");

        Assert.Null(Build.Instance("A.6.2.6", clock).NextDue);
    }
}
