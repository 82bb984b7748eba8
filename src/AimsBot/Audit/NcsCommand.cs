using System.Globalization;
using System.Text.Json.Nodes;
using AimsBot.Commands;
using AimsBot.Domain.Access;
using AimsBot.Domain.Nonconformities;
using AimsBot.Domain.Scheduling;
using AimsBot.Ledger;
using AimsBot.Register;
using AimsBot.Storage.Nonconformities;
using AimsBot.Storage.Register;
using AimsBot.Teams.Cards;
using Microsoft.Extensions.Options;

namespace AimsBot.Audit;

/// <summary>
/// <c>ncs [open|mine|overdue|since &lt;date&gt;|system &lt;name&gt;|control &lt;id&gt;]</c>: the nonconformities recorded in the
/// <c>Nonconformities</c> table, first <see cref="MaxShown"/> by id, every filter given holding (<see cref="NcsArguments"/>).
/// Overdue: open, the current step due before today in the organisation's zone. For compliance leads, auditors, risk
/// approvers and admins (<see cref="DomainAction.ViewNonconformities"/>); an auditor's query is recorded with its filters
/// and the ids shown.
/// </summary>
public sealed class NcsCommand : IChatCommand
{
    public const int MaxShown = 25;

    private readonly NonconformityRepository _nonconformities;
    private readonly LedgerAuditRecorder _recorder;
    private readonly RegisterQueries _register;
    private readonly AiSystemRepository _systems;
    private readonly TimeProvider _clock;
    private readonly TimeZoneInfo _zone;

    public NcsCommand(NonconformityRepository nonconformities, LedgerAuditRecorder recorder, RegisterQueries register, AiSystemRepository systems, TimeProvider clock, IOptions<RegisterOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _nonconformities = nonconformities;
        _recorder = recorder;
        _register = register;
        _systems = systems;
        _clock = clock;
        _zone = options.Value.OrganizationZone;
    }

    public async Task<BotReply> ExecuteAsync(CommandContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var parsed = NcsArguments.Parse(context.Arguments);
        if (!parsed.TryGetValue(out var asked))
        {
            return BotReply.FromText(parsed.ErrorMessage);
        }

        var tenant = context.Caller.TenantId;
        string? scope = null;
        if (asked.SystemName is { } typed)
        {
            var system = await _register.FindSystemAsync(tenant, typed, cancellationToken);
            if (!system.TryGetValue(out var found))
            {
                return BotReply.FromText(system.ErrorMessage);
            }

            asked = asked with { SystemName = found.System.Name };
            scope = found.System.Id;
        }

        var today = DueDateCalculator.LocalDate(_clock.GetUtcNow(), _zone);
        var query = new NonconformityListQuery(
            Open: asked.Open,
            MineUserId: asked.Mine ? context.Caller.UserKey : null,
            RaisedFrom: asked.RaisedFrom,
            Scope: scope,
            DueBefore: asked.Overdue ? today : null,
            ControlId: asked.Control?.Value);
        var page = await _nonconformities.ListAsync(tenant, query, MaxShown, cancellationToken);
        await _recorder.RecordAuditorQueryAsync(
            context.Caller,
            context.Turn.Activity.Id,
            "ncs",
            new JsonObject
            {
                ["filter"] = asked.IsAll ? "all" : asked.Words(),
                ["rows"] = page.Items.Count,
                ["nonconformities"] = new JsonArray(page.Items.Select(r => (JsonNode?)JsonValue.Create(NonconformityRepository.IdOf(r).ToString())).ToArray()),
            },
            cancellationToken);
        if (page.Items.Count == 0)
        {
            return BotReply.FromText(asked switch
            {
                { IsAll: true } => "No nonconformities have been recorded.",
                _ when asked == NcsQuery.All with { Open = true } => "No open nonconformities.",
                _ when asked == NcsQuery.All with { Mine = true } => "No nonconformities are yours (as owner or as the person who raised them).",
                _ => $"No nonconformities match **ncs {CardText.Md(asked.Words())}**.",
            });
        }

        var systems = page.Items.Any(r => r.Scope is not (null or "org")) ? await _systems.NamesAsync(tenant, cancellationToken) : new Dictionary<string, string>();
        return BotReply.FromCard(
            NcsCards.List(page, asked, today, systems),
            string.Create(CultureInfo.InvariantCulture, $"Nonconformities: {page.Items.Count}{(page.HasMore ? "+" : "")}"));
    }
}

