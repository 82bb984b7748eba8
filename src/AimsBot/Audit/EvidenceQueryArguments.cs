using System.Globalization;
using System.Text.RegularExpressions;
using AimsBot.Domain;
using AimsBot.Register;

namespace AimsBot.Audit;

/// <summary>
/// What <c>evidence &lt;id&gt; [system &lt;name&gt;] [since &lt;yyyy-mm-dd&gt;] [until &lt;yyyy-mm-dd&gt;]</c> asks for.
/// The dates are days in UTC and filter on when the evidence was submitted; both are inclusive.
/// </summary>
public sealed record EvidenceQuery(ControlTarget Target, DateOnly? Since, DateOnly? Until)
{
    public static readonly DateOnly Earliest = new(2000, 1, 1);
    public static readonly DateOnly Latest = new(2099, 12, 31);

    /// <summary>The first instant counted (start of <see cref="Since"/>, UTC).</summary>
    public DateTimeOffset? SubmittedFrom => Since is { } d ? new DateTimeOffset(d.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) : null;

    /// <summary>The first instant no longer counted (start of the day after <see cref="Until"/>, UTC).</summary>
    public DateTimeOffset? SubmittedBefore => Until is { } d ? new DateTimeOffset(d.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) : null;
}

/// <summary>Forgiving parsing of the evidence query: <c>evidence for a6.2.6 system Credit Scorer since 2026-01-01</c>.</summary>
public static partial class EvidenceQueryArguments
{
    public const string Usage = "evidence <id> [system <name>] [since <yyyy-mm-dd>] [until <yyyy-mm-dd>]";

    public static Result<EvidenceQuery> Parse(string arguments)
    {
        var text = LeadingFor().Replace((arguments ?? "").Trim(), "");
        DateOnly? since = null;
        DateOnly? until = null;
        var matches = DateKeyword().Matches(text);
        foreach (Match match in matches)
        {
            var keyword = match.Groups["keyword"].Value.ToLowerInvariant();
            var value = match.Groups["value"].Value;
            if ((keyword == "since" && since is not null) || (keyword == "until" && until is not null))
            {
                return Problem($"Say '{keyword}' once.");
            }

            if (value.Length == 0)
            {
                return Problem($"Give a date after '{keyword}', like {keyword} 2026-01-01.");
            }

            if (!DateOnly.TryParseExact(value, ["yyyy-MM-dd", "yyyy-M-d"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                var shown = value.Length > 30 ? value[..30] + "…" : value;
                return Problem($"'{shown}' after '{keyword}' is not a date I can read. Dates look like 2026-01-31 (year-month-day).");
            }

            if (date < EvidenceQuery.Earliest || date > EvidenceQuery.Latest)
            {
                return Problem($"The date after '{keyword}' should be between {CardText.Date(EvidenceQuery.Earliest)} and {CardText.Date(EvidenceQuery.Latest)}.");
            }

            if (keyword == "since")
            {
                since = date;
            }
            else
            {
                until = date;
            }
        }

        if (since is { } s && until is { } u && u < s)
        {
            return Problem($"'until' ({CardText.Date(u)}) is before 'since' ({CardText.Date(s)}): nothing could match.");
        }

        var rest = DateKeyword().Replace(text, " ").Trim();
        return RegisterArguments.Control(rest, Usage).Map(target => new EvidenceQuery(target, since, until));
    }

    private static Result<EvidenceQuery> Problem(string message) =>
        Result.Failure<EvidenceQuery>(new DomainError("command.usage", $"{message} Use: **{Usage}**"));

    [GeneratedRegex(@"^(for|of)\s+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex LeadingFor();

    [GeneratedRegex(@"(?<=^|\s)(?<keyword>since|until)(?=\s|$)\s*(?<value>\S*)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex DateKeyword();
}
