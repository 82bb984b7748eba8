using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Azure;
using Azure.Data.Tables;
using AimsBot.Domain.Nonconformities;
using AimsBot.Storage.Register;
using AimsBot.Storage.Tables;

namespace AimsBot.Storage.Nonconformities;

/// <summary>
/// One nonconformity (ISO/IEC 42001 clause 10.2) as stored in the <c>Nonconformities</c> table: PK tenant id, RK the
/// id zero-padded (<c>NC-000007</c>; rows written before the workflow existed use <c>NC-0001</c> and still read). The
/// columns lists, filters, scans and exports need are top-level; the step records (correction, root cause, actions,
/// review, reopenings) are JSON in <see cref="Steps"/>, kept over as many properties as it needs
/// (<see cref="ChunkedColumns"/>).
/// </summary>
public sealed class NonconformityRow
{
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    /// <summary>The number of <c>NC-7</c>; 0 on rows written before the workflow (read it from <see cref="RowKey"/>).</summary>
    public int Number { get; set; }

    public string? Title { get; set; }
    public string? Description { get; set; }

    /// <summary>The first control concerned (<c>A.6.2.6</c>), if any: what <c>ncs</c> shows under the title.</summary>
    public string? ControlId { get; set; }

    /// <summary>Every control concerned, comma-separated, canonical (<c>A.6.2.6,A.9.3</c>).</summary>
    public string? ControlIds { get; set; }

    /// <summary><c>org</c> or an AI system id.</summary>
    public string? Scope { get; set; }

    /// <summary><c>open</c> or <c>closed</c> (closed: closed or declined).</summary>
    public string? Status { get; set; }

    /// <summary>The stage by name (<see cref="NonconformityNames.Name(NonconformityStage)"/>): <c>raised</c>, <c>root-cause</c>, ….</summary>
    public string? Stage { get; set; }

    /// <summary><c>major</c>, <c>minor</c> or <c>observation</c>.</summary>
    public string? Severity { get; set; }

    /// <summary><c>internal-audit</c>, <c>control-failure</c>, <c>incident</c>, <c>complaint</c>, <c>management-review</c>, <c>external-audit</c>.</summary>
    public string? Source { get; set; }

    /// <summary>A link to what shows it.</summary>
    public string? EvidenceLink { get; set; }

    public string? RaisedBy { get; set; }
    public string? RaisedByName { get; set; }
    public DateTimeOffset? RaisedAt { get; set; }

    /// <summary>Who deals with it (Entra object id), set at triage.</summary>
    public string? OwnerUserId { get; set; }
    public string? OwnerName { get; set; }

    public string? TriagedBy { get; set; }
    public DateTimeOffset? TriagedAt { get; set; }

    /// <summary>The current step's due date, <c>yyyy-MM-dd</c> (same as <see cref="StageDueOn"/>; what <c>ncs</c> shows).</summary>
    public string? DueOn { get; set; }

    /// <summary>The current step's due date, <c>yyyy-MM-dd</c>; null while raised and once closed. The due scan compares it.</summary>
    public string? StageDueOn { get; set; }

    /// <summary>When the effectiveness review is due, <c>yyyy-MM-dd</c>, once implemented.</summary>
    public string? ReviewDueOn { get; set; }

    /// <summary>The current cycle's corrective action owners, comma-separated object ids.</summary>
    public string? ActionOwnerIds { get; set; }

    public DateTimeOffset? ClosedAt { get; set; }

    /// <summary>Counts every change from 0: a step card carries it.</summary>
    public int Revision { get; set; }

    /// <summary>The step records as JSON (<see cref="NonconformitySteps"/>); null on rows written before the workflow.</summary>
    public string? Steps { get; set; }
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

/// <summary>
/// The <c>Nonconformities</c> table. One more row per tenant, RK <see cref="CounterRowKey"/>, holds the last number
/// given out (ids are never reused); rows <c>claim|{key}</c> bind a one-time request (a form's submission) to the id it
/// made. Both sort outside the <c>NC-</c> key range that lists read.
/// </summary>
public sealed partial class NonconformityRepository
{
    public const string TableName = "Nonconformities";
    public const string Open = "open";
    public const string Closed = "closed";