/// <summary>The <c>ncs</c> card: a table of nonconformities.</summary>
public static class NcsCards
{
    /// <param name="today">Today in the organisation's zone: a step due before it is overdue.</param>
    /// <param name="systemNames">AI system names by id, for the scope under each title.</param>
    public static AdaptiveCard List(NonconformityPage page, NcsQuery query, DateOnly today, IReadOnlyDictionary<string, string> systemNames)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(systemNames);
        var title = query.IsAll ? "Nonconformities"
            : query == NcsQuery.All with { Open = true } ? "Open nonconformities"
            : query == NcsQuery.All with { Mine = true } ? "Your nonconformities"
            : "Nonconformities · " + CardText.Md(query.Words());

        // Four columns fit the narrowest chat: severity and the day raised go under the id, the controls and scope
        // under the title, the due date under the step.
        List<TableRow> rows =
        [
            Header("Id", "Title", "Step", "Owner"),
            .. page.Items.Select(r => new TableRow
            {
                Cells =
                [
                    Cell($"**{NonconformityRepository.IdOf(r)}**", Join(r.Severity, r.RaisedAt is { } at ? "raised " + CardText.Date(at, TimeZoneInfo.Utc) : null)),
                    Cell(CardText.Shorten(CardText.Md(r.Title ?? ""), 120), Where(r, systemNames)),
                    Cell(StageWords(r), Due(r, today)),
                    Cell(CardText.Md(r.OwnerName ?? r.OwnerUserId ?? CardText.None)),
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
        card.Body.Add(CardText.Subtle(page.HasMore
            ? string.Create(CultureInfo.InvariantCulture, $"The first {page.Items.Count} are shown; there are more. Narrow it: **ncs open**, **ncs overdue**, **ncs since ‹date›**, **ncs system ‹name›**.")
            : "Say **nc ‹id›** for one in full, with its history."));
        return card;
    }

    /// <summary>The step in words (older rows: open or closed).</summary>
    public static string StageWords(NonconformityRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return NonconformityNames.TryParseStage(row.Stage, out var stage) ? stage.Words() : row.Status ?? CardText.None;
    }

    /// <summary>"overdue by 3 days", "due today", "due 2026-12-10", or nothing once closed.</summary>
    public static string? Due(NonconformityRow row, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(row);
        if (string.Equals(row.Status, NonconformityRepository.Closed, StringComparison.OrdinalIgnoreCase)
            || !DateOnly.TryParseExact(row.StageDueOn ?? row.DueOn, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var due))
        {
            return null;
        }

        var days = due.DayNumber - today.DayNumber;
        return days switch
        {
            < 0 => string.Create(CultureInfo.InvariantCulture, $"overdue by {-days} day{(days == -1 ? "" : "s")}"),
            0 => "due today",
            _ => "due " + CardText.Date(due),
        };
    }

    private static string? Where(NonconformityRow row, IReadOnlyDictionary<string, string> systemNames)
    {
        var controls = (row.ControlIds ?? row.ControlId)?.Replace(",", ", ", StringComparison.Ordinal);
        var system = row.Scope is null or "org" ? null : CardText.Md(systemNames.GetValueOrDefault(row.Scope) ?? row.Scope);
        return Join(controls, system);
    }

    private static string? Join(string? first, string? second) =>
        (first, second) switch
        {
            (null, null) => null,
            (not null, null) => first,
            (null, not null) => second,
            _ => $"{first} · {second}",
        };

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
