using System.Net;
using System.Runtime.CompilerServices;
using Azure;
using Azure.Data.Tables;

namespace AimsBot.Storage.Tables;

/// <summary>One page of a query, with the opaque token that fetches the next (null on the last page).</summary>
public sealed record TablePage<T>(IReadOnlyList<T> Items, string? ContinuationToken);

/// <summary>
/// A table of one entity type. Cheap to share: wraps a thread-safe <see cref="TableClient"/>.
/// Surfaces ETag mismatches as <see cref="ConcurrencyConflictException"/> so callers can re-read and retry.
/// </summary>
public sealed class TypedTable<T> where T : class, ITableEntity
{
    /// <summary>The most operations one entity group transaction may carry (a Table Storage limit).</summary>
    public const int MaxBatchSize = 100;

    private readonly TableClient _client;

    public TypedTable(TableClient client) => _client = client;

    public string Name => _client.Name;

    /// <summary>The underlying client, for the rare operation this wrapper does not cover.</summary>
    public TableClient Client => _client;

    public Task CreateIfNotExistsAsync(CancellationToken cancellationToken = default) =>
        _client.CreateIfNotExistsAsync(cancellationToken);

    /// <summary>Reads one row, or null when there is none.</summary>
    public async Task<T?> GetAsync(string partitionKey, string rowKey, CancellationToken cancellationToken = default)
    {
        var response = await _client.GetEntityIfExistsAsync<T>(partitionKey, rowKey, cancellationToken: cancellationToken);
        return response.HasValue ? response.Value : null;
    }

    /// <summary>Inserts a new row; <see cref="EntityAlreadyExistsException"/> when the keys are taken.</summary>
    public async Task<T> AddAsync(T entity, CancellationToken cancellationToken = default)
    {
        try
        {
            var response = await _client.AddEntityAsync(entity, cancellationToken);
            entity.ETag = response.Headers.ETag ?? entity.ETag;
            return entity;
        }
        catch (RequestFailedException ex) when (ex.Status == (int)HttpStatusCode.Conflict)
        {
            throw new EntityAlreadyExistsException(Name, entity.PartitionKey, entity.RowKey, ex);
        }
    }

    /// <summary>
    /// Replaces a row only if it still carries the ETag it was read with.
    /// <see cref="ConcurrencyConflictException"/> when it changed (or vanished) in between.
    /// </summary>
    public async Task<T> ReplaceAsync(T entity, CancellationToken cancellationToken = default)
    {
        if (entity.ETag == default)
        {
            throw new InvalidOperationException($"Replacing '{entity.PartitionKey}'/'{entity.RowKey}' needs the ETag it was read with; read the row first or use UpsertAsync.");
        }

        try
        {
            var response = await _client.UpdateEntityAsync(entity, entity.ETag, TableUpdateMode.Replace, cancellationToken);
            entity.ETag = response.Headers.ETag ?? entity.ETag;
            return entity;
        }
        catch (RequestFailedException ex) when (ex.Status is (int)HttpStatusCode.PreconditionFailed or (int)HttpStatusCode.NotFound)
        {
            throw new ConcurrencyConflictException(Name, entity.PartitionKey, entity.RowKey, ex);
        }
    }

    /// <summary>
    /// Saves a row that was read (or made fresh, ETag empty, when none was there): insert when new, else replace if
    /// unchanged since it was read. <see cref="ConcurrencyConflictException"/> when another writer got there first,
    /// including a concurrent first insert: re-read and decide again.
    /// </summary>
    public async Task<T> SaveAsync(T entity, CancellationToken cancellationToken = default)
    {
        if (entity.ETag != default)
        {
            return await ReplaceAsync(entity, cancellationToken);
        }

        try
        {
            return await AddAsync(entity, cancellationToken);
        }
        catch (EntityAlreadyExistsException ex)
        {
            throw new ConcurrencyConflictException(Name, entity.PartitionKey, entity.RowKey, ex);
        }
    }

    /// <summary>Writes the row whatever is there (last writer wins). Only for state nobody edits concurrently.</summary>
    public async Task<T> UpsertAsync(T entity, CancellationToken cancellationToken = default)
    {
        var response = await _client.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
        entity.ETag = response.Headers.ETag ?? entity.ETag;
        return entity;
    }

    /// <summary>Deletes a row if it still carries <paramref name="ifMatch"/> (default: any version).</summary>
    public async Task DeleteAsync(string partitionKey, string rowKey, ETag ifMatch = default, CancellationToken cancellationToken = default)
    {
        try
        {
            await _client.DeleteEntityAsync(partitionKey, rowKey, ifMatch == default ? ETag.All : ifMatch, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == (int)HttpStatusCode.PreconditionFailed)
        {
            throw new ConcurrencyConflictException(Name, partitionKey, rowKey, ex);
        }
    }

    /// <summary>
    /// One page of rows matching <paramref name="filter"/>. Build filters with
    /// <see cref="TableClient.CreateQueryFilter(System.FormattableString)"/> so values are escaped.
    /// </summary>
    public async Task<TablePage<T>> QueryPageAsync(string? filter, int pageSize, string? continuationToken = null, IEnumerable<string>? select = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(pageSize, 1000);
        var pages = _client.QueryAsync<T>(filter, pageSize, select, cancellationToken).AsPages(continuationToken, pageSize);
        await foreach (var page in pages)
        {
            return new TablePage<T>(page.Values, page.ContinuationToken);
        }

        return new TablePage<T>([], null);
    }

    /// <summary>Every row matching <paramref name="filter"/>, page by page as the caller reads.</summary>
    public async IAsyncEnumerable<T> QueryAsync(string? filter, IEnumerable<string>? select = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var entity in _client.QueryAsync<T>(filter, maxPerPage: 1000, select, cancellationToken))
        {
            yield return entity;
        }
    }

