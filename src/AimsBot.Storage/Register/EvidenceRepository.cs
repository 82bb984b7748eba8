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

    /// <summary>
    /// On an evidence row: true once its copy is in the index table (<see cref="EvidenceRepository.IndexTableName"/>).
    /// Missing on rows recorded before the index existed, or when the process stopped between the two writes: the
    /// index repair (<see cref="EvidenceRepository.RepairIndexAsync"/>) finds exactly those.
    /// </summary>
    public bool? Indexed { get; set; }
}

/// <summary>
/// What evidence to read besides its control and scope: submitted in [<see cref="SubmittedFrom"/>,
/// <see cref="SubmittedBefore"/>) (a row-key range), and covering a period that overlaps the days
/// [<see cref="CoversFrom"/>, <see cref="CoversTo"/>] (a filter on <c>PeriodFrom</c>/<c>PeriodTo</c>, which are
/// <c>yyyy-MM-dd</c> text and so compare as dates).
/// </summary>
public sealed record EvidenceFilter(DateTimeOffset? SubmittedFrom = null, DateTimeOffset? SubmittedBefore = null, DateOnly? CoversFrom = null, DateOnly? CoversTo = null)
{
    public static readonly EvidenceFilter None = new();

    /// <summary>The query's filter: partition clause (already built), row-key bounds, the page's start, the period overlap.</summary>
    internal string Build(string partitionClause, string? afterRowKey)
    {
        var (lower, upper) = RegisterKeys.EvidenceSubmittedRange(SubmittedFrom, SubmittedBefore);
        var parts = new List<string> { partitionClause, TableClient.CreateQueryFilter($"RowKey ge {lower} and RowKey lt {upper}") };
        if (afterRowKey is not null)
        {
            // The next page starts strictly after the last row shown.
            parts.Add(TableClient.CreateQueryFilter($"RowKey gt {afterRowKey}"));
        }

        // Overlap of [PeriodFrom, PeriodTo] with [CoversFrom, CoversTo]: it starts on or before the last day asked
        // about and ends on or after the first.
        if (CoversTo is { } to)
        {
            parts.Add(TableClient.CreateQueryFilter($"PeriodFrom le {StoredValues.Format(to)}"));
        }

        if (CoversFrom is { } from)
        {
            parts.Add(TableClient.CreateQueryFilter($"PeriodTo ge {StoredValues.Format(from)}"));
        }

        return string.Join(" and ", parts.Select(p => "(" + p + ")"));
    }
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

/// <summary>
/// The <c>Evidence</c> table, and its index <c>EvidenceByControl</c>: PK <c>{tenant}|{control}</c>, RK the evidence
/// row's own key (newest first), a copy of each record, so one control's evidence across the organisation and every
/// AI system is one partition's range query instead of one query per scope. The record is written first (with its
/// marker, in one transaction), then its index row (an upsert of the same content: repeating it is harmless), then
/// <see cref="EvidenceRow.Indexed"/> on the record; <see cref="RepairIndexAsync"/> fills in what a stop between
/// those writes left out (docs/data-model.md, EvidenceByControl).
/// </summary>
public sealed class EvidenceRepository
{
    public const string TableName = "Evidence";
    public const string IndexTableName = "EvidenceByControl";

    /// <summary>Rows read per request by the index repair and the whole-index export.</summary>
    public const int ScanPageSize = 1000;

    private readonly TypedTable<EvidenceRow> _table;
    private readonly TypedTable<EvidenceRow> _index;
    private readonly TypedTable<TableEntity> _notes;

    public EvidenceRepository(TableStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        _table = store.Table<EvidenceRow>(TableName);
        _index = store.Table<EvidenceRow>(IndexTableName);
        _notes = store.Table<TableEntity>(TableName);
    }

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
        }
        catch (ConcurrencyConflictException)
        {
            var existingMarker = await _table.GetAsync(partition, markerKey, cancellationToken);
            if (existingMarker?.EvidenceRowKey is not { } existingKey
                || await _table.GetAsync(partition, existingKey, cancellationToken) is not { } existing)
            {
                throw;
            }

            // The first copy may have stopped before its index row: writing it again is harmless.
            var earlier = FromRow(existing);
            if (existing.Indexed != true)
            {
                await IndexAsync(tenantId, earlier, cancellationToken);
            }

            return new EvidenceAddOutcome(earlier, AlreadyRecorded: true);
        }

