using Azure;
using Azure.Data.Tables;
using AimsBot.Storage.Register;
using AimsBot.Storage.Tables;

namespace AimsBot.Storage.Nonconformities;

/// <summary>
/// One nonconformity (ISO/IEC 42001 clause 10.2). Table <c>Nonconformities</c>: PK tenant id, RK the
/// nonconformity id (<c>NC-0001</c>…). The workflow that raises and closes them arrives later; this table and
/// its read path are what <c>ncs</c> lists.
/// </summary>
public sealed class NonconformityRow : ITableEntity
{
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string? Title { get; set; }

    /// <summary>The control it is about (<c>A.6.2.6</c>), if any.</summary>
    public string? ControlId { get; set; }

    /// <summary><c>org</c> or an AI system id.</summary>
    public string? Scope { get; set; }

    /// <summary><c>open</c> or <c>closed</c>.</summary>
    public string? Status { get; set; }
    public string? RaisedBy { get; set; }
    public string? RaisedByName { get; set; }
    public DateTimeOffset? RaisedAt { get; set; }

    /// <summary>Who corrects it (Entra object id).</summary>
    public string? OwnerUserId { get; set; }
    public string? OwnerName { get; set; }

    /// <summary><c>yyyy-MM-dd</c>.</summary>
    public string? DueOn { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }
}

/// <summary>Which nonconformities to list.</summary>
public enum NonconformityFilter
{
    All,
    Open,

    /// <summary>Those the person owns or raised.</summary>
    Mine,
}

/// <summary>A page of nonconformities, and whether more match.</summary>
public sealed record NonconformityPage(IReadOnlyList<NonconformityRow> Items, bool HasMore);

/// <summary>The <c>Nonconformities</c> table.</summary>
public sealed class NonconformityRepository
{
    public const string TableName = "Nonconformities";
    public const string Open = "open";
    public const string Closed = "closed";

    private readonly TypedTable<NonconformityRow> _table;

    public NonconformityRepository(TableStore store) => _table = store.Table<NonconformityRow>(TableName);

    /// <summary>Inserts a new nonconformity (the raise workflow's write); the id must be new in the tenant.</summary>
    public Task<NonconformityRow> AddAsync(string tenantId, NonconformityRow row, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(row);
        row.PartitionKey = RegisterKeys.Tenant(tenantId);
        if (string.IsNullOrWhiteSpace(row.RowKey) || row.RowKey.Any(c => char.IsControl(c) || c is '/' or '\\' or '#' or '?'))
        {
            throw new ArgumentException($"'{row.RowKey}' is not a usable nonconformity id.", nameof(row));
        }

        return _table.AddAsync(row, cancellationToken);
    }

    /// <summary>
    /// The first <paramref name="take"/> of a tenant's nonconformities in id order (oldest id first), filtered in
    /// the query itself: <c>Status eq 'open'</c>, or the person as owner or raiser.
    /// </summary>
    public async Task<NonconformityPage> ListAsync(string tenantId, NonconformityFilter filter, string userId, int take, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(take, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(take, 999);
        var partition = RegisterKeys.Tenant(tenantId);
        var query = filter switch
        {
            NonconformityFilter.Open => TableClient.CreateQueryFilter($"PartitionKey eq {partition} and Status eq {Open}"),
            NonconformityFilter.Mine => TableClient.CreateQueryFilter($"PartitionKey eq {partition} and (OwnerUserId eq {userId} or RaisedBy eq {userId})"),
            _ => TableClient.CreateQueryFilter($"PartitionKey eq {partition}"),
        };
        var rows = new List<NonconformityRow>(take + 1);
        string? token = null;
        do
        {
            var page = await _table.QueryPageAsync(query, take + 1 - rows.Count, token, cancellationToken: cancellationToken);
            rows.AddRange(page.Items);
            token = page.ContinuationToken;
        }
        while (rows.Count <= take && token is not null);

        return new NonconformityPage(rows.Take(take).ToList(), rows.Count > take);
    }
}
