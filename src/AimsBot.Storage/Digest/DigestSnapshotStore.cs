using Azure;
using Azure.Data.Tables;
using AimsBot.Domain.Digest;
using AimsBot.Storage.Register;
using AimsBot.Storage.Tables;

namespace AimsBot.Storage.Digest;

/// <summary>
/// One week of a tenant's trend. Table <c>DigestSnapshots</c>: PK tenant id, RK the Monday the week starts on
/// (<c>yyyy-MM-dd</c>, in the organisation's zone), so a range of row keys is a range of weeks.
/// </summary>
public sealed class DigestSnapshotRow : ITableEntity
{
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public int OverdueControls { get; set; }
    public int EvidenceReceived { get; set; }
    public int OpenNonconformities { get; set; }

    /// <summary>When the figures were computed (the latest digest of the week).</summary>
    public DateTimeOffset TakenAt { get; set; }
}

/// <summary>
/// The <c>DigestSnapshots</c> table: the weekly figures the trend chart draws, kept so that a trend never rescans the
/// past. Each digest compiled in a week writes that week's row again (the latest figures of the week win).
/// </summary>
public sealed class DigestSnapshotStore
{
    public const string TableName = "DigestSnapshots";

    private readonly TypedTable<DigestSnapshotRow> _table;

    public DigestSnapshotStore(TableStore store) => _table = store.Table<DigestSnapshotRow>(TableName);

    public Task SaveAsync(string tenantId, DigestWeek week, DateTimeOffset takenAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(week);
        return _table.UpsertAsync(
            new DigestSnapshotRow
            {
                PartitionKey = RegisterKeys.Tenant(tenantId),
                RowKey = StoredValues.Format(week.WeekStarting),
                OverdueControls = week.OverdueControls,
                EvidenceReceived = week.EvidenceReceived,
                OpenNonconformities = week.OpenNonconformities,
                TakenAt = takenAt,
            },
            cancellationToken);
    }

    /// <summary>The stored weeks from <paramref name="from"/> to <paramref name="through"/> (both Mondays, inclusive), oldest first: one range query.</summary>
    public async Task<IReadOnlyList<DigestWeek>> WeeksAsync(string tenantId, DateOnly from, DateOnly through, CancellationToken cancellationToken = default)
    {
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {RegisterKeys.Tenant(tenantId)} and RowKey ge {StoredValues.Format(from)} and RowKey le {StoredValues.Format(through)}");
        var weeks = new List<DigestWeek>();
        await foreach (var row in _table.QueryAsync(filter, cancellationToken: cancellationToken))
        {
            weeks.Add(new DigestWeek(StoredValues.Date(row.RowKey, TableName, row.PartitionKey, row.RowKey, "RowKey"), row.OverdueControls, row.EvidenceReceived, row.OpenNonconformities));
        }

        return weeks.OrderBy(w => w.WeekStarting).ToList();
    }
}
