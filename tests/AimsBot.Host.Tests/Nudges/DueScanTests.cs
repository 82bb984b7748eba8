using System.Globalization;
using System.Text.Json.Nodes;
using AimsBot.Domain.Scheduling;
using AimsBot.Storage.Outbox;
using AimsBot.Testing;

namespace AimsBot.Host.Tests.Nudges;

/// <summary>The due scan with Graph off, driven by a fake clock: what owners and compliance leads receive, and when.</summary>
public sealed class DueScanTests : NudgeScanHost
{
    private const string Owner = "aad-owner-0001";
    private const string Kiwi = "aad-owner-kiwi";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await PersonAsync(Owner, "Olive Owner", "Europe/London");
    }

    [Fact]
    public async Task Evidence_not_due_within_the_notice_window_sends_nothing()
    {
        await ControlAsync("A.6.2.6", Owner, Today.AddDays(20));

        var report = await Scan.RunAsync();
        await DrainAsync();

        Assert.Equal(0, report.Due + report.Overdue + report.Queued);
        Assert.Empty(Received(Owner));
    }

    [Fact]
    public async Task Two_controls_due_soon_reach_the_owner_as_one_card_and_a_rerun_sends_no_second()
    {
        await ControlAsync("A.6.2.6", Owner, Today.AddDays(3));
        await ControlAsync("A.5.2", Owner, Today.AddDays(5));

        var first = await Scan.RunAsync();
        var again = await Scan.RunAsync();
        await DrainAsync();

        Assert.Equal((2, 0, 1), (first.Due, first.Overdue, first.Queued));
        Assert.Equal(0, again.Queued);
        var card = Shown(Assert.Single(Received(Owner)));
        Assert.Contains("A.6.2.6", card, StringComparison.Ordinal);
        Assert.Contains("A.5.2", card, StringComparison.Ordinal);
        Assert.Contains("due soon for 2 of your controls", card, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Overdue_evidence_is_called_overdue_and_the_next_reminder_waits_for_the_interval()
    {
        await ControlAsync("A.6.2.6", Owner, Today.AddDays(-2));

        await Scan.RunAsync();
        Clock.Advance(TimeSpan.FromDays(1));
        var tooSoon = await Scan.RunAsync();
        await DrainAsync();

        var first = Shown(Assert.Single(Received(Owner)));
        Assert.Contains("overdue by 2 days", first, StringComparison.Ordinal);
        Assert.Equal(0, tooSoon.Queued);

        Clock.Advance(TimeSpan.FromDays(2)); // three days after the first reminder (Thursday, in working hours)
        var second = await Scan.RunAsync();
        await DrainAsync();

        Assert.Equal(1, second.Queued);
        var reminders = Received(Owner);
        Assert.Equal(2, reminders.Count);
        Assert.Contains("overdue by 5 days", Shown(reminders[1]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_snoozed_control_is_not_nudged_until_the_snooze_ends()
    {
        var due = Today.AddDays(2);
        await ControlAsync("A.6.2.6", Owner, due);
        // The card's snooze action, standing in: snoozed for a day.
        var state = await States.GetOrNewAsync(Tenant + "|org", "A.6.2.6", due);
        state.SnoozedUntil = Start.AddDays(1);
        state.SnoozeCount = 1;
        await States.SaveAsync(state);

        var during = await Scan.RunAsync();
        await DrainAsync();
        Assert.Equal((1, 0, 1), (during.Due, during.Queued, during.Snoozed));
        Assert.Empty(Received(Owner));

        Clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(15));
        var after = await Scan.RunAsync();
        await DrainAsync();
        Assert.Equal(1, after.Queued);
        Assert.Single(Received(Owner));
    }

    [Fact]
    public async Task Outside_working_hours_the_card_waits_for_the_next_opening_in_the_owners_zone()
    {
        await PersonAsync(Kiwi, "Kiri Owner", "Pacific/Auckland");
        await ControlAsync("A.6.2.6", Owner, Today.AddDays(2));
        await ControlAsync("A.5.2", Kiwi, Today.AddDays(2), zone: "Pacific/Auckland", ownerName: "Kiri Owner");

        var report = await Scan.RunAsync();
        var pending = await Outbox.InStateAsync(Tenant, OutboxStates.Pending);

        Assert.Equal(2, report.Queued);
        // 10:00 Monday in London is inside the window; it is 23:00 in Auckland, so Tuesday 09:00 NZDT (20:00 UTC Monday).
        Assert.Equal(Start, pending.Single(m => m.RecipientUserKey == Owner).NotBefore);
        Assert.Equal(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.FromHours(13)), pending.Single(m => m.RecipientUserKey == Kiwi).NotBefore);

        await DrainAsync();
        Assert.Single(Received(Owner));
        Assert.Empty(Received(Kiwi));

        Clock.Advance(TimeSpan.FromHours(10));
        await DrainAsync();
        Assert.Single(Received(Kiwi));
    }

    /// <summary>When each owner's card may go, stated per critical day: the next 09:00 on a weekday in their own zone, across the clock changes.</summary>
    public static TheoryData<string, string, string> OpeningsOnCriticalDays => new()
    {
        // Thursday 10:00 GMT in London (inside); 23:00 NZDT in Auckland → Friday 1 January 09:00 NZDT.
        { "2026-12-31 year end", "2026-12-31T10:00:00Z", "2026-12-31T20:00:00Z" },
        // Sunday in both → Monday 1 March 09:00 GMT, and 09:00 NZDT.
        { "2027-02-28 end of February", "2027-03-01T09:00:00Z", "2027-02-28T20:00:00Z" },
        // Sunday, first day of BST → Monday 09:00 BST (08:00 UTC); Auckland still on NZDT.
        { "2027-03-28 London clocks go forward", "2027-03-29T08:00:00Z", "2027-03-28T20:00:00Z" },
        // Sunday, Auckland's first day back on NZST (+12) → Monday 09:00 NZST is 21:00 UTC.
        { "2027-04-04 Auckland clocks go back", "2027-04-05T08:00:00Z", "2027-04-04T21:00:00Z" },
        // Sunday, Auckland's first day on NZDT (+13) → Monday 09:00 NZDT is 20:00 UTC.
        { "2027-09-26 Auckland clocks go forward", "2027-09-27T08:00:00Z", "2027-09-26T20:00:00Z" },
        // Tuesday 10:00 GMT (inside); 23:00 NZDT → Wednesday 1 March 09:00 NZDT.
        { "2028-02-29 leap day", "2028-02-29T10:00:00Z", "2028-02-29T20:00:00Z" },
    };

    [Theory]
    [MemberData(nameof(OpeningsOnCriticalDays))]
    public async Task On_critical_days_each_card_waits_for_working_hours_in_its_owners_zone(string day, string london, string auckland)
    {
        Clock.SetUtcNow(TestClock.At(day));
        var londonOpens = DateTimeOffset.Parse(london, CultureInfo.InvariantCulture);
        var aucklandOpens = DateTimeOffset.Parse(auckland, CultureInfo.InvariantCulture);
        await PersonAsync(Kiwi, "Kiri Owner", "Pacific/Auckland");
        await ControlAsync("A.6.2.6", Owner, LocalToday("Europe/London").AddDays(2));
        await ControlAsync("A.5.2", Kiwi, LocalToday("Pacific/Auckland").AddDays(2), zone: "Pacific/Auckland", ownerName: "Kiri Owner");

        var report = await Scan.RunAsync();
        var pending = await Outbox.InStateAsync(Tenant, OutboxStates.Pending);

        Assert.Equal((2, 2), (report.Due, report.Queued));
        Assert.Equal(londonOpens, pending.Single(m => m.RecipientUserKey == Owner).NotBefore);
        Assert.Equal(aucklandOpens, pending.Single(m => m.RecipientUserKey == Kiwi).NotBefore);

        // Nothing goes before its opening; each goes once it has come.
        var first = londonOpens < aucklandOpens ? londonOpens : aucklandOpens;
        if (first > Clock.GetUtcNow())
        {
            Clock.SetUtcNow(first.AddMinutes(-1));
            await DrainAsync();
            Assert.Empty(Received(Owner));
            Assert.Empty(Received(Kiwi));
        }

        Clock.SetUtcNow(londonOpens > aucklandOpens ? londonOpens : aucklandOpens);
        await DrainAsync();
        Assert.Contains("due soon", Shown(Assert.Single(Received(Owner))), StringComparison.Ordinal);
        Assert.Contains("due soon", Shown(Assert.Single(Received(Kiwi))), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestClock.Days), MemberType = typeof(TestClock))]
    public async Task On_every_test_day_overdue_days_reminders_and_escalation_at_7_and_21_days_count_calendar_days(string day)
    {
        Clock.SetUtcNow(TestClock.At(day));
        await ControlAsync("A.6.2.6", Owner, LocalToday("Europe/London").AddDays(-7));

        var first = await Scan.RunAsync();
        Assert.Equal((1, 1, 1), (first.Overdue, first.Queued, first.Escalated));
        Assert.Contains("overdue by 7 days", await PendingCardAsync(Owner, "overdue by"), StringComparison.Ordinal);
        Assert.Contains("Escalation level 1", await PendingCardAsync(Lead, "Escalation level 1"), StringComparison.Ordinal);

        Clock.Advance(TimeSpan.FromDays(1));
        var tooSoon = await Scan.RunAsync();
        Assert.Equal((0, 0), (tooSoon.Queued, tooSoon.Escalated));

        Clock.Advance(TimeSpan.FromDays(2)); // the reminder interval (3 days) after the first
        var reminder = await Scan.RunAsync();
        Assert.Equal((1, 0), (reminder.Queued, reminder.Escalated));
        Assert.Contains("overdue by 10 days", await PendingCardAsync(Owner, "overdue by 10 days"), StringComparison.Ordinal);

        Clock.Advance(TimeSpan.FromDays(10)); // 20 days overdue: still level 1
        Assert.Equal(0, (await Scan.RunAsync()).Escalated);
        Clock.Advance(TimeSpan.FromDays(1)); // 21 days overdue
        var level2 = await Scan.RunAsync();
        Assert.Equal(1, level2.Escalated);
        Assert.Contains("Escalation level 2", await PendingCardAsync(Lead, "Escalation level 2"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Overdue_by_the_escalation_days_tells_the_compliance_leads_once_per_level_and_says_the_manager_is_unknown()
    {
        await ControlAsync("A.6.2.6", Owner, Today.AddDays(-7));

        var first = await Scan.RunAsync();
        Clock.Advance(TimeSpan.FromDays(3));
        var rerun = await Scan.RunAsync();
        await DrainAsync();

        Assert.Equal(1, first.Escalated);
        Assert.Equal(0, rerun.Escalated);
        var escalation = Shown(Assert.Single(Received(Lead)));
        Assert.Contains("Escalation level 1", escalation, StringComparison.Ordinal);
        Assert.Contains("Microsoft Graph is off", escalation, StringComparison.Ordinal);

        Clock.Advance(TimeSpan.FromDays(11)); // 21 days overdue
        var level2 = await Scan.RunAsync();
        await Scan.RunAsync();
        await DrainAsync();

        Assert.Equal(1, level2.Escalated);
        var leads = Received(Lead);
        Assert.Equal(2, leads.Count);
        Assert.Contains("Escalation level 2", Shown(leads[1]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Several_controls_of_one_owner_escalated_together_reach_each_lead_as_one_card()
    {
        await ControlAsync("A.6.2.6", Owner, Today.AddDays(-8));
        await ControlAsync("A.2.2", Owner, Today.AddDays(-7));
        await ControlAsync("A.5.2", Owner, Today.AddDays(-9));

        var first = await Scan.RunAsync();
        var rerun = await Scan.RunAsync();
        await DrainAsync();

        Assert.Equal(3, first.Escalated);
        Assert.Equal(0, rerun.Escalated);
        var escalation = Shown(Assert.Single(Received(Lead)));
        Assert.Contains("Escalation level 1", escalation, StringComparison.Ordinal);
        Assert.Contains("3 controls", escalation, StringComparison.Ordinal);
        foreach (var control in new[] { "A.6.2.6", "A.2.2", "A.5.2" })
        {
            Assert.Contains(control, escalation, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task An_owner_the_bot_cannot_reach_is_reported_to_the_leads_once()
    {
        const string Silent = "aad-owner-silent";
        await PersonAsync(Silent, "Sam Silent", withConversation: false);
        await ControlAsync("A.6.2.6", Silent, Today.AddDays(1), ownerName: "Sam Silent");
        await ControlAsync("A.5.2", null, Today.AddDays(1));

        var report = await Scan.RunAsync();
        var again = await Scan.RunAsync();
        await DrainAsync();

        // Queued: the leads' summary of the control with no owner (A.5.2); the unreachable owner's card is not queued.
        Assert.Equal((2, 1, 1, 1), (report.Due, report.Queued, report.Unreachable, report.NoOwner));
        Assert.Equal((1, 0), (again.Unreachable, again.Queued));
        var received = Received(Lead).Select(Shown).ToList();
        Assert.Equal(2, received.Count);
        Assert.Contains("A.5.2", Assert.Single(received, r => r.Contains("Controls due with no owner", StringComparison.Ordinal)), StringComparison.Ordinal);
        var told = Assert.Single(received, r => r.Contains("can't be reached", StringComparison.Ordinal));
        Assert.Contains("Sam Silent", told, StringComparison.Ordinal);
        Assert.Contains("Microsoft Graph is off", told, StringComparison.Ordinal);
        Assert.Contains("A.6.2.6", told, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_owner_who_blocked_the_bot_is_unreachable_and_gets_nothing()
    {
        await ControlAsync("A.6.2.6", Owner, Today.AddDays(1));
        await Bot.Users.MarkUnreachableAsync(Tenant, Owner, "blocked");

        var report = await Scan.RunAsync();
        await DrainAsync();

        Assert.Equal((0, 1), (report.Queued, report.Unreachable));
        Assert.Empty(Received(Owner));
        Assert.Contains("blocked AimsBot", Shown(Assert.Single(Received(Lead))), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Nudge_now_answers_a_compliance_lead_with_the_counts()
    {
        await ControlAsync("A.6.2.6", Owner, Today.AddDays(2));
        await ControlAsync("A.5.2", Owner, Today.AddDays(-3));
        await ControlAsync("A.5.3", null, Today.AddDays(-1));

        var reply = await SayAsync("nudge now", Lead);

        Assert.Contains("1 due, 2 overdue, 2 queued, 0 unreachable, 0 installing, 1 no owner, 0 escalated", (string?)reply["summary"], StringComparison.Ordinal);
        Assert.Contains("Cards queued", Shown(reply), StringComparison.Ordinal);
        // nudge now also asks for a drain, which may already be sending it: the card is queued once, in any state.
        var queued = new List<OutboxMessage>();
        foreach (var state in new[] { OutboxStates.Pending, OutboxStates.Sending, OutboxStates.Sent })
        {
            queued.AddRange(await Outbox.InStateAsync(Tenant, state));
        }

        Assert.Single(queued.Where(m => m.RecipientUserKey == Owner).Select(m => m.RowKey).Distinct()); // a row seen in two states while it moves is one row
        // A.5.3 has no owner: the compliance lead gets the one summary instead.
        Assert.Single(queued.Where(m => m.RecipientUserKey == Lead && m.Purpose == "unowned").Select(m => m.RowKey).Distinct());
    }

    [Fact]
    public async Task Nudge_now_by_someone_who_is_not_a_compliance_lead_is_refused_and_queues_nothing()
    {
        await ControlAsync("A.6.2.6", Owner, Today.AddDays(2));

        var reply = await SayAsync("nudge now", Owner);

        Assert.Contains("not available to you", Shown(reply), StringComparison.Ordinal);
        Assert.Empty(await Outbox.InStateAsync(Tenant, OutboxStates.Pending));
        Assert.Empty(await Outbox.InStateAsync(Tenant, OutboxStates.Sent));
    }

    private DateOnly LocalToday(string zone) => DueDateCalculator.Today(Clock, TimeZones.FindOrUtc(zone));

    /// <summary>What the queued (not yet sent) message to a person that contains <paramref name="marker"/> shows.</summary>
    private async Task<string> PendingCardAsync(string recipient, string marker)
    {
        var shown = (await Outbox.InStateAsync(Tenant, OutboxStates.Pending))
            .Where(m => m.RecipientUserKey == recipient)
            .Select(m => Shown(JsonNode.Parse(m.ActivityJson)!))
            .Where(text => text.Contains(marker, StringComparison.Ordinal))
            .ToList();
        return Assert.Single(shown);
    }
}
