using Azure;
using Azure.Data.Tables;
using AimsBot.Storage.Tables;

namespace AimsBot.Storage;

/// <summary>A row of process-wide state (not tenant data): PK <c>system</c>, RK the state's name.</summary>
public sealed class SystemStateRow : ITableEntity
{
    public string PartitionKey { get; set; } = SystemStateStore.Partition;
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }
    public DateTimeOffset? At { get; set; }
    public string? Host { get; set; }
}

/// <summary>The <c>SystemState</c> table: heartbeat and other process-wide markers.</summary>
public sealed class SystemStateStore
{
    public const string TableName = "SystemState";
    public const string Partition = "system";
    private const string HeartbeatKey = "heartbeat";

    private readonly TypedTable<SystemStateRow> _table;

    public SystemStateStore(TableStore store) => _table = store.Table<SystemStateRow>(TableName);

    public Task RecordHeartbeatAsync(DateTimeOffset at, string host, CancellationToken cancellationToken = default) =>
        _table.UpsertAsync(new SystemStateRow { RowKey = HeartbeatKey, At = at, Host = host }, cancellationToken);

    /// <summary>When the heartbeat job last ran and where, or null if it never has.</summary>
    public async Task<(DateTimeOffset At, string? Host)?> GetHeartbeatAsync(CancellationToken cancellationToken = default)
    {
        var row = await _table.GetAsync(Partition, HeartbeatKey, cancellationToken);
        return row?.At is { } at ? (at, row.Host) : null;
    }
}
