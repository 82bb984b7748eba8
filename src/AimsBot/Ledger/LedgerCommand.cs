using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using AimsBot.Audit;
using AimsBot.Commands;
using AimsBot.Domain.Catalogue;
using AimsBot.Domain.Ledger;
using AimsBot.Domain.Scheduling;
using AimsBot.Storage.Ledger;

namespace AimsBot.Ledger;

/// <summary>
/// <c>ledger &lt;entity id&gt;</c>: an entity's history from the ledger, a page at a time, each change in words with
/// the raw event a click away. "More" (verb <see cref="LedgerCards.MoreVerb"/>) replaces the card with the next page;
/// its continuation is signed, bound to the caller and used once (<see cref="ContinuationSigner"/>), and the caller's
/// rights are checked again by the router. For compliance leads, auditors and admins; every page shown is itself
/// recorded (<c>ledger.viewed</c>, with the events it showed).
/// </summary>
/// <remarks>
/// Oldest first, on purpose: an auditor sampling a history reads it in the order things happened and the chain
/// was verified (created, then each change), and a page continues from the last event shown with one key range of
/// the entity index — so every page costs the same however long the history. Newest first would need the whole
/// index read per page.
/// </remarks>
public sealed class LedgerCommand : IChatCommand, ICardActionHandler
{
    public const string QueryName = "ledger";

    /// <summary>Events per page (fewer when they would not fit a Teams message).</summary>
    public const int PageSize = 10;

    private readonly ILedgerAudit _audit;
    private readonly LedgerRecorder _recorder;
    private readonly LedgerNames _names;
    private readonly ContinuationSigner _continuations;

    public LedgerCommand(ILedgerAudit audit, LedgerRecorder recorder, LedgerNames names, ContinuationSigner continuations)
    {
        _audit = audit;
        _recorder = recorder;
        _names = names;
        _continuations = continuations;
    }

    public async Task<BotReply> ExecuteAsync(CommandContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var entityId = Unquote(context.Arguments);
        if (entityId.Length == 0)
        {
            return BotReply.FromText("Which entity? Say **ledger** followed by its id, for example **ledger org/A.6.2.6** (a control of the organisation), **ledger credit-scorer/A.6.2.6** (of one AI system), **ledger credit-scorer** (an AI system), **ledger soa** for every SoA decision, or **ledger ledger** for who looked at the audit trail.");
        }

        if (entityId.Length > TableLedgerStore.MaxFieldLength)
        {
            return BotReply.FromText($"That id is too long to be an entity id (at most {TableLedgerStore.MaxFieldLength} characters). Nothing was looked up.");
        }

        var tenant = context.Caller.TenantId;
        var page = await _audit.EntityPageAsync(tenant, entityId, 0, PageSize, cancellationToken);
        if (page.Events.Count == 0 && ControlId.TryParse(entityId, out var control) && control.Value != entityId)
        {
            // Forgiving control ids: "a6.2.6" finds what was recorded for "A.6.2.6".
            entityId = control.Value;
            page = await _audit.EntityPageAsync(tenant, entityId, 0, PageSize, cancellationToken);
        }

        if (page.Events.Count == 0 && Domain.Risks.RiskId.TryParse(entityId, out var risk) && risk.ToString() != entityId)
        {
            // Forgiving risk ids: "r12" or "R-012" finds what was recorded for "R-12".
            entityId = risk.ToString();
            page = await _audit.EntityPageAsync(tenant, entityId, 0, PageSize, cancellationToken);
        }

        if (page.Events.Count == 0 && Domain.Nonconformities.NonconformityId.TryParse(entityId, out var nc) && nc.ToString() != entityId)
        {
            // Forgiving nonconformity ids: "nc7" or "NC-000007" finds what was recorded for "NC-7".
            entityId = nc.ToString();
            page = await _audit.EntityPageAsync(tenant, entityId, 0, PageSize, cancellationToken);
        }

        var zone = TimeZones.FindOrUtc(context.Turn.Activity.LocalTimezone);
        if (page.Events.Count == 0)
        {
            await RecordAsync(context.Caller, context.Turn.Activity.Id, entityId, 1, [], cancellationToken);
            return BotReply.FromText($"The ledger has no events for **{entityId}**. Ids are matched exactly: a control is **ledger org/A.6.2.6** or **ledger ‹system id›/A.6.2.6**, an AI system its id, a risk **ledger R-12**, a nonconformity **ledger NC-7**; look ids up with **systems**, **controls**, **risks** or **ncs**.");
        }

        var (card, shown) = await PageAsync(context.Caller, entityId, page, shownBefore: 0, pageNumber: 1, zone, cancellationToken);
        await RecordAsync(context.Caller, context.Turn.Activity.Id, entityId, 1, shown, cancellationToken);
        return BotReply.FromCard(card, $"History of {entityId}");
    }

