using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Azure;
using Azure.Data.Tables;
using AimsBot.Domain.Risks;
using AimsBot.Storage.Register;
using AimsBot.Storage.Tables;

namespace AimsBot.Storage.Risks;

/// <summary>A risk as stored, with the ETag it was read or written with.</summary>
public sealed record StoredRisk(RiskState State, ETag ETag)
{
    public RiskId Id => new(State.Number);
}

/// <summary>One ledger event a new risk still owes: the event's name and its before/after JSON, as the request built them.</summary>
public sealed record OwedLedgerEvent(string Action, string? Before, string? After);

/// <summary>
/// The ledger events a risk was written with and that are not known to be recorded yet (row <c>ledger|R-000012</c>,
/// written in one transaction with the risk and deleted once they are): who made the change, with which roles, from
/// which activity, and when. <see cref="ClaimedAt"/> is when a repair last took it up.
/// </summary>
public sealed record OwedRiskLedger(
    RiskId Id,
    string ActorUserId,
    IReadOnlyList<string> ActorRoles,
    string? SourceActivityId,
    IReadOnlyList<OwedLedgerEvent> Events,
    DateTimeOffset WrittenAt,
    DateTimeOffset? ClaimedAt,
    ETag ETag);

/// <summary>
/// What a list of risks needs, read from the top-level columns only (the plan JSON is not read): for <c>risks</c>,
/// the due scans, the SoA and exports.
/// </summary>
public sealed record RiskSummary(
    RiskId Id,
    string? SystemId,
    string Title,
    RiskStatus Status,
    string? OwnerUserId,
    RiskLevel? InherentLevel,
    RiskLevel? ResidualLevel,
    DateOnly? AcceptedUntil,
    DateOnly? NextActionDue,
    IReadOnlyList<string> Controls,
    int PlanRevision,
    int Revision,
    ETag ETag);

/// <summary>
/// The <c>Risks</c> table: one row per risk. PK the tenant id, RK the risk id zero-padded for order
/// (<c>R-000012</c>), so a partition scan lists the register in id order. The whole risk is JSON, split over as many
/// string properties as needed (<c>State</c>, <c>State1</c>, …; a property holds 32K characters); the columns lists
/// need (system, title, status, owner, levels, dates, controls, revisions) are top-level, so a list never parses the
/// plan. One more row per tenant, RK <see cref="CounterRowKey"/>, holds the last number given out: ids are never
/// reused, even when two people add a risk at the same moment (ETag-guarded increment). Rows <c>claim|{key}</c> bind a
/// one-time request to the id it made (<see cref="ClaimAsync"/>). Rows <c>ledger|R-…</c> hold the ledger events a new
/// risk owes until they are recorded (<see cref="AddAsync(string, RiskState, OwedRiskLedger, CancellationToken)"/>).
/// </summary>
public sealed class RiskRepository
{
    public const string TableName = "Risks";

    /// <summary>The tenant's id counter row (sorts before every <c>R-</c> row, and outside their key range).</summary>
    public const string CounterRowKey = "counter";

    /// <summary>Characters per string property: a table property holds 64 KiB, i.e. 32K UTF-16 characters.</summary>

    /// <summary>A row holds at most 1 MiB (UTF-16): this leaves room for the columns.</summary>
    internal const int MaxJsonChars = 450_000;

    /// <summary>How often a counter increment is retried when others keep winning the race.</summary>
    internal const int MaxCounterAttempts = 50;

    private const string StateColumn = "State";
    private const string LastNumberColumn = "LastNumber";
    private const string RowKeyFrom = "R-";
    private const string RowKeyTo = "R.";
    private const string ClaimPrefix = "claim|";
    private const string OwedPrefix = "ledger|";
    private const string OwedPrefixEnd = "ledger}";
    private const string EventsColumn = "Events";

    private static readonly string[] ListColumns =
    [
        "PartitionKey", "RowKey", nameof(RiskState.Number), nameof(RiskState.SystemId), nameof(RiskState.Title), nameof(RiskState.Status),
        nameof(RiskState.OwnerUserId), "InherentLevel", "ResidualLevel", nameof(RiskState.AcceptedUntil), "NextActionDue",
        nameof(RiskState.Controls), nameof(RiskState.PlanRevision), nameof(RiskState.Revision),
    ];

    private readonly TypedTable<TableEntity> _table;

    public RiskRepository(TableStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        _table = store.Table<TableEntity>(TableName);
    }

    /// <summary>The row key of a risk: <c>R-000012</c>.</summary>
    public static string RowKey(RiskId id) =>
        string.Create(CultureInfo.InvariantCulture, $"{RiskId.Prefix}{id.Number:D6}");

