using AimsBot.Domain.Risks;

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
}
