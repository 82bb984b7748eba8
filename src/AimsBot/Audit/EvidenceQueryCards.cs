using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
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
    /// </summary>
    public static (AdaptiveCard Card, int Kept) Page(
        EvidenceTarget target,
        IReadOnlyList<(string RowKey, StoredEvidence Evidence)> rows,
        int shownBefore,
        bool hasMore,
        Func<string, int, string> continuationAfter)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(continuationAfter);
        var kept = rows.Count;
        while (true)
        {
            var more = hasMore || kept < rows.Count;
            var continuation = more && kept > 0 ? continuationAfter(rows[kept - 1].RowKey, kept) : null;
            var card = Build(target, rows.Take(kept).Select(r => r.Evidence).ToList(), shownBefore, continuation);
            if (kept <= 1 || Encoding.UTF8.GetByteCount(card.ToJson()) <= MaxCardBytes)
            {
                return (card, kept);
            }

            kept--;
        }
    }

    private static AdaptiveCard Build(EvidenceTarget target, List<StoredEvidence> rows, int shownBefore, string? continuation)
    {
        var scopeName = target.View.System is { } s ? s.System.Name : "Organisation";
        var subtitle = target.View.System is null
            ? "The organisation's control."
            : target.InstanceScope.IsOrganization
                ? $"{CardText.Md(scopeName)} reuses the organisation's answer to this control, so this is the organisation's evidence."
                : $"{CardText.Md(scopeName)}'s own control.";
        var filter = (target.Since, target.Until) switch
        {
            (null, null) => "All dates",
            ({ } a, null) => $"Submitted on or after {CardText.Date(a)}",
            (null, { } b) => $"Submitted on or before {CardText.Date(b)}",
            ({ } a, { } b) => $"Submitted {CardText.Date(a)} to {CardText.Date(b)}",
        };
        var range = string.Create(CultureInfo.InvariantCulture, $"Rows {shownBefore + 1}–{shownBefore + rows.Count}, newest first. {filter} (UTC days).");

        var table = new CardTable
        {
            Columns = [new() { Width = 3 }, new() { Width = 3 }, new() { Width = 2 }, new() { Width = 4 }, new() { Width = 3 }, new() { Width = 2 }],
            FirstRowAsHeader = true,
            ShowGridLines = true,
            Rows = [Header("Date (UTC)", "Submitter", "Kind", "Link", "Period", "System"), .. rows.Select(e => Row(e, target.InstanceScope.IsOrganization ? "Organisation" : scopeName))],
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

    private static TableRow Row(StoredEvidence e, string system) => new()
    {
        Cells =
        [
            Cell(e.SubmittedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture), e.Id),
            Cell(CardText.Shorten(CardText.Md(e.SubmittedByName ?? e.SubmittedBy), 40)),
            Cell(CardText.Kind(e.Kind)),
            Cell(Link(e), CardText.Shorten(CardText.Md(e.Description), 80)),
            Cell($"{CardText.Date(e.PeriodFrom)} – {CardText.Date(e.PeriodTo)}"),
            Cell(CardText.Shorten(CardText.Md(system), 40)),
        ],
    };

    private static TableCell Cell(string text, string? note = null)
    {
        var cell = new TableCell { Items = [new TextBlock(text) { Size = "Small" }] };
        if (!string.IsNullOrEmpty(note))
        {
            cell.Items.Add(new TextBlock(note) { Size = "Small", IsSubtle = true, Spacing = "None" });
        }

        return cell;
    }

    /// <summary>A short, clickable form of the evidence's https address; a dash for a note or attestation without one.</summary>
    private static string Link(StoredEvidence e)
    {
        if (e.Url is null || !Uri.TryCreate(e.Url, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps)
        {
            return CardText.None;
        }

        var shown = CardText.Md(CardText.Shorten(uri.Host + uri.AbsolutePath.TrimEnd('/'), 40));
        return $"[{shown}]({uri.AbsoluteUri.Replace("(", "%28", StringComparison.Ordinal).Replace(")", "%29", StringComparison.Ordinal).Replace(" ", "%20", StringComparison.Ordinal)})";
    }
}
