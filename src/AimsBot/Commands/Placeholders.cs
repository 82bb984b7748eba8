using System.Text.RegularExpressions;

namespace AimsBot.Commands;

/// <summary>
/// Usage placeholders such as <c>&lt;id&gt;</c> on a card. Teams reads card text as markdown with HTML in it, so
/// <c>&lt;id&gt;</c> is taken for a tag and vanishes ("control [system ]"). On cards they are written with single
/// guillemets, <c>‹id›</c>, which every client shows as written. (Text replies escape angle brackets instead.)
/// </summary>
public static partial class Placeholders
{
    public static string ForCard(string text) =>
        Placeholder().Replace(text ?? "", match => "‹" + match.Groups[1].Value + "›");

    [GeneratedRegex(@"<([^<>\r\n]{1,60})>", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex Placeholder();
}