    /// <summary>
    /// The next unused id of the tenant (R-1 first). Each call gives out a new number, once, whatever else runs at the
    /// same time: the counter row is inserted or replaced under its ETag, and a loser re-reads and tries again.
    /// </summary>
    public async Task<RiskId> NextIdAsync(string tenantId, CancellationToken cancellationToken = default)
    {
        var partition = RegisterKeys.Tenant(tenantId);
        for (var attempt = 0; attempt < MaxCounterAttempts; attempt++)
        {
            var counter = await _table.GetAsync(partition, CounterRowKey, cancellationToken);
            try
            {
                if (counter is null)
                {
                    await _table.AddAsync(new TableEntity(partition, CounterRowKey) { [LastNumberColumn] = 1 }, cancellationToken);
                    return new RiskId(1);
                }

                var last = counter.GetInt32(LastNumberColumn) ?? throw new InvalidDataException($"Row '{partition}'/'{CounterRowKey}' of {TableName} has no valid {LastNumberColumn}.");
                var next = new RiskId(last).Next();
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
    /// Binds a one-time request (a form's submission id, a proposal taken up) to a risk id: the first caller's
    /// <paramref name="candidate"/> is stored under <c>claim|{key}</c> and returned to every later caller, so a form
    /// sent twice, or a proposal completed twice at once, makes one risk. The id a later caller drew is skipped, never
    /// reused.
    /// </summary>
    public async Task<RiskId> ClaimAsync(string tenantId, string key, RiskId candidate, CancellationToken cancellationToken = default)
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
            await _table.AddAsync(new TableEntity(partition, rowKey) { [nameof(RiskState.Number)] = candidate.Number }, cancellationToken);
            return candidate;
        }
        catch (EntityAlreadyExistsException)
        {
            var claimed = await _table.GetAsync(partition, rowKey, cancellationToken);
            var number = claimed?.GetInt32(nameof(RiskState.Number)) ?? throw new InvalidDataException($"Row '{partition}'/'{rowKey}' of {TableName} has no valid {nameof(RiskState.Number)}.");
            return new RiskId(number);
        }
    }

    /// <summary>One risk, or null when the tenant has none with that id.</summary>
    public async Task<StoredRisk?> GetAsync(string tenantId, RiskId id, CancellationToken cancellationToken = default)
    {
        var row = await _table.GetAsync(RegisterKeys.Tenant(tenantId), RowKey(id), cancellationToken);
        return row is null ? null : FromRow(row);
    }

    /// <summary>Every risk of the tenant in id order: one partition scan of the <c>R-</c> key range reading the list columns only.</summary>
    public async Task<IReadOnlyList<RiskSummary>> ListAsync(string tenantId, CancellationToken cancellationToken = default)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {RegisterKeys.Tenant(tenantId)} and RowKey ge {RowKeyFrom} and RowKey lt {RowKeyTo}");
        var risks = new List<RiskSummary>();
        await foreach (var row in _table.QueryAsync(filter, ListColumns, cancellationToken))
        {
            risks.Add(SummaryOf(row));
        }

        return risks;
    }

    /// <summary>Inserts a new risk; <see cref="EntityAlreadyExistsException"/> when its id is taken (the stored one is untouched).</summary>
    public async Task<StoredRisk> AddAsync(string tenantId, RiskState state, CancellationToken cancellationToken = default)
    {
        var added = await _table.AddAsync(ToRow(tenantId, state), cancellationToken);
        return new StoredRisk(state, added.ETag);
    }

    /// <summary>
    /// Inserts a new risk together with the ledger events it owes, in one transaction: both rows or neither.
    /// <see cref="EntityAlreadyExistsException"/> when the id is taken (nothing written). Once the events are recorded,
    /// <see cref="SettleOwedLedgerAsync"/> deletes the marker; a crash before that leaves it for
    /// <see cref="ListOwedLedgerAsync"/> to find.
    /// </summary>
    public async Task<StoredRisk> AddAsync(string tenantId, RiskState state, OwedRiskLedger owed, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(owed);
        var row = ToRow(tenantId, state);
        var marker = OwedRow(tenantId, owed);
        try
        {
            var answers = await _table.SubmitAtomicallyWithAnswersAsync(
                [new TableTransactionAction(TableTransactionActionType.Add, row), new TableTransactionAction(TableTransactionActionType.Add, marker)],
                cancellationToken);
            return new StoredRisk(state, answers[0].Headers.ETag ?? default);
        }
        catch (ConcurrencyConflictException ex)
        {
            throw new EntityAlreadyExistsException(TableName, row.PartitionKey, row.RowKey, ex);
        }
    }