    /// <summary>
    /// Deletes every row matching <paramref name="filter"/> (build it with <see cref="TableClient.CreateQueryFilter(System.FormattableString)"/>):
    /// keys are read 1000 at a time and deleted per partition in transactions of up to 100. When a row went meanwhile
    /// (its transaction fails), that transaction's rows are deleted one by one. Returns how many rows were matched.
    /// </summary>
    public async Task<int> DeleteWhereAsync(string filter, CancellationToken cancellationToken = default)
    {
        const int ReadChunk = 1000;
        var deleted = 0;
        var chunk = new List<T>(ReadChunk);
        await foreach (var row in QueryAsync(filter, ["PartitionKey", "RowKey"], cancellationToken))
        {
            chunk.Add(row);
            if (chunk.Count == ReadChunk)
            {
                deleted += await DeleteRowsAsync(chunk, cancellationToken);
                chunk.Clear();
            }
        }

        return deleted + await DeleteRowsAsync(chunk, cancellationToken);
    }

    private async Task<int> DeleteRowsAsync(List<T> rows, CancellationToken cancellationToken)
    {
        foreach (var partition in rows.GroupBy(r => r.PartitionKey, StringComparer.Ordinal))
        {
            foreach (var batch in partition.Chunk(MaxBatchSize))
            {
                try
                {
                    await SubmitAtomicallyAsync(batch.Select(r => new TableTransactionAction(TableTransactionActionType.Delete, r, ETag.All)).ToList(), cancellationToken);
                }
                catch (ConcurrencyConflictException)
                {
                    // One of them is gone already: the rest still go, one at a time (a missing row is not an error here).
                    foreach (var row in batch)
                    {
                        await _client.DeleteEntityAsync(row.PartitionKey, row.RowKey, ETag.All, cancellationToken);
                    }
                }
            }
        }

        return rows.Count;
    }

    /// <summary>Every row of one partition.</summary>
    public IAsyncEnumerable<T> QueryPartitionAsync(string partitionKey, CancellationToken cancellationToken = default) =>
        QueryAsync(TableClient.CreateQueryFilter($"PartitionKey eq {partitionKey}"), cancellationToken: cancellationToken);

    /// <summary>
    /// Writes up to 100 operations on one partition as a single transaction: all land, or none do.
    /// A conflict on any row surfaces as <see cref="ConcurrencyConflictException"/> (nothing written).
    /// </summary>
    public Task SubmitAtomicallyAsync(IReadOnlyList<TableTransactionAction> actions, CancellationToken cancellationToken = default) =>
        SubmitAtomicallyWithAnswersAsync(actions, cancellationToken);

    /// <summary>
    /// <see cref="SubmitAtomicallyAsync"/>, returning the service's answer to each operation in order (their ETags:
    /// a row written in the transaction can be replaced next without reading it first).
    /// </summary>
    public async Task<IReadOnlyList<Response>> SubmitAtomicallyWithAnswersAsync(IReadOnlyList<TableTransactionAction> actions, CancellationToken cancellationToken = default)
    {
        if (actions.Count == 0)
        {
            return [];
        }

        if (actions.Count > MaxBatchSize)
        {
            throw new ArgumentException($"A transaction holds at most {MaxBatchSize} operations; this one has {actions.Count}. Split it, or use SubmitInBatchesAsync when atomicity across the whole set is not needed.", nameof(actions));
        }

        var partition = actions[0].Entity.PartitionKey;
        if (actions.Any(a => a.Entity.PartitionKey != partition))
        {
            throw new ArgumentException("A transaction may only touch one partition.", nameof(actions));
        }

        try
        {
            return (await _client.SubmitTransactionAsync(actions, cancellationToken)).Value;
        }
        catch (TableTransactionFailedException ex) when (ex.Status is (int)HttpStatusCode.PreconditionFailed or (int)HttpStatusCode.Conflict or (int)HttpStatusCode.NotFound)
        {
            var failed = ex.FailedTransactionActionIndex is int i && i < actions.Count ? actions[i].Entity : actions[0].Entity;
            throw new ConcurrencyConflictException(Name, failed.PartitionKey, failed.RowKey, ex);
        }
    }

    /// <summary>
    /// Writes any number of operations: grouped by partition and sent 100 at a time. Each group of up to
    /// 100 is atomic; the whole set is not.
    /// </summary>
    public async Task SubmitInBatchesAsync(IEnumerable<TableTransactionAction> actions, CancellationToken cancellationToken = default)
    {
        foreach (var partition in actions.GroupBy(a => a.Entity.PartitionKey, StringComparer.Ordinal))
        {
            foreach (var chunk in partition.Chunk(MaxBatchSize))
            {
                await SubmitAtomicallyAsync(chunk, cancellationToken);
            }
        }
    }
}
