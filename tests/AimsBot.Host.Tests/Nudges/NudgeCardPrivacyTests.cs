using System.Text.Json.Nodes;
using AimsBot.Domain.Register;
using AimsBot.Nudges;

namespace AimsBot.Host.Tests.Nudges;

/// <summary>
/// Who sees what on a refreshed nudge card, and that an auditor who happens to own a control changes nothing through
/// its buttons.
/// </summary>
public sealed class NudgeCardPrivacyTests : NudgeHostTest
{
    private const string Reason = "The scoring model was switched off for the whole quarter.";
    private const string Stranger = "aad-stranger-0009";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await RecordUserAsync(Colleague, "Sam Colleague", ColleagueUpn);
    }

    [Fact]
    public async Task Refresh_shows_reasons_submitters_and_reassignment_targets_to_the_owner_and_auditors_but_not_to_anyone_else()
    {
        var closed = await SeedDueAsync("A.2.2");
        var evidenced = await SeedDueAsync("A.3.2");
        var handedOver = await SeedDueAsync("A.6.2.6");
        var card = await OwnerCardAsync(Owner, closed, evidenced, handedOver);
        Assert.Equal(200, (await InvokeAsync(NudgeCards.NotApplicableVerb, Press(card, NudgeCards.NotApplicableVerb, "A.2.2", ("reason", Reason)), userAadId: Owner)).StatusCode);
        Assert.Equal(200, (await InvokeAsync(NudgeCards.EvidenceVerb, Press(card, NudgeCards.EvidenceVerb, "A.3.2",
            ("kind", "Link"), ("url", "https://intranet.example/roles"), ("periodFrom", Day(Today.AddDays(-20))), ("periodTo", Day(Today))), userAadId: Owner)).StatusCode);
        Assert.Equal(200, (await InvokeAsync(NudgeCards.ReassignVerb, Press(card, NudgeCards.ReassignVerb, "A.6.2.6", ("colleague", ColleagueUpn)), userAadId: Owner)).StatusCode);
        var refresh = card["refresh"]!["action"]!["data"]!.AsObject();

        foreach (var insider in new[] { Owner, Auditor, Lead })
        {
            var shown = (await InvokeAsync(NudgeCards.RefreshVerb, refresh, userAadId: insider)).Shown;
            Assert.Contains($"Not applicable this period: {Reason}", shown, StringComparison.Ordinal);
            Assert.Contains("Evidence recorded by Dana Owner on", shown, StringComparison.Ordinal);
            Assert.Contains("Reassignment requested to Sam Colleague", shown, StringComparison.Ordinal);
        }

        var outsider = await InvokeAsync(NudgeCards.RefreshVerb, refresh, userAadId: Stranger);

        Assert.Equal(200, outsider.StatusCode);
        Assert.Contains("Not applicable this period. Next due", outsider.Shown, StringComparison.Ordinal);
        Assert.Contains("Evidence recorded on", outsider.Shown, StringComparison.Ordinal);
        Assert.Contains("Reassignment requested — waiting for a compliance lead.", outsider.Shown, StringComparison.Ordinal);
        Assert.DoesNotContain(Reason, outsider.Shown, StringComparison.Ordinal);
        Assert.DoesNotContain("switched off", outsider.Shown, StringComparison.Ordinal);
        Assert.DoesNotContain("Sam Colleague", outsider.Shown, StringComparison.Ordinal);
        Assert.DoesNotContain(ColleagueUpn, outsider.Shown, StringComparison.Ordinal);
        Assert.DoesNotContain("recorded by", outsider.Shown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_forged_card_that_names_the_stranger_as_its_owner_reveals_no_more()
    {
        var closed = await SeedDueAsync("A.2.2");
        var card = await OwnerCardAsync(Owner, closed);
        await InvokeAsync(NudgeCards.NotApplicableVerb, Press(card, NudgeCards.NotApplicableVerb, "A.2.2", ("reason", Reason)), userAadId: Owner);
        var forged = card["refresh"]!["action"]!["data"]!.DeepClone().AsObject();
        forged["owner"] = Stranger;

        var answer = await InvokeAsync(NudgeCards.RefreshVerb, forged, userAadId: Stranger);

        Assert.Equal(200, answer.StatusCode);
        Assert.DoesNotContain(Reason, answer.Shown, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(NudgeCards.EvidenceVerb)]
    [InlineData(NudgeCards.NotApplicableVerb)]
    [InlineData(NudgeCards.SnoozeVerb)]
    [InlineData(NudgeCards.ReassignVerb)]
    public async Task An_auditor_who_owns_the_control_is_refused_on_every_button_and_nothing_is_written(string verb)
    {
        var key = await SeedDueAsync("A.2.2", owner: Auditor);
        var card = await OwnerCardAsync(Auditor, key);
        var data = Press(card, verb, "A.2.2",
            ("kind", "Link"), ("url", "https://intranet.example/x"), ("periodFrom", Day(Today.AddDays(-3))), ("periodTo", Day(Today)),
            ("reason", "The system was switched off all quarter."), ("snooze", "1w"), ("colleague", ColleagueUpn));

        var answer = await InvokeAsync(verb, data, userAadId: Auditor);

        Assert.Equal(403, answer.StatusCode);
        Assert.Contains("Auditors have read-only access", answer.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("I changed nothing", answer.ErrorMessage, StringComparison.Ordinal);
        Assert.Empty(await Evidence.LatestAsync(Tenant, ControlScope.Organization, key.ControlId, 10));
        var control = (await ControlAsync("A.2.2"))!.Instance;
        Assert.Equal(key.Due, control.NextDue);
        Assert.Null(control.NotApplicableThrough);
        Assert.Equal(Auditor, control.OwnerUserId);
        Assert.Equal(default, (await RowAsync(key)).ETag);
        Assert.Empty(await OutboxAsync());
        Assert.Empty(Ledger.Events);
    }
}
