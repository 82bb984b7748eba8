using System.Globalization;
using System.Text.RegularExpressions;
using AimsBot.Domain;
using AimsBot.Register;
using AimsBot.Storage.Register;

namespace AimsBot.Audit;

/// <summary>
/// The dates of an evidence query, all days in UTC and inclusive: <see cref="Since"/>/<see cref="Until"/> on when the
/// evidence was submitted, <see cref="CoversFrom"/>/<see cref="CoversTo"/> on the period it covers (it counts when
/// its period overlaps those days).
/// </summary>
public sealed record EvidenceDates(DateOnly? Since = null, DateOnly? Until = null, DateOnly? CoversFrom = null, DateOnly? CoversTo = null)
{
    public static readonly DateOnly Earliest = new(2000, 1, 1);
    public static readonly DateOnly Latest = new(2099, 12, 31);

    public static readonly EvidenceDates None = new();

    public bool Any => Since is not null || Until is not null || CoversFrom is not null;

    /// <summary>The first instant counted (start of <see cref="Since"/>, UTC).</summary>
    public DateTimeOffset? SubmittedFrom => Since is { } d ? new DateTimeOffset(d.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) : null;

    /// <summary>The first instant no longer counted (start of the day after <see cref="Until"/>, UTC).</summary>
    public DateTimeOffset? SubmittedBefore => Until is { } d ? new DateTimeOffset(d.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) : null;

    /// <summary>The storage filter for these dates.</summary>
    public EvidenceFilter Filter => new(SubmittedFrom, SubmittedBefore, CoversFrom, CoversTo);

    /// <summary>The words that ask for these dates again: <c> since 2026-01-01 covering 2026-07-01 2026-09-30</c>.</summary>
    public string Words
    {
        get
        {
            var text = "";
            if (Since is { } s)
            {
                text += " since " + CardText.Date(s);
            }

            if (Until is { } u)
            {
                text += " until " + CardText.Date(u);
            }

            if (CoversFrom is { } f && CoversTo is { } t)
            {
                text += $" covering {CardText.Date(f)} {CardText.Date(t)}";
            }

            return text;
        }
    }

    /// <summary>The filter in words for a card: "Submitted 2026-01-01 to 2026-03-31; covering 2026-07-01 to 2026-09-30".</summary>
    public string Describe()
    {
        var submitted = (Since, Until) switch
        {
            (null, null) => null,
            ({ } a, null) => $"Submitted on or after {CardText.Date(a)}",
            (null, { } b) => $"Submitted on or before {CardText.Date(b)}",
            ({ } a, { } b) => $"Submitted {CardText.Date(a)} to {CardText.Date(b)}",
        };
        var covering = CoversFrom is { } f && CoversTo is { } t ? $"covering any day of {CardText.Date(f)} to {CardText.Date(t)}" : null;
        return (submitted, covering) switch
        {
            (null, null) => "All dates",
            ({ } s, null) => s,
            (null, { } c) => char.ToUpperInvariant(c[0]) + c[1..],
            ({ } s, { } c) => $"{s}, {c}",
        };
    }

    /// <summary>The dates as continuation parameters (read back by <see cref="TryRead"/>).</summary>
    public void WriteTo(IDictionary<string, string?> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        parameters["since"] = Since is { } s ? CardText.Date(s) : null;
        parameters["until"] = Until is { } u ? CardText.Date(u) : null;
        parameters["from"] = CoversFrom is { } f ? CardText.Date(f) : null;
        parameters["to"] = CoversTo is { } t ? CardText.Date(t) : null;
    }

    /// <summary>The dates a continuation carries; false when one is not a date (the continuation is not ours).</summary>
    public static bool TryRead(IReadOnlyDictionary<string, string?> parameters, out EvidenceDates dates)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        dates = None;
        if (!TryDate(parameters.GetValueOrDefault("since"), out var since) || !TryDate(parameters.GetValueOrDefault("until"), out var until)
            || !TryDate(parameters.GetValueOrDefault("from"), out var from) || !TryDate(parameters.GetValueOrDefault("to"), out var to)
            || (from is null) != (to is null))
        {
            return false;
        }

        dates = new EvidenceDates(since, until, from, to);
        return true;
    }

    private static bool TryDate(string? text, out DateOnly? date)
    {
        date = null;
        if (text is null)
        {
            return true;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
        {
            date = d;
            return true;
        }

        return false;
    }
}

/// <summary>
/// What <c>evidence &lt;id&gt; [system &lt;name&gt;|all systems] [since …] [until …] [covering &lt;from&gt; &lt;to&gt;]</c>
/// asks for: one control instance (<see cref="AllSystems"/> false: the organisation's, or a system's), or the
/// control across the organisation and every AI system.
/// </summary>
public sealed record EvidenceQuery(ControlTarget Target, EvidenceDates Dates, bool AllSystems = false);

/// <summary>Forgiving parsing of the evidence query: <c>evidence for a6.2.6 all systems covering 2026-07-01 2026-09-30</c>.</summary>
public static partial class EvidenceQueryArguments
{
    public const string Usage = "evidence <id> [system <name>|all systems] [since <yyyy-mm-dd>] [until <yyyy-mm-dd>] [covering <from> <to>]";

    public static Result<EvidenceQuery> Parse(string arguments)
    {
        var text = LeadingFor().Replace((arguments ?? "").Trim(), "");

        var all = AllSystems().Matches(text);
        if (all.Count > 1)
        {
            return Problem("Say 'all systems' once.");
        }

        text = AllSystems().Replace(text, " ");

        var parsedDates = ParseDates(text, Usage);
        if (!parsedDates.TryGetValue(out var parsed))
        {
            return Result.Failure<EvidenceQuery>(parsedDates.Errors);
        }

        var (dates, rest) = parsed;
        var target = RegisterArguments.Control(rest, Usage);
        if (!target.TryGetValue(out var control))
        {
            return Result.Failure<EvidenceQuery>(target.Errors);
        }

        if (all.Count == 1 && control.SystemName is not null)
        {
            return Problem("Say either 'system' with a name or 'all systems', not both.");
        }

        return Result.Success(new EvidenceQuery(control, dates, AllSystems: all.Count == 1));
    }

