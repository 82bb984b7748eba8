using AimsBot.Domain.Nudges;
using AimsBot.Domain.Tests.Support;

namespace AimsBot.Domain.Tests.Nudges;

public class OverdueWindowTests
{
    private static readonly DateOnly Today = new(2026, 11, 23);

    [Fact]
    public void Left_out_the_window_is_the_90_days_up_to_today()
    {
        var window = Build.Ok(OverdueWindow.Create(null, null, Today));

        Assert.Equal((new DateOnly(2026, 8, 25), Today), (window.Since, window.Until));
    }

    [Fact]
    public void Only_since_runs_to_today_and_only_until_looks_90_days_back_from_it()
    {
        Assert.Equal(Today, Build.Ok(OverdueWindow.Create(new DateOnly(2026, 1, 1), null, Today)).Until);
        Assert.Equal(new DateOnly(2026, 3, 2), Build.Ok(OverdueWindow.Create(null, new DateOnly(2026, 5, 31), Today)).Since);
    }

    [Fact]
    public void A_window_that_ends_before_it_starts_is_refused_and_one_day_is_allowed()
    {
        var error = Build.Fails(OverdueWindow.Create(new DateOnly(2026, 3, 1), new DateOnly(2026, 2, 28), Today), "overdue.window.reversed");

        Assert.Contains("before it starts", error.Message, StringComparison.Ordinal);
        Assert.True(OverdueWindow.Create(new DateOnly(2028, 2, 29), new DateOnly(2028, 2, 29), Today).IsSuccess);
    }

    [Theory]
    // due, ended (null: still open), expected — window 1 March to 31 March 2026, today 23 November 2026.
    [InlineData("2026-02-27", "2026-02-28", false)] // overdue one day, in February only
    [InlineData("2026-02-27", "2026-03-01", true)] // still overdue on the window's first day
    [InlineData("2026-03-31", null, false)] // due on the last day: overdue from 1 April
    [InlineData("2026-03-30", null, true)] // overdue from 31 March, still open
    [InlineData("2026-03-10", "2026-03-10", false)] // evidence on the due date: never overdue
    [InlineData("2026-03-10", "2026-03-05", false)] // evidence before the due date
    [InlineData("2026-03-10", "2026-03-11", true)]
    [InlineData("2026-01-15", null, true)] // overdue since January and still open
    public void A_period_counts_when_its_overdue_days_overlap_the_window(string due, string? ended, bool expected)
    {
        var window = Build.Ok(OverdueWindow.Create(new DateOnly(2026, 3, 1), new DateOnly(2026, 3, 31), Today));

        Assert.Equal(expected, window.WasOverdue(DateOnly.Parse(due, System.Globalization.CultureInfo.InvariantCulture), ended is null ? null : DateOnly.Parse(ended, System.Globalization.CultureInfo.InvariantCulture), Today));
    }
}
