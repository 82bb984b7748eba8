using AimsBot.Domain.Nudges;
using AimsBot.Domain.Scheduling;
using Microsoft.Extensions.Time.Testing;

namespace AimsBot.Domain.Tests.Nudges;

public sealed class NudgePolicyTests
{
    private static readonly NudgeSchedule Rules = new(NoticeDays: 7, ReminderIntervalDays: 3, MaxSnoozes: 2, EscalationDays: [7, 21]);
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly Today = new(2026, 11, 23);
    private readonly FakeTimeProvider _clock = new(Now);

    private NudgeDecision Decide(int daysUntilDue, NudgeMemory? memory = null) =>
        NudgePolicy.Decide(Today.AddDays(daysUntilDue), TimeZoneInfo.Utc, memory ?? NudgeMemory.None, Rules, _clock);

    [Theory]
    [InlineData(8, ReminderVerdict.NotDue)]
    [InlineData(7, ReminderVerdict.Remind)]
    [InlineData(0, ReminderVerdict.Remind)]
    [InlineData(-30, ReminderVerdict.Remind)]
    public void The_notice_window_opens_notice_days_before_the_due_date_and_stays_open_while_overdue(int days, ReminderVerdict expected) =>
        Assert.Equal(expected, Decide(days).Verdict);

    [Fact]
    public void A_snooze_taken_after_the_last_reminder_decides_when_the_next_one_goes()
    {
        var memory = new NudgeMemory(1, Now.AddDays(-2), Now.AddHours(-1), 1, 0);

        var decision = Decide(2, memory);

        Assert.Equal((ReminderVerdict.Remind, 2), (decision.Verdict, decision.ReminderNumber));
    }

    [Fact]
    public void Without_a_snooze_the_next_reminder_waits_for_the_interval()
    {
        Assert.Equal(ReminderVerdict.RemindedRecently, Decide(2, new NudgeMemory(1, Now.AddDays(-2), null, 0, 0)).Verdict);
        Assert.Equal(ReminderVerdict.Remind, Decide(2, new NudgeMemory(1, Now.AddDays(-3), null, 0, 0)).Verdict);
    }

    [Fact]
    public void Snoozing_does_not_hold_back_escalation()
    {
        var decision = Decide(-7, new NudgeMemory(1, Now.AddDays(-1), Now.AddDays(1), 1, 0));

        Assert.Equal((ReminderVerdict.Snoozed, 1), (decision.Verdict, decision.EscalateTo));
    }

    [Fact]
    public void Using_up_the_snoozes_while_overdue_escalates_to_level_one_at_once()
    {
        Assert.Equal(1, Decide(-1, new NudgeMemory(2, Now.AddDays(-5), Now.AddDays(-1), 2, 0)).EscalateTo);
        Assert.Equal(0, Decide(2, new NudgeMemory(2, Now.AddDays(-5), Now.AddDays(-1), 2, 0)).EscalateTo);
        Assert.Equal(0, Decide(-1, new NudgeMemory(2, Now.AddDays(-5), Now.AddDays(-1), 1, 0)).EscalateTo);
    }

    [Fact]
    public void Each_level_is_owed_once_and_a_jump_owes_only_the_highest_reached()
    {
        Assert.Equal(0, Decide(-10, new NudgeMemory(1, Now.AddDays(-1), null, 0, 1)).EscalateTo);
        Assert.Equal(2, Decide(-21, new NudgeMemory(1, Now.AddDays(-1), null, 0, 1)).EscalateTo);
        Assert.Equal(2, Decide(-40).EscalateTo);
        Assert.Equal(0, Decide(-40, new NudgeMemory(1, Now.AddDays(-1), null, 0, 2)).EscalateTo);
    }
}
