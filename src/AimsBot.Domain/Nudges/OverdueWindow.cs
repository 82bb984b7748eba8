namespace AimsBot.Domain.Nudges;

/// <summary>
/// A window of days (inclusive, local dates) for the history of what was overdue. The rules:
/// <list type="number">
/// <item>A period due on D is overdue from D + 1 (evidence on the due date is on time) until the day it ended: the
/// day its evidence was recorded or it was closed as not applicable; while it has not ended, until today.</item>
/// <item>It was overdue in the window when those days overlap the window: it became overdue on or before the window's
/// last day and ended (or is still open) on or after its first day. A period that ended on or before its due date was
/// never overdue.</item>
/// <item>The default window is the <see cref="DefaultDays"/> days up to today; a window may not end before it starts.</item>
/// </list>
/// </summary>
public sealed record OverdueWindow(DateOnly Since, DateOnly Until)
{
    public const int DefaultDays = 90;

    /// <summary>The first day a period due on <paramref name="due"/> is overdue.</summary>
    public static DateOnly OverdueFrom(DateOnly due) => due.AddDays(1);

    /// <summary>A window from what was asked: either end may be left out (until: today; since: <see cref="DefaultDays"/> before until).</summary>
    public static Result<OverdueWindow> Create(DateOnly? since, DateOnly? until, DateOnly today)
    {
        var end = until ?? today;
        var start = since ?? end.AddDays(-DefaultDays);
        return start > end
            ? Result.Failure<OverdueWindow>(new DomainError(
                "overdue.window.reversed",
                string.Create(System.Globalization.CultureInfo.InvariantCulture, $"The window ends ({end:yyyy-MM-dd}) before it starts ({start:yyyy-MM-dd}): put the earlier date after **since**."),
                "until"))
            : Result.Success(new OverdueWindow(start, end));
    }

    /// <summary>
    /// Whether a period due on <paramref name="due"/>, ended on <paramref name="endedOn"/> (null: not yet), was overdue
    /// on any day of this window, by <paramref name="today"/>.
    /// </summary>
    public bool WasOverdue(DateOnly due, DateOnly? endedOn, DateOnly today)
    {
        var from = OverdueFrom(due);
        var last = endedOn ?? today;
        return last >= from && from <= Until && last >= Since;
    }
}
