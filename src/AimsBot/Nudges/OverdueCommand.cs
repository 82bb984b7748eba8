using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AimsBot.Audit;
using AimsBot.Commands;
using AimsBot.Domain;
using AimsBot.Domain.Nudges;
using AimsBot.Domain.Scheduling;
using AimsBot.Ledger;
using AimsBot.Register;
using AimsBot.Teams.Cards;
using Microsoft.Extensions.Options;

namespace AimsBot.Nudges;

/// <summary>
/// <c>overdue [since &lt;yyyy-mm-dd&gt;] [until &lt;yyyy-mm-dd&gt;]</c> (compliance leads, auditors, admins; in the 1:1 chat):
/// the control periods that were overdue at any time in the window (default: the 90 days up to today, dates in the
/// organisation's zone), each with what followed (<see cref="OverdueHistory"/>), a page at a time; "More"
/// (<see cref="OverdueCards.MoreVerb"/>) replaces the card with the next page through a signed, single-use continuation
/// bound to the caller. An auditor's every page is recorded in the ledger.
/// </summary>
public sealed partial class OverdueCommand : IChatCommand, ICardActionHandler
{
    public const string QueryName = "overdue";
    public const string Usage = "overdue [since <yyyy-mm-dd>] [until <yyyy-mm-dd>]";

    /// <summary>Periods per card: each tells a story of several lines, so fewer than a list of evidence rows.</summary>
    public const int PageSize = 10;

    private readonly OverdueHistory _history;
    private readonly ContinuationSigner _continuations;
    private readonly LedgerAuditRecorder _recorder;
    private readonly IOptions<RegisterOptions> _register;
    private readonly TimeProvider _clock;

    public OverdueCommand(OverdueHistory history, ContinuationSigner continuations, LedgerAuditRecorder recorder, IOptions<RegisterOptions> register, TimeProvider clock)
    {
        _history = history;
        _continuations = continuations;
        _recorder = recorder;
        _register = register;
        _clock = clock;
    }

    public async Task<BotReply> ExecuteAsync(CommandContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var today = DueDateCalculator.Today(_clock, _register.Value.OrganizationZone);
        var window = Parse(context.Arguments, today);
        if (!window.TryGetValue(out var w))
        {
            return BotReply.FromText(window.ErrorMessage);
        }

        var stories = await _history.ReadAsync(context.Caller.TenantId, w, today, null, cancellationToken);
        if (stories.Count == 0)
        {
            return BotReply.FromText(string.Create(CultureInfo.InvariantCulture, $"No control was overdue between {w.Since:yyyy-MM-dd} and {w.Until:yyyy-MM-dd}."));
        }

        return BotReply.FromCard(Page(context.Caller, w, today, stories, shownBefore: 0, page: 1), string.Create(CultureInfo.InvariantCulture, $"Overdue between {w.Since:yyyy-MM-dd} and {w.Until:yyyy-MM-dd}"));
    }

    /// <summary>"More": the next page in place of the card, read afresh after the last period shown.</summary>
    public async Task<CardActionOutcome> HandleAsync(CardActionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var token = ContinuationSigner.TokenFrom(context.Data);
        var (state, problem) = await _continuations.RedeemAsync(context.Caller, QueryName, token, cancellationToken);
        if (state is null)
        {
            return ContinuationSigner.Refusal(problem, QueryName);
        }

        if (ParseDate(state.Parameters.GetValueOrDefault("since")) is not { } since
            || ParseDate(state.Parameters.GetValueOrDefault("until")) is not { } until
            || ParseDate(state.Parameters.GetValueOrDefault("today")) is not { } today)
        {
            return CardActionOutcome.Refuse("BadRequest", ContinuationSigner.Explain(ContinuationProblem.Forged, QueryName));
        }

        var window = new OverdueWindow(since, until);
        var stories = await _history.ReadAsync(context.Caller.TenantId, window, today, state.AfterRowKey, cancellationToken);
        await _recorder.RecordAuditorQueryAsync(context.Caller, context.Turn.Activity.Id, QueryName, new JsonObject { ["since"] = Day(since), ["until"] = Day(until), ["page"] = state.Page + 1 }, cancellationToken);
        return CardActionOutcome.Replace(Page(context.Caller, window, today, stories, state.Shown, state.Page + 1));
    }

