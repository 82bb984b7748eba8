using AimsBot.Commands;
using AimsBot.Domain.Catalogue;
using AimsBot.Domain.Scheduling;
using AimsBot.Storage.Ledger;
using AimsBot.Storage.Users;

namespace AimsBot.Ledger;

/// <summary>
/// <c>ledger &lt;entity id&gt;</c>: an entity's history from the ledger as a table, newest last. For compliance
/// leads, auditors and admins; each use is itself recorded (<c>ledger.viewed</c>).
/// </summary>
public sealed class LedgerCommand : IChatCommand
{
    /// <summary>The most events read for one card (the card may show fewer to fit a Teams message).</summary>
    public const int MaxEventsShown = 25;

    private readonly ILedgerAudit _audit;
    private readonly LedgerAuditRecorder _recorder;
    private readonly UserDirectory _users;

    public LedgerCommand(ILedgerAudit audit, LedgerAuditRecorder recorder, UserDirectory users)
    {
        _audit = audit;
        _recorder = recorder;
        _users = users;
    }

    public async Task<BotReply> ExecuteAsync(CommandContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var entityId = Unquote(context.Arguments);
        if (entityId.Length == 0)
        {
            return BotReply.FromText("Which entity? Say **ledger** followed by its id, for example **ledger org/A.6.2.6** (a control of the organisation), **ledger credit-scorer/A.6.2.6** (of one AI system), **ledger credit-scorer** (an AI system) or **ledger ledger** for who looked at the audit trail.");
        }

        if (entityId.Length > TableLedgerStore.MaxFieldLength)
        {
            return BotReply.FromText($"That id is too long to be an entity id (at most {TableLedgerStore.MaxFieldLength} characters). Nothing was looked up.");
        }

        var tenant = context.Caller.TenantId;
        var history = await _audit.RecentForEntityAsync(tenant, entityId, MaxEventsShown, cancellationToken);
        if (history.TotalCount == 0 && ControlId.TryParse(entityId, out var control) && control.Value != entityId)
        {
            // Forgiving control ids: "a6.2.6" finds what was recorded for "A.6.2.6".
            entityId = control.Value;
            history = await _audit.RecentForEntityAsync(tenant, entityId, MaxEventsShown, cancellationToken);
        }

        await _recorder.RecordViewAsync(context, entityId, history.Events.Count, history.TotalCount, cancellationToken);
        if (history.TotalCount == 0)
        {
            return BotReply.FromText($"The ledger has no events for **{entityId}**. Ids are matched exactly: check the spelling, or look the id up with **systems** or **controls**.");
        }

        var names = await NamesAsync(tenant, history.Events.Select(e => e.ActorId), cancellationToken);
        var zone = TimeZones.FindOrUtc(context.Turn.Activity.LocalTimezone);
        var card = LedgerCards.History(entityId, history, zone, id => names.TryGetValue(id, out var name) ? name : id);
        return BotReply.FromCard(card, $"History of {entityId}: {history.TotalCount} events");
    }

    /// <summary>Display names of the people who acted, from the users the bot knows (their id otherwise).</summary>
    private async Task<Dictionary<string, string>> NamesAsync(string tenant, IEnumerable<string> actorIds, CancellationToken cancellationToken)
    {
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var id in actorIds.Distinct(StringComparer.Ordinal))
        {
            var user = await _users.GetAsync(tenant, id, cancellationToken);
            if (user?.Name is { Length: > 0 } name)
            {
                names[id] = name;
            }
        }

        return names;
    }

    private static string Unquote(string text)
    {
        var trimmed = text.Trim();
        return trimmed.Length >= 2 && trimmed[0] == trimmed[^1] && trimmed[0] is '"' or '\'' or '`'
            ? trimmed[1..^1].Trim()
            : trimmed;
    }
}
