using System.Globalization;
using Azure;
using Azure.Data.Tables;
using AimsBot.Storage.Register;
using AimsBot.Storage.Tables;

namespace AimsBot.Storage.Risks;

/// <summary>
/// A risk proposed for the risk register: today, a harm an approved impact assessment scored high or above. Table
/// <c>ProposedRisks</c>: PK tenant id, RK <c>{systemId}|{version:D4}|{item:D2}</c> (the system, the assessment version,
/// the impact's 1-based position), so one approval proposes each impact once however often it is completed. The risk
/// workflow (a later issue) lists proposals by tenant and by system and takes them up.
/// </summary>
public sealed class ProposedRiskRow : ITableEntity
{
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string SystemId { get; set; } = "";

    /// <summary>The assessment version the impact comes from.</summary>
    public int AssessmentVersion { get; set; }

    /// <summary>The impact's 1-based position among the assessment's impacts.</summary>
    public int Item { get; set; }

    /// <summary>A short title, from the impact's description.</summary>
    public string Title { get; set; } = "";

    /// <summary>The impact's description as the assessor wrote it.</summary>
    public string? Description { get; set; }

    /// <summary>What it concerns: the area option's value (<c>fairness</c>, <c>privacy</c>, …), or the text given for "other".</summary>
    public string? Area { get; set; }

    /// <summary>Who is affected, as the assessor wrote it.</summary>
    public string? AffectedParties { get; set; }

    /// <summary>Severity on the questionnaire's scale (1–5 in v1.0).</summary>
    public int Severity { get; set; }

    /// <summary>Likelihood on the questionnaire's scale (1–5 in v1.0).</summary>
    public int Likelihood { get; set; }

    /// <summary>The impact's level at approval (<c>high</c>, <c>very-high</c>).</summary>
    public string Level { get; set; } = "";

    /// <summary>Whether a sensitive use raised the level (the matrix alone gave less).</summary>
    public bool RaisedForSensitiveUse { get; set; }

    /// <summary>What already reduces or prevents the harm, as the assessor wrote it.</summary>
    public string? ExistingMeasures { get; set; }

    /// <summary>Where the proposal comes from: <see cref="ProposedRiskRepository.SourceImpactAssessment"/>.</summary>
    public string Source { get; set; } = ProposedRiskRepository.SourceImpactAssessment;

    /// <summary><c>proposed</c> until the risk workflow takes it up, then <c>adopted</c>.</summary>
    public string Status { get; set; } = ProposedRiskRepository.StatusProposed;

    /// <summary>The risk it became once adopted (<c>R-12</c>); null while proposed.</summary>
    public string? AdoptedAs { get; set; }

    /// <summary>The approver whose approval proposed it (Entra object id).</summary>
    public string ProposedBy { get; set; } = "";

    public DateTimeOffset ProposedAt { get; set; }
}

/// <summary>The <c>ProposedRisks</c> table.</summary>
public sealed class ProposedRiskRepository
{
    public const string TableName = "ProposedRisks";
    public const string SourceImpactAssessment = "impact-assessment";
    public const string StatusProposed = "proposed";
    public const string StatusAdopted = "adopted";

    private readonly TypedTable<ProposedRiskRow> _table;

    public ProposedRiskRepository(TableStore store) => _table = store.Table<ProposedRiskRow>(TableName);

    /// <summary><c>{systemId}|{version:D4}|{item:D2}</c>.</summary>
    public static string RowKeyOf(string systemId, int version, int item)
    {
        CheckSystemId(systemId);
        return string.Create(CultureInfo.InvariantCulture, $"{systemId}{RegisterKeys.Separator}{version:D4}{RegisterKeys.Separator}{item:D2}");
    }

    /// <summary>
    /// Inserts the proposal unless one with its keys exists; returns the stored row and whether this call inserted it
    /// (a completed approval run again finds its proposals and adds none).
    /// </summary>
    public async Task<(ProposedRiskRow Row, bool Inserted)> AddIfMissingAsync(string tenantId, ProposedRiskRow row, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(row);
        row.PartitionKey = RegisterKeys.Tenant(tenantId);
        row.RowKey = RowKeyOf(row.SystemId, row.AssessmentVersion, row.Item);
        try
        {
            return (await _table.AddAsync(row, cancellationToken), true);
        }
        catch (EntityAlreadyExistsException)
        {
            var existing = await _table.GetAsync(row.PartitionKey, row.RowKey, cancellationToken);
            return (existing ?? row, false);
        }
    }

    /// <summary>One proposal by its row key, or null.</summary>
    public async Task<ProposedRiskRow?> GetAsync(string tenantId, string rowKey, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(rowKey) || rowKey.Length > 300 || rowKey.Any(c => char.IsControl(c) || c is '/' or '\\' or '#' or '?'))
        {
            return null;
        }

        return await _table.GetAsync(RegisterKeys.Tenant(tenantId), rowKey, cancellationToken);
    }

    /// <summary>
    /// Marks a proposal as taken up into the register as <paramref name="riskId"/>, if it still carries the ETag it was
    /// read with (<see cref="ConcurrencyConflictException"/> otherwise: re-read; it may be adopted already).
    /// </summary>
    public Task<ProposedRiskRow> MarkAdoptedAsync(ProposedRiskRow row, string riskId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(row);
        ArgumentException.ThrowIfNullOrWhiteSpace(riskId);
        row.Status = StatusAdopted;
        row.AdoptedAs = riskId;
        return _table.ReplaceAsync(row, cancellationToken);
    }

    /// <summary>Every proposal of a tenant, in key order (system, version, item).</summary>
    public Task<IReadOnlyList<ProposedRiskRow>> ListAsync(string tenantId, CancellationToken cancellationToken = default) =>
        QueryAsync(TableClient.CreateQueryFilter($"PartitionKey eq {RegisterKeys.Tenant(tenantId)}"), cancellationToken);

    /// <summary>The proposals for one system (a key-range scan of its row keys), in version and item order.</summary>
    public Task<IReadOnlyList<ProposedRiskRow>> ListForSystemAsync(string tenantId, string systemId, CancellationToken cancellationToken = default)
    {
        CheckSystemId(systemId);
        var from = systemId + RegisterKeys.Separator;
        var to = systemId + RegisterKeys.AfterSeparator;
        return QueryAsync(TableClient.CreateQueryFilter($"PartitionKey eq {RegisterKeys.Tenant(tenantId)} and RowKey ge {from} and RowKey lt {to}"), cancellationToken);
    }

    private async Task<IReadOnlyList<ProposedRiskRow>> QueryAsync(string filter, CancellationToken cancellationToken)
    {
        var rows = new List<ProposedRiskRow>();
        await foreach (var row in _table.QueryAsync(filter, cancellationToken: cancellationToken))
        {
            rows.Add(row);
        }

        return rows;
    }

    private static void CheckSystemId(string systemId)
    {
        if (string.IsNullOrWhiteSpace(systemId) || systemId.Any(c => char.IsControl(c) || c is '/' or '\\' or '#' or '?' or RegisterKeys.Separator))
        {
            throw new ArgumentException($"'{systemId}' is not a usable AI system id for storage keys.", nameof(systemId));
        }
    }
}
