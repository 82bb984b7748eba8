using Azure;
using Azure.Data.Tables;
using AimsBot.Domain.Assessments;
using AimsBot.Domain.Register;
using AimsBot.Storage.Register;
using AimsBot.Storage.Tables;

namespace AimsBot.Storage.Assessments;

/// <summary>The latest significant change of one AI system. Table <c>SignificantChanges</c>: PK the tenant id, RK the system id.</summary>
public sealed class SignificantChangeRow : ITableEntity
{
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string Reason { get; set; } = "";
    public string RaisedBy { get; set; } = "";
    public string? RaisedByName { get; set; }
    public DateTimeOffset RaisedAt { get; set; }
}

/// <summary>A significant change as stored, with the name of who said it.</summary>
public sealed record StoredSignificantChange(SignificantChange Change, string? RaisedByName);

/// <summary>
/// The <c>SignificantChanges</c> table: per AI system, the latest <c>system change</c> (the ledger keeps every one).
/// Kept apart from the system's and the assessments' rows because those are replaced whole by their own writers
/// (the register import, each saved step); whether a change is still open is decided from its time against the
/// latest assessment's (<see cref="SignificantChange.IsAnsweredBy"/>), so nothing ever has to clear it.
/// </summary>
public sealed class SignificantChangeRepository
{
    public const string TableName = "SignificantChanges";

    private readonly TypedTable<SignificantChangeRow> _table;

    public SignificantChangeRepository(TableStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        _table = store.Table<SignificantChangeRow>(TableName);
    }

    public async Task<StoredSignificantChange?> GetAsync(string tenantId, string systemId, CancellationToken cancellationToken = default)
    {
        if (!AiSystem.IsValidId(systemId))
        {
            return null;
        }

        var row = await _table.GetAsync(RegisterKeys.Tenant(tenantId), systemId, cancellationToken);
        return row is null ? null : FromRow(row);
    }

    /// <summary>Every system's latest change in the tenant, by system id (one partition; one row per system that ever changed).</summary>
    public async Task<IReadOnlyDictionary<string, StoredSignificantChange>> ListAsync(string tenantId, CancellationToken cancellationToken = default)
    {
        var changes = new Dictionary<string, StoredSignificantChange>(StringComparer.Ordinal);
        await foreach (var row in _table.QueryPartitionAsync(RegisterKeys.Tenant(tenantId), cancellationToken))
        {
            changes[row.RowKey] = FromRow(row);
        }

        return changes;
    }

    /// <summary>Stores a system's latest change (replacing the one before: the ledger has that one).</summary>
    public Task SaveAsync(string tenantId, SignificantChange change, string? raisedByName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        return _table.UpsertAsync(
            new SignificantChangeRow
            {
                PartitionKey = RegisterKeys.Tenant(tenantId),
                RowKey = change.SystemId,
                Reason = change.Reason,
                RaisedBy = change.RaisedBy,
                RaisedByName = raisedByName,
                RaisedAt = change.RaisedAt,
            },
            cancellationToken);
    }

    private static StoredSignificantChange FromRow(SignificantChangeRow row) =>
        new(new SignificantChange(row.RowKey, row.Reason, row.RaisedBy, row.RaisedAt), row.RaisedByName);
}