    /// <summary>Every risk of the tenant that still owes ledger events: one query of the <c>ledger|</c> key range.</summary>
    public async Task<IReadOnlyList<OwedRiskLedger>> ListOwedLedgerAsync(string tenantId, CancellationToken cancellationToken = default)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {RegisterKeys.Tenant(tenantId)} and RowKey ge {OwedPrefix} and RowKey lt {OwedPrefixEnd}");
        var owed = new List<OwedRiskLedger>();
        await foreach (var row in _table.QueryAsync(filter, null, cancellationToken))
        {
            owed.Add(OwedOf(row));
        }

        return owed;
    }

    /// <summary>
    /// Takes up an owed marker for a repair, if it still carries the ETag it was listed with: the marker is stamped
    /// <paramref name="now"/>. <see cref="ConcurrencyConflictException"/> when another repair (or the request that
    /// made it) got there first.
    /// </summary>
    public async Task<OwedRiskLedger> ClaimOwedLedgerAsync(string tenantId, OwedRiskLedger owed, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(owed);
        var claimed = owed with { ClaimedAt = now };
        var row = OwedRow(tenantId, claimed);
        row.ETag = owed.ETag;
        var written = await _table.ReplaceAsync(row, cancellationToken);
        return claimed with { ETag = written.ETag };
    }

    /// <summary>Deletes the marker once its events are in the ledger (gone already: nothing to do).</summary>
    public async Task SettleOwedLedgerAsync(string tenantId, RiskId id, CancellationToken cancellationToken = default)
    {
        try
        {
            await _table.DeleteAsync(RegisterKeys.Tenant(tenantId), OwedPrefix + RowKey(id), default, cancellationToken);
        }
        catch (Azure.RequestFailedException ex) when (ex.Status == 404)
        {
            // Settled by a repair meanwhile.
        }
    }

    /// <summary>
    /// Replaces a risk if it still carries <paramref name="etag"/>; <see cref="ConcurrencyConflictException"/> when
    /// someone changed it since (re-read, re-apply, write again).
    /// </summary>
    public async Task<StoredRisk> ReplaceAsync(string tenantId, RiskState state, ETag etag, CancellationToken cancellationToken = default)
    {
        var row = ToRow(tenantId, state);
        row.ETag = etag;
        var replaced = await _table.ReplaceAsync(row, cancellationToken);
        return new StoredRisk(state, replaced.ETag);
    }

    /// <summary>
    /// The earliest due date of an open action while the plan is in force (the domain's <see cref="Risk.NextActionDue"/>:
    /// approved, or approved before and waiting for approval again), or null: what the due scan nudges.
    /// </summary>
    public static DateOnly? NextActionDueOf(RiskState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var inForce = state.Status == RiskStatus.Approved || (state.Status == RiskStatus.AwaitingApproval && state.AcceptedUntil is not null);
        var open = state.Actions.Where(a => !a.IsDone).Select(a => a.Due).ToList();
        return !inForce || open.Count == 0 ? null : open.Min();
    }

    internal static TableEntity ToRow(string tenantId, RiskState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var id = new RiskId(state.Number);
        var next = NextActionDueOf(state);
        var row = new TableEntity(RegisterKeys.Tenant(tenantId), RowKey(id))
        {
            [nameof(RiskState.Number)] = state.Number,
            [nameof(RiskState.SystemId)] = state.SystemId,
            [nameof(RiskState.Title)] = state.Title,
            [nameof(RiskState.Status)] = state.Status.Name(),
            [nameof(RiskState.OwnerUserId)] = state.OwnerUserId,
            ["InherentLevel"] = state.Inherent?.Level.Name(),
            ["ResidualLevel"] = state.Residual?.Level.Name(),
            [nameof(RiskState.AcceptedUntil)] = state.AcceptedUntil is { } until ? StoredValues.Format(until) : null,
            ["NextActionDue"] = next is { } due ? StoredValues.Format(due) : null,
            [nameof(RiskState.Controls)] = string.Join(',', state.Controls),
            [nameof(RiskState.PlanRevision)] = state.PlanRevision,
            [nameof(RiskState.Revision)] = state.Revision,
        };

        var json = JsonSerializer.Serialize(state, RiskJsonContext.Default.RiskState);
        if (json.Length > MaxJsonChars)
        {
            throw new InvalidOperationException(string.Create(
                CultureInfo.InvariantCulture,
                $"Risk {id} holds {json.Length} characters; a row holds at most {MaxJsonChars}."));
        }

        ChunkedColumns.Write(row, StateColumn, json);
        return row;
    }

    internal static StoredRisk FromRow(TableEntity row)
    {
        ArgumentNullException.ThrowIfNull(row);
        try
        {
            var state = JsonSerializer.Deserialize(ChunkedColumns.Read(row, StateColumn, TableName), RiskJsonContext.Default.RiskState) ?? throw Corrupt(row, StateColumn);
            return new StoredRisk(state, row.ETag);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"Row '{row.PartitionKey}'/'{row.RowKey}' of {TableName} holds JSON that does not read: {ex.Message}", ex);
        }
    }

    private static TableEntity OwedRow(string tenantId, OwedRiskLedger owed)
    {
        var row = new TableEntity(RegisterKeys.Tenant(tenantId), OwedPrefix + RowKey(owed.Id))
        {
            [nameof(RiskState.Number)] = owed.Id.Number,
            [nameof(OwedRiskLedger.ActorUserId)] = owed.ActorUserId,
            [nameof(OwedRiskLedger.ActorRoles)] = string.Join(',', owed.ActorRoles),
            [nameof(OwedRiskLedger.SourceActivityId)] = owed.SourceActivityId,
            [nameof(OwedRiskLedger.WrittenAt)] = owed.WrittenAt,
            [nameof(OwedRiskLedger.ClaimedAt)] = owed.ClaimedAt,
        };
        ChunkedColumns.Write(row, EventsColumn, JsonSerializer.Serialize(owed.Events.ToList(), RiskJsonContext.Default.ListOwedLedgerEvent));
        return row;
    }

    private static OwedRiskLedger OwedOf(TableEntity row)
    {
        var number = row.GetInt32(nameof(RiskState.Number)) ?? throw Corrupt(row, nameof(RiskState.Number));
        try
        {
            var events = JsonSerializer.Deserialize(ChunkedColumns.Read(row, EventsColumn, TableName), RiskJsonContext.Default.ListOwedLedgerEvent) ?? throw Corrupt(row, EventsColumn);
            return new OwedRiskLedger(
                new RiskId(number),
                row.GetString(nameof(OwedRiskLedger.ActorUserId)) ?? throw Corrupt(row, nameof(OwedRiskLedger.ActorUserId)),
                (row.GetString(nameof(OwedRiskLedger.ActorRoles)) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries),
                row.GetString(nameof(OwedRiskLedger.SourceActivityId)),
                events,
                row.GetDateTimeOffset(nameof(OwedRiskLedger.WrittenAt)) ?? throw Corrupt(row, nameof(OwedRiskLedger.WrittenAt)),
                row.GetDateTimeOffset(nameof(OwedRiskLedger.ClaimedAt)),
                row.ETag);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"Row '{row.PartitionKey}'/'{row.RowKey}' of {TableName} holds JSON that does not read: {ex.Message}", ex);
        }
    }

    private static RiskSummary SummaryOf(TableEntity row)
    {
        var number = row.GetInt32(nameof(RiskState.Number)) ?? throw Corrupt(row, nameof(RiskState.Number));
        if (number is < 1 or > RiskId.MaxNumber)
        {
            throw Corrupt(row, nameof(RiskState.Number));
        }

        var status = RiskNames.TryParseStatus(row.GetString(nameof(RiskState.Status)), out var parsed) ? parsed : throw Corrupt(row, nameof(RiskState.Status));
        var controls = row.GetString(nameof(RiskState.Controls)) is { Length: > 0 } list
            ? list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : [];
        return new RiskSummary(
            new RiskId(number),
            row.GetString(nameof(RiskState.SystemId)),
            row.GetString(nameof(RiskState.Title)) ?? throw Corrupt(row, nameof(RiskState.Title)),
            status,
            row.GetString(nameof(RiskState.OwnerUserId)),
            Level(row, "InherentLevel"),
            Level(row, "ResidualLevel"),
            Date(row, nameof(RiskState.AcceptedUntil)),
            Date(row, "NextActionDue"),
            controls,
            row.GetInt32(nameof(RiskState.PlanRevision)) ?? throw Corrupt(row, nameof(RiskState.PlanRevision)),
            row.GetInt32(nameof(RiskState.Revision)) ?? throw Corrupt(row, nameof(RiskState.Revision)),
            row.ETag);
    }

    private static RiskLevel? Level(TableEntity row, string column) =>
        row.GetString(column) is not { } text ? null : RiskLevels.TryParse(text, out var level) ? level : throw Corrupt(row, column);

    private static DateOnly? Date(TableEntity row, string column) =>
        row.GetString(column) is not { } text ? null : StoredValues.Date(text, TableName, row.PartitionKey, row.RowKey, column);

    private static InvalidDataException Corrupt(TableEntity row, string column) =>
        new($"Row '{row.PartitionKey}'/'{row.RowKey}' of {TableName} has no valid {column}.");
}

// Enums by name, so stored rows read the same if an enum grows (or is reordered).
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UseStringEnumConverter = true)]
[JsonSerializable(typeof(RiskState))]
[JsonSerializable(typeof(List<OwedLedgerEvent>))]
internal sealed partial class RiskJsonContext : JsonSerializerContext;
