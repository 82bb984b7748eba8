using System.Text.RegularExpressions;
using AimsBot.Domain;
using AimsBot.Domain.Catalogue;
using AimsBot.Domain.Register;
using AimsBot.Teams.Activities;

namespace AimsBot.Register;

/// <summary>A control named in a command, and the AI system it is asked about (null: the organisation).</summary>
public sealed record ControlTarget(AnnexAControl Control, string? SystemName);

/// <summary>
/// Parses the arguments of the register's commands into typed requests. Forgiving about spacing and case;
/// anything it cannot read gets a message saying how the command is used.
/// </summary>
public static partial class RegisterArguments
{
    /// <summary><c>[system] &lt;name&gt;</c> or nothing (the organisation).</summary>
    public static string? SystemName(string arguments)
    {
        var text = (arguments ?? "").Trim();
        if (text.Length == 0)
        {
            return null;
        }

        var match = LeadingSystemKeyword().Match(text);
        return match.Success ? text[match.Length..].Trim() : text;
    }

    /// <summary><c>&lt;id&gt; [system &lt;name&gt;]</c>.</summary>
    public static Result<ControlTarget> Control(string arguments, string usage)
    {
        var text = (arguments ?? "").Trim();
        string idText;
        string? system = null;
        var keyword = SystemKeyword().Match(text);
        if (LeadingSystemKeyword().IsMatch(text))
        {
            return Usage(usage, "Start with the control id.");
        }

        if (keyword.Success)
        {
            idText = text[..keyword.Index].Trim();
            system = text[(keyword.Index + keyword.Length)..].Trim();
            if (system.Length == 0)
            {
                return Usage(usage, "Name the AI system after 'system'.");
            }
        }
        else
        {
            idText = text;
        }

        if (idText.Length == 0)
        {
            return Usage(usage, "Which control? Give its Annex A id, such as A.6.2.6.");
        }

        return AnnexA.Find(idText).Map(control => new ControlTarget(control, system));
    }

    /// <summary>
    /// <c>&lt;id&gt; [system &lt;name&gt;] &lt;@mention|upn&gt;</c>: the owner is a mention of someone other than the
    /// bot (its <c>&lt;at&gt;…&lt;/at&gt;</c> text is taken out), else the last word.
    /// </summary>
    public static Result<(ControlTarget Target, OwnerReference Owner)> Owner(string arguments, IEnumerable<Entity> mentions, string? botId, string usage)
    {
        var text = (arguments ?? "").Trim();
        var people = mentions
            .Where(m => m.Mentioned?.Id is { Length: > 0 } id && !IsBot(id, botId))
            .ToList();
        OwnerReference owner;
        if (people.Count > 1)
        {
            return Result.Failure<(ControlTarget, OwnerReference)>(new DomainError("owner.many", "Mention exactly one person as the owner.", "owner"));
        }

        if (people.Count == 1)
        {
            owner = OwnerReference.Mentioned(people[0].Mentioned!);
            text = MentionTag().Replace(text, " ").Trim();
        }
        else
        {
            var lastSpace = text.LastIndexOfAny([' ', '\t', '\n']);
            if (lastSpace < 0)
            {
                return Usage(usage, text.Length == 0 ? "Which control, and who should own it?" : "Who should own it? @mention them or give their UPN.")
                    .Map(t => (t, OwnerReference.Typed("")));
            }

            owner = OwnerReference.Typed(text[(lastSpace + 1)..]);
            text = text[..lastSpace].Trim();
        }

        return Control(text, usage).Map(target => (target, owner));
    }

    /// <summary><c>&lt;id&gt; [system &lt;name&gt;] because &lt;reason&gt;</c>.</summary>
    public static Result<(ControlTarget Target, string Reason)> Exclusion(string arguments, string usage)
    {
        var text = (arguments ?? "").Trim();
        var because = BecauseKeyword().Match(text);
        if (!because.Success)
        {
            return Usage(usage, "Say why the control does not apply, after 'because'.").Map(t => (t, ""));
        }

        var reason = text[(because.Index + because.Length)..].Trim();
        return Control(text[..because.Index], usage).Map(target => (target, reason));
    }

    /// <summary>
    /// <c>&lt;id&gt; [system &lt;name&gt;] &lt;status&gt;</c>: the status is the last word (<c>not-started</c>,
    /// <c>not started</c>, <c>planned</c>, <c>partial</c>, <c>implemented</c>), read before the rest so a system's
    /// name never swallows it.
    /// </summary>
    public static Result<(ControlTarget Target, ImplementationStatus Status)> Implementation(string arguments, string usage)
    {
        var text = (arguments ?? "").Trim();
        var words = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (words.Length < 2)
        {
            return Usage(usage, "Name the control and its status.").Map(t => (t, ImplementationStatus.NotStarted));
        }

        // How many of the last words name the status ("not started" takes two).
        (ImplementationStatus? Status, int Used) named = words[^1].ToLowerInvariant() switch
        {
            "implemented" => (ImplementationStatus.Implemented, 1),
            "partial" or "partially" => (ImplementationStatus.Partial, 1),
            "planned" => (ImplementationStatus.Planned, 1),
            "not-started" or "notstarted" => (ImplementationStatus.NotStarted, 1),
            "started" when words.Length >= 3 && string.Equals(words[^2], "not", StringComparison.OrdinalIgnoreCase) => (ImplementationStatus.NotStarted, 2),
            _ => (null, 0),
        };
        var (status, used) = named;
        if (status is not { } known)
        {
            var last = words[^1].Length > 30 ? words[^1][..30] + "…" : words[^1];
            return Usage(usage, $"'{last}' is not a status: say not-started, planned, partial or implemented, last.").Map(t => (t, ImplementationStatus.NotStarted));
        }

        return Control(string.Join(' ', words[..^used]), usage).Map(target => (target, known));
    }

    private static Result<ControlTarget> Usage(string usage, string problem) =>
        Result.Failure<ControlTarget>(new DomainError("command.usage", $"{problem} Use: **{usage}**"));

    private static bool IsBot(string id, string? botId) =>
        botId is not null && string.Equals(Bare(id), Bare(botId), StringComparison.OrdinalIgnoreCase);

    private static string Bare(string id) => id.StartsWith("28:", StringComparison.Ordinal) ? id[3..] : id;

    [GeneratedRegex(@"^system(\s+|$)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex LeadingSystemKeyword();

    [GeneratedRegex(@"\s+system(\s+|$)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex SystemKeyword();

    [GeneratedRegex(@"(^|\s)because(\s+|$)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex BecauseKeyword();

    [GeneratedRegex(@"<at>.*?</at>", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Singleline, matchTimeoutMilliseconds: 100)]
    private static partial Regex MentionTag();
}
