using AimsBot.Domain.Access;
using AimsBot.Domain.Assessments;
using AimsBot.Domain.Register;
using AimsBot.Domain.Scheduling;
using AimsBot.Domain.Tests.Support;
using AimsBot.Testing;
using Microsoft.Extensions.Time.Testing;

namespace AimsBot.Domain.Tests.Assessments;

/// <summary>What makes an assessment due: its approved version's date, a significant change, and who may say one happened.</summary>
public class AssessmentDueTests
{
    private const int WarningDays = 30;
    private static readonly TimeZoneInfo London = TimeZones.FindOrUtc("Europe/London");

    [Theory]
    [InlineData("2027-01-31", "2026-12-31", AssessmentStanding.Approved)] // 31 days before a month end
    [InlineData("2027-01-31", "2027-01-01", AssessmentStanding.DueSoon)] // 30 days before
    [InlineData("2027-01-31", "2027-01-30", AssessmentStanding.DueSoon)]
    [InlineData("2027-01-31", "2027-01-31", AssessmentStanding.Due)]
    [InlineData("2027-01-31", "2027-02-01", AssessmentStanding.Overdue)]
    [InlineData("2028-02-29", "2028-01-30", AssessmentStanding.DueSoon)] // a leap day: 30 days before
    [InlineData("2028-02-29", "2028-02-29", AssessmentStanding.Due)]
    [InlineData("2028-02-29", "2028-03-01", AssessmentStanding.Overdue)]
    public void An_approved_assessment_is_due_soon_within_the_warning_window_due_on_its_day_and_overdue_after(string due, string today, AssessmentStanding expected)
    {
        var standing = AssessmentDue.Of(Approved(DateOnly.Parse(due)), null, DateOnly.Parse(today), WarningDays, London);

        Assert.Equal(expected, standing.Standing);
        Assert.Equal(DateOnly.Parse(due), standing.DueOn);
        Assert.Equal(DateOnly.Parse(due).DayNumber - DateOnly.Parse(today).DayNumber, standing.DaysLeft);
    }

    [Fact]
    public void A_change_makes_an_approved_assessment_due_now_until_a_version_is_started_or_submitted_after_it()
    {
        var clock = new FakeTimeProvider(TestClock.Default);
        var system = AssessmentTestData.System(clock);
        var change = SignificantChange.Raise(system, Actors.Owner, "  It now also scores small-business loans. ", clock).Value!;
        var today = DateOnly.FromDateTime(TestClock.Default.UtcDateTime);

        var approved = Approved(today.AddMonths(5)) with { StartedAt = TestClock.Default.AddDays(-90), SubmittedAt = TestClock.Default.AddDays(-80) };
        var due = AssessmentDue.Of(approved, change, today, WarningDays, London);
        Assert.Equal((AssessmentStanding.Due, today, "It now also scores small-business loans."), (due.Standing, due.DueOn, due.Change?.Reason));
        Assert.StartsWith("due now", due.Describe(), StringComparison.Ordinal);

        // A new version started after it answers it; so does one submitted after it.
        var started = approved with { Version = 2, Status = AssessmentStatus.Draft, StartedAt = TestClock.Default.AddMinutes(1), SubmittedAt = null, NextReassessmentDue = null };
        Assert.Equal((AssessmentStanding.Draft, null), (AssessmentDue.Of(started, change, today, WarningDays, London).Standing, AssessmentDue.Of(started, change, today, WarningDays, London).Change));
        var resubmitted = approved with { Status = AssessmentStatus.Submitted, SubmittedAt = TestClock.Default.AddHours(1) };
        Assert.True(change.IsAnsweredBy(resubmitted));
        Assert.False(change.IsAnsweredBy(approved));
        Assert.False(change.IsAnsweredBy(null));

        // Never assessed: none, with the change to cover.
        Assert.Equal((AssessmentStanding.None, change), (AssessmentDue.Of(null, change, today, WarningDays, London).Standing, AssessmentDue.Of(null, change, today, WarningDays, London).Change));
    }

    [Fact]
    public void Only_the_owner_or_a_compliance_lead_records_a_change_and_it_needs_a_reason_of_ten_characters_on_one_line()
    {
        var clock = new FakeTimeProvider(TestClock.Default);
        var system = AssessmentTestData.System(clock);

        Assert.True(SignificantChange.Raise(system, Actors.Lead, "New data source added", clock).IsSuccess);
        Assert.Contains("Only the AI system's owner or a compliance lead", SignificantChange.Raise(system, Actors.Approver, "New data source added", clock).ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("read-only", SignificantChange.Raise(system, Actor.Create("owner-1", Role.Auditor), "New data source added", clock).ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("is required", SignificantChange.Raise(system, Actors.Owner, "   ", clock).ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("at least 10 characters", SignificantChange.Raise(system, Actors.Owner, "new model", clock).ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("at most 1000 characters", SignificantChange.Raise(system, Actors.Owner, new string('x', 1001), clock).ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("single line", SignificantChange.Raise(system, Actors.Owner, "New data\nsource added", clock).ErrorMessage, StringComparison.Ordinal);

        var retired = system.ChangeStatus(SystemStatus.Retired, Actors.Lead).Value!;
        Assert.Contains("is retired", SignificantChange.Raise(retired, Actors.Owner, "New data source added", clock).ErrorMessage, StringComparison.Ordinal);
    }

    private static ImpactAssessmentState Approved(DateOnly nextDue)
    {
        var approvedAt = TestClock.Default.AddDays(-30);
        return new ImpactAssessmentState(
            "0193a0000000700080000000000000aa", "credit-scorer", 1, "impact-assessment", "1.0", "owner-1", AssessmentStatus.Approved, 7,
            new Dictionary<string, IReadOnlyList<IReadOnlyDictionary<string, string>>>(), new Dictionary<string, string>(), new Dictionary<string, IReadOnlyList<string>>(),
            [new AssessmentDecision(AssessmentDecisionKind.Approved, "approver-1", approvedAt, null)],
            approvedAt.AddDays(-10), approvedAt.AddDays(-2), ImpactLevel.Medium, nextDue);
    }
}
