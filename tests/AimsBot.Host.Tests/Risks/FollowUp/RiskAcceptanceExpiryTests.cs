using System.Text.Json.Nodes;
using AimsBot.Domain.Ledger;
using AimsBot.Domain.Risks;
using AimsBot.Storage.Risks;

namespace AimsBot.Host.Tests.Risks.FollowUp;

/// <summary>An acceptance that ends makes a re-review due: a card to the risk owner, then escalation like control evidence.</summary>
public sealed class RiskAcceptanceExpiryTests : RiskFollowUpHost
{
    private const string Review = "re-review due";

    [Fact]
    public async Task An_acceptance_ending_on_29_February_brings_one_re_review_card_then_escalates_to_the_leads()
    {
        // Approved on Tuesday 30 November 2027 for 3 months: a month end, clamped to the leap day.
        Clock.SetUtcNow(new DateTimeOffset(2027, 11, 30, 10, 0, 0, TimeSpan.Zero));
        var risk = await ApprovedRiskAsync("Thin-file applicants refused", [new DateOnly(2028, 6, 30)], criteria: new RiskCriteriaOptions { AcceptanceValidMonths = 3 });
        Assert.Equal(new DateOnly(2028, 2, 29), risk.AcceptedUntil);

        // Friday 28 January 2028, 32 days before (Risks:AcceptanceDueWarningDays 30): not yet.
        Clock.SetUtcNow(new DateTimeOffset(2028, 1, 28, 10, 0, 0, TimeSpan.Zero));
        await ScanAsync();
        Assert.Empty(ReceivedWith(RiskOwner, Review));

        // Monday 31 January 2028, 29 days before: one card, however often the scan runs.
        Clock.SetUtcNow(new DateTimeOffset(2028, 1, 31, 10, 0, 0, TimeSpan.Zero));
        await ScanAsync();
        await ScanAsync();
        var card = Assert.Single(ReceivedWith(RiskOwner, Review));
        Assert.Contains("A risk acceptance ends soon", Shown(card), StringComparison.Ordinal);
        Assert.Contains("until 2028-02-29 (in 29 days)", Shown(card), StringComparison.Ordinal);
        Assert.Contains("risk edit R-1", Shown(card), StringComparison.Ordinal);

        // Due on the leap day itself: still the one card.
        Clock.SetUtcNow(new DateTimeOffset(2028, 2, 29, 10, 0, 0, TimeSpan.Zero));
        await ScanAsync();
        Assert.Single(ReceivedWith(RiskOwner, Review));
        Assert.Empty(ReceivedWith(Lead, "risk re-review overdue"));

        // Tuesday 7 March 2028, 7 days overdue (Nudges:EscalationDays 7, 21): the leads are told once per level; with
        // Graph off, the card says the manager could not be looked up.
        Clock.SetUtcNow(new DateTimeOffset(2028, 3, 7, 10, 0, 0, TimeSpan.Zero));
        await ScanAsync();
        await ScanAsync();
        var escalation = Assert.Single(ReceivedWith(Lead, "risk re-review overdue"));
        Assert.Contains("Escalation level 1", Shown(escalation), StringComparison.Ordinal);
        Assert.Contains("ended on 2028-02-29 (overdue by 7 days)", Shown(escalation), StringComparison.Ordinal);
        Assert.Contains("Rita Riskowner", Shown(escalation), StringComparison.Ordinal);
        Assert.Single(ReceivedWith(RiskOwner, Review));

        Clock.SetUtcNow(new DateTimeOffset(2028, 3, 21, 10, 0, 0, TimeSpan.Zero));
        await ScanAsync();
        Assert.Equal(2, ReceivedWith(Lead, "risk re-review overdue").Count);
        Assert.Contains("Escalation level 2", Shown(ReceivedWith(Lead, "risk re-review overdue")[^1]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_month_end_acceptance_in_a_common_year_ends_on_28_February_and_is_nudged_from_the_warning_window()
    {
        // Approved on 30 November 2026 for 3 months: 28 February 2027.
        Clock.SetUtcNow(new DateTimeOffset(2026, 11, 30, 10, 0, 0, TimeSpan.Zero));
        var risk = await ApprovedRiskAsync("Bureau data kept too long", [new DateOnly(2027, 6, 30)], criteria: new RiskCriteriaOptions { AcceptanceValidMonths = 3 });
        Assert.Equal(new DateOnly(2027, 2, 28), risk.AcceptedUntil);

        // Friday 29 January 2027: 30 days before, the first day of the window.
        Clock.SetUtcNow(new DateTimeOffset(2027, 1, 29, 10, 0, 0, TimeSpan.Zero));
        await ScanAsync();
        var card = Assert.Single(ReceivedWith(RiskOwner, Review));
        Assert.Contains("until 2027-02-28 (in 30 days)", Shown(card), StringComparison.Ordinal);
    }
    [Fact]
    public async Task An_acceptance_that_passes_its_valid_until_date_is_recorded_once_as_expired()
    {
        // Approved on 30 November 2026 for 3 months: accepted until Sunday 28 February 2027.
        Clock.SetUtcNow(new DateTimeOffset(2026, 11, 30, 10, 0, 0, TimeSpan.Zero));
        var risk = await ApprovedRiskAsync("Bureau data kept too long", [new DateOnly(2027, 6, 30)], criteria: new RiskCriteriaOptions { AcceptanceValidMonths = 3 });
        var expired = LedgerEvents.RiskAcceptanceExpired.Name;

        // The last day it holds: nothing expired yet.
        Clock.SetUtcNow(new DateTimeOffset(2027, 2, 28, 22, 0, 0, TimeSpan.Zero));
        await ScanAsync();
        Assert.DoesNotContain(expired, await LedgerActionsAsync(risk.Id.ToString()));

        // Monday 1 March 2027: expired, one event by the scan, however often it runs.
        Clock.SetUtcNow(new DateTimeOffset(2027, 3, 1, 10, 0, 0, TimeSpan.Zero));
        await ScanAsync();
        await ScanAsync();
        var events = (await Ledger.ForEntityAsync(Tenant, risk.Id.ToString())).Where(e => e.Action == expired).ToList();
        var recorded = Assert.Single(events);
        var after = JsonNode.Parse(recorded.After!)!;
        Assert.Equal(("expired", "2027-02-28", "2027-03-01", "low"), (
            after["acceptance"]!.GetValue<string>(), after["acceptedUntil"]!.GetValue<string>(), after["expiredOn"]!.GetValue<string>(), after["residualLevel"]!.GetValue<string>()));
        Assert.StartsWith("system:", recorded.ActorId, StringComparison.Ordinal);

        // A run that stopped after the event but before remembering it (the follow-up row lost) records nothing twice.
        var key = RiskFollowUpStore.AcceptanceKey(risk.Id.Number, new DateOnly(2027, 2, 28));
        var row = await FollowUps.GetOrNewAsync(Tenant, key);
        Assert.NotNull(row.ExpiryRecordedAt);
        row.ExpiryRecordedAt = null;
        await FollowUps.SaveAsync(row);
        Clock.SetUtcNow(new DateTimeOffset(2027, 3, 8, 10, 0, 0, TimeSpan.Zero));
        await ScanAsync();
        Assert.Single(await Ledger.ForEntityAsync(Tenant, risk.Id.ToString()), e => e.Action == expired);
    }
}
