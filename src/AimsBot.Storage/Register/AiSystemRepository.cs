using Azure;
using Azure.Data.Tables;
using AimsBot.Domain.Register;
using AimsBot.Storage.Tables;

namespace AimsBot.Storage.Register;

/// <summary>
/// One AI system of the register. Table <c>AiSystems</c>: PK tenant id, RK the system id (its name's slug),
/// so two systems whose names give the same slug cannot both exist in a tenant.
/// </summary>
public sealed class AiSystemRow : ITableEntity
{
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string Name { get; set; } = "";
    public string Description { get; set; } = "";
    public string IntendedUse { get; set; } = "";

    /// <summary>The organisation's roles, comma-separated enum names, primary first.</summary>
    public string Roles { get; set; } = "";
    public string Stage { get; set; } = "";
    public string RiskTier { get; set; } = "";
    public string Status { get; set; } = "";

    /// <summary>Entra object id of the owner, or a lower-case UPN while the owner is pending.</summary>
    public string OwnerUserId { get; set; } = "";
    public string? OwnerName { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public string? CreatedBy { get; set; }

    /// <summary>The form submission that created the row: a repeat of it is recognised, not refused.</summary>
    public string? SubmissionId { get; set; }
}

/// <summary>An AI system as stored, with what the register keeps next to the domain's fields.</summary>
public sealed record StoredAiSystem(AiSystem System, string? OwnerName, string? CreatedBy, string? SubmissionId, ETag ETag);

/// <summary>The <c>AiSystems</c> table.</summary>
public sealed class AiSystemRepository
{
    public const string TableName = "AiSystems";

    private readonly TypedTable<AiSystemRow> _table;

    public AiSystemRepository(TableStore store) => _table = store.Table<AiSystemRow>(TableName);

    public async Task<StoredAiSystem?> GetAsync(string tenantId, string systemId, CancellationToken cancellationToken = default)
    {
        if (!AiSystem.IsValidId(systemId))
        {
            return null;
        }

        var row = await _table.GetAsync(RegisterKeys.Tenant(tenantId), systemId, cancellationToken);
        return row is null ? null : FromRow(row);
    }

    /// <summary>Every AI system of a tenant (one partition; the register holds hundreds, not millions).</summary>
    public async Task<IReadOnlyList<StoredAiSystem>> ListAsync(string tenantId, CancellationToken cancellationToken = default)
    {
        var systems = new List<StoredAiSystem>();
        await foreach (var row in _table.QueryPartitionAsync(RegisterKeys.Tenant(tenantId), cancellationToken))
        {
            systems.Add(FromRow(row));
        }

        return systems;
    }

    /// <summary>
    /// Every AI system's name by its id (scope key): the same partition as <see cref="ListAsync"/>, reading only
    /// those two columns (for lists that name the scope of each row).
    /// </summary>
    public async Task<IReadOnlyDictionary<string, string>> NamesAsync(string tenantId, CancellationToken cancellationToken = default)
    {
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {RegisterKeys.Tenant(tenantId)}");
        await foreach (var row in _table.QueryAsync(filter, [nameof(AiSystemRow.RowKey), nameof(AiSystemRow.Name)], cancellationToken))
        {
            names[row.RowKey] = row.Name;
        }

        return names;
    }

    /// <summary>Whether the tenant has any AI system: one row read at most.</summary>
    public async Task<bool> AnyAsync(string tenantId, CancellationToken cancellationToken = default)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {RegisterKeys.Tenant(tenantId)}");
        return (await _table.QueryPageAsync(filter, 1, select: ["RowKey"], cancellationToken: cancellationToken)).Items.Count > 0;
    }

    /// <summary>
    /// Inserts a new system. <see cref="EntityAlreadyExistsException"/> when a system with the same id
    /// (the same name slug) exists; the existing row is untouched.
    /// </summary>
    public async Task<StoredAiSystem> AddAsync(
        string tenantId,
        AiSystem system,
        string? ownerName,
        string? createdBy,
        Guid? submissionId,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(system);
        var row = ToRow(tenantId, system, ownerName, createdBy, submissionId?.ToString("N"));
        var added = await _table.AddAsync(row, cancellationToken);
        return FromRow(added);
    }

    /// <summary>Rebuilds the domain value, re-checking every rule; a row that fails is corrupt.</summary>
    public static StoredAiSystem FromRow(AiSystemRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        var roles = new List<OrganizationRole>();
        foreach (var part in row.Roles.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            roles.Add(StoredValues.Enum<OrganizationRole>(part, TableName, row.PartitionKey, row.RowKey, nameof(row.Roles)));
        }

        var details = new AiSystemDetails(
            row.Name,
            row.Description,
            row.IntendedUse,
            roles,
            StoredValues.Enum<LifecycleStage>(row.Stage, TableName, row.PartitionKey, row.RowKey, nameof(row.Stage)),
            row.OwnerUserId,
            StoredValues.Enum<RiskTier>(row.RiskTier, TableName, row.PartitionKey, row.RowKey, nameof(row.RiskTier)),
            row.RowKey);
        var restored = AiSystem.Restore(details, StoredValues.Enum<SystemStatus>(row.Status, TableName, row.PartitionKey, row.RowKey, nameof(row.Status)), row.CreatedAt);
        if (!restored.TryGetValue(out var system))
        {
            throw new InvalidDataException($"Stored AI system '{row.PartitionKey}'/'{row.RowKey}' is not valid: {restored.ErrorMessage}");
        }

        return new StoredAiSystem(system, row.OwnerName, row.CreatedBy, row.SubmissionId, row.ETag);
    }

    public static AiSystemRow ToRow(string tenantId, AiSystem system, string? ownerName, string? createdBy, string? submissionId) => new()
    {
        PartitionKey = RegisterKeys.Tenant(tenantId),
        RowKey = system.Id,
        Name = system.Name,
        Description = system.Description,
        IntendedUse = system.IntendedUse,
        Roles = string.Join(',', system.Roles.Select(r => r.ToString())),
        Stage = system.Stage.ToString(),
        RiskTier = system.RiskTier.ToString(),
        Status = system.Status.ToString(),
        OwnerUserId = system.OwnerUserId,
        OwnerName = ownerName,
        CreatedAt = system.CreatedAt,
        CreatedBy = createdBy,
        SubmissionId = submissionId,
    };
}