    /// <summary>Reads <c>[since yyyy-mm-dd] [until yyyy-mm-dd]</c>, in either order; anything else is refused with the usage.</summary>
    public static Result<OverdueWindow> Parse(string arguments, DateOnly today)
    {
        var text = (arguments ?? "").Trim();
        var match = Arguments().Match(text);
        if (!match.Success)
        {
            return Fail($"I can't read '{CardText.Shorten(text, 60)}'. Say **overdue**, or e.g. **overdue since 2026-01-01 until 2026-03-31** (dates as yyyy-mm-dd).");
        }

        var parts = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var group in new[] { "k1", "k2" })
        {
            if (match.Groups[group].Success)
            {
                var key = match.Groups[group].Value;
                if (!parts.TryAdd(key, match.Groups[group == "k1" ? "v1" : "v2"].Value))
                {
                    return Fail($"Say **{key.ToLowerInvariant()}** once.");
                }
            }
        }

        DateOnly? since = null, until = null;
        foreach (var (key, value) in parts)
        {
            if (ParseDate(value) is not { } date)
            {
                return Fail($"'{CardText.Shorten(value, 30)}' is not a date: write it as yyyy-mm-dd, e.g. 2026-03-31.");
            }

            if (key.Equals("since", StringComparison.OrdinalIgnoreCase))
            {
                since = date;
            }
            else
            {
                until = date;
            }
        }

