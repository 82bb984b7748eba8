using Azure;
using Azure.Data.Tables;
using AimsBot.Storage;
using AimsBot.Storage.Register;

namespace AimsBot.Import;

/// <summary>One row an import writes: the new row, and the row as it was read (null when the import creates it).</summary>
/// <param name="After">The row to write.</param>
/// <param name="Before">The before-image, with the ETag it was read with; null for a new row.</param>
public sealed record ImportWrite(ITableEntity After, ITableEntity? Before);

/// <summary>Rows of one partition of one table, written as one entity-group transaction (at most 100).</summary>
public sealed record ImportBatch(string Table, string PartitionKey, IReadOnlyList<ImportWrite> Writes);

/// <summary>
/// Writes an import's batches and, when a later batch fails, puts earlier ones back. A seam so tests can make a
/// write fail part-way (storage down, a conflict) and see that nothing stays written.
/// </summary>
public interface IImportBatchWriter
{
    /// <summary>
    /// Writes the batch atomically: new rows are inserted (failing if one appeared meanwhile), changed rows are
    /// replaced only if they still carry the ETag they were read with.
    /// </summary>
    Task ApplyAsync(ImportBatch batch, CancellationToken cancellationToken);

    /// <summary>Puts the batch's before-images back: rows it created are deleted, rows it changed get their old content.</summary>
    Task UndoAsync(ImportBatch batch, CancellationToken cancellationToken);
}

/// <summary>The Table Storage implementation of <see cref="IImportBatchWriter"/>.</summary>
public sealed class TableImportBatchWriter : IImportBatchWriter
{
    private readonly TableStore _store;

    public TableImportBatchWriter(TableStore store) => _store = store;

    public Task ApplyAsync(ImportBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var actions = batch.Writes
            .Select(w => w.Before is null
                ? new TableTransactionAction(TableTransactionActionType.Add, w.After)
                : new TableTransactionAction(TableTransactionActionType.UpdateReplace, w.After, w.Before.ETag))
            .ToList();
        return Submit(batch.Table, actions, cancellationToken);
    }

    public Task UndoAsync(ImportBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var actions = batch.Writes
            .Select(w => w.Before is null
                ? new TableTransactionAction(TableTransactionActionType.Delete, w.After, ETag.All)
                : new TableTransactionAction(TableTransactionActionType.UpsertReplace, w.Before))
            .ToList();
        return Submit(batch.Table, actions, cancellationToken);
    }

    private Task Submit(string table, IReadOnlyList<TableTransactionAction> actions, CancellationToken cancellationToken) => table switch
    {
        AiSystemRepository.TableName => _store.Table<AiSystemRow>(table).SubmitAtomicallyAsync(actions, cancellationToken),
        ControlInstanceRepository.TableName => _store.Table<ControlInstanceRow>(table).SubmitAtomicallyAsync(actions, cancellationToken),
        _ => throw new ArgumentException($"The import does not write table '{table}'.", nameof(table)),
    };
}
