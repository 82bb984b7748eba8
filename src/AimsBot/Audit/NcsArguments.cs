using System.Globalization;
using AimsBot.Domain;
using AimsBot.Domain.Catalogue;
using AimsBot.Register;

namespace AimsBot.Audit;

/// <summary>
/// What <c>ncs</c> was asked: any of <c>open</c>, <c>mine</c>, <c>overdue</c>, <c>since &lt;yyyy-mm-dd&gt;</c>,
/// <c>system &lt;name&gt;</c>, <c>control &lt;id&gt;</c>, in any order; every one given must hold. <c>since</c> is a UTC day,
/// inclusive, on when the nonconformity was raised.
/// </summary>
public sealed record NcsQuery(bool Open = false, bool Mine = false, bool Overdue = false, DateOnly? Since = null, string? SystemName = null, ControlId? Control = null)
{
    public static NcsQuery All { get; } = new();

    /// <summary>Whether it is the whole list (no filter).</summary>
    public bool IsAll => this == All;

    /// <summary>The first instant counted by <see cref="Since"/> (its start, UTC).</summary>
    public DateTimeOffset? RaisedFrom => Since is { } d ? new DateTimeOffset(d.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) : null;

    /// <summary>The filters in words, as typed back: <c>open overdue since 2026-01-01 system Credit Scorer</c>.</summary>
    public string Words()
    {
        var words = new List<string>();
        if (Open)
        {
            words.Add("open");
        }

        if (Mine)
        {
            words.Add("mine");
        }

        if (Overdue)
        {
            words.Add("overdue");
        }

        if (Since is { } since)
        {
            words.Add("since " + since.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        }

        if (Control is { } control)
        {
            words.Add("control " + control.Value);
        }

        if (SystemName is { } system)
        {
            words.Add("system " + system);
        }

        return string.Join(' ', words);
    }
}

/// <summary>Reads <c>ncs</c>'s arguments (<see cref="NcsQuery"/>); anything else gets a friendly sentence naming the usage.</summary>
public static class NcsArguments
{
    public const string Usage = "ncs [open | mine | overdue | since <yyyy-mm-dd> | system <name> | control <id>]";

    private static readonly DateOnly Earliest = new(2000, 1, 1);
    private static readonly DateOnly Latest = new(2100, 12, 31);

    public static Result<NcsQuery> Parse(string? arguments)
    {
        var tokens = Tokens((arguments ?? "").Trim());
        var query = NcsQuery.All;
        for (var i = 0; i < tokens.Count; i++)
        {
            var word = tokens[i].Quoted ? "" : tokens[i].Text.ToLowerInvariant();
            switch (word)
            {
                case "all":
                    break;
                case "open":
                    query = query with { Open = true };
                    break;
                case "mine" or "my":
                    query = query with { Mine = true };
                    break;
                case "overdue":
                    query = query with { Overdue = true };
                    break;
                case "since":
                    if (query.Since is not null)
                    {
                        return Problem("Say 'since' once.");
                    }

                    if (i + 1 >= tokens.Count || IsKeyword(tokens[i + 1]))
                    {
                        return Problem("Give a date after 'since', like **ncs since 2026-01-01**.");
                    }

                    var value = tokens[++i].Text;
                    if (!DateOnly.TryParseExact(value, ["yyyy-MM-dd", "yyyy-M-d"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var since) || since < Earliest || since > Latest)
                    {
                        return Problem($"'{CardText.Md(CardText.Shorten(value, 30))}' after 'since' is not a date I can read. Dates look like 2026-01-31 (year-month-day).");
                    }

                    query = query with { Since = since };
                    break;
                case "control":
                    if (query.Control is not null)
                    {
                        return Problem("Name one control.");
                    }

                    if (i + 1 >= tokens.Count || IsKeyword(tokens[i + 1]))
                    {
                        return Problem("Give a control id after 'control', like **ncs control A.6.2.6**.");
                    }

                    var found = AnnexA.Find(tokens[++i].Text);
                    if (!found.TryGetValue(out var control))
                    {
                        return Result.Failure<NcsQuery>(found.Errors);
                    }

                    query = query with { Control = control.ControlId };
                    break;
                case "system":
                    if (query.SystemName is not null)
                    {
                        return Problem("Name one AI system.");
                    }

                    // A name runs to the next filter word (or is quoted).
                    var name = new List<string>();
                    while (i + 1 < tokens.Count && !IsKeyword(tokens[i + 1]))
                    {
                        name.Add(tokens[++i].Text);
                    }

                    if (name.Count == 0)
                    {
                        return Problem("Name the AI system after 'system', like **ncs system Credit Scorer**.");
                    }

                    query = query with { SystemName = string.Join(' ', name) };
                    break;
                default:
                    return Problem($"I don't know '{CardText.Md(CardText.Shorten(tokens[i].Text, 30))}' here.");
            }
        }

        return Result.Success(query);
    }

    private static bool IsKeyword((string Text, bool Quoted) token) =>
        !token.Quoted && token.Text.ToLowerInvariant() is "all" or "open" or "mine" or "my" or "overdue" or "since" or "control" or "system";

    private static Result<NcsQuery> Problem(string message) =>
        Result.Failure<NcsQuery>(new DomainError("ncs.arguments", $"{message} Say **{Usage}**; the filters combine, e.g. **ncs open overdue** or **ncs since 2026-01-01 system ‹name›**.", "arguments"));

    /// <summary>Words split at spaces; a quoted run ("Open Banking") is one word, so a name may hold a filter word.</summary>
    private static List<(string Text, bool Quoted)> Tokens(string text)
    {
        var tokens = new List<(string Text, bool Quoted)>();
        var i = 0;
        while (i < text.Length)
        {
            if (char.IsWhiteSpace(text[i]))
            {
                i++;
                continue;
            }

            if (text[i] is '"' or '“' or '\'')
            {
                var close = text[i] == '“' ? '”' : text[i];
                var end = text.IndexOf(close, i + 1);
                if (end > i)
                {
                    var quoted = text[(i + 1)..end].Trim();
                    if (quoted.Length > 0)
                    {
                        tokens.Add((quoted, true));
                    }

                    i = end + 1;
                    continue;
                }
            }

            var start = i;
            while (i < text.Length && !char.IsWhiteSpace(text[i]))
            {
                i++;
            }

            tokens.Add((text[start..i], false));
        }

        return tokens;
    }
}
