using AimsBot.Domain.Nudges;
using AimsBot.Domain.Register;
using AimsBot.Domain.Scheduling;
using AimsBot.Domain.Tests.Support;

namespace AimsBot.Domain.Tests.Nudges;

public class NudgeRulesTests
{
    private static readonly DateTimeOffset Now = new(2025, 3, 10, 9, 0, 0, TimeSpan.Zero);
    private const string Reason = "The system was switched off for the whole quarter.";

    [Theory]
    [InlineData("1d", 1)]
    [InlineData("3d", 3)]
    [InlineData("1w", 7)]
    public void A_snooze_puts_reminders_off_from_now_and_counts_once(string code, int days)
    {
        var snoozed = Build.Ok(NudgeRules.Snooze(NudgeRules.ParseSnooze(code), 0, 2, Now, "the compliance leads"));

        Assert.Equal(Now.AddDays(days), snoozed.Until);
        Assert.Equal(1, snoozed.Count);
    }

    [Fact]
    public void Snoozes_are_bounded_and_the_refusal_says_what_comes_next()
    {
        var error = Build.Fails(NudgeRules.Snooze(SnoozeLength.OneDay, 2, 2, Now, "the compliance leads"), "nudge.snooze.exhausted");

        Assert.Contains("You've snoozed this 2 times", error.Message, StringComparison.Ordinal);
        Assert.Contains("escalated to the compliance leads", error.Message, StringComparison.Ordinal);
        Build.Fails(NudgeRules.Snooze(NudgeRules.ParseSnooze("2w"), 0, 2, Now, "x"), "nudge.snooze.length");
    }

    [Fact]
    public void A_reassignment_is_approved_by_a_lead_who_did_not_ask_and_declined_by_any_lead()
    {
        Assert.Null(NudgeRules.MayDecideReassignment(Actors.OtherLead, Actors.Lead.UserId, approve: true));
        Assert.NotNull(NudgeRules.MayDecideReassignment(Actors.Lead, Actors.Lead.UserId, approve: true));
        Assert.Null(NudgeRules.MayDecideReassignment(Actors.Lead, Actors.Lead.UserId, approve: false));
        Assert.NotNull(NudgeRules.MayDecideReassignment(Actors.Owner, "someone", approve: true));
        Assert.NotNull(NudgeRules.MayDecideReassignment(Actors.Auditor, "someone", approve: false));
    }

    [Fact]
    public void Not_applicable_this_period_closes_the_current_period_without_touching_the_last_evidence()
    {
        var clock = Build.Clock("2025-03-10T09:00:00Z");
        var instance = Build.Owned(Build.Instance("A.2.2", clock, cadence: EvidenceCadence.Quarterly), Actors.Owner);
        var due = instance.NextDue!.Value;

        var closed = Build.Ok(instance.DeclarePeriodNotApplicable(due, Reason, Actors.Owner));

        Assert.Equal(due, closed.NotApplicableThrough);
        Assert.Equal(Reason, closed.NotApplicableReason);
        Assert.Equal(due.AddMonths(3), closed.NextDue);
        Assert.Null(closed.LastEvidenceAt);
        Assert.Equal(closed.NextDue, Build.Ok(ControlInstance.Restore(closed.ToState())).NextDue);
        Build.Fails(closed.DeclarePeriodNotApplicable(due, Reason, Actors.Owner), "control.period.closed");
    }

    [Fact]
    public void Not_applicable_needs_a_reason_and_the_owner_or_a_lead()
    {
        var clock = Build.Clock("2025-03-10T09:00:00Z");
        var instance = Build.Owned(Build.Instance("A.2.2", clock, cadence: EvidenceCadence.Quarterly), Actors.Owner);
        var due = instance.NextDue!.Value;

        Build.Fails(instance.DeclarePeriodNotApplicable(due, "  ", Actors.Owner), "control.period.reason-required");
        Build.Fails(instance.DeclarePeriodNotApplicable(due, "n/a", Actors.Owner), "control.period.reason.too-short");
        Build.Fails(instance.DeclarePeriodNotApplicable(due, Reason, Actors.Stranger), "access.refused");
        Build.Ok(instance.DeclarePeriodNotApplicable(due, Reason, Actors.Lead));
    }
}