    /// <summary>"More": the next page in place of the card, once the continuation proves it is this caller's and unused.</summary>
    public async Task<CardActionOutcome> HandleAsync(CardActionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (state, problem) = await _continuations.RedeemAsync(context.Caller, QueryName, ContinuationSigner.TokenFrom(context.Data), cancellationToken);
        if (state is null || state.Parameters.GetValueOrDefault("entity") is not { Length: > 0 } entityId
            || !long.TryParse(state.AfterRowKey, NumberStyles.None, CultureInfo.InvariantCulture, out var after))
        {
            return ContinuationSigner.Refusal(problem, "ledger ‹entity id›");
        }

        var zone = TimeZones.FindOrUtc(context.Turn.Activity.LocalTimezone);
        var page = await _audit.EntityPageAsync(context.Caller.TenantId, entityId, after, PageSize, cancellationToken);
        if (page.Events.Count == 0)
        {
            return CardActionOutcome.Say($"No more events for **{entityId}**.");
        }

        var (card, shown) = await PageAsync(context.Caller, entityId, page, state.Shown, state.Page + 1, zone, cancellationToken);
        await RecordAsync(context.Caller, context.Turn.Activity.Id, entityId, state.Page + 1, shown, cancellationToken);
        return CardActionOutcome.Replace(card);
    }

    private async Task<(Teams.Cards.AdaptiveCard Card, IReadOnlyList<LedgerEvent> Shown)> PageAsync(
        Caller caller, string entityId, LedgerPage page, int shownBefore, int pageNumber, TimeZoneInfo zone, CancellationToken cancellationToken)
    {
        var nameOf = await _names.ForAsync(caller.TenantId, page.Events, cancellationToken);
        var parameters = new Dictionary<string, string?>(StringComparer.Ordinal) { ["entity"] = entityId };
        var (card, kept) = LedgerCards.History(
            entityId,
            page.Events,
            shownBefore,
            page.HasMore,
            zone,
            nameOf,
            (last, keptCount) => _continuations.Issue(caller, QueryName, parameters, last.Sequence.ToString(CultureInfo.InvariantCulture), pageNumber, shownBefore + keptCount));
        return (card, page.Events.Take(kept).ToList());
    }

    /// <summary>Every page shown is on record: which entity, which page, and the events on it.</summary>
    private Task<LedgerEvent> RecordAsync(Caller caller, string? activityId, string entityId, int page, IReadOnlyList<LedgerEvent> shown, CancellationToken cancellationToken)
    {
        var after = new JsonObject
        {
            ["entity"] = entityId,
            ["page"] = page,
            ["shown"] = shown.Count,
            ["sequences"] = new JsonArray(shown.Select(e => (JsonNode?)JsonValue.Create(e.Sequence)).ToArray()),
        };
        return _recorder.RecordAsync(caller, LedgerEvents.LedgerViewed.With(before: null, after.ToJsonString()), activityId, cancellationToken);
    }

    private static string Unquote(string text)
    {
        var trimmed = text.Trim();
        return trimmed.Length >= 2 && trimmed[0] == trimmed[^1] && trimmed[0] is '"' or '\'' or '`'
            ? trimmed[1..^1].Trim()
            : trimmed;
    }
}
