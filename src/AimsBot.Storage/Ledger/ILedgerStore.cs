using AimsBot.Domain.Ledger;

namespace AimsBot.Storage.Ledger;

/// <summary>
/// The append-only, hash-chained evidence of every state change (one chain per tenant). Nothing in it is
/// updated or deleted. Every workflow that changes state appends here, after its own write succeeded — through the
/// host's one recorder (<c>AimsBot.Ledger.LedgerRecorder</c>, events from <c>LedgerEvents</c>), never directly.
/// </summary>
public interface ILedgerStore
{
    /// <summary>Chains <paramref name="entry"/> after the tenant's last event; concurrent appends never fork the chain.</summary>
    Task<LedgerEvent> AppendAsync(LedgerEntry entry, CancellationToken cancellationToken = default);

    /// <summary>
    /// Chains several entries of one tenant, in order, as consecutive events (a bulk change such as an import).
    /// A store may write them in fewer round trips; this default appends them one by one. When it throws, the
    /// entries before the failing one may already be in the chain (each event is whole; none is half-written).
    /// </summary>
    async Task<IReadOnlyList<LedgerEvent>> AppendManyAsync(IReadOnlyList<LedgerEntry> entries, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var events = new List<LedgerEvent>(entries.Count);
        foreach (var entry in entries)
        {
            events.Add(await AppendAsync(entry, cancellationToken));
        }

        return events;
    }

    /// <summary>An entity's history, oldest first.</summary>
    Task<IReadOnlyList<LedgerEvent>> ForEntityAsync(string tenantId, string entityId, CancellationToken cancellationToken = default);

    /// <summary>The tenant's whole chain in sequence order, streamed page by page.</summary>
    IAsyncEnumerable<LedgerEvent> ReadChainAsync(string tenantId, CancellationToken cancellationToken = default);
}
