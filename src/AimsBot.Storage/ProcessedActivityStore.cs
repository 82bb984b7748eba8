using System.Net;
using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using AimsBot.Storage.Tables;

namespace AimsBot.Storage;

/// <summary>
/// One inbound activity the bot has accepted: whether it is still being handled, and the answer it got.
/// Table <c>ProcessedActivities</c>: PK tenant id, RK SHA-256 of channel|conversation|activity id (keys may
/// not hold the characters those ids contain).
/// </summary>
public sealed class ProcessedActivityRow : ITableEntity
{
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }
    public string State { get; set; } = ProcessedActivityStore.Processing;
    public int HttpStatus { get; set; }
    public string? ResponseBody { get; set; }
    public DateTimeOffset ReceivedAt { get; set; }
}

/// <summary>The outcome of claiming an activity: first delivery, or a repeat with the first answer.</summary>
public sealed record ActivityClaim(bool IsFirstDelivery, string State, int HttpStatus, string? ResponseBody);

/// <summary>
/// De-duplication of inbound activities: the first delivery claims the row (insert), later deliveries find it
/// and get the first delivery's answer back.
/// </summary>
public sealed class ProcessedActivityStore
{
    public const string TableName = "ProcessedActivities";
    public const string Processing = "processing";
    public const string Done = "done";

    /// <summary>Table properties hold at most 32K UTF-16 characters; longer answers are not replayed.</summary>
    private const int MaxStoredBody = 30_000;

    private readonly TypedTable<ProcessedActivityRow> _table;

    public ProcessedActivityStore(TableStore store) => _table = store.Table<ProcessedActivityRow>(TableName);

    public static string RowKeyFor(string channelId, string conversationId, string activityId) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{channelId}|{conversationId}|{activityId}")));

    public async Task<ActivityClaim> ClaimAsync(string tenantId, string rowKey, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        try
        {
            await _table.AddAsync(new ProcessedActivityRow { PartitionKey = tenantId, RowKey = rowKey, ReceivedAt = now }, cancellationToken);
            return new ActivityClaim(true, Processing, 0, null);
        }
        catch (EntityAlreadyExistsException)
        {
            var row = await _table.GetAsync(tenantId, rowKey, cancellationToken);
            return row is null
                ? new ActivityClaim(false, Processing, (int)HttpStatusCode.OK, null)
                : new ActivityClaim(false, row.State, row.HttpStatus, row.ResponseBody);
        }
    }

    public async Task<ActivityClaim?> GetAsync(string tenantId, string rowKey, CancellationToken cancellationToken = default)
    {
        var row = await _table.GetAsync(tenantId, rowKey, cancellationToken);
        return row is null ? null : new ActivityClaim(false, row.State, row.HttpStatus, row.ResponseBody);
    }

    public Task CompleteAsync(string tenantId, string rowKey, int httpStatus, string? responseBody, DateTimeOffset receivedAt, CancellationToken cancellationToken = default) =>
        _table.UpsertAsync(
            new ProcessedActivityRow
            {
                PartitionKey = tenantId,
                RowKey = rowKey,
                State = Done,
                HttpStatus = httpStatus,
                ResponseBody = responseBody is { Length: <= MaxStoredBody } ? responseBody : null,
                ReceivedAt = receivedAt,
            },
            cancellationToken);

    /// <summary>
    /// Deletes the rows of activities received before <paramref name="cutoff"/>, in every tenant (retention: a filtered
    /// scan on <c>ReceivedAt</c>, run daily). Returns how many were deleted.
    /// </summary>
    public Task<int> DeleteReceivedBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken = default) =>
        _table.DeleteWhereAsync(TableClient.CreateQueryFilter($"ReceivedAt lt {cutoff}"), cancellationToken);

    /// <summary>Handling failed before any effect: let a redelivery try again.</summary>
    public Task ReleaseAsync(string tenantId, string rowKey, CancellationToken cancellationToken = default) =>
        _table.DeleteAsync(tenantId, rowKey, cancellationToken: cancellationToken);
}
