using System.Text.RegularExpressions;

namespace AimsBot.Teams.Cards;

/// <summary>
/// Column widths for a <see cref="CardTable"/> sized to what its cells hold. Schema 1.5 only knows relative
/// weights (or fixed pixels, which break on other widths), and Teams gives a table whatever width the chat
/// column has, so fixed weights either squeeze a short header ("Submitt / er") or waste room on a column of
/// dates. Each column gets at least its longest word, so no word breaks across lines; the room left goes to
/// columns with longer text (descriptions, names), which wrap.
/// </summary>
public static partial class TableLayout
{
    /// <summary>
    /// Characters of small text that fit across a table in the narrowest client we check (the Agents Playground
    /// draws a card 448 px wide; about 7.5 px a character in small text, less the cells' spacing). Teams is wider.
    /// </summary>
    public const int NarrowestWidthInCharacters = 54;

    /// <summary>Characters of a cell's text that count toward the room a column asks for: longer text wraps.</summary>
    private const int WantedCharactersMax = 36;

    /// <summary>Unbroken strings longer than this (ids, hashes, addresses) wrap anywhere, so they set no minimum.</summary>
    private const int LongestUnbreakableWord = 30;

    /// <summary>Bold header text is wider than body text.</summary>
    private const double BolderFactor = 1.15;

    /// <summary>The widths for <paramref name="rows"/> (headers included), one per column of the widest row.</summary>
    public static List<TableColumnDefinition> FitColumns(IReadOnlyList<TableRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var columns = rows.Count == 0 ? 0 : rows.Max(r => r.Cells.Count);
        var least = new double[columns];
        var wanted = new double[columns];
        foreach (var row in rows)
        {
            for (var i = 0; i < row.Cells.Count; i++)
            {
                foreach (var block in row.Cells[i].Items.OfType<TextBlock>())
                {
                    var text = Plain(block.Text);
                    var factor = string.Equals(block.Weight, "Bolder", StringComparison.OrdinalIgnoreCase) ? BolderFactor : 1.0;
                    var longestWord = Words().Matches(text).Select(m => m.Length).Where(l => l <= LongestUnbreakableWord).DefaultIfEmpty(0).Max();
                    least[i] = Math.Max(least[i], longestWord * factor);
                    wanted[i] = Math.Max(wanted[i], Math.Min(text.Length, WantedCharactersMax) * factor);
                }
            }
        }

        // Every column gets its least and one character of gap; what is left of the narrowest width is shared in
        // proportion to what each column would like beyond its least. The weights are relative, so they hold on
        // wider clients too.
        var spare = NarrowestWidthInCharacters - columns - least.Sum();
        var extra = wanted.Select((w, i) => Math.Max(0, w - least[i])).ToArray();
        var share = extra.Sum() <= 0 ? 0 : Math.Clamp(spare / extra.Sum(), 0, 1);
        return least
            .Select((l, i) => new TableColumnDefinition { Width = Math.Max(1, (int)Math.Ceiling((l + (extra[i] * share) + 1) * 10)) })
            .ToList();
    }

    /// <summary>What a person reads of a markdown cell: link text without its address, no emphasis marks or escapes.</summary>
    private static string Plain(string markdown)
    {
        var text = Link().Replace(markdown, "$1");
        text = text.Replace("**", "", StringComparison.Ordinal);
        return Escape().Replace(text, "$1");
    }

    [GeneratedRegex(@"\[([^\]]*)\]\([^)\s]*\)", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex Link();

    [GeneratedRegex(@"\\([\\*_\[\]`])", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex Escape();

    [GeneratedRegex(@"\S+", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex Words();
}
