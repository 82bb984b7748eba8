using AimsBot.Commands;
using AimsBot.Domain.Access;
using AimsBot.Domain.Ledger;
using AimsBot.Storage.Ledger;

namespace AimsBot.Ledger;

/// <summary>
/// The one way a workflow appends to the ledger. What is recorded comes from a <see cref="LedgerEventDefinition"/>
/// (<see cref="LedgerEvents"/>: name, entity type, entity id); the recorder adds the tenant, the actor (a person
/// through <see cref="Caller.Actor"/>, or a job's actor), the roles held, the time and the source activity id,
/// and hands the entry to the store, whose chaining, concurrency and idempotency rules hold as they are
/// (docs/data-model.md, Ledger). Nothing else in the host builds a ledger entry or calls the store's appends.
/// </summary>
public sealed class LedgerRecorder
{
    private readonly ILedgerStore _store;
    private readonly TimeProvider _clock;

    public LedgerRecorder(ILedgerStore store, TimeProvider clock)
    {
        _store = store;
        _clock = clock;
    }

    /// <summary>The actor a job records its own changes as: <c>system:&lt;job&gt;</c>, holding no role.</summary>
    public static Actor SystemActor(string job)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(job);
        return new Actor("system:" + job, new HashSet<Role>());
    }

    /// <summary>Records a person's change, after it was written.</summary>
    public Task<LedgerEvent> RecordAsync(Caller caller, LedgerRecord record, string? sourceActivityId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return RecordAsync(caller.TenantId, caller.Actor, record, sourceActivityId, cancellationToken);
    }

    /// <summary>Records a change made by <paramref name="actor"/> (a job's <see cref="SystemActor"/>, or the person a job runs for).</summary>
    public Task<LedgerEvent> RecordAsync(string tenantId, Actor actor, LedgerRecord record, string? sourceActivityId, CancellationToken cancellationToken) =>
        _store.AppendAsync(Entry(tenantId, actor, record, sourceActivityId), cancellationToken);

    /// <summary>
    /// Records several changes of one person, in order, as consecutive events (a bulk change such as an import):
    /// the store writes them in as few transactions as it can, each whole or not at all.
    /// </summary>
    public Task<IReadOnlyList<LedgerEvent>> RecordAllAsync(Caller caller, IReadOnlyList<LedgerRecord> records, string? sourceActivityId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(records);
        var actor = caller.Actor;
        var entries = records.Select(r => Entry(caller.TenantId, actor, r, sourceActivityId)).ToList();
        return _store.AppendManyAsync(entries, cancellationToken);
    }

    /// <summary>Whether the ledger holds anything about the entity yet (a repeated submission finishing its first copy's work).</summary>
    public async Task<bool> HasEventsForAsync(string tenantId, string entityId, CancellationToken cancellationToken) =>
        (await _store.ForEntityAsync(tenantId, entityId, cancellationToken)).Count > 0;

    private LedgerEntry Entry(string tenantId, Actor actor, LedgerRecord record, string? sourceActivityId)
    {
        ArgumentNullException.ThrowIfNull(record);
        return LedgerEntry.For(tenantId, actor, record.Action, record.EntityType, record.EntityId, record.Before, record.After, _clock, sourceActivityId);
    }
}
