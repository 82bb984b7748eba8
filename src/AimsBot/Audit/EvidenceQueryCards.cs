using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using AimsBot.Domain.Register;
using AimsBot.Register;
using AimsBot.Storage.Register;
using AimsBot.Teams.Cards;

namespace AimsBot.Audit;

/// <summary>A page of <c>evidence</c>: a schema 1.5 table, newest first, with a "More" button while rows remain.</summary>
public static class EvidenceQueryCards
{
    public const string MoreVerb = "audit.evidence.more";

    /// <summary>Cards stay under this many bytes (Teams allows about 28 KB, and the reply has an envelope).</summary>
    public const int MaxCardBytes = 26_000;

    /// <summary>
    /// The card for <paramref name="rows"/> (rows <paramref name="shownBefore"/> + 1 on). Rows that would take the
    /// card over <see cref="MaxCardBytes"/> are left for the next page: <c>Kept</c> says how many are on the card,
    /// and <paramref name="continuationAfter"/> is asked for the "More" button's continuation after the last kept row.
    /// <paramref name="scopeName"/> names each row's scope on a list across every scope (<see cref="AllScopesTarget"/>);
    /// a list of one instance has no such column, since every row is of the scope asked about.
    /// </summary>
    public static (AdaptiveCard Card, int Kept) Page(
        EvidenceAsk target,
        IReadOnlyList<(string RowKey, StoredEvidence Evidence)> rows,
        int shownBefore,
        bool hasMore,
        Func<string, int, string> continuationAfter,
        Func<ControlScope, string>? scopeName = null)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(continuationAfter);
        var kept = rows.Count;
        while (true)
        {
            var more = hasMore || kept < rows.Count;
            var continuation = more && kept > 0 ? continuationAfter(rows[kept - 1].RowKey, kept) : null;
            var card = Build(target, rows.Take(kept).Select(r => r.Evidence).ToList(), shownBefore, continuation, scopeName);
            if (kept <= 1 || Encoding.UTF8.GetByteCount(card.ToJson()) <= MaxCardBytes)
            {
                return (card, kept);
            }

            kept--;
        }
    }

    private static AdaptiveCard Build(EvidenceAsk target, List<StoredEvidence> rows, int shownBefore, string? continuation, Func<ControlScope, string>? scopeName)
    {
        var subtitle = target switch
        {
            AllScopesTarget => "Across the organisation and every AI system.",
            EvidenceTarget { View.System: null } => "The organisation's control.",
            EvidenceTarget { View.System: { } s, InstanceScope.IsOrganization: true } =>
                $"{CardText.Md(s.System.Name)} reuses the organisation's answer to this control, so this is the organisation's evidence.",
            EvidenceTarget { View.System: { } s } => $"{CardText.Md(s.System.Name)}'s own control.",
            _ => "",
        };
        var range = string.Create(CultureInfo.InvariantCulture, $"Rows {shownBefore + 1}–{shownBefore + rows.Count}, newest first. {target.Dates.Describe()} (UTC days; times in UTC).");

        // A list of one instance has no scope column: every row is of the scope asked about (the subtitle says which).
        // Three or four columns, the evidence itself (kind, link, description, period) in one: five or six columns do
        // not fit the narrowest chat (the Playground's 448 px card) without breaking header words.
        var withScope = target is AllScopesTarget && scopeName is not null;
        string[] headers = withScope
            ? ["Submitted", "Scope", "By", "Evidence"]
            : ["Submitted", "By", "Evidence"];
        List<TableRow> tableRows = [Header(headers), .. rows.Select(e => Row(e, withScope ? scopeName!(e.Scope) : null))];
        var table = new CardTable
        {
            Columns = TableLayout.FitColumns(tableRows),
            FirstRowAsHeader = true,
            ShowGridLines = true,
            Rows = tableRows,
        };

        var card = new AdaptiveCard
        {
            Body =
            [
                CardText.Title($"Evidence for {target.Control.Id} {target.Control.Title}"),
                CardText.Subtle(subtitle),
                new TextBlock(range) { Size = "Small" },
                table,
            ],
            FallbackText = string.Create(CultureInfo.InvariantCulture, $"Evidence for {target.Control.Id}: rows {shownBefore + 1}–{shownBefore + rows.Count}."),
        };
        if (continuation is not null)
        {
            card.Actions = [new ExecuteAction { Title = "More", Verb = MoreVerb, Data = new JsonObject { ["continuation"] = continuation } }];
        }
        else
        {
            card.Body.Add(CardText.Subtle(string.Create(CultureInfo.InvariantCulture, $"End of the list: {shownBefore + rows.Count} record{(shownBefore + rows.Count == 1 ? "" : "s")}. **export {target.Command}** sends them all as a file.")));
        }

        return card;
    }

    private static TableRow Header(params string[] titles) => new()
    {
        Cells = titles.Select(t => new TableCell { Items = [new TextBlock(t) { Weight = "Bolder", Size = "Small" }] }).ToList(),
    };

    private static TableRow Row(StoredEvidence e, string? scope)
    {
        var cells = new List<TableCell> { Cell(e.SubmittedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture), e.Id) };
        if (scope is not null)
        {
            cells.Add(Cell(CardText.Shorten(CardText.Md(scope), 40)));
        }

        cells.Add(Cell(CardText.Shorten(CardText.Md(e.SubmittedByName ?? e.SubmittedBy), 40)));
        var link = CardText.ShortLink(e.Url);
        var evidence = new TableCell { Items = [new TextBlock(link == CardText.None ? $"**{CardText.Kind(e.Kind)}**" : $"**{CardText.Kind(e.Kind)}** · {link}") { Size = "Small" }] };
        if (e.Description.Length > 0)
        {
            evidence.Items.Add(new TextBlock(CardText.Shorten(CardText.Md(e.Description), 80)) { Size = "Small", Spacing = "None" });
        }

        evidence.Items.Add(new TextBlock($"covers {CardText.Date(e.PeriodFrom)} – {CardText.Date(e.PeriodTo)}") { Size = "Small", IsSubtle = true, Spacing = "None" });
        cells.Add(evidence);
        return new TableRow { Cells = cells };
    }

    private static TableCell Cell(string text, string? note = null)
    {
        var cell = new TableCell { Items = [new TextBlock(text) { Size = "Small" }] };
        if (!string.IsNullOrEmpty(note))
        {
            cell.Items.Add(new TextBlock(note) { Size = "Small", IsSubtle = true, Spacing = "None" });
        }

        return cell;
    }
}
