using Azure;
using Azure.Data.Tables;
using AimsBot.Domain.Catalogue;
using AimsBot.Domain.Register;
using AimsBot.Storage.Tables;

namespace AimsBot.Storage.Register;

/// <summary>
/// Evidence for one control in one scope. Table <c>Evidence</c>: PK <c>{tenant}|{scope}|{control}</c>, RK
/// inverted submission ticks + <c>-</c> + evidence id (newest first). The same partition holds one marker
/// row per form submission (RK <c>~submission-{id}</c>, after every evidence row) so a repeated submission
/// lands once: the record and its marker are inserted in one transaction.
/// </summary>
public sealed class EvidenceRow : ITableEntity
{
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string EvidenceId { get; set; } = "";
    public string? Scope { get; set; }
    public string? ControlId { get; set; }
    public string? Kind { get; set; }
    public string? Url { get; set; }
    public string? Description { get; set; }

    /// <summary><c>yyyy-MM-dd</c>.</summary>
    public string? PeriodFrom { get; set; }

    /// <summary><c>yyyy-MM-dd</c>.</summary>
    public string? PeriodTo { get; set; }
    public string? ValidUntil { get; set; }
    public string? SubmittedBy { get; set; }
    public string? SubmittedByName { get; set; }
    public DateTimeOffset? SubmittedAt { get; set; }
    public string? SubmissionId { get; set; }

    /// <summary>On a marker row: the row key of the evidence it stands for.</summary>
    public string? EvidenceRowKey { get; set; }
}

/// <summary>An evidence record as stored.</summary>
public sealed record StoredEvidence(
    string Id,
    ControlScope Scope,
    ControlId ControlId,
    EvidenceKind Kind,
    string? Url,
    string Description,
    DateOnly PeriodFrom,
    DateOnly PeriodTo,
    DateOnly? ValidUntil,
    string SubmittedBy,
    string? SubmittedByName,
    DateTimeOffset SubmittedAt);

/// <summary>The evidence a submission stands for, and whether it was already recorded by an earlier copy of it.</summary>
public sealed record EvidenceAddOutcome(StoredEvidence Evidence, bool AlreadyRecorded);

/// <summary>Records of one partition in row-key order (newest first), and whether more follow.</summary>
public sealed record EvidenceSlice(IReadOnlyList<(string RowKey, StoredEvidence Evidence)> Rows, bool HasMore);

/// <summary>The <c>Evidence</c> table.</summary>
public sealed class EvidenceRepository
{
    public const string TableName = "Evidence";

    private readonly TypedTable<EvidenceRow> _table;

    public EvidenceRepository(TableStore store) => _table = store.Table<EvidenceRow>(TableName);

    /// <summary>
    /// Records accepted evidence once per <paramref name="submissionId"/>: a repeat of the same submission
    /// (a double click, a redelivery) writes nothing and returns the record the first one wrote.
    /// </summary>
    public async Task<EvidenceAddOutcome> AddAsync(
        string tenantId,
        EvidenceRecord record,
        string? submitterName,
        Guid submissionId,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        var partition = RegisterKeys.EvidencePartition(tenantId, record.Control.Scope, record.Control.ControlId);
        var markerKey = RegisterKeys.MarkerRowKey(submissionId);
        var row = ToRow(partition, record, submitterName, submissionId);
        var marker = new EvidenceRow
        {
            PartitionKey = partition,
            RowKey = markerKey,
            EvidenceId = record.Id,
            EvidenceRowKey = row.RowKey,
            SubmissionId = row.SubmissionId,
            SubmittedAt = record.SubmittedAt,
        };

        try
        {
            await _table.SubmitAtomicallyAsync(
                [new TableTransactionAction(TableTransactionActionType.Add, row), new TableTransactionAction(TableTransactionActionType.Add, marker)],
                cancellationToken);
            return new EvidenceAddOutcome(FromRow(row), AlreadyRecorded: false);
        }
        catch (ConcurrencyConflictException)
        {
            var existingMarker = await _table.GetAsync(partition, markerKey, cancellationToken);
            if (existingMarker?.EvidenceRowKey is not { } existingKey
                || await _table.GetAsync(partition, existingKey, cancellationToken) is not { } existing)
            {
                throw;
            }

            return new EvidenceAddOutcome(FromRow(existing), AlreadyRecorded: true);
        }
    }

    /// <summary>Finds the evidence a submission produced, if it was recorded.</summary>
    public async Task<StoredEvidence?> FindSubmissionAsync(string tenantId, ControlScope scope, ControlId controlId, Guid submissionId, CancellationToken cancellationToken = default)
    {
        var partition = RegisterKeys.EvidencePartition(tenantId, scope, controlId);
        var marker = await _table.GetAsync(partition, RegisterKeys.MarkerRowKey(submissionId), cancellationToken);
        if (marker?.EvidenceRowKey is not { } key)
        {
            return null;
        }

        var row = await _table.GetAsync(partition, key, cancellationToken);
        return row is null ? null : FromRow(row);
    }

