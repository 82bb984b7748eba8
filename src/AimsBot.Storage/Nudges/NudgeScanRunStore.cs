using Azure;
using Azure.Data.Tables;
using AimsBot.Storage.Register;
using AimsBot.Storage.Tables;

namespace AimsBot.Storage.Nudges;

/// <summary>
/// One due scan a person asked for (<c>nudge now</c>), from the request until its counts are delivered. Table
/// <c>NudgeScanRuns</c>: PK tenant id, RK the run id (a GUID, <c>N</c> format). The counts travel here, not in
/// process memory, because the chat turn that asked and the Hangfire job that scans may run on different hosts.
/// </summary>
public sealed class NudgeScanRunRow : ITableEntity
{
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    /// <summary>Who asked: their user key, recorded in the ledger as the scan's actor.</summary>
    public string RequestedBy { get; set; } = "";

    /// <summary>The roles they held when they asked, comma-separated role names (the ledger records them with the actor).</summary>
    public string? RequestedByRoles { get; set; }

    public DateTimeOffset RequestedAt { get; set; }

    /// <summary>
    /// The chat answer stopped waiting and said the scan is running: the job then sends the counts to the person's
    /// 1:1 chat. Set only while <see cref="FinishedAt"/> is empty (ETag-guarded), so exactly one of the two answers.
    /// </summary>
    public bool HandedOver { get; set; }

    /// <summary>Set when the scan ended; the counts below are its report.</summary>
    public DateTimeOffset? FinishedAt { get; set; }

    public int Due { get; set; }
    public int Overdue { get; set; }
    public int Queued { get; set; }
    public int Unreachable { get; set; }
    public int Installing { get; set; }
    public int NoOwner { get; set; }
    public int Escalated { get; set; }
    public int Snoozed { get; set; }
}

/// <summary>Reads and changes <see cref="NudgeScanRunRow"/>s; changes are ETag-guarded read-modify-writes.</summary>
public sealed class NudgeScanRunStore
{
    public const string TableName = "NudgeScanRuns";
    private const int MaxAttempts = 5;
    private readonly TypedTable<NudgeScanRunRow> _table;

    public NudgeScanRunStore(TableStore store) => _table = store.Table<NudgeScanRunRow>(TableName);

    /// <summary>Inserts a new run (its id must be new).</summary>
    public Task<NudgeScanRunRow> AddAsync(NudgeScanRunRow row, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(row);
        row.PartitionKey = RegisterKeys.Tenant(row.PartitionKey);
        return _table.AddAsync(row, cancellationToken);
    }

    /// <summary>
    /// Deletes the runs requested before <paramref name="cutoff"/>, in every tenant (retention: a filtered scan on
    /// <c>RequestedAt</c>, run daily). Returns how many were deleted.
    /// </summary>
    public Task<int> DeleteRequestedBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken = default) =>
        _table.DeleteWhereAsync(TableClient.CreateQueryFilter($"RequestedAt lt {cutoff}"), cancellationToken);

    public Task<NudgeScanRunRow?> GetAsync(string tenantId, string runId, CancellationToken cancellationToken = default) =>
        _table.GetAsync(RegisterKeys.Tenant(tenantId), runId, cancellationToken);

    /// <summary>
    /// Applies <paramref name="change"/> to the current row and saves it with its ETag; when someone else wrote
    /// first, re-reads and decides again. <paramref name="change"/> returns false to leave the row as it is.
    /// Returns the row as stored afterwards, or null when there is no such run.
    /// </summary>
    public async Task<NudgeScanRunRow?> ModifyAsync(string tenantId, string runId, Func<NudgeScanRunRow, bool> change, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        for (var attempt = 1; ; attempt++)
        {
            var row = await GetAsync(tenantId, runId, cancellationToken);
            if (row is null || !change(row))
            {
                return row;
            }

            try
            {
                return await _table.ReplaceAsync(row, cancellationToken);
            }
            catch (ConcurrencyConflictException) when (attempt < MaxAttempts)
            {
                // Someone else changed it first (the job finishing, the chat answer handing over): decide again.
            }
        }
    }
}