    /// <summary>The tenant's id counter row.</summary>
    public const string CounterRowKey = "counter";

    /// <summary>How often a counter increment is retried when others keep winning the race.</summary>
    internal const int MaxCounterAttempts = 50;

    private const string StepsColumn = "Steps";
    private const string LastNumberColumn = "LastNumber";
    private const string RowKeyFrom = "NC-";
    private const string RowKeyTo = "NC.";
    private const string ClaimPrefix = "claim|";

    /// <summary>Every column but the step JSON: what lists and scans read.</summary>
    private static readonly string[] ListColumns =
    [
        "PartitionKey", "RowKey", "Timestamp", nameof(NonconformityRow.Number), nameof(NonconformityRow.Title), nameof(NonconformityRow.Description),
        nameof(NonconformityRow.ControlId), nameof(NonconformityRow.ControlIds), nameof(NonconformityRow.Scope), nameof(NonconformityRow.Status),
        nameof(NonconformityRow.Stage), nameof(NonconformityRow.Severity), nameof(NonconformityRow.Source), nameof(NonconformityRow.EvidenceLink),
        nameof(NonconformityRow.RaisedBy), nameof(NonconformityRow.RaisedByName), nameof(NonconformityRow.RaisedAt),
        nameof(NonconformityRow.OwnerUserId), nameof(NonconformityRow.OwnerName), nameof(NonconformityRow.TriagedBy), nameof(NonconformityRow.TriagedAt),
        nameof(NonconformityRow.DueOn), nameof(NonconformityRow.StageDueOn), nameof(NonconformityRow.ReviewDueOn), nameof(NonconformityRow.ActionOwnerIds),
        nameof(NonconformityRow.ClosedAt), nameof(NonconformityRow.Revision),
    ];

    private readonly TypedTable<TableEntity> _table;

    public NonconformityRepository(TableStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        _table = store.Table<TableEntity>(TableName);
    }

    /// <summary>The row key of a nonconformity: <c>NC-000007</c>.</summary>
    public static string RowKey(NonconformityId id) =>
        string.Create(CultureInfo.InvariantCulture, $"{NonconformityId.Prefix}{id.Number:D6}");

    /// <summary>The id a row stands for (its <see cref="NonconformityRow.Number"/>, or its row key on older rows).</summary>
    public static NonconformityId IdOf(NonconformityRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return row.Number is >= 1 and <= NonconformityId.MaxNumber ? new NonconformityId(row.Number) : NonconformityId.Parse(row.RowKey);
    }

    /// <summary>The next unused id of the tenant (NC-1 first), once per call whatever runs at the same time (ETag-guarded counter).</summary>
    public async Task<NonconformityId> NextIdAsync(string tenantId, CancellationToken cancellationToken = default)
    {
        var partition = RegisterKeys.Tenant(tenantId);
        for (var attempt = 0; attempt < MaxCounterAttempts; attempt++)
        {
            var counter = await _table.GetAsync(partition, CounterRowKey, cancellationToken);
            try
            {
                if (counter is null)
                {
                    // Rows written before the counter existed keep their numbers: start after the highest.
                    var highest = await HighestNumberAsync(partition, cancellationToken);
                    var first = new NonconformityId(highest + 1);
                    await _table.AddAsync(new TableEntity(partition, CounterRowKey) { [LastNumberColumn] = first.Number }, cancellationToken);
                    return first;
                }

                var last = counter.GetInt32(LastNumberColumn) ?? throw new InvalidDataException($"Row '{partition}'/'{CounterRowKey}' of {TableName} has no valid {LastNumberColumn}.");
                var next = new NonconformityId(last).Next();
                counter[LastNumberColumn] = next.Number;
                await _table.ReplaceAsync(counter, cancellationToken);
                return next;
            }
            catch (Exception ex) when (ex is EntityAlreadyExistsException or ConcurrencyConflictException)
            {
                // Someone took a number in between: read the counter again.
                await Task.Delay(Random.Shared.Next(5, 20 + (attempt * 10)), cancellationToken);
            }
        }

        throw new ConcurrencyConflictException(TableName, partition, CounterRowKey);
    }

