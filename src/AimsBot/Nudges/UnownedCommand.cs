using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using AimsBot.Audit;
using AimsBot.Commands;
using AimsBot.Domain;
using AimsBot.Domain.Catalogue;
using AimsBot.Domain.Nudges;
using AimsBot.Domain.Scheduling;
using AimsBot.Ledger;
using AimsBot.Register;
using AimsBot.Teams.Cards;
using Microsoft.Extensions.Options;

namespace AimsBot.Nudges;

/// <summary>
/// <c>controls unowned [system &lt;name&gt;]</c> (compliance leads, auditors, admins): the applicable controls no one owns in
/// the organisation or one AI system, what each is for and when its evidence is due, in catalogue order, a page at a
/// time; "More" (<see cref="UnownedCards.MoreVerb"/>) replaces the card with the next page, through a signed, single-use
/// continuation bound to the caller (<see cref="ContinuationSigner"/>). An auditor's every page is recorded.
/// </summary>
public sealed class UnownedCommand : IChatCommand, ICardActionHandler
{
    public const string QueryName = "controls unowned";
    public const string Usage = "controls unowned [system <name>]";

    private readonly UnownedControlFinder _finder;
    private readonly ContinuationSigner _continuations;
    private readonly LedgerAuditRecorder _recorder;
    private readonly TimeProvider _clock;
    private readonly int _pageSize;

    public UnownedCommand(UnownedControlFinder finder, ContinuationSigner continuations, LedgerAuditRecorder recorder, IOptions<AuditOptions> options, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(options);
        _finder = finder;
        _continuations = continuations;
        _recorder = recorder;
        _clock = clock;
        _pageSize = options.Value.PageSize;
    }

    public async Task<BotReply> ExecuteAsync(CommandContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var arguments = context.Arguments.Trim();
        if (arguments.Length > 0 && !arguments.StartsWith("system ", StringComparison.OrdinalIgnoreCase) && !arguments.Equals("system", StringComparison.OrdinalIgnoreCase))
        {
            return BotReply.FromText($"I can't read '{CardText.Md(CardText.Shorten(arguments, 60))}'. Use **controls unowned** for the organisation or **controls unowned system Credit Scorer** for one AI system.");
        }

        var found = await _finder.ScopeAsync(context.Caller.TenantId, arguments.Length == 0 ? null : RegisterArguments.SystemName(arguments) ?? "", cancellationToken);
        if (!found.TryGetValue(out var scope))
        {
            return BotReply.FromText(found.ErrorMessage);
        }

        if (scope.Controls.Count == 0)
        {
            return BotReply.FromText($"Every applicable control of {CardText.Md(scope.ScopeName)} has an owner.");
        }

        return BotReply.FromCard(Page(context.Caller, scope, after: null, shownBefore: 0, page: 1), $"Controls of {scope.ScopeName} with no owner");
    }

    /// <summary>"More": the next page in place of the card, after checking the continuation; the list is read afresh.</summary>
    public async Task<CardActionOutcome> HandleAsync(CardActionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var token = ContinuationSigner.TokenFrom(context.Data);
        var (state, problem) = await _continuations.RedeemAsync(context.Caller, QueryName, token, cancellationToken);
        if (state is null)
        {
            return ContinuationSigner.Refusal(problem, QueryName);
        }

        var found = await _finder.ScopeByKeyAsync(context.Caller.TenantId, state.Parameters.GetValueOrDefault("scope"), cancellationToken);
        if (!found.TryGetValue(out var scope))
        {
            return CardActionOutcome.Refuse("BadRequest", found.ErrorMessage);
        }

        await _recorder.RecordAuditorQueryAsync(context.Caller, context.Turn.Activity.Id, QueryName, new JsonObject { ["scope"] = scope.Scope.Key, ["page"] = state.Page + 1 }, cancellationToken);
        return CardActionOutcome.Replace(Page(context.Caller, scope, state.AfterRowKey, state.Shown, state.Page + 1));
    }

    private AdaptiveCard Page(Caller caller, ScopeUnowned scope, string? after, int shownBefore, int page)
    {
        // Catalogue order; a page starts after the last control shown, so a control given an owner meanwhile drops out
        // without shifting the rest.
        var afterIndex = after is null ? -1 : CatalogueIndex(after);
        var rest = scope.Controls.Where(u => CatalogueIndex(u.Control.Id) > afterIndex).ToList();
        var rows = rest.Take(_pageSize).ToList();
        var continuation = rest.Count > rows.Count && rows.Count > 0
            ? _continuations.Issue(caller, QueryName, new Dictionary<string, string?>(StringComparer.Ordinal) { ["scope"] = scope.Scope.Key }, rows[^1].Control.Id, page, shownBefore + rows.Count)
            : null;
        return UnownedCards.Page(scope, rows, shownBefore, scope.Controls.Count, continuation, _clock);
    }

    private static int CatalogueIndex(string controlId)
    {
        for (var i = 0; i < AnnexA.Controls.Count; i++)
        {
            if (string.Equals(AnnexA.Controls[i].Id, controlId, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return int.MaxValue;
    }
}

/// <summary>A page of <c>controls unowned</c>: one block per control (id, title, its objective, what evidence shows it works, due), wrapping.</summary>
public static class UnownedCards
{
    public const string MoreVerb = "nudges.unowned.more";

    public static AdaptiveCard Page(ScopeUnowned scope, IReadOnlyList<UnownedControl> rows, int shownBefore, int total, string? continuation, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(rows);
        var due = scope.Controls.Count(c => c.Status.State is DueState.DueToday or DueState.Overdue);
        var body = new List<CardElement>
        {
            CardText.Title($"Controls of {CardText.Md(scope.ScopeName)} with no owner"),
            new TextBlock(string.Create(CultureInfo.InvariantCulture,
                $"{total} applicable control{(total == 1 ? "" : "s")} {(total == 1 ? "has" : "have")} no owner ({due} due or overdue), so no one is reminded to show {(total == 1 ? "it works" : "they work")}. Showing {shownBefore + 1}–{shownBefore + rows.Count}, in catalogue order."))
            { Wrap = true },
        };
        foreach (var row in rows)
        {
            body.Add(new TextBlock($"**{row.Control.Id}** {CardText.Md(row.Control.Title)} — {Due(row)}") { Wrap = true, Spacing = "Medium" });
            body.Add(new TextBlock($"Part of {CardText.Md(row.Control.ObjectiveTitle)}. Evidence that it works: {CardText.Md(row.Control.EvidenceHint)}") { Wrap = true, IsSubtle = true, Size = "Small", Spacing = "None" });
        }

        var system = scope.System is { } s ? " system " + CardText.Md(s.System.Name) : "";
        body.Add(CardText.Subtle(Placeholders.ForCard($"Give each an owner with `owner <id>{system} <person>`.")));
        var card = new AdaptiveCard
        {
            Body = body,
            FallbackText = string.Create(CultureInfo.InvariantCulture, $"{total} controls of {scope.ScopeName} have no owner."),
        };
        if (continuation is not null)
        {
            card.Actions = [new ExecuteAction { Title = "More", Verb = MoreVerb, Data = new JsonObject { ["continuation"] = continuation } }];
        }

        return card;

        string Due(UnownedControl row) => row.Due is { } date
            ? row.Status.State switch
            {
                DueState.Overdue => string.Create(CultureInfo.InvariantCulture, $"overdue since {CardText.Date(date.AddDays(1))} (due {CardText.Date(date)})"),
                DueState.DueToday => "due today",
                _ => $"due {CardText.Date(date)}",
            }
            : "no evidence schedule";
    }
}
