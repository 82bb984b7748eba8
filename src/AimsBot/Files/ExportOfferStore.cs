using Azure;
using Azure.Data.Tables;
using AimsBot.Storage;
using AimsBot.Storage.Tables;

namespace AimsBot.Files;

/// <summary>
/// A file the bot offered and the person has not yet accepted or declined. Table <c>ExportOffers</c>: PK tenant
/// id, RK offer id (a GUID). The request is kept, not the bytes: on accept the file is built afresh from live data.
/// </summary>
public sealed class ExportOfferRow : ITableEntity
{
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }
    public string Kind { get; set; } = "";
    public string Format { get; set; } = "";
    public string Arguments { get; set; } = "";
    public string RequestedBy { get; set; } = "";
    public string FileName { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary><c>offered</c>, <c>delivered</c> or <c>declined</c>.</summary>
    public string State { get; set; } = "offered";
}

public sealed class ExportOfferStore
{
    public const string TableName = "ExportOffers";
    private readonly TypedTable<ExportOfferRow> _table;

    public ExportOfferStore(TableStore store) => _table = store.Table<ExportOfferRow>(TableName);

    public Task<ExportOfferRow> AddAsync(ExportOfferRow row, CancellationToken cancellationToken) => _table.AddAsync(row, cancellationToken);

    public Task<ExportOfferRow?> GetAsync(string tenantId, string offerId, CancellationToken cancellationToken) => _table.GetAsync(tenantId, offerId, cancellationToken);

    /// <summary>Moves an offer out of <c>offered</c>; false when someone (a double click, a redelivery) already did.</summary>
    public async Task<bool> TryCloseAsync(ExportOfferRow row, string state, CancellationToken cancellationToken)
    {
        if (row.State != "offered")
        {
            return false;
        }

        row.State = state;
        try
        {
            await _table.ReplaceAsync(row, cancellationToken);
            return true;
        }
        catch (ConcurrencyConflictException)
        {
            return false;
        }
    }

    /// <summary>
    /// Deletes the offers made before <paramref name="cutoff"/>, in every tenant and whatever their state (retention: a
    /// filtered scan on <c>CreatedAt</c>, run daily). Accepting a deleted offer asks for the export again. Returns how many.
    /// </summary>
    public Task<int> DeleteCreatedBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken) =>
        _table.DeleteWhereAsync(TableClient.CreateQueryFilter($"CreatedAt lt {cutoff}"), cancellationToken);

    /// <summary>Back to <c>offered</c> after an upload failed, so the person can accept again.</summary>
    public Task ReopenAsync(ExportOfferRow row, CancellationToken cancellationToken)
    {
        row.State = "offered";
        return _table.ReplaceAsync(row, cancellationToken);
    }
}
