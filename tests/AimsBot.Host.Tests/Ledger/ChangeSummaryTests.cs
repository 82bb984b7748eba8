using AimsBot.Ledger;

namespace AimsBot.Host.Tests.Ledger;

/// <summary>How a ledger event's before → after reads in the history card.</summary>
public sealed class ChangeSummaryTests
{
    [Theory]
    [InlineData("{\"status\":\"Partial\",\"owner\":\"dana\"}", "{\"status\":\"Implemented\",\"owner\":\"dana\"}", "status: Partial → Implemented")]
    [InlineData(null, "{\"name\":\"Chatbot\",\"stage\":\"Design\"}", "created: name: Chatbot; stage: Design")]
    [InlineData("{\"name\":\"Chatbot\"}", null, "removed: name: Chatbot → ∅")]
    [InlineData("{\"owner\":\"dana\"}", "{\"owner\":\"dana\",\"cadence\":\"Monthly\"}", "cadence: ∅ → Monthly")]
    [InlineData("{\"a\":1}", "{\"a\":1}", "no change")]
    [InlineData("{\"score\":3}", "{\"score\":{\"likelihood\":2}}", "score: 3 → {\"likelihood\":2}")]
    [InlineData("draft", "final", "draft → final")]
    [InlineData(null, null, "—")]
    public void Describes_what_changed(string? before, string? after, string expected) =>
        Assert.Equal(expected, ChangeSummary.Describe(before, after));

    [Fact]
    public void Long_values_and_long_summaries_are_shortened_and_line_breaks_flattened()
    {
        var text = ChangeSummary.Describe(
            "{\"note\":\"line one\\nline two\"}",
            "{\"note\":\"" + new string('x', 500) + "\",\"other\":\"" + new string('y', 500) + "\"}");

        Assert.True(text.Length <= ChangeSummary.MaxLength);
        Assert.StartsWith("note: line one line two → xxx", text, StringComparison.Ordinal);
        Assert.EndsWith("…", text, StringComparison.Ordinal);
    }
}
