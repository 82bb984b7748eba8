using AimsBot.Audit;
using AimsBot.Domain.Catalogue;

namespace AimsBot.Host.Tests.Audit;

/// <summary><c>ncs</c>'s filters as typed: each alone, combined in any order, and what a person is told for anything else.</summary>
public sealed class NcsArgumentsTests
{
    [Theory]
    [InlineData("", false, false, false, null, null, null)]
    [InlineData("all", false, false, false, null, null, null)]
    [InlineData("open", true, false, false, null, null, null)]
    [InlineData("MINE", false, true, false, null, null, null)]
    [InlineData("overdue", false, false, true, null, null, null)]
    [InlineData("since 2026-01-31", false, false, false, "2026-01-31", null, null)]
    [InlineData("control a6.2.6", false, false, false, null, null, "A.6.2.6")]
    [InlineData("system Credit Scorer", false, false, false, null, "Credit Scorer", null)]
    [InlineData("system Credit Scorer open since 2026-1-5 control A.7.4", true, false, false, "2026-01-05", "Credit Scorer", "A.7.4")]
    [InlineData("overdue mine system \"Open Banking\"", false, true, true, null, "Open Banking", null)]
    public void Filters_combine_in_any_order(string typed, bool open, bool mine, bool overdue, string? since, string? system, string? control)
    {
        var query = NcsArguments.Parse(typed).Value!;

        Assert.Equal(open, query.Open);
        Assert.Equal(mine, query.Mine);
        Assert.Equal(overdue, query.Overdue);
        Assert.Equal(since is null ? null : DateOnly.Parse(since, System.Globalization.CultureInfo.InvariantCulture), query.Since);
        Assert.Equal(system, query.SystemName);
        Assert.Equal(control is null ? null : ControlId.Parse(control), query.Control);
    }

    [Theory]
    [InlineData("since", "Give a date after 'since'")]
    [InlineData("since yesterday", "'yesterday' after 'since' is not a date I can read")]
    [InlineData("since 2026-02-30", "is not a date I can read")]
    [InlineData("since 2026-01-01 since 2026-02-01", "Say 'since' once.")]
    [InlineData("control", "Give a control id after 'control'")]
    [InlineData("control A.6.2.9", "Did you mean A.6.2.8")]
    [InlineData("system open", "Name the AI system after 'system'")]
    [InlineData("closed' or '1' eq '1", "I don't know 'closed")]
    [InlineData("pending", "I don't know 'pending' here.")]
    public void Anything_else_is_named_with_the_usage(string typed, string expected)
    {
        var parsed = NcsArguments.Parse(typed);

        Assert.False(parsed.IsSuccess);
        Assert.Contains(expected, parsed.ErrorMessage, StringComparison.Ordinal);
        if (!expected.Contains("Did you mean", StringComparison.Ordinal))
        {
            Assert.Contains(NcsArguments.Usage, parsed.ErrorMessage, StringComparison.Ordinal);
        }
    }
}
