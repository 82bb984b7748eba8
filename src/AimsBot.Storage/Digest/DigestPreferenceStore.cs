using Azure;
using Azure.Data.Tables;
using AimsBot.Storage.Register;
using AimsBot.Storage.Tables;

namespace AimsBot.Storage.Digest;

/// <summary>
/// A person's choice about the weekly digest. Table <c>DigestPreferences</c>: PK tenant id, RK the person's user key
/// (Entra object id). No row means the default: a compliance lead gets the digest.
/// </summary>
public sealed class DigestPreferenceRow : ITableEntity
{
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    /// <summary>True after <c>digest off</c>, false after <c>digest on</c>.</summary>
    public bool Off { get; set; }
    public DateTimeOffset ChangedAt { get; set; }
}

/// <summary>
/// The <c>DigestPreferences</c> table. Kept apart from <c>Users</c>, whose rows every inbound activity merges into:
/// a preference is a person's decision, recorded in the ledger, not a sighting.
/// </summary>
public sealed class DigestPreferenceStore
{
    public const string TableName = "DigestPreferences";

    private readonly TypedTable<DigestPreferenceRow> _table;

    public DigestPreferenceStore(TableStore store) => _table = store.Table<DigestPreferenceRow>(TableName);

    /// <summary>Whether the person turned their digest off.</summary>
    public async Task<bool> IsOffAsync(string tenantId, string userKey, CancellationToken cancellationToken = default) =>
        (await _table.GetAsync(RegisterKeys.Tenant(tenantId), userKey, cancellationToken))?.Off ?? false;

    /// <summary>Records the choice; returns whether it was off before.</summary>
    public async Task<bool> SetAsync(string tenantId, string userKey, bool off, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        var before = await IsOffAsync(tenantId, userKey, cancellationToken);
        await _table.UpsertAsync(new DigestPreferenceRow { PartitionKey = RegisterKeys.Tenant(tenantId), RowKey = userKey, Off = off, ChangedAt = at }, cancellationToken);
        return before;
    }

    /// <summary>Everyone in the tenant who turned their digest off: one partition query.</summary>
    public async Task<IReadOnlySet<string>> OffAsync(string tenantId, CancellationToken cancellationToken = default)
    {
        var off = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {RegisterKeys.Tenant(tenantId)} and Off eq {true}");
        await foreach (var row in _table.QueryAsync(filter, ["RowKey"], cancellationToken))
        {
            off.Add(row.RowKey);
        }

        return off;
    }
}
