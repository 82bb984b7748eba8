using Azure;
using Azure.Data.Tables;
using AimsBot.Domain;
using AimsBot.Domain.Catalogue;
using AimsBot.Domain.Register;
using AimsBot.Storage.Tables;

namespace AimsBot.Storage.Register;

/// <summary>
/// One Annex A control as run in one scope. Table <c>ControlInstances</c>: PK <c>{tenant}|{scope}</c> (scope
/// <c>org</c> or a system id), RK the canonical control id (<c>A.6.2.6</c>). Columns hold
/// <see cref="ControlInstanceState"/> plus the owner's display name and <see cref="NextDue"/> for scans.
/// </summary>
public sealed class ControlInstanceRow : ITableEntity
{
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string Scope { get; set; } = "";
    public string Layer { get; set; } = "";
    public string Applicability { get; set; } = "";
    public string? Justification { get; set; }
    public string? DecidedBy { get; set; }

    /// <summary>The display name of <see cref="DecidedBy"/> when the decision was made; null on rows written before it was kept.</summary>
    public string? DecidedByName { get; set; }
    public DateTimeOffset? DecidedAt { get; set; }
    public string Implementation { get; set; } = "";

    /// <summary>Entra object id, or a lower-case UPN while the owner is pending.</summary>
    public string? OwnerUserId { get; set; }
    public string? OwnerName { get; set; }
    public string? Cadence { get; set; }
    public string DueTimeZoneId { get; set; } = "UTC";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ScheduleStartedAt { get; set; }
    public DateTimeOffset? LastEvidenceAt { get; set; }

    /// <summary><c>yyyy-MM-dd</c>: the due date of the latest period declared not applicable (closed without evidence).</summary>
    public string? NotApplicableThrough { get; set; }
    public string? NotApplicableReason { get; set; }

    /// <summary>Derived, stored for scans: <c>yyyy-MM-dd</c> in the due zone; null when nothing is due.</summary>
    public string? NextDue { get; set; }
}

/// <summary>
/// A control instance as stored: the domain value, the owner's name, the ETag it was read with, and the name of who
/// made the applicability decision (null when none was made, or on rows written before the name was kept).
/// </summary>
public sealed record StoredControl(ControlInstance Instance, string? OwnerName, ETag ETag, string? DecidedByName = null);

/// <summary>
/// The new state a change produces: the instance, the owner's display name to keep with it, and — for a change that
/// decides applicability — the decider's display name. A change that leaves the decision alone keeps the stored name.
/// </summary>
public sealed record ControlUpdate(ControlInstance Instance, string? OwnerName, string? DecidedByName = null);

/// <summary>What a change did: the row before (null when this change created it) and after.</summary>
public sealed record ControlChange(StoredControl? Before, StoredControl After);

/// <summary>The <c>ControlInstances</c> table.</summary>
public sealed class ControlInstanceRepository
{
    public const string TableName = "ControlInstances";

    /// <summary>How often a read-modify-write is re-tried when another writer got there first.</summary>
    public const int MaxAttempts = 5;

    private readonly TypedTable<ControlInstanceRow> _table;

    public ControlInstanceRepository(TableStore store) => _table = store.Table<ControlInstanceRow>(TableName);

    public async Task<StoredControl?> GetAsync(string tenantId, ControlScope scope, ControlId controlId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(controlId);
        var row = await _table.GetAsync(RegisterKeys.ControlPartition(tenantId, scope), controlId.Value, cancellationToken);
        return row is null ? null : FromRow(row);
    }

    /// <summary>Every instance of one scope (one partition, at most 38 rows).</summary>
    public async Task<IReadOnlyList<StoredControl>> ListScopeAsync(string tenantId, ControlScope scope, CancellationToken cancellationToken = default)
    {
        var list = new List<StoredControl>(AnnexA.Controls.Count);
        await foreach (var row in _table.QueryPartitionAsync(RegisterKeys.ControlPartition(tenantId, scope), cancellationToken))
        {
            list.Add(FromRow(row));
        }

        return list;
    }

    /// <summary>
    /// Whether the tenant has any control instance. A key-range query for one row; the service may answer a page
    /// with no rows and a continuation at a partition boundary, so it follows continuations until a row or the end.
    /// </summary>
    public async Task<bool> AnyAsync(string tenantId, CancellationToken cancellationToken = default)
    {
        var (from, to) = RegisterKeys.TenantControlRange(tenantId);
        var filter = TableClient.CreateQueryFilter($"PartitionKey ge {from} and PartitionKey lt {to}");
        string? continuation = null;
        do
        {
            var page = await _table.QueryPageAsync(filter, 1, continuation, ["RowKey"], cancellationToken);
            if (page.Items.Count > 0)
            {
                return true;
            }

            continuation = page.ContinuationToken;
        }
        while (continuation is not null);

        return false;
    }

