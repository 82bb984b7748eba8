using System.Globalization;
using System.Text.Json.Nodes;
using AimsBot.Commands;
using AimsBot.Domain.Access;
using AimsBot.Ledger;
using AimsBot.Register;
using AimsBot.Storage.Nonconformities;
using AimsBot.Teams.Cards;

namespace AimsBot.Audit;

/// <summary>
/// <c>ncs [open|mine]</c>: the nonconformities recorded in the <c>Nonconformities</c> table (all, the open
/// ones, or those the caller owns or raised), first <see cref="MaxShown"/> by id. For compliance leads,
/// auditors, risk approvers and admins (<see cref="DomainAction.ViewNonconformities"/>).
/// </summary>
public sealed class NcsCommand : IChatCommand
{
    public const int MaxShown = 25;

    private readonly NonconformityRepository _nonconformities;
    private readonly LedgerAuditRecorder _recorder;

    public NcsCommand(NonconformityRepository nonconformities, LedgerAuditRecorder recorder)
    {
        _nonconformities = nonconformities;
        _recorder = recorder;
    }

    public async Task<BotReply> ExecuteAsync(CommandContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var word = context.Arguments.Trim().ToLowerInvariant();
        NonconformityFilter? filter = word switch
        {
            "" or "all" => NonconformityFilter.All,
            "open" => NonconformityFilter.Open,
            "mine" or "my" => NonconformityFilter.Mine,
            _ => null,
        };
        if (filter is not { } chosen)
        {
            return BotReply.FromText($"I can list **ncs**, **ncs open** or **ncs mine**, not '{CardText.Md(CardText.Shorten(context.Arguments.Trim(), 30))}'.");
        }

        var page = await _nonconformities.ListAsync(context.Caller.TenantId, chosen, context.Caller.UserKey, MaxShown, cancellationToken);
        await _recorder.RecordAuditorQueryAsync(
            context.Caller,
            context.Turn.Activity.Id,
            "ncs",
            new JsonObject { ["filter"] = chosen.ToString().ToLowerInvariant(), ["rows"] = page.Items.Count, ["nonconformities"] = new JsonArray(page.Items.Select(r => (JsonNode?)JsonValue.Create(r.RowKey)).ToArray()) },
            cancellationToken);
        if (page.Items.Count == 0)
        {
            return BotReply.FromText(chosen switch
            {
                NonconformityFilter.Open => "No open nonconformities.",
                NonconformityFilter.Mine => "No nonconformities are yours (as owner or as the person who raised them).",
                _ => "No nonconformities have been recorded.",
            });
        }

        return BotReply.FromCard(NcsCards.List(page, chosen), string.Create(CultureInfo.InvariantCulture, $"Nonconformities: {page.Items.Count}{(page.HasMore ? "+" : "")}"));
    }
}

/// <summary>The <c>ncs</c> card: a table of nonconformities.</summary>
public static class NcsCards
{
    public static AdaptiveCard List(NonconformityPage page, NonconformityFilter filter)
    {
        ArgumentNullException.ThrowIfNull(page);
        var title = filter switch
        {
            NonconformityFilter.Open => "Open nonconformities",
            NonconformityFilter.Mine => "Your nonconformities",
            _ => "Nonconformities",
        };
        // Five columns fit the narrowest chat: the control goes under the title and the day raised under the id.
        List<TableRow> rows =
        [
            Header("Id", "Title", "Status", "Owner", "Due"),
            .. page.Items.Select(r => new TableRow
            {
                Cells =
                [
                    Cell(r.RowKey, r.RaisedAt is { } at ? "raised " + at.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : null),
                    Cell(CardText.Shorten(CardText.Md(r.Title ?? ""), 120), r.ControlId is null ? null : $"{r.ControlId}{(r.Scope is null or "org" ? "" : " (" + CardText.Md(r.Scope) + ")")}"),
                    Cell(r.Status ?? CardText.None),
                    Cell(CardText.Md(r.OwnerName ?? r.OwnerUserId ?? CardText.None)),
                    Cell(r.DueOn ?? CardText.None),
                ],
            }),
        ];
        var card = new AdaptiveCard
        {
            Body =
            [
                CardText.Title(title),
                new CardTable
                {
                    Columns = TableLayout.FitColumns(rows),
                    FirstRowAsHeader = true,
                    ShowGridLines = true,
                    Rows = rows,
                },
            ],
            FallbackText = title,
        };
        if (page.HasMore)
        {
            card.Body.Add(CardText.Subtle(string.Create(CultureInfo.InvariantCulture, $"The first {page.Items.Count} are shown; there are more.")));
        }

        return card;
    }

    private static TableRow Header(params string[] titles) => new()
    {
        Cells = titles.Select(t => new TableCell { Items = [new TextBlock(t) { Weight = "Bolder", Size = "Small" }] }).ToList(),
    };

    private static TableCell Cell(string text, string? note = null)
    {
        var cell = new TableCell { Items = [new TextBlock(text) { Size = "Small" }] };
        if (note is not null)
        {
            cell.Items.Add(new TextBlock(note) { Size = "Small", IsSubtle = true, Spacing = "None" });
        }

        return cell;
    }
}
