using AimsBot.Risks.FollowUp;
using AimsBot.Storage.Risks;

namespace AimsBot.Host.Tests.Risks.FollowUp;

/// <summary>Treatment actions nudged by the due scan: the owner's card, Done and Snooze on it, escalation to the risk owner.</summary>
public sealed class RiskActionNudgeTests : RiskFollowUpHost
{
    [Fact]
    public async Task An_action_due_gets_one_card_across_two_scans_and_Done_completes_it_in_place()
    {
        var risk = await ApprovedRiskAsync("Thin-file applicants refused", [Today.AddDays(3)]);

        await ScanAsync();
        await ScanAsync();

        var card = Assert.Single(ActionCards(ActionOwner));
        Assert.Contains("Treatment action due", Text(card), StringComparison.Ordinal);
        Assert.Contains("R-1", Text(card), StringComparison.Ordinal);
        Assert.Contains("in 3 days", Text(card), StringComparison.Ordinal);
        Assert.Empty(ActionCards(RiskOwner));

        var answer = CardOf(await PressAsync(RiskFollowUpCards.DoneVerb, Button(card, RiskFollowUpCards.DoneVerb), ActionOwner, "Arun Actionowner"));

        Assert.Contains("Treatment action done", Text(answer), StringComparison.Ordinal);
        Assert.Contains("by Arun Actionowner", Text(answer), StringComparison.Ordinal);
        Assert.False(HasButton(answer, RiskFollowUpCards.DoneVerb));
        var stored = await StoredAsync(risk.Id);
        Assert.Equal(Clock.GetUtcNow(), stored.Plan.Action(1)!.DoneAt);
        Assert.Equal(ActionOwner, stored.Plan.Action(1)!.DoneBy);
        Assert.Single(await LedgerActionsAsync("R-1"), "risk.action.done");

        // A second press on the old card shows it done and records nothing more; the next scan sends nothing.
        var again = CardOf(await PressAsync(RiskFollowUpCards.DoneVerb, Button(card, RiskFollowUpCards.DoneVerb), ActionOwner, "Arun Actionowner"));
        Assert.Contains("Treatment action done", Text(again), StringComparison.Ordinal);
        Assert.Single(await LedgerActionsAsync("R-1"), "risk.action.done");
        Clock.Advance(TimeSpan.FromDays(4));
        await ScanAsync();
        Assert.Single(ActionCards(ActionOwner));
    }

    [Fact]
    public async Task An_action_far_off_sends_nothing_and_someone_who_cannot_see_the_risk_cannot_press_Done()
    {
        var risk = await ApprovedRiskAsync("Thin-file applicants refused", [Today.AddDays(3), Today.AddDays(40)]);

        await ScanAsync();

        var card = Assert.Single(ActionCards(ActionOwner));
        Assert.Contains("1. Treatment step 1", Text(card), StringComparison.Ordinal);

        var refused = await PressAsync(RiskFollowUpCards.DoneVerb, Button(card, RiskFollowUpCards.DoneVerb), Colleague, "Cora Colleague");
        Assert.Contains("Only the action's owner", Text(refused), StringComparison.Ordinal);
        Assert.Null((await StoredAsync(risk.Id)).Plan.Action(1)!.DoneAt);
        Assert.DoesNotContain("risk.action.done", await LedgerActionsAsync("R-1"));

        // The risk owner may mark it done for the action's owner.
        var answer = CardOf(await PressAsync(RiskFollowUpCards.DoneVerb, Button(card, RiskFollowUpCards.DoneVerb), RiskOwner, "Rita Riskowner"));
        Assert.Contains("by Rita Riskowner", Text(answer), StringComparison.Ordinal);
        Assert.Equal(RiskOwner, (await StoredAsync(risk.Id)).Plan.Action(1)!.DoneBy);
    }