        return OverdueWindow.Create(since, until, today);
    }

    private AdaptiveCard Page(Caller caller, OverdueWindow window, DateOnly today, IReadOnlyList<OverdueStory> stories, int shownBefore, int page)
    {
        var kept = Math.Min(PageSize, stories.Count);
        while (true)
        {
            var rows = stories.Take(kept).ToList();
            var continuation = stories.Count > kept
                ? _continuations.Issue(caller, QueryName, new Dictionary<string, string?>(StringComparer.Ordinal) { ["since"] = Day(window.Since), ["until"] = Day(window.Until), ["today"] = Day(today) }, rows[^1].SortKey, page, shownBefore + kept)
                : null;
            var card = OverdueCards.Page(window, today, rows, shownBefore, shownBefore + stories.Count, continuation, _register.Value.OrganizationZone);
            if (kept <= 1 || Encoding.UTF8.GetByteCount(card.ToJson()) <= EvidenceQueryCards.MaxCardBytes)
            {
                return card;
            }

            kept--;
        }
    }

    private static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static DateOnly? ParseDate(string? text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;

    private static Result<OverdueWindow> Fail(string message) =>
        Result.Failure<OverdueWindow>(new DomainError("overdue.arguments", message));

    [GeneratedRegex(@"^(?:(?<k1>since|until)\s+(?<v1>\S+))?\s*(?:(?<k2>since|until)\s+(?<v2>\S+))?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex Arguments();
}

/// <summary>A page of <c>overdue</c>: one block per period — the control, when it was due, what followed and how it ended.</summary>
public static class OverdueCards
{
    public const string MoreVerb = "nudges.overdue.more";

    /// <summary>Reminder instants listed per period before they are only counted.</summary>
    private const int MaxReminderTimes = 6;

    public static AdaptiveCard Page(OverdueWindow window, DateOnly today, IReadOnlyList<OverdueStory> rows, int shownBefore, int total, string? continuation, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(window);
        ArgumentNullException.ThrowIfNull(rows);
        var body = new List<CardElement>
        {
            CardText.Title(string.Create(CultureInfo.InvariantCulture, $"Overdue between {window.Since:yyyy-MM-dd} and {window.Until:yyyy-MM-dd}")),
            new TextBlock(string.Create(CultureInfo.InvariantCulture,
                $"{total} control period{(total == 1 ? " was" : "s were")} overdue at some time in this window. Showing {shownBefore + 1}–{shownBefore + rows.Count}, by due date. Dates in {zone.Id}."))
            { Wrap = true },
        };
        foreach (var story in rows)
        {
            var where = story.SystemName is null ? "organisation" : CardText.Md(story.SystemName);
            body.Add(new TextBlock($"**{story.Control.Id}** {CardText.Md(story.Control.Title)} ({where})") { Wrap = true, Spacing = "Medium", Separator = true });
            body.Add(Line(string.Create(CultureInfo.InvariantCulture, $"Due {story.Due:yyyy-MM-dd}, overdue from {OverdueWindow.OverdueFrom(story.Due):yyyy-MM-dd}. {Ended(story, today)}")));
            body.Add(Line("Reminders: " + Reminders(story)));
            if (story.Snoozes.Count > 0 || story.SnoozeCount > 0)
            {
                body.Add(Line("Snoozes: " + (story.Snoozes.Count > 0 ? string.Join("; ", story.Snoozes.Select(Step)) : string.Create(CultureInfo.InvariantCulture, $"{story.SnoozeCount}"))));
            }

            if (story.Escalations.Count > 0)
            {
                body.Add(Line("Escalated: " + string.Join("; ", story.Escalations.Select(Step))));
            }

            if (story.Reassignment.Count > 0)
            {
                body.Add(Line("Reassignment: " + string.Join("; ", story.Reassignment.Select(Step))));
            }
        }

        var card = new AdaptiveCard
        {
            Body = body,
            FallbackText = string.Create(CultureInfo.InvariantCulture, $"{total} control periods were overdue between {window.Since:yyyy-MM-dd} and {window.Until:yyyy-MM-dd}."),
        };
        if (continuation is not null)
        {
            card.Actions = [new ExecuteAction { Title = "More", Verb = MoreVerb, Data = new JsonObject { ["continuation"] = continuation } }];
        }
        else
        {
            body.Add(CardText.Subtle(string.Create(CultureInfo.InvariantCulture, $"End of the list: {total} period{(total == 1 ? "" : "s")}.")));
        }

        return card;

        static TextBlock Line(string text) => new(text) { Wrap = true, Size = "Small", Spacing = "None" };
    }

    private static string Ended(OverdueStory story, DateOnly today)
    {
        var end = story.End;
        var days = (end.On ?? today).DayNumber - story.Due.DayNumber;
        var late = string.Create(CultureInfo.InvariantCulture, $"{days} day{(days == 1 ? "" : "s")} overdue");
        return end.Kind switch
        {
            OverdueEndKind.Evidence => string.Create(CultureInfo.InvariantCulture,
                $"Ended {end.On:yyyy-MM-dd} by evidence from {CardText.Md(end.By ?? "its owner")}: \"{CardText.Md(CardText.Shorten(end.Text ?? "", 120))}\" ({late})."),
            OverdueEndKind.NotApplicable => string.Create(CultureInfo.InvariantCulture,
                $"Ended {end.On:yyyy-MM-dd} as not applicable this period: \"{CardText.Md(CardText.Shorten(end.Text ?? "", 120))}\" ({late})."),
            OverdueEndKind.ScheduleChanged => end.On is { } on
                ? string.Create(CultureInfo.InvariantCulture, $"No longer due from {on:yyyy-MM-dd}: the control's schedule or applicability changed ({late}).")
                : "No longer due: the control's schedule or applicability changed.",
            _ => $"**Still overdue** ({late}).",
        };
    }

    private static string Reminders(OverdueStory story)
    {
        if (story.ReminderCount == 0)
        {
            return "none sent";
        }

        var count = string.Create(CultureInfo.InvariantCulture, $"{story.ReminderCount}");
        if (story.ReminderTimes.Count > 0)
        {
            var shown = story.ReminderTimes.TakeLast(MaxReminderTimes).Select(t => t.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            return $"{count} ({string.Join(", ", shown)}{(story.ReminderTimes.Count > MaxReminderTimes ? ", the latest shown" : "")})";
        }

        // A row from before reminder times were kept knows only the last one.
        return story.LastReminderAt is { } last
            ? string.Create(CultureInfo.InvariantCulture, $"{count}, the last on {last.UtcDateTime:yyyy-MM-dd}")
            : count;
    }

    private static string Step(OverdueStep step) =>
        string.Create(CultureInfo.InvariantCulture, $"{step.At.UtcDateTime:yyyy-MM-dd} {CardText.Md(step.Text)}");
}
