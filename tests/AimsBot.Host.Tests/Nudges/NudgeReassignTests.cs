using System.Text.Json;
using System.Text.Json.Nodes;
using AimsBot.Domain.Ledger;
using AimsBot.Nudges;
using AimsBot.Register;
using AimsBot.Teams.Activities;

namespace AimsBot.Host.Tests.Nudges;

/// <summary>"Ask to reassign" on the nudge card, and the compliance leads' approve / decline card.</summary>
public sealed class NudgeReassignTests : NudgeHostTest
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await RecordUserAsync(Colleague, "Sam Colleague", ColleagueUpn);
        await RecordReachableAsync(Lead, "Lee Lead", "lee@contoso.example");
        await RecordReachableAsync(SecondLead, "Kim Lead", "kim@contoso.example");
        await RecordReachableAsync(OwnerLead, "Olivia Owner-Lead", "olivia@contoso.example");
    }

    [Fact]
    public async Task Asking_to_reassign_records_the_request_and_queues_an_approval_card_for_the_leads()
    {
        var key = await SeedDueAsync("A.2.2");
        var card = await OwnerCardAsync(Owner, key);

        var answer = await InvokeAsync(NudgeCards.ReassignVerb, Press(card, NudgeCards.ReassignVerb, "A.2.2", ("colleague", "@" + ColleagueUpn), ("why", "Sam runs the policy process now.")), userAadId: Owner);

        Assert.Equal(200, answer.StatusCode);
        Assert.Contains("Reassignment requested to Sam Colleague — waiting for a compliance lead.", answer.Shown, StringComparison.Ordinal);
        Assert.DoesNotContain(Executes(answer.Card), a => (string?)a["verb"] == NudgeCards.ReassignVerb);
        var row = await RowAsync(key);
        Assert.Equal(Colleague, row.ReassignTo);
        Assert.Equal(Owner, row.ReassignRequestedBy);
        Assert.Equal("Sam runs the policy process now.", row.ReassignReason);
        Assert.Equal(Owner, (await ControlAsync("A.2.2"))!.Instance.OwnerUserId);
        Assert.Equal(LedgerEvents.ReassignRequested.Name, Assert.Single(Ledger.Events).Action);

        var messages = await OutboxAsync();
        Assert.Equal([Lead, SecondLead, OwnerLead], messages.Select(m => m.RecipientUserKey).Order(StringComparer.Ordinal));
        Assert.All(messages, m => Assert.Equal("a:1to1-" + m.RecipientUserKey, m.ConversationId));
        var leadCard = LeadCard(messages[0]);
        Assert.Contains("Sam Colleague", leadCard.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains(Executes(leadCard), a => (string?)a["verb"] == NudgeCards.ApproveVerb);
        Assert.Contains(Executes(leadCard), a => (string?)a["verb"] == NudgeCards.DeclineVerb);

        // The same press again asks once: no new request, no new messages.
        await InvokeAsync(NudgeCards.ReassignVerb, Press(card, NudgeCards.ReassignVerb, "A.2.2", ("colleague", ColleagueUpn)), userAadId: Owner);
        Assert.Equal(3, (await OutboxAsync()).Count);
        Assert.Single(Ledger.Events);
    }

    [Fact]
    public async Task A_colleague_who_cannot_be_identified_is_explained_on_the_card_and_nothing_is_written()
    {
        var key = await SeedDueAsync("A.2.2");
        var card = await OwnerCardAsync(Owner, key);

        var answer = await InvokeAsync(NudgeCards.ReassignVerb, Press(card, NudgeCards.ReassignVerb, "A.2.2", ("colleague", "just sam")), userAadId: Owner);

        Assert.Equal(200, answer.StatusCode);
        Assert.Contains("I can't tell who 'just sam' is", answer.Shown, StringComparison.Ordinal);
        Assert.Contains("\"value\":\"just sam\"", answer.Card!.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(default, (await RowAsync(key)).ETag);
        Assert.Empty(await OutboxAsync());
        Assert.Empty(Ledger.Events);
    }

    [Fact]
    public async Task A_lead_approves_and_the_owner_changes_through_the_register_and_both_cards_show_it()
    {
        var key = await SeedDueAsync("A.2.2");
        var card = await OwnerCardAsync(Owner, key);
        await InvokeAsync(NudgeCards.ReassignVerb, Press(card, NudgeCards.ReassignVerb, "A.2.2", ("colleague", ColleagueUpn)), userAadId: Owner);
        var approve = Executes(LeadCard((await OutboxAsync())[0])).Single(a => (string?)a["verb"] == NudgeCards.ApproveVerb);

        var answer = await InvokeAsync(NudgeCards.ApproveVerb, approve["data"]!.AsObject(), userAadId: SecondLead);

        Assert.Equal(200, answer.StatusCode);
        Assert.Contains("Approved by Dana Owner: Sam Colleague now owns A.2.2.", answer.Shown, StringComparison.Ordinal);
        Assert.DoesNotContain(Executes(answer.Card), a => (string?)a["verb"] == NudgeCards.ApproveVerb);
        var control = (await ControlAsync("A.2.2"))!;
        Assert.Equal(Colleague, control.Instance.OwnerUserId);
        Assert.Equal("Pacific/Auckland", control.Instance.DueZone.Id);
        Assert.Equal(
            [LedgerEvents.ReassignRequested.Name, LedgerEvents.OwnerAssigned.Name, LedgerEvents.ReassignApproved.Name],
            Ledger.Events.Select(e => e.Action));
        Assert.Equal(SecondLead, Ledger.Events[1].ActorId);
        Assert.NotNull((await RowAsync(key)).ReassignDecidedAt);

        // A second decision (another lead, or a double click) changes nothing more.
        var again = await InvokeAsync(NudgeCards.DeclineVerb, approve["data"]!.AsObject(), userAadId: Lead);
        Assert.Contains("Already decided: Approved by", again.Shown, StringComparison.Ordinal);
        Assert.Equal(3, Ledger.Events.Count);

        // The owner's card, refreshed, shows where the control went.
        var refresh = card["refresh"]!["action"]!;
        var refreshed = await InvokeAsync((string)refresh["verb"]!, refresh["data"]!.AsObject(), userAadId: Owner);
        Assert.Contains("Approved by Dana Owner: now owned by Sam Colleague.", refreshed.Shown, StringComparison.Ordinal);
        Assert.DoesNotContain(Executes(refreshed.Card), a => (string?)a["verb"] != NudgeCards.RefreshVerb);
    }

    [Fact]
    public async Task An_owner_who_is_a_compliance_lead_cannot_approve_their_own_request()
    {
        var key = await SeedDueAsync("A.2.2", owner: OwnerLead);
        var card = await OwnerCardAsync(OwnerLead, key);
        var asked = await InvokeAsync(NudgeCards.ReassignVerb, Press(card, NudgeCards.ReassignVerb, "A.2.2", ("colleague", ColleagueUpn)), userAadId: OwnerLead);
        Assert.Equal(200, asked.StatusCode);
        var messages = await OutboxAsync();
        Assert.DoesNotContain(messages, m => m.RecipientUserKey == OwnerLead);
        var approve = Executes(LeadCard(messages[0])).Single(a => (string?)a["verb"] == NudgeCards.ApproveVerb);

        var answer = await InvokeAsync(NudgeCards.ApproveVerb, approve["data"]!.AsObject(), userAadId: OwnerLead);
        var notALead = await InvokeAsync(NudgeCards.ApproveVerb, approve["data"]!.AsObject(), userAadId: Owner);

        Assert.Equal(403, answer.StatusCode);
        Assert.Contains("another compliance lead must approve it (separation of duties)", answer.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal(403, notALead.StatusCode);
        Assert.Equal(OwnerLead, (await ControlAsync("A.2.2"))!.Instance.OwnerUserId);
        Assert.Null((await RowAsync(key)).ReassignDecidedAt);
        Assert.Single(Ledger.Events);
    }

    [Fact]
    public async Task A_lead_declines_and_the_owner_keeps_the_control()
    {
        var key = await SeedDueAsync("A.2.2");
        var card = await OwnerCardAsync(Owner, key);
        await InvokeAsync(NudgeCards.ReassignVerb, Press(card, NudgeCards.ReassignVerb, "A.2.2", ("colleague", ColleagueUpn)), userAadId: Owner);
        var decline = Executes(LeadCard((await OutboxAsync())[0])).Single(a => (string?)a["verb"] == NudgeCards.DeclineVerb);

        var answer = await InvokeAsync(NudgeCards.DeclineVerb, decline["data"]!.AsObject(), userAadId: Lead);

        Assert.Equal(200, answer.StatusCode);
        Assert.Contains("Declined by Dana Owner.", answer.Shown, StringComparison.Ordinal);
        Assert.Equal(Owner, (await ControlAsync("A.2.2"))!.Instance.OwnerUserId);
        Assert.Equal(LedgerEvents.ReassignDeclined.Name, Ledger.Events[^1].Action);
        var refresh = card["refresh"]!["action"]!;
        var refreshed = await InvokeAsync((string)refresh["verb"]!, refresh["data"]!.AsObject(), userAadId: Owner);
        Assert.Contains("Declined by Dana Owner", refreshed.Shown, StringComparison.Ordinal);
        Assert.Contains(Executes(refreshed.Card), a => (string?)a["verb"] == NudgeCards.ReassignVerb);
    }

    private static JsonNode LeadCard(Storage.Outbox.OutboxMessage message)
    {
        var activity = JsonSerializer.Deserialize(message.ActivityJson, BotJsonContext.Default.Activity)!;
        return activity.Attachments![0].Content!;
    }
}