    /// <summary>
    /// Binds a one-time request (a raise form's submission) to an id: the first caller's <paramref name="candidate"/> is
    /// kept under <c>claim|{key}</c> and returned to every later caller, so a form sent twice raises one nonconformity.
    /// </summary>
    public async Task<NonconformityId> ClaimAsync(string tenantId, string key, NonconformityId candidate, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        var partition = RegisterKeys.Tenant(tenantId);
        var rowKey = ClaimPrefix + key;
        if (key.Any(c => char.IsControl(c) || c is '/' or '\\' or '#' or '?') || rowKey.Length > 512)
        {
            throw new ArgumentException($"'{key}' cannot be part of a row key.", nameof(key));
        }

        try
        {
            await _table.AddAsync(new TableEntity(partition, rowKey) { [nameof(NonconformityRow.Number)] = candidate.Number }, cancellationToken);
            return candidate;
        }
        catch (EntityAlreadyExistsException)
        {
            var claimed = await _table.GetAsync(partition, rowKey, cancellationToken);
            var number = claimed?.GetInt32(nameof(NonconformityRow.Number)) ?? throw new InvalidDataException($"Row '{partition}'/'{rowKey}' of {TableName} has no valid {nameof(NonconformityRow.Number)}.");
            return new NonconformityId(number);
        }
    }

    /// <summary>One nonconformity with its step JSON, or null when the tenant has none with that id (older <c>NC-0001</c> keys are found too).</summary>
    public async Task<NonconformityRow?> GetAsync(string tenantId, NonconformityId id, CancellationToken cancellationToken = default)
    {
        var partition = RegisterKeys.Tenant(tenantId);
        var row = await _table.GetAsync(partition, RowKey(id), cancellationToken)
            ?? (id.Number <= 9999 ? await _table.GetAsync(partition, string.Create(CultureInfo.InvariantCulture, $"{NonconformityId.Prefix}{id.Number:D4}"), cancellationToken) : null);
        return row is null ? null : FromEntity(row);
    }

    /// <summary>Inserts a new nonconformity; <see cref="EntityAlreadyExistsException"/> when the id is taken.</summary>
    public async Task<NonconformityRow> AddAsync(string tenantId, NonconformityRow row, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(row);
        row.PartitionKey = RegisterKeys.Tenant(tenantId);
        if (string.IsNullOrWhiteSpace(row.RowKey) || row.RowKey.Any(c => char.IsControl(c) || c is '/' or '\\' or '#' or '?'))
        {
            throw new ArgumentException($"'{row.RowKey}' is not a usable nonconformity id.", nameof(row));
        }

        var added = await _table.AddAsync(ToEntity(row), cancellationToken);
        row.ETag = added.ETag;
        return row;
    }

    /// <summary>
    /// Replaces a nonconformity if it still carries <paramref name="etag"/>; <see cref="ConcurrencyConflictException"/>
    /// when someone changed it since (re-read, decide again).
    /// </summary>
    public async Task<NonconformityRow> ReplaceAsync(string tenantId, NonconformityRow row, ETag etag, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(row);
        row.PartitionKey = RegisterKeys.Tenant(tenantId);
        var entity = ToEntity(row);
        entity.ETag = etag;
        var replaced = await _table.ReplaceAsync(entity, cancellationToken);
        row.ETag = replaced.ETag;
        return row;
    }