    [Fact]
    public async Task Snooze_quiets_the_reminders_until_it_ends_and_is_bounded()
    {
        await ApprovedRiskAsync("Thin-file applicants refused", [Today.AddDays(2)]);
        await ScanAsync();
        var card = Assert.Single(ActionCards(ActionOwner));

        var stranger = await PressAsync(RiskFollowUpCards.SnoozeVerb, Button(card, RiskFollowUpCards.SnoozeVerb, ("snooze", "1w")), Colleague, "Cora Colleague");
        Assert.Contains("Only the owner of action 1 of R-1 can snooze", Text(stranger), StringComparison.Ordinal);

        var snoozed = CardOf(await PressAsync(RiskFollowUpCards.SnoozeVerb, Button(card, RiskFollowUpCards.SnoozeVerb, ("snooze", "1w")), ActionOwner, "Arun Actionowner"));
        Assert.Contains("Snoozed action 1 of R-1 until 2026-11-30 10:00 UTC", Text(snoozed), StringComparison.Ordinal);
        Assert.Contains("1 of 2 times", Text(snoozed), StringComparison.Ordinal);
        var row = await FollowUps.GetOrNewAsync(Tenant, RiskFollowUpStore.ActionKey(1, 1, Today.AddDays(2)));
        Assert.Equal(1, row.SnoozeCount);
        Assert.Single(await LedgerActionsAsync("R-1"), "risk.action.snooze");

        // Past the reminder interval but inside the snooze: nothing; after it: the next reminder.
        Clock.Advance(TimeSpan.FromDays(4));
        await ScanAsync();
        Assert.Single(ActionCards(ActionOwner));
        Clock.Advance(TimeSpan.FromDays(3) + TimeSpan.FromHours(1));
        await ScanAsync();
        Assert.Equal(2, ActionCards(ActionOwner).Count);

        // The second snooze is the last (Nudges:MaxSnoozes 2): the card then offers none.
        var latest = ActionCards(ActionOwner)[^1];
        var last = CardOf(await PressAsync(RiskFollowUpCards.SnoozeVerb, Button(latest, RiskFollowUpCards.SnoozeVerb, ("snooze", "1d")), ActionOwner, "Arun Actionowner"));
        Assert.DoesNotContain(Executes(last), a => (string?)a["verb"] == RiskFollowUpCards.SnoozeVerb);
        Assert.Contains("No snoozes left", Text(last), StringComparison.Ordinal);
        // A press forged from an older form (a new submission) is refused with why, and changes nothing.
        var forged = Button(latest, RiskFollowUpCards.SnoozeVerb, ("snooze", "1d"), ("submissionId", Guid.NewGuid().ToString("N")));
        var third = CardOf(await PressAsync(RiskFollowUpCards.SnoozeVerb, forged, ActionOwner, "Arun Actionowner"));
        Assert.Contains("snoozed this 2 times", Text(third), StringComparison.Ordinal);
        Assert.Equal(2, (await LedgerActionsAsync("R-1")).Count(a => a == "risk.action.snooze"));
    }

    [Fact]
    public async Task An_overdue_action_is_escalated_to_the_risk_owner_once()
    {
        await ApprovedRiskAsync("Thin-file applicants refused", [Today.AddDays(3)]);

        // Seven days overdue (Nudges:EscalationDays 7, 21): the owner's overdue card and the risk owner's escalation.
        Clock.SetUtcNow(Start.AddDays(10));
        await ScanAsync();
        await ScanAsync();

        var overdue = Assert.Single(ActionCards(ActionOwner));
        Assert.Contains("Treatment action overdue", Text(overdue), StringComparison.Ordinal);
        Assert.Contains("overdue by 7 days", Text(overdue), StringComparison.Ordinal);
        var escalation = Assert.Single(ReceivedWith(RiskOwner, "A treatment action of your risk is overdue"));
        Assert.Contains("Arun Actionowner", Shown(escalation), StringComparison.Ordinal);
        Assert.Contains("7 days overdue", Shown(escalation), StringComparison.Ordinal);

        // The next escalation level passes: the risk owner is not told again.
        Clock.SetUtcNow(Start.AddDays(25));
        await ScanAsync();
        Assert.Single(ReceivedWith(RiskOwner, "A treatment action of your risk is overdue"));
        Assert.Equal(2, ActionCards(ActionOwner).Count);
    }
}