    /// <summary>The newest <paramref name="take"/> records of one control in one scope, newest first.</summary>
    public async Task<IReadOnlyList<StoredEvidence>> LatestAsync(string tenantId, ControlScope scope, ControlId controlId, int take = 1, CancellationToken cancellationToken = default)
    {
        var page = await PageAsync(tenantId, scope, controlId, take, null, cancellationToken);
        return page.Items;
    }

    /// <summary>One page of a control's evidence, newest first (markers skipped); pass the token back for the next.</summary>
    public async Task<TablePage<StoredEvidence>> PageAsync(string tenantId, ControlScope scope, ControlId controlId, int pageSize, string? continuationToken, CancellationToken cancellationToken = default)
    {
        var partition = RegisterKeys.EvidencePartition(tenantId, scope, controlId);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey lt {RegisterKeys.MarkerPrefix}");
        var page = await _table.QueryPageAsync(filter, pageSize, continuationToken, cancellationToken: cancellationToken);
        return new TablePage<StoredEvidence>(page.Items.Select(FromRow).ToList(), page.ContinuationToken);
    }

    /// <summary>
    /// Up to <paramref name="take"/> records of one partition, newest first, submitted in
    /// [<paramref name="submittedFrom"/>, <paramref name="submittedBefore"/>) and after the row key
    /// <paramref name="afterRowKey"/> (the last one a previous page showed). Every bound is a row-key range in
    /// the query itself, so the service reads only the rows asked for. <c>HasMore</c> says whether a further
    /// row exists (one more is read to know).
    /// </summary>
    public async Task<EvidenceSlice> QueryAsync(
        string tenantId,
        ControlScope scope,
        ControlId controlId,
        DateTimeOffset? submittedFrom,
        DateTimeOffset? submittedBefore,
        string? afterRowKey,
        int take,
        CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(take, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(take, 999);
        var partition = RegisterKeys.EvidencePartition(tenantId, scope, controlId);
        var (lower, upper) = RegisterKeys.EvidenceSubmittedRange(submittedFrom, submittedBefore);
        // The next page starts strictly after the last row shown.
        var filter = afterRowKey is null
            ? TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ge {lower} and RowKey lt {upper}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey gt {afterRowKey} and RowKey ge {lower} and RowKey lt {upper}");
        var rows = new List<(string RowKey, StoredEvidence Evidence)>(take + 1);
        string? token = null;
        do
        {
            // A query may answer with fewer rows than asked and a continuation token: follow it until enough.
            var page = await _table.QueryPageAsync(filter, take + 1 - rows.Count, token, cancellationToken: cancellationToken);
            rows.AddRange(page.Items.Select(r => (r.RowKey, FromRow(r))));
            token = page.ContinuationToken;
        }
        while (rows.Count <= take && token is not null);

        var hasMore = rows.Count > take;
        return new EvidenceSlice(rows.Take(take).ToList(), hasMore);
    }

    public static StoredEvidence FromRow(EvidenceRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        if (row.RowKey.StartsWith(RegisterKeys.MarkerPrefix, StringComparison.Ordinal)
            || row.Scope is null || row.ControlId is null || row.SubmittedBy is null || row.SubmittedAt is null
            || (row.Scope != ControlScope.OrganizationKey && !AiSystem.IsValidId(row.Scope))
            || !Domain.Catalogue.ControlId.TryParse(row.ControlId, out var controlId) || controlId.Value != row.ControlId)
        {
            throw new InvalidDataException($"Row '{row.PartitionKey}'/'{row.RowKey}' of {TableName} is not an evidence record.");
        }

        return new StoredEvidence(
            row.EvidenceId,
            ControlScope.FromKey(row.Scope),
            controlId,
            StoredValues.Enum<EvidenceKind>(row.Kind, TableName, row.PartitionKey, row.RowKey, nameof(row.Kind)),
            row.Url,
            row.Description ?? "",
            StoredValues.Date(row.PeriodFrom, TableName, row.PartitionKey, row.RowKey, nameof(row.PeriodFrom)),
            StoredValues.Date(row.PeriodTo, TableName, row.PartitionKey, row.RowKey, nameof(row.PeriodTo)),
            row.ValidUntil is null ? null : StoredValues.Date(row.ValidUntil, TableName, row.PartitionKey, row.RowKey, nameof(row.ValidUntil)),
            row.SubmittedBy,
            row.SubmittedByName,
            row.SubmittedAt.Value);
    }

    private static EvidenceRow ToRow(string partition, EvidenceRecord record, string? submitterName, Guid submissionId) => new()
    {
        PartitionKey = partition,
        RowKey = RegisterKeys.EvidenceRowKey(record.SubmittedAt, record.Id),
        EvidenceId = record.Id,
        Scope = record.Control.Scope.Key,
        ControlId = record.Control.ControlId.Value,
        Kind = record.Kind.ToString(),
        Url = record.Url?.OriginalString,
        Description = record.Description,
        PeriodFrom = StoredValues.Format(record.PeriodFrom),
        PeriodTo = StoredValues.Format(record.PeriodTo),
        ValidUntil = record.ValidUntil is { } until ? StoredValues.Format(until) : null,
        SubmittedBy = record.SubmittedBy,
        SubmittedByName = submitterName,
        SubmittedAt = record.SubmittedAt,
        SubmissionId = submissionId.ToString("N"),
    };
}