    /// <summary>
    /// The first <paramref name="take"/> of a tenant's nonconformities in id order (oldest id first), filtered in
    /// the query itself: <c>Status eq 'open'</c>, or the person as owner or raiser. Without the step JSON.
    /// </summary>
    public async Task<NonconformityPage> ListAsync(string tenantId, NonconformityFilter filter, string userId, int take, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(take, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(take, 999);
        var partition = RegisterKeys.Tenant(tenantId);
        var range = TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ge {RowKeyFrom} and RowKey lt {RowKeyTo}");
        var query = filter switch
        {
            NonconformityFilter.Open => range + " and " + TableClient.CreateQueryFilter($"Status eq {Open}"),
            NonconformityFilter.Mine => range + " and " + TableClient.CreateQueryFilter($"(OwnerUserId eq {userId} or RaisedBy eq {userId})"),
            _ => range,
        };
        var rows = new List<NonconformityRow>(take + 1);
        string? token = null;
        do
        {
            var page = await _table.QueryPageAsync(query, take + 1 - rows.Count, token, ListColumns, cancellationToken);
            rows.AddRange(page.Items.Select(FromEntity));
            token = page.ContinuationToken;
        }
        while (rows.Count <= take && token is not null);

        return new NonconformityPage(rows.Take(take).ToList(), rows.Count > take);
    }

    /// <summary>
    /// Every open nonconformity of the tenant whose current step is due on or before <paramref name="dueBy"/> (without
    /// the step JSON): what the due scan nudges and escalates.
    /// </summary>
    public async Task<IReadOnlyList<NonconformityRow>> ListForScanAsync(string tenantId, DateOnly dueBy, CancellationToken cancellationToken = default)
    {
        var partition = RegisterKeys.Tenant(tenantId);
        var query = TableClient.CreateQueryFilter(
            $"PartitionKey eq {partition} and RowKey ge {RowKeyFrom} and RowKey lt {RowKeyTo} and Status eq {Open} and StageDueOn le {StoredValues.Format(dueBy)}");
        var rows = new List<NonconformityRow>();
        await foreach (var entity in _table.QueryAsync(query, ListColumns, cancellationToken))
        {
            rows.Add(FromEntity(entity));
        }

        return rows;
    }

    /// <summary>The row for a nonconformity's state (keys, columns and step JSON); names are the caller's to fill in.</summary>
    public static NonconformityRow RowOf(Nonconformity nc)
    {
        ArgumentNullException.ThrowIfNull(nc);
        var state = nc.ToState();
        var due = nc.StageDueOn is { } d ? StoredValues.Format(d) : null;
        return new NonconformityRow
        {
            RowKey = RowKey(nc.Id),
            Number = state.Number,
            Title = state.Title,
            Description = state.Description,
            ControlId = state.ControlIds.Count > 0 ? state.ControlIds[0] : null,
            ControlIds = state.ControlIds.Count > 0 ? string.Join(',', state.ControlIds) : null,
            Scope = state.SystemId ?? "org",
            Status = nc.IsOpen ? Open : Closed,
            Stage = state.Stage.Name(),
            Severity = state.Severity.Name(),
            Source = state.Source.Name(),
            EvidenceLink = state.EvidenceLink,
            RaisedBy = state.RaisedBy,
            RaisedAt = state.RaisedAt,
            OwnerUserId = state.OwnerUserId,
            TriagedBy = state.TriagedBy,
            TriagedAt = state.TriagedAt,
            DueOn = due,
            StageDueOn = due,
            ReviewDueOn = state.ReviewDueOn is { } r ? StoredValues.Format(r) : null,
            ActionOwnerIds = nc.ActionOwners.Count > 0 ? string.Join(',', nc.ActionOwners) : null,
            ClosedAt = state.ClosedAt,
            Revision = state.Revision,
            Steps = JsonSerializer.Serialize(state.Steps, NonconformityJsonContext.Default.NonconformitySteps),
        };
    }

    /// <summary>
    /// The state a row holds. A row written before the workflow (no step JSON) reads as it was listed: raised (or in
    /// correction once it has an owner) while open, closed otherwise; a control failure of minor severity unless its
    /// columns say more.
    /// </summary>
    public static NonconformityState StateOf(NonconformityRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        var id = IdOf(row);
        NonconformitySteps steps;
        try
        {
            steps = row.Steps is null
                ? NonconformitySteps.Empty
                : JsonSerializer.Deserialize(row.Steps, NonconformityJsonContext.Default.NonconformitySteps) ?? throw Corrupt(row, StepsColumn);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"Row '{row.PartitionKey}'/'{row.RowKey}' of {TableName} holds step JSON that does not read: {ex.Message}", ex);
        }

        var open = !string.Equals(row.Status, Closed, StringComparison.OrdinalIgnoreCase);
        var stage = NonconformityNames.TryParseStage(row.Stage, out var s)
            ? s
            : open ? (string.IsNullOrWhiteSpace(row.OwnerUserId) ? NonconformityStage.Raised : NonconformityStage.Correction) : NonconformityStage.Closed;
        if (row.Steps is null && DateOnly.TryParseExact(row.DueOn, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var legacyDue))
        {
            steps = steps with { Due = new NonconformityDueDates(legacyDue, null, null) };
        }

        return new NonconformityState(
            id.Number,
            row.Title ?? string.Empty,
            row.Description ?? string.Empty,
            NonconformityNames.TryParseSource(row.Source, out var source) ? source : NonconformitySource.ControlFailure,
            row.Scope is null or "org" ? null : row.Scope,
            (row.ControlIds ?? row.ControlId ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            NonconformityNames.TryParseSeverity(row.Severity, out var severity) ? severity : NonconformitySeverity.Minor,
            row.EvidenceLink,
            stage,
            row.RaisedBy ?? string.Empty,
            row.RaisedAt ?? row.Timestamp ?? DateTimeOffset.MinValue,
            row.OwnerUserId,
            row.TriagedBy,
            row.TriagedAt,
            DateOnly.TryParseExact(row.ReviewDueOn, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var review) ? review : null,
            row.ClosedAt,
            row.Revision,
            steps);
    }

    private async Task<int> HighestNumberAsync(string partition, CancellationToken cancellationToken)
    {
        var highest = 0;
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ge {RowKeyFrom} and RowKey lt {RowKeyTo}");
        await foreach (var row in _table.QueryAsync(filter, ["RowKey"], cancellationToken))
        {
            if (NonconformityId.TryParse(row.RowKey, out var id))
            {
                highest = Math.Max(highest, id.Number);
            }
        }

        return highest;
    }

    private static TableEntity ToEntity(NonconformityRow row)
    {
        var entity = new TableEntity(row.PartitionKey, row.RowKey)
        {
            [nameof(NonconformityRow.Number)] = row.Number,
            [nameof(NonconformityRow.Title)] = row.Title,
            [nameof(NonconformityRow.Description)] = row.Description,
            [nameof(NonconformityRow.ControlId)] = row.ControlId,
            [nameof(NonconformityRow.ControlIds)] = row.ControlIds,
            [nameof(NonconformityRow.Scope)] = row.Scope,
            [nameof(NonconformityRow.Status)] = row.Status,
            [nameof(NonconformityRow.Stage)] = row.Stage,
            [nameof(NonconformityRow.Severity)] = row.Severity,
            [nameof(NonconformityRow.Source)] = row.Source,
            [nameof(NonconformityRow.EvidenceLink)] = row.EvidenceLink,
            [nameof(NonconformityRow.RaisedBy)] = row.RaisedBy,
            [nameof(NonconformityRow.RaisedByName)] = row.RaisedByName,
            [nameof(NonconformityRow.RaisedAt)] = row.RaisedAt,
            [nameof(NonconformityRow.OwnerUserId)] = row.OwnerUserId,
            [nameof(NonconformityRow.OwnerName)] = row.OwnerName,
            [nameof(NonconformityRow.TriagedBy)] = row.TriagedBy,
            [nameof(NonconformityRow.TriagedAt)] = row.TriagedAt,
            [nameof(NonconformityRow.DueOn)] = row.DueOn,
            [nameof(NonconformityRow.StageDueOn)] = row.StageDueOn,
            [nameof(NonconformityRow.ReviewDueOn)] = row.ReviewDueOn,
            [nameof(NonconformityRow.ActionOwnerIds)] = row.ActionOwnerIds,
            [nameof(NonconformityRow.ClosedAt)] = row.ClosedAt,
            [nameof(NonconformityRow.Revision)] = row.Revision,
        };
        if (row.Steps is not null)
        {
            ChunkedColumns.Write(entity, StepsColumn, row.Steps);
        }

        // Null columns are left out rather than stored empty.
        foreach (var key in entity.Keys.Where(k => entity[k] is null).ToList())
        {
            entity.Remove(key);
        }

        return entity;
    }

    private static NonconformityRow FromEntity(TableEntity entity) => new()
    {
        PartitionKey = entity.PartitionKey,
        RowKey = entity.RowKey,
        Timestamp = entity.Timestamp,
        ETag = entity.ETag,
        Number = entity.GetInt32(nameof(NonconformityRow.Number)) ?? 0,
        Title = entity.GetString(nameof(NonconformityRow.Title)),
        Description = entity.GetString(nameof(NonconformityRow.Description)),
        ControlId = entity.GetString(nameof(NonconformityRow.ControlId)),
        ControlIds = entity.GetString(nameof(NonconformityRow.ControlIds)),
        Scope = entity.GetString(nameof(NonconformityRow.Scope)),
        Status = entity.GetString(nameof(NonconformityRow.Status)),
        Stage = entity.GetString(nameof(NonconformityRow.Stage)),
        Severity = entity.GetString(nameof(NonconformityRow.Severity)),
        Source = entity.GetString(nameof(NonconformityRow.Source)),
        EvidenceLink = entity.GetString(nameof(NonconformityRow.EvidenceLink)),
        RaisedBy = entity.GetString(nameof(NonconformityRow.RaisedBy)),
        RaisedByName = entity.GetString(nameof(NonconformityRow.RaisedByName)),
        RaisedAt = entity.GetDateTimeOffset(nameof(NonconformityRow.RaisedAt)),
        OwnerUserId = entity.GetString(nameof(NonconformityRow.OwnerUserId)),
        OwnerName = entity.GetString(nameof(NonconformityRow.OwnerName)),
        TriagedBy = entity.GetString(nameof(NonconformityRow.TriagedBy)),
        TriagedAt = entity.GetDateTimeOffset(nameof(NonconformityRow.TriagedAt)),
        DueOn = entity.GetString(nameof(NonconformityRow.DueOn)),
        StageDueOn = entity.GetString(nameof(NonconformityRow.StageDueOn)),
        ReviewDueOn = entity.GetString(nameof(NonconformityRow.ReviewDueOn)),
        ActionOwnerIds = entity.GetString(nameof(NonconformityRow.ActionOwnerIds)),
        ClosedAt = entity.GetDateTimeOffset(nameof(NonconformityRow.ClosedAt)),
        Revision = entity.GetInt32(nameof(NonconformityRow.Revision)) ?? 0,
        Steps = entity.ContainsKey(ChunkedColumns.PartsColumn(StepsColumn)) ? ChunkedColumns.Read(entity, StepsColumn, TableName) : null,
    };

    private static InvalidDataException Corrupt(NonconformityRow row, string column) =>
        new($"Row '{row.PartitionKey}'/'{row.RowKey}' of {TableName} has no valid {column}.");
}

// Enums by name, so stored rows read the same if an enum grows (or is reordered).
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UseStringEnumConverter = true)]
[JsonSerializable(typeof(NonconformitySteps))]
internal sealed partial class NonconformityJsonContext : JsonSerializerContext;
