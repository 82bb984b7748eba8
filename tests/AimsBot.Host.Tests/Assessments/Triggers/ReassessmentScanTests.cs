using AimsBot.Assessments.Triggers;
using AimsBot.Domain.Register;

namespace AimsBot.Host.Tests.Assessments.Triggers;

/// <summary>
/// The due scan's part for impact assessments, with the clock at stated instants: an approved assessment's owner is
/// asked for the new version once per due date — whether the scan first sees it due soon, due or overdue, however
/// often it runs — the leads hear of it once it is a week overdue, and a system in use that was never approved is
/// asked for its assessment once.
/// </summary>
public sealed class ReassessmentScanTests : TriggersHostTest
{
    [Fact]
    public async Task A_month_end_due_date_brings_one_card_from_the_warning_window_on_and_none_again_at_or_after_it()
    {
        // Approved for a year; the next is due on Thursday 31 December 2026, a month end. The warning window is 30 days.
        var system = await SystemAsync("Credit Scorer");
        var due = new DateOnly(2026, 12, 31);
        await ApprovedAsync(system.Id, due);

        MoveTo(due.AddDays(-31));
        var outside = await Scan.RunAsync();
        Assert.Equal(0, outside.Queued);
        Assert.Empty(await QueuedAsync(Owner));

        MoveTo(due.AddDays(-30));
        var first = await Scan.RunAsync();
        var rerun = await Scan.RunAsync();
        Assert.Equal((1, 0), (first.Queued, rerun.Queued));
        var card = Assert.Single(await QueuedAsync(Owner));
        Assert.Contains("Credit Scorer needs a new impact assessment by 2026-12-31", card, StringComparison.Ordinal);
        Assert.Contains("due for review on 2026-12-31, in 30 days", card, StringComparison.Ordinal);
        Assert.Contains("Start the new version", card, StringComparison.Ordinal);

        // On the day and after it, the same due date is not asked about again.
        foreach (var day in new[] { due.AddDays(-1), due, due.AddDays(1) })
        {
            MoveTo(day);
            Assert.Equal(0, (await Scan.RunAsync()).Queued);
        }

        // Three weeks overdue: only the compliance leads hear of it now.
        MoveTo(due.AddDays(20));
        Assert.Equal(1, (await Scan.RunAsync()).Queued);
        Assert.Single(await QueuedAsync(Lead, AssessmentCalls.LeadsPurpose));
        Assert.Single(await QueuedAsync(Owner));
    }

    [Fact]
    public async Task A_29_February_due_date_first_seen_overdue_is_called_overdue_once_and_the_leads_hear_of_it_once_a_week_on()
    {
        var system = await SystemAsync("Loan Advisor", tier: RiskTier.Limited);
        var due = new DateOnly(2028, 2, 29);
        await ApprovedAsync(system.Id, due);

        // The first scan after a long outage: 2 days overdue.
        MoveTo(new DateOnly(2028, 3, 2));
        await Scan.RunAsync();
        await Scan.RunAsync();
        var card = Assert.Single(await QueuedAsync(Owner));
        Assert.Contains("Loan Advisor's impact assessment is overdue", card, StringComparison.Ordinal);
        Assert.Contains("was due for review on 2028-02-29, 2 days ago", card, StringComparison.Ordinal);
        Assert.Empty(await QueuedAsync(Lead, AssessmentCalls.LeadsPurpose));

        // Seven days overdue (Nudges:EscalationDays starts at 7): the compliance leads are told, once.
        MoveTo(new DateOnly(2028, 3, 7));
        await Scan.RunAsync();
        MoveTo(new DateOnly(2028, 3, 8));
        await Scan.RunAsync();
        var leads = Assert.Single(await QueuedAsync(Lead, AssessmentCalls.LeadsPurpose));
        Assert.Contains("The impact assessment of Loan Advisor is overdue", leads, StringComparison.Ordinal);
        Assert.Contains("was due for review on 2028-02-29, 7 days ago", leads, StringComparison.Ordinal);
        Assert.Contains("Olive Owner", leads, StringComparison.Ordinal);
        Assert.Single(await QueuedAsync(Owner));
    }

    [Fact]
    public async Task The_next_approved_version_brings_its_own_due_date_and_its_own_card()
    {
        var system = await SystemAsync("Credit Scorer");
        await ApprovedAsync(system.Id, Today.AddDays(10));
        await Scan.RunAsync();

        // Reassessed: version 2 approved, due in half a year; 20 days before that, one new card.
        var next = Today.AddMonths(6);
        await ApprovedAsync(system.Id, next, version: 2);
        await Scan.RunAsync();
        MoveTo(next.AddDays(-20));
        await Scan.RunAsync();

        var cards = await QueuedAsync(Owner);
        Assert.Equal(2, cards.Count);
        Assert.Contains(cards, c => c.Contains($"version 2) is due for review on {next:yyyy-MM-dd}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_system_in_use_never_approved_is_asked_for_once_and_one_in_design_or_waiting_for_approval_is_not()
    {
        await SystemAsync("Chat Helper", LifecycleStage.Deployment);
        var drafted = await SystemAsync("Fraud Watch", LifecycleStage.Operation);
        await DraftAsync(drafted.Id);
        await SystemAsync("Idea Box", LifecycleStage.Design);

        await Scan.RunAsync();
        Clock.Advance(TimeSpan.FromDays(1));
        await Scan.RunAsync();

        var cards = await QueuedAsync(Owner);
        Assert.Equal(2, cards.Count);
        Assert.Contains(cards, c => c.Contains("Chat Helper needs an impact assessment", StringComparison.Ordinal) && c.Contains("It is in deployment without an approved impact assessment", StringComparison.Ordinal));
        Assert.Contains(cards, c => c.Contains("Fraud Watch needs an impact assessment", StringComparison.Ordinal));
        Assert.DoesNotContain(cards, c => c.Contains("Idea Box", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_system_added_in_operation_has_its_card_already_and_the_scan_sends_no_second()
    {
        await AddSystemAsync("Credit Scorer", owner: Owner + "@contoso.example");
        Assert.Single(await QueuedAsync(Owner));

        var report = await Scan.RunAsync();

        Assert.Equal(0, report.Queued);
        Assert.Single(await QueuedAsync(Owner));
    }
}
