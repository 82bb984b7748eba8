using AimsBot.Domain.Ledger;
using AimsBot.Ledger;

namespace AimsBot.Host.Tests.Ledger;

/// <summary>An auditor reads every kind of event in words ("Impact assessment approved"), never as its stored name.</summary>
public sealed class LedgerEventWordsTests
{
    [Fact]
    public void Every_defined_event_has_words_on_the_ledger_card()
    {
        var missing = LedgerEvents.All.Select(d => d.Name).Except(LedgerCards.ActionsInWords, StringComparer.Ordinal).ToList();

        Assert.True(missing.Count == 0, $"Add these events to LedgerCards.ActionWords, in the words an auditor reads: {string.Join(", ", missing)}");
    }

    [Fact]
    public void An_event_the_card_does_not_know_shows_as_recorded()
    {
        Assert.Equal("Impact assessment approved", LedgerCards.ActionInWords(LedgerEvents.AssessmentApproved.Name));
        Assert.Equal("some.future.event", LedgerCards.ActionInWords("some.future.event"));
    }
}