    /// <summary>Every instance of every scope of a tenant (a key-range scan of its partitions), page by page.</summary>
    public async IAsyncEnumerable<StoredControl> ListTenantAsync(string tenantId, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var (from, to) = RegisterKeys.TenantControlRange(tenantId);
        var filter = TableClient.CreateQueryFilter($"PartitionKey ge {from} and PartitionKey lt {to}");
        await foreach (var row in _table.QueryAsync(filter, cancellationToken: cancellationToken))
        {
            yield return FromRow(row);
        }
    }

    /// <summary>
    /// The instances of a tenant with evidence due on or before <paramref name="dueBy"/> (a key-range scan of the
    /// tenant's scope partitions, filtered on the stored <c>NextDue</c>, which compares as text because it is
    /// <c>yyyy-MM-dd</c>). Dates are in each instance's own zone: callers pass a day of margin and decide exactly
    /// per instance.
    /// </summary>
    public async IAsyncEnumerable<StoredControl> ListDueByAsync(string tenantId, DateOnly dueBy, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var (from, to) = RegisterKeys.TenantControlRange(tenantId);
        var filter = TableClient.CreateQueryFilter($"PartitionKey ge {from} and PartitionKey lt {to} and NextDue le {StoredValues.Format(dueBy)}");
        await foreach (var row in _table.QueryAsync(filter, cancellationToken: cancellationToken))
        {
            yield return FromRow(row);
        }
    }

    /// <summary>
    /// Creates the instances that do not exist yet and leaves existing ones as they are. Rows of one
    /// partition go in atomic batches of up to 100; when a batch meets an existing row, its rows are
    /// inserted one by one instead. Returns the control ids created, per scope.
    /// </summary>
    public async Task<IReadOnlyList<ControlInstanceRef>> AddMissingAsync(string tenantId, IEnumerable<ControlUpdate> instances, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(instances);
        var created = new List<ControlInstanceRef>();
        var rows = instances.Select(i => (Ref: i.Instance.Ref, Row: ToRow(tenantId, i.Instance, i.OwnerName, i.DecidedByName)));
        foreach (var partition in rows.GroupBy(r => r.Row.PartitionKey, StringComparer.Ordinal))
        {
            foreach (var chunk in partition.Chunk(TypedTable<ControlInstanceRow>.MaxBatchSize))
            {
                try
                {
                    await _table.SubmitAtomicallyAsync(chunk.Select(r => new TableTransactionAction(TableTransactionActionType.Add, r.Row)).ToList(), cancellationToken);
                    created.AddRange(chunk.Select(r => r.Ref));
                }
                catch (ConcurrencyConflictException)
                {
                    foreach (var (reference, row) in chunk)
                    {
                        try
                        {
                            await _table.AddAsync(row, cancellationToken);
                            created.Add(reference);
                        }
                        catch (EntityAlreadyExistsException)
                        {
                        }
                    }
                }
            }
        }

        return created;
    }

    /// <summary>
    /// Reads the instance (null when there is none yet), lets <paramref name="change"/> compute the new state,
    /// and writes it with the ETag read (an insert when the row did not exist). When another writer got there
    /// first, the row is read again and the change re-applied, up to <see cref="MaxAttempts"/> times; then
    /// <see cref="ConcurrencyConflictException"/>. A failed <paramref name="change"/> writes nothing.
    /// </summary>
    public async Task<Result<ControlChange>> ModifyAsync(
        string tenantId,
        ControlScope scope,
        ControlId controlId,
        Func<StoredControl?, Result<ControlUpdate>> change,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        ArgumentNullException.ThrowIfNull(controlId);
        var partition = RegisterKeys.ControlPartition(tenantId, scope);
        for (var attempt = 1; ; attempt++)
        {
            var row = await _table.GetAsync(partition, controlId.Value, cancellationToken);
            var before = row is null ? null : FromRow(row);
            var result = change(before);
            if (!result.TryGetValue(out var update))
            {
                return Result.Failure<ControlChange>(result.Errors);
            }

            if (update.Instance.Ref != new ControlInstanceRef(scope, controlId))
            {
                throw new InvalidOperationException($"A change of {controlId} for {scope} produced {update.Instance.Ref}.");
            }

            var deciderName = DeciderName(before, update.Instance, update.DecidedByName);
            var next = ToRow(tenantId, update.Instance, update.OwnerName, deciderName);
            try
            {
                if (row is null)
                {
                    await _table.AddAsync(next, cancellationToken);
                }
                else
                {
                    next.ETag = row.ETag;
                    await _table.ReplaceAsync(next, cancellationToken);
                }

                return Result.Success(new ControlChange(before, new StoredControl(update.Instance, update.OwnerName, next.ETag, deciderName)));
            }
            catch (Exception ex) when (ex is ConcurrencyConflictException or EntityAlreadyExistsException && attempt < MaxAttempts)
            {
                // Someone else wrote in between: read their version and apply the change to it.
            }
            catch (EntityAlreadyExistsException ex)
            {
                throw new ConcurrencyConflictException(_table.Name, partition, controlId.Value, ex);
            }
        }
    }

