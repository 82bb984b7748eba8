using AimsBot.Nonconformities;

namespace AimsBot.Host.Tests.Nonconformities;

/// <summary>A nonconformity step not done by its due date: nudged to its owner through the outbox, escalated to the leads, once each.</summary>
public sealed class NonconformityStepNudgeTests : NonconformityFollowUpHost
{
    [Fact]
    public async Task An_overdue_correction_is_nudged_to_its_owner_once_per_interval_and_escalated_to_the_leads_at_seven_days()
    {
        var id = await RaiseAsync("Drift check skipped in March");
        await TriageAsync(id, correctionDays: 3);

        // In the notice window: one reminder, however many scans run.
        await Scan.RunAsync();
        await Scan.RunAsync();
        await DrainAsync();
        var due = Assert.Single(Received(NcOwner), r => Shown(r).Contains("A nonconformity step is due", StringComparison.Ordinal));
        Assert.Contains("Correction and containment** of **NC-1**", Shown(due), StringComparison.Ordinal);
        Assert.Contains("due in 3 days", Shown(due), StringComparison.Ordinal);
        Assert.Contains(NonconformityCards.ShowVerb, Shown(due), StringComparison.Ordinal);

        // Seven days overdue: the overdue reminder and the leads' escalation, once.
        Clock.SetUtcNow(Start.AddDays(10));
        await Scan.RunAsync();
        await Scan.RunAsync();
        await DrainAsync();
        var overdue = Assert.Single(Received(NcOwner), r => Shown(r).Contains("A nonconformity step is overdue", StringComparison.Ordinal));
        Assert.Contains("overdue by 7 days", Shown(overdue), StringComparison.Ordinal);
        var escalation = Assert.Single(Received(Lead), r => Shown(r).Contains("Escalation level 1: a nonconformity step is overdue", StringComparison.Ordinal));
        Assert.Contains("it waits for Nia Owner", Shown(escalation), StringComparison.Ordinal);

        // Once the step is done, the old one sends nothing more and the next step (root cause, due on day 10) has its own clock.
        await CorrectAsync(id);
        Clock.SetUtcNow(Start.AddDays(14));
        await Scan.RunAsync();
        await DrainAsync();
        Assert.Single(Received(NcOwner), r => Shown(r).Contains("**Correction and containment** of", StringComparison.Ordinal) && Shown(r).Contains("is overdue", StringComparison.Ordinal));
        Assert.Contains("overdue by 4 days", Shown(Assert.Single(Received(NcOwner), r => Shown(r).Contains("**Root cause** of", StringComparison.Ordinal))), StringComparison.Ordinal);
        Assert.Single(Received(Lead), r => Shown(r).Contains("Escalation level 1", StringComparison.Ordinal));
    }
}