    /// <summary>
    /// The date filters in <paramref name="text"/> (<c>since</c>, <c>until</c>, <c>covering &lt;from&gt; &lt;to&gt;</c>)
    /// and the text left without them; a problem names <paramref name="usage"/>.
    /// </summary>
    public static Result<(EvidenceDates Dates, string Remainder)> ParseDates(string text, string usage)
    {
        ArgumentNullException.ThrowIfNull(text);
        var covering = Covering().Matches(text);
        if (covering.Count > 1)
        {
            return Problem<(EvidenceDates, string)>(usage, "Say 'covering' once.");
        }

        DateOnly? coversFrom = null;
        DateOnly? coversTo = null;
        if (covering.Count == 1)
        {
            var from = covering[0].Groups["from"].Value;
            var to = covering[0].Groups["to"].Value;
            if (from.Length == 0 || to.Length == 0 || IsKeyword(from) || IsKeyword(to))
            {
                return Problem<(EvidenceDates, string)>(usage, "Give the first and the last day of the period after 'covering', like covering 2026-07-01 2026-09-30.");
            }

            var first = ReadDate(from, "covering", usage);
            if (!first.TryGetValue(out var f))
            {
                return Result.Failure<(EvidenceDates, string)>(first.Errors);
            }

            var last = ReadDate(to, "covering", usage);
            if (!last.TryGetValue(out var t))
            {
                return Result.Failure<(EvidenceDates, string)>(last.Errors);
            }

            if (t < f)
            {
                return Problem<(EvidenceDates, string)>(usage, $"The period after 'covering' ends ({CardText.Date(t)}) before it starts ({CardText.Date(f)}): give its first day, then its last.");
            }

            (coversFrom, coversTo) = (f, t);
            text = Covering().Replace(text, " ");
        }

        DateOnly? since = null;
        DateOnly? until = null;
        foreach (Match match in DateKeyword().Matches(text))
        {
            var keyword = match.Groups["keyword"].Value.ToLowerInvariant();
            var value = match.Groups["value"].Value;
            if ((keyword == "since" && since is not null) || (keyword == "until" && until is not null))
            {
                return Problem<(EvidenceDates, string)>(usage, $"Say '{keyword}' once.");
            }

            if (value.Length == 0)
            {
                return Problem<(EvidenceDates, string)>(usage, $"Give a date after '{keyword}', like {keyword} 2026-01-01.");
            }

            var date = ReadDate(value, keyword, usage);
            if (!date.TryGetValue(out var d))
            {
                return Result.Failure<(EvidenceDates, string)>(date.Errors);
            }

            if (keyword == "since")
            {
                since = d;
            }
            else
            {
                until = d;
            }
        }

        if (since is { } s && until is { } u && u < s)
        {
            return Problem<(EvidenceDates, string)>(usage, $"'until' ({CardText.Date(u)}) is before 'since' ({CardText.Date(s)}): nothing could match.");
        }

        var rest = DateKeyword().Replace(text, " ").Trim();
        return Result.Success((new EvidenceDates(since, until, coversFrom, coversTo), rest));
    }

    private static Result<DateOnly> ReadDate(string value, string keyword, string usage)
    {
        if (!DateOnly.TryParseExact(value, ["yyyy-MM-dd", "yyyy-M-d"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            var shown = value.Length > 30 ? value[..30] + "…" : value;
            return Result.Failure<DateOnly>(UsageError(usage, $"'{shown}' after '{keyword}' is not a date I can read. Dates look like 2026-01-31 (year-month-day)."));
        }

        if (date < EvidenceDates.Earliest || date > EvidenceDates.Latest)
        {
            return Result.Failure<DateOnly>(UsageError(usage, $"The dates after '{keyword}' should be between {CardText.Date(EvidenceDates.Earliest)} and {CardText.Date(EvidenceDates.Latest)}."));
        }

        return Result.Success(date);
    }

    private static bool IsKeyword(string word) =>
        word.Equals("since", StringComparison.OrdinalIgnoreCase) || word.Equals("until", StringComparison.OrdinalIgnoreCase)
        || word.Equals("system", StringComparison.OrdinalIgnoreCase) || word.Equals("covering", StringComparison.OrdinalIgnoreCase);

    private static DomainError UsageError(string usage, string message) => new("command.usage", $"{message} Use: **{usage}**");

    private static Result<EvidenceQuery> Problem(string message) => Problem<EvidenceQuery>(Usage, message);

    private static Result<T> Problem<T>(string usage, string message) => Result.Failure<T>(UsageError(usage, message));

    [GeneratedRegex(@"^(for|of)\s+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex LeadingFor();

    [GeneratedRegex(@"(?<=^|\s)(across\s+)?all\s+(ai\s+)?systems?(?=\s|$)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex AllSystems();

    // "covering 2026-07-01 2026-09-30", also "covering 2026-07-01 to 2026-09-30".
    [GeneratedRegex(@"(?<=^|\s)covering(?=\s|$)\s*(?<from>\S*)(\s+to(?=\s))?\s*(?<to>\S*)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex Covering();

    [GeneratedRegex(@"(?<=^|\s)(?<keyword>since|until)(?=\s|$)\s*(?<value>\S*)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex DateKeyword();
}
