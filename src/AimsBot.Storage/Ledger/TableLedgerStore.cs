using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using Azure.Data.Tables;
using AimsBot.Domain.Ledger;
using AimsBot.Storage.Tables;
using Microsoft.Extensions.Logging;

namespace AimsBot.Storage.Ledger;

/// <summary>
/// The ledger in Table Storage (table <c>Ledger</c>, one partition per tenant): the events (RK sequence), an
/// index by entity (RK <c>e|hash|sequence</c>), an index by event kind (RK <c>k|action|sequence</c>) and the head
/// (RK <c>head</c>). An append writes the event, its two index rows and the new head in one entity group
/// transaction, conditional on the head's ETag: either all four land or none does, so the chain can neither fork nor gap. A lost race re-reads the head and tries
/// again; within one process appends to a tenant queue behind a gate so they do not race each other at all.
/// Appends that arrive while one is being written are committed together, in arrival order, in the next
/// transaction (group commit), and the head this process wrote last is remembered with its ETag, so an append
/// costs one round trip, not two; a head changed by another instance fails the ETag check and is read again.
/// Every event is signed with the key ring's current key (<see cref="LedgerMac"/>).
/// </summary>
public sealed class TableLedgerStore : ILedgerStore
{
    public const string TableName = "Ledger";

    /// <summary>The most characters <c>Before</c> or <c>After</c> may hold (a Table property holds 32K).</summary>
    public const int MaxStateLength = 30_000;

    /// <summary>The most characters of every other text field (ids, action, role).</summary>
    public const int MaxFieldLength = 1_024;

    /// <summary>
    /// Attempts before an append gives up. Every lost attempt means another append landed in between, so this
    /// bounds how many appends may race one tenant's ledger at the same moment (across processes; within a
    /// process they are queued).
    /// </summary>
    public const int MaxAttempts = 100;

    private const int PointReadParallelism = 8;

    /// <summary>Rows each event writes: the event, its entity-index row and its kind-index row.</summary>
    private const int RowsPerEvent = 3;

    /// <summary>Events in one transaction of <see cref="AppendManyAsync"/>: three rows each plus the head, within the 100-operation limit.</summary>
    public const int MaxEventsPerTransaction = (100 - 1) / RowsPerEvent;

    /// <summary>Before/after characters in one transaction, well inside the 4 MB a transaction may carry.</summary>
    private const int MaxCharactersPerTransaction = 1_500_000;

    private readonly TypedTable<LedgerEventRow> _events;
    private readonly TypedTable<LedgerEntityIndexRow> _index;
    private readonly TypedTable<LedgerHeadRow> _heads;
    private readonly TypedTable<LedgerKindIndexRow> _kinds;
    private readonly TypedTable<LedgerKindIndexMarkerRow> _kindMarkers;
    private readonly ConcurrentDictionary<string, bool> _kindIndexComplete = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _gates = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, AppendQueue> _queues = new(StringComparer.Ordinal);

    /// <summary>The head each tenant's last append from this process left, with its ETag: the next append's starting point.</summary>
    private readonly ConcurrentDictionary<string, LedgerHeadRow> _knownHeads = new(StringComparer.Ordinal);
    private readonly LedgerKeyRing _keys;
    private readonly ILogger<TableLedgerStore> _logger;

