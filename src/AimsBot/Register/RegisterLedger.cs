using AimsBot.Commands;
using AimsBot.Domain.Ledger;
using AimsBot.Storage.Ledger;

namespace AimsBot.Register;

/// <summary>The register's way into the audit ledger: every change the register makes is recorded there.</summary>
public sealed class RegisterLedger
{
    private readonly ILedgerStore _store;
    private readonly TimeProvider _clock;

    public RegisterLedger(ILedgerStore store, TimeProvider clock)
    {
        _store = store;
        _clock = clock;
    }

    public Task<LedgerEvent> AppendAsync(
        Caller caller,
        string action,
        string entityType,
        string entityId,
        string? before,
        string? after,
        string? sourceActivityId,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var entry = LedgerEntry.For(caller.TenantId, caller.Actor, action, entityType, entityId, before, after, _clock, sourceActivityId);
        return _store.AppendAsync(entry, cancellationToken);
    }

    /// <summary>An entry as <see cref="AppendAsync"/> would record it, for appending many at once.</summary>
    public LedgerEntry Entry(Caller caller, string action, string entityType, string entityId, string? before, string? after, string? sourceActivityId)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return LedgerEntry.For(caller.TenantId, caller.Actor, action, entityType, entityId, before, after, _clock, sourceActivityId);
    }

    /// <summary>Appends the entries in order as consecutive events (in as few round trips as the store can).</summary>
    public Task<IReadOnlyList<LedgerEvent>> AppendManyAsync(IReadOnlyList<LedgerEntry> entries, CancellationToken cancellationToken) =>
        _store.AppendManyAsync(entries, cancellationToken);

    /// <summary>Whether the ledger holds anything about the entity yet.</summary>
    public async Task<bool> HasEventsForAsync(string tenantId, string entityId, CancellationToken cancellationToken) =>
        (await _store.ForEntityAsync(tenantId, entityId, cancellationToken)).Count > 0;
}
