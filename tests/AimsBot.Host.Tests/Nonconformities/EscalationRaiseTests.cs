using AimsBot.Domain.Nonconformities;
using AimsBot.Nonconformities;

namespace AimsBot.Host.Tests.Nonconformities;

/// <summary>"Raise a nonconformity" on the escalation card the due scan sends: the form comes pre-filled with the overdue control.</summary>
public sealed class EscalationRaiseTests : NonconformityFollowUpHost
{
    [Fact]
    public async Task A_lead_raises_one_from_the_escalation_card_of_an_overdue_control()
    {
        await ControlAsync("A.6.2.6", ActionOwner, Today.AddDays(3), ownerName: "Arun Actionowner");
        Clock.SetUtcNow(Start.AddDays(10)); // seven days overdue: escalation level 1
        await Scan.RunAsync();
        await DrainAsync();

        var escalation = Assert.Single(Received(Lead), r => Shown(r).Contains("Escalation level 1: overdue evidence", StringComparison.Ordinal));
        var card = escalation["attachments"]![0]!["content"]!;
        var form = (await PressAsync(NonconformityCards.RaiseFormVerb, Button(card, NonconformityCards.RaiseFormVerb), Lead, "Lee Lead"))["value"]!;
        Assert.Contains("\"value\":\"A.6.2.6\"", Text(form), StringComparison.Ordinal);
        Assert.Contains("\"value\":\"Evidence for A.6.2.6 overdue by 7 days\"", Text(form), StringComparison.Ordinal);
        Assert.Contains("\"value\":\"control-failure\"", Text(form), StringComparison.Ordinal);

        // Teams sends every input's value: the pre-filled ones as shown, and what the lead typed.
        var raised = (await PressAsync(NonconformityCards.RaiseVerb, Button(form, NonconformityCards.RaiseVerb,
            (NonconformityCards.TitleInput, "Evidence for A.6.2.6 overdue by 7 days"), (NonconformityCards.SourceInput, "control-failure"), (NonconformityCards.ControlsInput, "A.6.2.6"),
            (NonconformityCards.DescriptionInput, "No drift evidence since October; two nudges unanswered."), (NonconformityCards.SeverityInput, "major")), Lead, "Lee Lead"))["value"]!;
        Assert.Contains("Raised NC-1", Text(raised), StringComparison.Ordinal);
        var stored = await StoredAsync(new NonconformityId(1));
        Assert.Equal(("Evidence for A.6.2.6 overdue by 7 days", null, NonconformitySource.ControlFailure, NonconformitySeverity.Major), (stored.Title, stored.SystemId, stored.Source, stored.Severity));
        Assert.Equal(["A.6.2.6"], stored.ControlIds);
        Assert.Equal(["nc.raise"], await LedgerActionsAsync("NC-1"));
    }

    [Fact]
    public async Task Several_overdue_controls_offer_a_choice_each_filled_in_with_its_own_control()
    {
        await ControlAsync("A.6.2.6", ActionOwner, Today.AddDays(3), ownerName: "Arun Actionowner");
        await ControlAsync("A.7.4", ActionOwner, Today.AddDays(3), ownerName: "Arun Actionowner");
        Clock.SetUtcNow(Start.AddDays(10));
        await Scan.RunAsync();
        await DrainAsync();

        var escalation = Assert.Single(Received(Lead), r => Shown(r).Contains("Escalation level 1: overdue evidence", StringComparison.Ordinal));
        var raises = Executes(escalation["attachments"]![0]!["content"]!).Where(a => (string?)a["verb"] == NonconformityCards.RaiseFormVerb).ToList();
        Assert.Equal(["A.6.2.6", "A.7.4"], raises.Select(a => (string?)a["data"]![NonconformityCards.ControlKey]).Order(StringComparer.Ordinal));
        Assert.Equal(["A.6.2.6", "A.7.4"], raises.Select(a => (string?)a["title"]).Order(StringComparer.Ordinal));
    }
}
