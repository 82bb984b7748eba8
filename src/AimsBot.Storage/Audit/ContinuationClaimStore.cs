using Azure;
using Azure.Data.Tables;
using AimsBot.Storage.Register;
using AimsBot.Storage.Tables;

namespace AimsBot.Storage.Audit;

/// <summary>A paging continuation that was used (its nonce), kept until it would have expired anyway.</summary>
public sealed class ContinuationClaimRow : ITableEntity
{
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }
    public string? ClaimedBy { get; set; }
    public DateTimeOffset ClaimedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
}

/// <summary>
/// Table <c>ContinuationClaims</c>: PK tenant id, RK the continuation's nonce. Using a continuation inserts
/// its row; the insert is the claim, so a second use of the same continuation (a replay, a double click)
/// finds the key taken and is refused.
/// </summary>
public sealed class ContinuationClaimStore
{
    public const string TableName = "ContinuationClaims";

    private readonly TypedTable<ContinuationClaimRow> _table;

    public ContinuationClaimStore(TableStore store) => _table = store.Table<ContinuationClaimRow>(TableName);

    /// <summary>True when this call claimed the nonce; false when it was claimed before.</summary>
    public async Task<bool> TryClaimAsync(string tenantId, string nonce, string claimedBy, DateTimeOffset now, DateTimeOffset expiresAt, CancellationToken cancellationToken = default)
    {
        try
        {
            await _table.AddAsync(
                new ContinuationClaimRow { PartitionKey = RegisterKeys.Tenant(tenantId), RowKey = nonce, ClaimedBy = claimedBy, ClaimedAt = now, ExpiresAt = expiresAt },
                cancellationToken);
            return true;
        }
        catch (EntityAlreadyExistsException)
        {
            return false;
        }
    }

    /// <summary>
    /// Deletes the claims whose continuation has expired (a table scan on <c>ExpiresAt</c>; run daily). An expired
    /// continuation is refused for its age before its claim is looked at, so its claim is no longer needed.
    /// Returns how many were deleted.
    /// </summary>
    public async Task<int> DeleteExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var expired = new List<TableTransactionAction>();
        await foreach (var row in _table.QueryAsync(TableClient.CreateQueryFilter($"ExpiresAt lt {now}"), ["PartitionKey", "RowKey"], cancellationToken))
        {
            expired.Add(new TableTransactionAction(TableTransactionActionType.Delete, row, ETag.All));
        }

        await _table.SubmitInBatchesAsync(expired, cancellationToken);
        return expired.Count;
    }
}