    public TableLedgerStore(TableStore store, LedgerKeyRing keys, ILogger<TableLedgerStore> logger)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(keys);
        _events = store.Table<LedgerEventRow>(TableName);
        _index = store.Table<LedgerEntityIndexRow>(TableName);
        _heads = store.Table<LedgerHeadRow>(TableName);
        _kinds = store.Table<LedgerKindIndexRow>(TableName);
        _kindMarkers = store.Table<LedgerKindIndexMarkerRow>(TableName);
        _keys = keys;
        _logger = logger;
    }

    /// <summary>The keys events are signed and verified with.</summary>
    public LedgerKeyRing Keys => _keys;

    /// <summary>
    /// Appends one event. It joins the tenant's queue; the first append that finds nobody writing drains the queue:
    /// every entry waiting is committed in one transaction (up to <see cref="MaxEventsPerTransaction"/>, in arrival
    /// order), then whatever arrived meanwhile in the next. A transaction that fails fails every append in it with
    /// the same exception; none of them is in the chain (it is atomic). Cancelling before the append was taken into
    /// a transaction withdraws it; once taken, it is written whatever the token says.
    /// </summary>
    public async Task<LedgerEvent> AppendAsync(LedgerEntry entry, CancellationToken cancellationToken = default)
    {
        Validate(entry);
        cancellationToken.ThrowIfCancellationRequested();
        var queue = _queues.GetOrAdd(entry.TenantId, _ => new AppendQueue());
        var pending = new PendingAppend(entry);
        bool drain;
        lock (queue)
        {
            queue.Waiting.Add(pending);
            drain = !queue.Draining;
            queue.Draining = true;
        }

        if (drain)
        {
            _ = DrainAsync(entry.TenantId, queue);
        }

        using (cancellationToken.Register(() => Withdraw(queue, pending, cancellationToken)))
        {
            return await pending.Done.Task;
        }
    }

    private static void Withdraw(AppendQueue queue, PendingAppend pending, CancellationToken cancellationToken)
    {
        lock (queue)
        {
            if (queue.Waiting.Remove(pending))
            {
                pending.Done.TrySetCanceled(cancellationToken);
            }
        }
    }

    /// <summary>Commits the tenant's waiting appends, a transaction at a time, until none is left (under the tenant's gate).</summary>
    private async Task DrainAsync(string tenant, AppendQueue queue)
    {
        var gate = _gates.GetOrAdd(tenant, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(CancellationToken.None);
        try
        {
            while (true)
            {
                List<PendingAppend> group;
                lock (queue)
                {
                    if (queue.Waiting.Count == 0)
                    {
                        queue.Draining = false;
                        return;
                    }

                    group = TakeGroup(queue.Waiting);
                }

                try
                {
                    // Not cancellable: the appends in it may belong to requests whose tokens differ, and a
                    // transaction sent is written or not as a whole.
                    var events = await AppendChunkWithRetriesAsync(tenant, group.ConvertAll(p => p.Entry), Guid.NewGuid().ToString("N"), CancellationToken.None);
                    for (var i = 0; i < group.Count; i++)
                    {
                        group[i].Done.TrySetResult(events[i]);
                    }
                }
                catch (Exception ex)
                {
                    foreach (var pending in group)
                    {
                        pending.Done.TrySetException(ex);
                    }
                }
            }
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>The first waiting appends that fit one transaction (as <see cref="Chunks"/> cuts them), taken off the queue.</summary>
    private static List<PendingAppend> TakeGroup(List<PendingAppend> waiting)
    {
        var size = 0;
        var count = 0;
        while (count < waiting.Count && count < MaxEventsPerTransaction)
        {
            var entrySize = EntrySize(waiting[count].Entry);
            if (count > 0 && size + entrySize > MaxCharactersPerTransaction)
            {
                break;
            }

            size += entrySize;
            count++;
        }

        var group = waiting.GetRange(0, count);
        waiting.RemoveRange(0, count);
        return group;
    }

    /// <summary>
    /// Appends the entries in transactions of up to <see cref="MaxEventsPerTransaction"/> events (each event and
    /// its two index rows, then the head once), so a bulk change costs a round trip per 33 events instead of per event.
    /// Each transaction is one append as <see cref="AppendAsync"/> describes (the same race and retry rules); the
    /// chain stays gap-free and fork-free, and an exception leaves whole transactions in it, never part of one.
    /// </summary>
    public async Task<IReadOnlyList<LedgerEvent>> AppendManyAsync(IReadOnlyList<LedgerEntry> entries, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entries);
        if (entries.Count == 0)
        {
            return [];
        }

        foreach (var entry in entries)
        {
            Validate(entry);
        }

        var tenant = entries[0].TenantId;
        if (entries.Any(e => !string.Equals(e.TenantId, tenant, StringComparison.Ordinal)))
        {
            throw new ArgumentException("Entries appended together must belong to one tenant's chain.", nameof(entries));
        }

        var gate = _gates.GetOrAdd(tenant, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            var events = new List<LedgerEvent>(entries.Count);
            foreach (var chunk in Chunks(entries))
            {
                events.AddRange(await AppendChunkWithRetriesAsync(tenant, chunk, Guid.NewGuid().ToString("N"), cancellationToken));
            }

            return events;
        }
        finally
        {
            gate.Release();
        }
    }

    public async Task<IReadOnlyList<LedgerEvent>> ForEntityAsync(string tenantId, string entityId, CancellationToken cancellationToken = default)
    {
        var sequences = await EntitySequencesAsync(tenantId, entityId, cancellationToken);
        return await ReadEventsAsync(tenantId, sequences, cancellationToken);
    }

    public async Task<EntityHistory> RecentForEntityAsync(string tenantId, string entityId, int max, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        var sequences = await EntitySequencesAsync(tenantId, entityId, cancellationToken);
        var newest = sequences.Count > max ? sequences.Skip(sequences.Count - max).ToList() : sequences;
        return new EntityHistory(await ReadEventsAsync(tenantId, newest, cancellationToken), sequences.Count);
    }

    /// <summary>
    /// Up to <paramref name="max"/> events of an entity after sequence <paramref name="afterSequence"/> (0 for the
    /// first page), oldest first: one key range of the entity index from the last event shown, so every page costs
    /// the same however long the history.
    /// </summary>
    public async Task<LedgerPage> EntityPageAsync(string tenantId, string entityId, long afterSequence, int max, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tenantId);
        ArgumentNullException.ThrowIfNull(entityId);
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        var prefix = LedgerKeys.EntityIndexPrefix(entityId);
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {tenantId} and RowKey gt {prefix + LedgerKeys.Sequence(Math.Max(0, afterSequence))} and RowKey le {prefix + LedgerKeys.LastSequenceKey}");
        var sequences = new List<long>(max + 1);
        await foreach (var row in _index.QueryAsync(filter, select: [nameof(LedgerEntityIndexRow.EntityId), nameof(LedgerEntityIndexRow.Sequence)], cancellationToken: cancellationToken))
        {
            if (string.Equals(row.EntityId, entityId, StringComparison.Ordinal))
            {
                sequences.Add(row.Sequence);
                if (sequences.Count > max)
                {
                    break;
                }
            }
        }

        var hasMore = sequences.Count > max;
        var shown = hasMore ? sequences.GetRange(0, max) : sequences;
        return new LedgerPage(await ReadEventsAsync(tenantId, shown, cancellationToken), hasMore);
    }

    /// <summary>
    /// Up to <paramref name="max"/> events named one of <paramref name="actions"/>, oldest first, after sequence
    /// <paramref name="afterSequence"/> and (when given) at or after <paramref name="since"/>: one key range of the kind
    /// index per action, merged by sequence. The first call for a tenant backfills the index for events written before
    /// it existed (<see cref="BackfillKindIndexAsync"/>).
    /// </summary>
    public async Task<LedgerPage> KindPageAsync(string tenantId, IReadOnlyCollection<string> actions, DateTimeOffset? since, long afterSequence, int max, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tenantId);
        ArgumentNullException.ThrowIfNull(actions);
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        await EnsureKindIndexAsync(tenantId, cancellationToken);
        var sequences = new SortedSet<long>();
        foreach (var action in actions.Distinct(StringComparer.Ordinal))
        {
            var prefix = LedgerKeys.KindIndexPrefix(action);
            var from = prefix + LedgerKeys.Sequence(Math.Max(0, afterSequence));
            var to = prefix + LedgerKeys.LastSequenceKey;
            var filter = since is { } s
                ? TableClient.CreateQueryFilter($"PartitionKey eq {tenantId} and RowKey gt {from} and RowKey le {to} and OccurredAt ge {LedgerKeys.FormatInstant(s)}")
                : TableClient.CreateQueryFilter($"PartitionKey eq {tenantId} and RowKey gt {from} and RowKey le {to}");
            var taken = 0;
            await foreach (var row in _kinds.QueryAsync(filter, select: [nameof(LedgerKindIndexRow.Action), nameof(LedgerKindIndexRow.Sequence)], cancellationToken: cancellationToken))
            {
                if (string.Equals(row.Action, action, StringComparison.Ordinal))
                {
                    sequences.Add(row.Sequence);
                    if (++taken > max)
                    {
                        break;
                    }
                }
            }
        }

        var ordered = sequences.ToList();
        var hasMore = ordered.Count > max;
        var shown = hasMore ? ordered.GetRange(0, max) : ordered;
        return new LedgerPage(await ReadEventsAsync(tenantId, shown, cancellationToken), hasMore);
    }

    /// <summary>
    /// Writes the kind-index rows of a tenant's events appended before the index existed, up to the head as it is
    /// now (later events are indexed as they are appended), then marks the index complete. Idempotent: the rows are
    /// upserted (a re-run, or a run racing another, writes the same rows), and a tenant already marked is skipped.
    /// Returns how many events it indexed (0 when the tenant was already complete).
    /// </summary>
    public async Task<long> BackfillKindIndexAsync(string tenantId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tenantId);
        if (await _kindMarkers.GetAsync(tenantId, LedgerKeys.KindIndexMarkerKey, cancellationToken) is not null)
        {
            _kindIndexComplete[tenantId] = true;
            return 0;
        }

        var head = await _heads.GetAsync(tenantId, LedgerKeys.HeadKey, cancellationToken);
        long indexed = 0;
        if (head is not null)
        {
            var batch = new List<TableTransactionAction>(TypedTable<LedgerKindIndexRow>.MaxBatchSize);
            await foreach (var e in ReadChainAsync(tenantId, LedgerKeys.FirstSequenceKey, LedgerKeys.Sequence(head.LastSequence), cancellationToken))
            {
                batch.Add(new TableTransactionAction(TableTransactionActionType.UpsertReplace, KindRow(e)));
                indexed++;
                if (batch.Count == TypedTable<LedgerKindIndexRow>.MaxBatchSize)
                {
                    await _kinds.SubmitAtomicallyAsync(batch, cancellationToken);
                    batch.Clear();
                }
            }

            if (batch.Count > 0)
            {
                await _kinds.SubmitAtomicallyAsync(batch, cancellationToken);
            }
        }

        await _kindMarkers.UpsertAsync(new LedgerKindIndexMarkerRow { PartitionKey = tenantId, BackfilledThrough = head?.LastSequence ?? 0 }, cancellationToken);
        _kindIndexComplete[tenantId] = true;
        _logger.LogInformation("Ledger kind index of tenant {Tenant} backfilled: {Count} events", tenantId, indexed);
        return indexed;
    }

    private async Task EnsureKindIndexAsync(string tenantId, CancellationToken cancellationToken)
    {
        if (!_kindIndexComplete.ContainsKey(tenantId))
        {
            await BackfillKindIndexAsync(tenantId, cancellationToken);
        }
    }

    private static LedgerKindIndexRow KindRow(LedgerEvent e) => new()
    {
        PartitionKey = e.TenantId,
        RowKey = LedgerKeys.KindIndex(e.Action, e.Sequence),
        Action = e.Action,
        Sequence = e.Sequence,
        OccurredAt = LedgerKeys.FormatInstant(e.OccurredAt),
    };

    public IAsyncEnumerable<LedgerEvent> ReadChainAsync(string tenantId, CancellationToken cancellationToken = default) =>
        ReadChainAsync(tenantId, LedgerKeys.FirstSequenceKey, LedgerKeys.LastSequenceKey, cancellationToken);

    /// <summary>
    /// Verifies the tenant's chain — links, hashes, MACs, time order — against <paramref name="checkpoint"/> (the
    /// latest, or null when none was written yet) and the head: from the first event, or with
    /// <paramref name="fromCheckpoint"/> only from the checkpointed event on (what the checkpoint job re-checks).
    /// </summary>
    public async Task<LedgerCheck> VerifyChainAsync(string tenantId, LedgerCheckpoint? checkpoint, bool fromCheckpoint = false, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tenantId);

        // The head first: events appended while the chain is read lie beyond it and are not this check's business.
        var headRow = await _heads.GetAsync(tenantId, LedgerKeys.HeadKey, cancellationToken);
        var head = headRow is null ? null : new LedgerHead(headRow.LastSequence, headRow.LastHash);
        var upTo = head is null ? LedgerKeys.LastSequenceKey : LedgerKeys.Sequence(head.LastSequence);
        var from = fromCheckpoint && checkpoint is not null ? LedgerKeys.Sequence(checkpoint.Sequence) : LedgerKeys.FirstSequenceKey;

        // The domain verifier walks a synchronous sequence; feed it page by page from a dedicated thread so the
        // chain is streamed (memory stays flat however long it is) without tying up a pool thread.
        var chain = await Task.Factory.StartNew(
            () => LedgerVerifier.Verify(ReadChainAsync(tenantId, from, upTo, cancellationToken).ToBlockingEnumerable(cancellationToken), _keys, checkpoint, fromCheckpoint && checkpoint is not null),
            cancellationToken,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);

        var check = await CompareWithHeadAsync(tenantId, chain, head, cancellationToken);
        if (!check.IsIntact)
        {
            _logger.LogWarning("Ledger of tenant {Tenant} failed verification at event {Sequence}: {Problem}", tenantId, check.BrokenSequence, check.Problem);
        }

        return check;
    }

    private async Task<LedgerCheck> CompareWithHeadAsync(string tenantId, LedgerVerification chain, LedgerHead? head, CancellationToken cancellationToken)
    {
        if (!chain.IsValid)
        {
            var broken = chain.FirstBreak!;
            var sequence = broken.Reason == LedgerBreakReason.SequenceGap ? broken.ExpectedSequence : broken.Sequence;
            var problem = broken.Reason switch
            {
                LedgerBreakReason.ShorterThanCheckpoint => LedgerProblem.ShorterThanCheckpoint,
                LedgerBreakReason.CheckpointMismatch => LedgerProblem.CheckpointMismatch,
                LedgerBreakReason.CheckpointNotSigned => LedgerProblem.CheckpointNotSigned,
                _ => LedgerProblem.BrokenLink,
            };
            return LedgerCheck.Broken(chain, head, problem, sequence, broken.Message);
        }

        var count = chain.Last?.Sequence ?? 0;
        if (head is null)
        {
            return count == 0
                ? LedgerCheck.Intact(chain, head)
                : LedgerCheck.Broken(chain, head, LedgerProblem.HeadMissing, count, Invariant(
                    $"The ledger's head is missing: the chain's {count} events link up, but without the head nobody can tell whether newer events after event {count} were deleted."));
        }

        if (count < head.LastSequence)
        {
            var first = count + 1;
            return LedgerCheck.Broken(chain, head, LedgerProblem.Truncated, first, first == head.LastSequence
                ? Invariant($"Event {first} is missing: the ledger's head says the chain ends at event {head.LastSequence}, but it ends at event {count} (the newest event was deleted).")
                : Invariant($"Events {first} to {head.LastSequence} are missing: the ledger's head says the chain ends at event {head.LastSequence}, but it ends at event {count} (the newest events were deleted)."));
        }

        if (!string.Equals(chain.LastHash, head.LastHash, StringComparison.Ordinal))
        {
            return LedgerCheck.Broken(chain, head, LedgerProblem.HeadMismatch, count, Invariant(
                $"Event {count} does not match the ledger's head: the newest events were rewritten and their hashes recomputed after they were written."));
        }

        // An event just past the head that the head never caught up with was not written by this store.
        var next = head.LastSequence + 1;
        if (await _events.GetAsync(tenantId, LedgerKeys.Sequence(next), cancellationToken) is not null)
        {
            var now = await _heads.GetAsync(tenantId, LedgerKeys.HeadKey, cancellationToken);
            if (now is null || now.LastSequence < next)
            {
                return LedgerCheck.Broken(chain, head, LedgerProblem.WrittenPastHead, next, Invariant(
                    $"Event {next} was written outside the ledger: the head says the chain ends at event {head.LastSequence}."));
            }
        }

        return LedgerCheck.Intact(chain, head);
    }

    /// <summary>Consecutive runs of entries that fit one transaction: at most 33 events and about 1.5 M characters of before/after.</summary>
    private static IEnumerable<List<LedgerEntry>> Chunks(IReadOnlyList<LedgerEntry> entries)
    {
        var chunk = new List<LedgerEntry>();
        var size = 0;
        foreach (var entry in entries)
        {
            var entrySize = EntrySize(entry);
            if (chunk.Count > 0 && (chunk.Count == MaxEventsPerTransaction || size + entrySize > MaxCharactersPerTransaction))
            {
                yield return chunk;
                chunk = [];
                size = 0;
            }

            chunk.Add(entry);
            size += entrySize;
        }

        if (chunk.Count > 0)
        {
            yield return chunk;
        }
    }

    private static int EntrySize(LedgerEntry entry) => (entry.Before?.Length ?? 0) + (entry.After?.Length ?? 0) + 2_000;

    private async Task<IReadOnlyList<LedgerEvent>> AppendChunkWithRetriesAsync(string tenant, List<LedgerEntry> chunk, string appendId, CancellationToken cancellationToken)
    {
        LedgerHeadRow? lastHead = null;
        List<LedgerEvent>? lastAttempt = null;
        for (var attempt = 1; ; attempt++)
        {
            // The head this process wrote last, if it remembers one; after a lost race, the head as it is now.
            var head = attempt == 1 && _knownHeads.TryGetValue(tenant, out var known)
                ? known
                : await _heads.GetAsync(tenant, LedgerKeys.HeadKey, cancellationToken);
            if (lastAttempt is not null && await ConflictOutcomeAsync(tenant, lastAttempt[0].Sequence, appendId, lastHead, head, cancellationToken) is not null)
            {
                return lastAttempt; // the transaction did land (a transport retry answered 409): all of it, it is atomic
            }

            var events = new List<LedgerEvent>(chunk.Count);
            var actions = new List<TableTransactionAction>(chunk.Count * RowsPerEvent + 1);
            var tip = head is null ? null : ChainTip(tenant, head);
            foreach (var entry in chunk)
            {
                var next = LedgerChain.Append(tip, entry, _keys.Current);
                events.Add(next);
                actions.Add(new(TableTransactionActionType.Add, LedgerEventRow.From(next, appendId)));
                actions.Add(new(TableTransactionActionType.Add, new LedgerEntityIndexRow
                {
                    PartitionKey = tenant,
                    RowKey = LedgerKeys.EntityIndex(entry.EntityId, next.Sequence),
                    EntityId = entry.EntityId,
                    Sequence = next.Sequence,
                }));
                actions.Add(new(TableTransactionActionType.Add, KindRow(next)));
                tip = next;
            }

            var last = events[^1];
            actions.Add(head is null
                ? new(TableTransactionActionType.Add, HeadAt(last))
                : new(TableTransactionActionType.UpdateReplace, HeadAt(last), head.ETag));
            try
            {
                var answers = await _events.SubmitAtomicallyWithAnswersAsync(actions, cancellationToken);
                Remember(tenant, last, answers.Count == actions.Count ? answers[^1].Headers.ETag : null);
                return events;
            }
            catch (ConcurrencyConflictException) when (attempt < MaxAttempts)
            {
                _knownHeads.TryRemove(tenant, out _);
                _logger.LogDebug("Ledger append of {Count} events for tenant {Tenant} lost the race at event {Sequence} (attempt {Attempt}); retrying", chunk.Count, tenant, events[0].Sequence, attempt);
            }
            catch (Exception ex)
            {
                // Lost too often, or not known whether it landed: the next append reads the head.
                _knownHeads.TryRemove(tenant, out _);
                if (ex is ConcurrencyConflictException)
                {
                    throw new LedgerBusyException(tenant, MaxAttempts, ex);
                }

                throw;
            }

            lastHead = head;
            lastAttempt = events;
            await Task.Delay(Backoff(attempt), cancellationToken);
        }
    }

    /// <summary>Remembers the head an append just wrote, when the service said its ETag (else the next append reads it).</summary>
    private void Remember(string tenant, LedgerEvent last, Azure.ETag? etag)
    {
        if (etag is { } tag && tag != default)
        {
            var head = HeadAt(last);
            head.ETag = tag;
            _knownHeads[tenant] = head;
        }
        else
        {
            _knownHeads.TryRemove(tenant, out _);
        }
    }

    /// <summary>After a conflict: our own event when the attempt did land, else null (retry) — or a refusal when the chain was written behind the store's back.</summary>
    private async Task<LedgerEvent?> ConflictOutcomeAsync(string tenant, long tried, string appendId, LedgerHeadRow? before, LedgerHeadRow? now, CancellationToken cancellationToken)
    {
        if (now is not null && now.LastSequence >= tried)
        {
            var row = await _events.GetAsync(tenant, LedgerKeys.Sequence(tried), cancellationToken);
            return row is not null && string.Equals(row.AppendId, appendId, StringComparison.Ordinal) ? row.ToEvent() : null;
        }

        // The head has not moved past our attempt. If it did not move at all, nobody else appended, yet our
        // event's key was taken: a row was written into the ledger outside the store. Appending after it would
        // hide it, so refuse until someone looks (verify ledger names it).
        var headUnchanged = before is null ? now is null : now is not null && now.ETag == before.ETag;
        if (headUnchanged && await _events.GetAsync(tenant, LedgerKeys.Sequence(tried), cancellationToken) is not null)
        {
            _logger.LogError("Ledger of tenant {Tenant} has an event {Sequence} its head does not know; appends are refused", tenant, tried);
            throw new LedgerIntegrityException(tenant, tried);
        }

        return null;
    }

    private async IAsyncEnumerable<LedgerEvent> ReadChainAsync(string tenantId, string fromKey, string upToKey, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tenantId);
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {tenantId} and RowKey ge {fromKey} and RowKey le {upToKey}");
        await foreach (var row in _events.QueryAsync(filter, cancellationToken: cancellationToken))
        {
            yield return row.ToEvent();
        }
    }

    private async Task<List<long>> EntitySequencesAsync(string tenantId, string entityId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tenantId);
        ArgumentNullException.ThrowIfNull(entityId);
        var prefix = LedgerKeys.EntityIndexPrefix(entityId);
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {tenantId} and RowKey ge {prefix + LedgerKeys.FirstSequenceKey} and RowKey le {prefix + LedgerKeys.LastSequenceKey}");
        var sequences = new List<long>();
        await foreach (var row in _index.QueryAsync(filter, select: [nameof(LedgerEntityIndexRow.EntityId), nameof(LedgerEntityIndexRow.Sequence)], cancellationToken: cancellationToken))
        {
            if (string.Equals(row.EntityId, entityId, StringComparison.Ordinal))
            {
                sequences.Add(row.Sequence);
            }
        }

        sequences.Sort();
        return sequences;
    }

    /// <summary>Point reads of the given events, a few at a time, in the order given (missing events are left out: verification reports them).</summary>
    private async Task<IReadOnlyList<LedgerEvent>> ReadEventsAsync(string tenantId, List<long> sequences, CancellationToken cancellationToken)
    {
        var found = new LedgerEvent?[sequences.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, sequences.Count),
            new ParallelOptions { MaxDegreeOfParallelism = PointReadParallelism, CancellationToken = cancellationToken },
            async (i, ct) => found[i] = (await _events.GetAsync(tenantId, LedgerKeys.Sequence(sequences[i]), ct))?.ToEvent());
        return found.OfType<LedgerEvent>().ToList();
    }

    /// <summary>The chain's end as the head records it: all <see cref="LedgerChain.Append"/> reads is the tenant, sequence, hash and time.</summary>
    private static LedgerEvent ChainTip(string tenant, LedgerHeadRow head) =>
        new(head.LastSequence, tenant, "", null, "", "", "", null, null, LedgerKeys.TryParseInstant(head.LastOccurredAt, out var at) ? at : DateTimeOffset.MinValue, null, "", head.LastHash);

    /// <summary>An append waiting in its tenant's queue, and the event it became.</summary>
    private sealed class PendingAppend(LedgerEntry entry)
    {
        public LedgerEntry Entry { get; } = entry;
        public TaskCompletionSource<LedgerEvent> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>One tenant's appends waiting for the next transaction, and whether a drain is running (both under its lock).</summary>
    private sealed class AppendQueue
    {
        public List<PendingAppend> Waiting { get; } = [];
        public bool Draining { get; set; }
    }

    private static LedgerHeadRow HeadAt(LedgerEvent last) => new()
    {
        PartitionKey = last.TenantId,
        LastSequence = last.Sequence,
        LastHash = last.Hash,
        LastOccurredAt = LedgerKeys.FormatInstant(last.OccurredAt),
    };

    /// <summary>Full jitter, growing from 5 ms to at most 200 ms, so racing writers spread out instead of colliding again.</summary>
    private static TimeSpan Backoff(int attempt)
    {
        var ceiling = Math.Min(200, 5 << Math.Min(attempt, 6));
        return TimeSpan.FromMilliseconds(RandomNumberGenerator.GetInt32(1, ceiling + 1));
    }

    private static void Validate(LedgerEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (string.IsNullOrWhiteSpace(entry.TenantId) || entry.TenantId.Length > MaxFieldLength || entry.TenantId.Any(IsForbiddenInKey))
        {
            throw new ArgumentException("A ledger entry needs the tenant id it belongs to (without / \\ # ? or control characters).", nameof(entry));
        }

        RequireText(entry.ActorId, "actor id");
        RequireText(entry.Action, "action");
        RequireText(entry.EntityType, "entity type");
        RequireText(entry.EntityId, "entity id");
        LimitText(entry.ActorRole, "actor role");
        LimitText(entry.SourceActivityId, "source activity id");
        LimitState(entry.Before, "before");
        LimitState(entry.After, "after");
    }

    private static void RequireText(string? value, string what)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new ArgumentException($"A ledger entry needs its {what}.", nameof(value));
        }

        LimitText(value, what);
    }

    private static void LimitText(string? value, string what)
    {
        if (value is { Length: > MaxFieldLength })
        {
            throw new ArgumentException(Invariant($"The ledger entry's {what} is {value.Length} characters long; at most {MaxFieldLength} are kept. Nothing was recorded."), nameof(value));
        }
    }

    private static void LimitState(string? value, string what)
    {
        if (value is { Length: > MaxStateLength })
        {
            throw new ArgumentException(Invariant(
                $"The ledger entry's '{what}' state is {value.Length:N0} characters long; the ledger keeps at most {MaxStateLength:N0}. Record the fields that changed (or a reference to the document) instead. Nothing was recorded."),
                nameof(value));
        }
    }

    private static bool IsForbiddenInKey(char c) => c is '/' or '\\' or '#' or '?' || char.IsControl(c);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

/// <summary>Too many appends raced one tenant's ledger at once; nothing was recorded by this call.</summary>
public sealed class LedgerBusyException : Exception
{
    public LedgerBusyException(string tenantId, int attempts, Exception? inner = null)
        : base(string.Create(CultureInfo.InvariantCulture, $"The ledger of tenant '{tenantId}' was too busy: {attempts} attempts to append lost the race to other writers. Nothing was recorded; try again."), inner)
    {
        TenantId = tenantId;
    }

    public string TenantId { get; }
}

/// <summary>The ledger holds an event its head does not know: it was written outside the store. Appends stop until it is looked into.</summary>
public sealed class LedgerIntegrityException : Exception
{
    public LedgerIntegrityException(string tenantId, long sequence)
        : base(string.Create(CultureInfo.InvariantCulture, $"The ledger of tenant '{tenantId}' holds event {sequence}, which its head does not know: it was written outside the ledger store. Nothing was recorded; run 'verify ledger'."))
    {
        TenantId = tenantId;
        Sequence = sequence;
    }

    public string TenantId { get; }
    public long Sequence { get; }
}