    /// <summary>Rebuilds the domain value, re-checking it; a row that fails is corrupt.</summary>
    public static StoredControl FromRow(ControlInstanceRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        var state = new ControlInstanceState(
            row.Scope,
            row.RowKey,
            StoredValues.Enum<ControlLayer>(row.Layer, TableName, row.PartitionKey, row.RowKey, nameof(row.Layer)),
            StoredValues.Enum<ApplicabilityStatus>(row.Applicability, TableName, row.PartitionKey, row.RowKey, nameof(row.Applicability)),
            row.Justification,
            row.DecidedBy,
            row.DecidedAt,
            StoredValues.Enum<ImplementationStatus>(row.Implementation, TableName, row.PartitionKey, row.RowKey, nameof(row.Implementation)),
            row.OwnerUserId,
            row.Cadence,
            row.DueTimeZoneId,
            row.CreatedAt,
            row.ScheduleStartedAt,
            row.LastEvidenceAt,
            row.NotApplicableThrough is null ? null : StoredValues.Date(row.NotApplicableThrough, TableName, row.PartitionKey, row.RowKey, nameof(row.NotApplicableThrough)),
            row.NotApplicableReason);
        var restored = ControlInstance.Restore(state);
        if (!restored.TryGetValue(out var instance))
        {
            throw new InvalidDataException($"Stored control instance '{row.PartitionKey}'/'{row.RowKey}' is not valid: {restored.ErrorMessage}");
        }

        if (!row.PartitionKey.EndsWith(RegisterKeys.Separator + instance.Scope.Key, StringComparison.Ordinal))
        {
            throw new InvalidDataException($"Stored control instance '{row.PartitionKey}'/'{row.RowKey}' says its scope is '{row.Scope}'.");
        }

        return new StoredControl(instance, row.OwnerName, row.ETag, row.DecidedByName);
    }

    /// <summary>
    /// The decider's name to store with <paramref name="after"/>: <paramref name="named"/> when the change names one,
    /// else the stored one while the decision is the same (same person, same time), else none.
    /// </summary>
    public static string? DeciderName(StoredControl? before, ControlInstance after, string? named)
    {
        ArgumentNullException.ThrowIfNull(after);
        if (after.Applicability.DecidedBy is null)
        {
            return null;
        }

        if (!string.IsNullOrWhiteSpace(named))
        {
            return named;
        }

        return before is not null
            && string.Equals(before.Instance.Applicability.DecidedBy, after.Applicability.DecidedBy, StringComparison.OrdinalIgnoreCase)
            && before.Instance.Applicability.DecidedAt == after.Applicability.DecidedAt
                ? before.DecidedByName
                : null;
    }

    public static ControlInstanceRow ToRow(string tenantId, ControlInstance instance, string? ownerName, string? decidedByName = null)
    {
        ArgumentNullException.ThrowIfNull(instance);
        var state = instance.ToState();
        return new ControlInstanceRow
        {
            PartitionKey = RegisterKeys.ControlPartition(tenantId, instance.Scope),
            RowKey = state.ControlId,
            Scope = state.ScopeKey,
            Layer = state.Layer.ToString(),
            Applicability = state.Applicability.ToString(),
            Justification = state.Justification,
            DecidedBy = state.DecidedBy,
            DecidedByName = state.DecidedBy is null ? null : decidedByName,
            DecidedAt = state.DecidedAt,
            Implementation = state.Implementation.ToString(),
            OwnerUserId = state.OwnerUserId,
            OwnerName = ownerName,
            Cadence = state.Cadence,
            DueTimeZoneId = state.DueTimeZoneId,
            CreatedAt = state.CreatedAt,
            ScheduleStartedAt = state.ScheduleStartedAt,
            LastEvidenceAt = state.LastEvidenceAt,
            NotApplicableThrough = state.NotApplicableThrough is { } closed ? StoredValues.Format(closed) : null,
            NotApplicableReason = state.NotApplicableReason,
            NextDue = instance.NextDue is { } due ? StoredValues.Format(due) : null,
        };
    }
}