        var added = FromRow(row);
        await IndexAsync(tenantId, added, cancellationToken);
        return new EvidenceAddOutcome(added, AlreadyRecorded: false);
    }

    /// <summary>
    /// Puts <paramref name="evidence"/> (recorded already) into the index, then notes on its record that it is there.
    /// Idempotent: the index row is an upsert of the same content, the note a merge.
    /// </summary>
    public async Task IndexAsync(string tenantId, StoredEvidence evidence, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        var rowKey = RegisterKeys.EvidenceRowKey(evidence.SubmittedAt, evidence.Id);
        await _index.UpsertAsync(IndexRow(tenantId, rowKey, evidence), cancellationToken);
        var note = new TableEntity(RegisterKeys.EvidencePartition(tenantId, evidence.Scope, evidence.ControlId), rowKey) { [nameof(EvidenceRow.Indexed)] = true };
        await _table.Client.UpdateEntityAsync(note, ETag.All, TableUpdateMode.Merge, cancellationToken);
    }

    /// <summary>
    /// Fills the index with every evidence record not yet noted as indexed — records from before the index existed,
    /// or whose process stopped between the record and its index row — for one tenant (or every tenant when
    /// <paramref name="tenantId"/> is null). Reads the Evidence table 1,000 rows at a time, writes the missing index
    /// rows per index partition in transactions of 100 (upserts: a record indexed meanwhile is written again, the
    /// same), then notes them indexed. Returns how many records it indexed. Re-entrant: a second run finds nothing.
    /// </summary>
    public async Task<int> RepairIndexAsync(string? tenantId, CancellationToken cancellationToken = default)
    {
        var filter = tenantId is null
            ? TableClient.CreateQueryFilter($"RowKey lt {RegisterKeys.MarkerPrefix}")
            : TableClient.CreateQueryFilter($"PartitionKey ge {RegisterKeys.Tenant(tenantId) + RegisterKeys.Separator} and PartitionKey lt {tenantId + RegisterKeys.AfterSeparator} and RowKey lt {RegisterKeys.MarkerPrefix}");
        var repaired = 0;
        string? token = null;
        do
        {
            var page = await _table.QueryPageAsync(filter, ScanPageSize, token, cancellationToken: cancellationToken);
            token = page.ContinuationToken;
            var missing = page.Items.Where(r => r.Indexed != true).ToList();
            if (missing.Count == 0)
            {
                continue;
            }

            // Index rows first, then the notes: a note never stands on a record whose index row is not written.
            var indexRows = missing.Select(r => new TableTransactionAction(TableTransactionActionType.UpsertReplace, IndexRow(TenantOf(r), r.RowKey, FromRow(r))));
            await SubmitInParallelAsync(_index, indexRows, cancellationToken);
            var notes = missing.Select(r => new TableTransactionAction(TableTransactionActionType.UpdateMerge, new TableEntity(r.PartitionKey, r.RowKey) { [nameof(EvidenceRow.Indexed)] = true }, ETag.All));
            await SubmitInParallelAsync(_notes, notes, cancellationToken);
            repaired += missing.Count;
        }
        while (token is not null);

        return repaired;
    }

    /// <summary>Transactions of up to 100 per partition, 8 at a time (a backfill of a large table would otherwise take minutes).</summary>
    private static Task SubmitInParallelAsync<T>(TypedTable<T> table, IEnumerable<TableTransactionAction> actions, CancellationToken cancellationToken)
        where T : class, ITableEntity
    {
        var transactions = actions.GroupBy(a => a.Entity.PartitionKey, StringComparer.Ordinal).SelectMany(g => g.Chunk(TypedTable<T>.MaxBatchSize));
        return Parallel.ForEachAsync(transactions, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, (t, ct) => new ValueTask(table.SubmitAtomicallyAsync(t, ct)));
    }

    /// <summary>
    /// Up to <paramref name="take"/> records of one control across every scope of the tenant (the index), newest
    /// first, matching <paramref name="filter"/>, after the row key <paramref name="afterRowKey"/>.
    /// </summary>
    public Task<EvidenceSlice> QueryIndexAsync(string tenantId, ControlId controlId, EvidenceFilter filter, string? afterRowKey, int take, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var partition = RegisterKeys.EvidenceIndexPartition(tenantId, controlId);
        return SliceAsync(_index, filter.Build(TableClient.CreateQueryFilter($"PartitionKey eq {partition}"), afterRowKey), take, cancellationToken);
    }

    /// <summary>
    /// One page (up to <see cref="ScanPageSize"/> rows) of one control's index partition, newest first, matching
    /// <paramref name="filter"/>; pass the continuation token back for the next. The whole-index export reads the
    /// controls' partitions one after another (a query on one partition, never a scan of the tenant's key range):
    /// nothing holds more than a page.
    /// </summary>
    public async Task<TablePage<StoredEvidence>> IndexPageAsync(string tenantId, ControlId controlId, EvidenceFilter filter, string? continuationToken, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var partition = RegisterKeys.EvidenceIndexPartition(tenantId, controlId);
        var page = await _index.QueryPageAsync(filter.Build(TableClient.CreateQueryFilter($"PartitionKey eq {partition}"), null), ScanPageSize, continuationToken, cancellationToken: cancellationToken);
        return new TablePage<StoredEvidence>(page.Items.Select(FromRow).ToList(), page.ContinuationToken);
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
    public Task<EvidenceSlice> QueryAsync(
        string tenantId,
        ControlScope scope,
        ControlId controlId,
        DateTimeOffset? submittedFrom,
        DateTimeOffset? submittedBefore,
        string? afterRowKey,
        int take,
        CancellationToken cancellationToken = default) =>
        QueryAsync(tenantId, scope, controlId, new EvidenceFilter(submittedFrom, submittedBefore), afterRowKey, take, cancellationToken);

    /// <summary>As above, with the period-covered filter too (<see cref="EvidenceFilter"/>).</summary>
    public Task<EvidenceSlice> QueryAsync(
        string tenantId,
        ControlScope scope,
        ControlId controlId,
        EvidenceFilter filter,
        string? afterRowKey,
        int take,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var partition = RegisterKeys.EvidencePartition(tenantId, scope, controlId);
        return SliceAsync(_table, filter.Build(TableClient.CreateQueryFilter($"PartitionKey eq {partition}"), afterRowKey), take, cancellationToken);
    }

    private static async Task<EvidenceSlice> SliceAsync(TypedTable<EvidenceRow> table, string filter, int take, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(take, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(take, 999);
        var rows = new List<(string RowKey, StoredEvidence Evidence)>(take + 1);
        string? token = null;
        do
        {
            // A query may answer with fewer rows than asked and a continuation token: follow it until enough.
            var page = await table.QueryPageAsync(filter, take + 1 - rows.Count, token, cancellationToken: cancellationToken);
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

    /// <summary>The tenant of an Evidence row: its partition key up to the first separator.</summary>
    private static string TenantOf(EvidenceRow row) => row.PartitionKey[..row.PartitionKey.IndexOf(RegisterKeys.Separator, StringComparison.Ordinal)];

    /// <summary>The index's copy of a record: everything a card or an export shows.</summary>
    private static EvidenceRow IndexRow(string tenantId, string rowKey, StoredEvidence e) => new()
    {
        PartitionKey = RegisterKeys.EvidenceIndexPartition(tenantId, e.ControlId),
        RowKey = rowKey,
        EvidenceId = e.Id,
        Scope = e.Scope.Key,
        ControlId = e.ControlId.Value,
        Kind = e.Kind.ToString(),
        Url = e.Url,
        Description = e.Description,
        PeriodFrom = StoredValues.Format(e.PeriodFrom),
        PeriodTo = StoredValues.Format(e.PeriodTo),
        ValidUntil = e.ValidUntil is { } until ? StoredValues.Format(until) : null,
        SubmittedBy = e.SubmittedBy,
        SubmittedByName = e.SubmittedByName,
        SubmittedAt = e.SubmittedAt,
    };

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
