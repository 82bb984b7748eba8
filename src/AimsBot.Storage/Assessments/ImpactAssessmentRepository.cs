using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Azure;
using Azure.Data.Tables;
using AimsBot.Domain.Assessments;
using AimsBot.Domain.Register;
using AimsBot.Storage.Register;
using AimsBot.Storage.Tables;

namespace AimsBot.Storage.Assessments;

/// <summary>An impact assessment version as stored, with the ETag it was read or written with.</summary>
public sealed record StoredAssessment(ImpactAssessmentState State, ETag ETag);

/// <summary>
/// The <c>ImpactAssessments</c> table: one row per version of a system's impact assessment. PK the tenant id, RK
/// <c>{systemId}|{version:D4}</c>, so a system's versions sit together in version order and its latest is the last of
/// a short key-range scan. The answers (and the contributors and decisions) are JSON, split over as many string
/// properties as needed (<c>Answers</c>, <c>Answers1</c>, …; a property holds 32K characters); the columns lists
/// need (status, revision, assessor, dates, level) are top-level so a list never parses answers.
/// </summary>
public sealed class ImpactAssessmentRepository
{
    public const string TableName = "ImpactAssessments";

    /// <summary>Characters per string property: a table property holds 64 KiB, i.e. 32K UTF-16 characters.</summary>

    /// <summary>A row holds at most 1 MiB (UTF-16): this leaves room for the columns.</summary>
    internal const int MaxJsonChars = 450_000;

    private const string AnswersColumn = "Answers";
    private const string DetailsColumn = "Details";

    private static readonly string[] ListColumns =
    [
        "PartitionKey", "RowKey", nameof(ImpactAssessmentState.Id), nameof(ImpactAssessmentState.SystemId), nameof(ImpactAssessmentState.Version),
        nameof(ImpactAssessmentState.Status), nameof(ImpactAssessmentState.Revision), nameof(ImpactAssessmentState.AssessorUserId),
        nameof(ImpactAssessmentState.SubmittedAt), "ApprovedAt", "ApproverUserId", nameof(ImpactAssessmentState.ApprovedLevel),
        nameof(ImpactAssessmentState.NextReassessmentDue), nameof(ImpactAssessmentState.StartedAt),
        nameof(ImpactAssessmentState.QuestionnaireId), nameof(ImpactAssessmentState.QuestionnaireVersion),
    ];

    private readonly TypedTable<TableEntity> _table;

    public ImpactAssessmentRepository(TableStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        _table = store.Table<TableEntity>(TableName);
    }

    /// <summary>The row key of one version: <c>credit-scorer|0003</c>.</summary>
    public static string RowKey(string systemId, int version)
    {
        if (!AiSystem.IsValidId(systemId))
        {
            throw new ArgumentException($"'{systemId}' is not an AI system id.", nameof(systemId));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(version, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(version, 9999);
        return string.Create(CultureInfo.InvariantCulture, $"{systemId}{RegisterKeys.Separator}{version:D4}");
    }

    /// <summary>One version, or null when the system has no such version (or the id is not a system id).</summary>
    public async Task<StoredAssessment?> GetAsync(string tenantId, string systemId, int version, CancellationToken cancellationToken = default)
    {
        if (!AiSystem.IsValidId(systemId) || version is < 1 or > 9999)
        {
            return null;
        }

        var row = await _table.GetAsync(RegisterKeys.Tenant(tenantId), RowKey(systemId, version), cancellationToken);
        return row is null ? null : FromRow(row);
    }

    /// <summary>The highest version of a system's assessment, or null when it has none: one key-range scan of its rows.</summary>
    public async Task<StoredAssessment?> GetLatestAsync(string tenantId, string systemId, CancellationToken cancellationToken = default)
    {
        if (!AiSystem.IsValidId(systemId))
        {
            return null;
        }

        var partition = RegisterKeys.Tenant(tenantId);
        var from = systemId + RegisterKeys.Separator;
        var to = systemId + RegisterKeys.AfterSeparator;
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey gt {from} and RowKey lt {to}");
        TableEntity? latest = null;
        await foreach (var row in _table.QueryAsync(filter, cancellationToken: cancellationToken))
        {
            latest = row; // rows come in key order, and the version is zero-padded: the last is the highest
        }

        return latest is null ? null : FromRow(latest);
    }

    /// <summary>
    /// The latest version of every system's assessment in the tenant (one partition scan reading only the list
    /// columns: the answers are not read, so <see cref="ImpactAssessmentState.Answers"/>, contributors and decisions are
    /// empty in what this returns; read one with <see cref="GetAsync"/> for them).
    /// </summary>
    public async Task<IReadOnlyList<StoredAssessment>> ListLatestAsync(string tenantId, CancellationToken cancellationToken = default)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {RegisterKeys.Tenant(tenantId)}");
        var latest = new Dictionary<string, TableEntity>(StringComparer.Ordinal);
        await foreach (var row in _table.QueryAsync(filter, ListColumns, cancellationToken))
        {
            latest[row.GetString(nameof(ImpactAssessmentState.SystemId)) ?? row.RowKey] = row;
        }

        return latest.Values.Select(row => FromRow(row, withBody: false)).ToList();
    }

    /// <summary>Inserts a new version; <see cref="EntityAlreadyExistsException"/> when that version exists (the stored one is untouched).</summary>
    public async Task<StoredAssessment> AddAsync(string tenantId, ImpactAssessmentState state, CancellationToken cancellationToken = default)
    {
        var row = ToRow(tenantId, state);
        var added = await _table.AddAsync(row, cancellationToken);
        return new StoredAssessment(state, added.ETag);
    }

    /// <summary>
    /// Replaces a version if it still carries <paramref name="etag"/>; <see cref="ConcurrencyConflictException"/> when
    /// someone changed it since (re-read, re-apply, write again).
    /// </summary>
    public async Task<StoredAssessment> ReplaceAsync(string tenantId, ImpactAssessmentState state, ETag etag, CancellationToken cancellationToken = default)
    {
        var row = ToRow(tenantId, state);
        row.ETag = etag;
        var replaced = await _table.ReplaceAsync(row, cancellationToken);
        return new StoredAssessment(state, replaced.ETag);
    }

    internal static TableEntity ToRow(string tenantId, ImpactAssessmentState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var approval = state.Status == AssessmentStatus.Approved && state.Decisions.Count > 0 ? state.Decisions[^1] : null;
        var row = new TableEntity(RegisterKeys.Tenant(tenantId), RowKey(state.SystemId, state.Version))
        {
            [nameof(ImpactAssessmentState.Id)] = state.Id,
            [nameof(ImpactAssessmentState.SystemId)] = state.SystemId,
            [nameof(ImpactAssessmentState.Version)] = state.Version,
            [nameof(ImpactAssessmentState.QuestionnaireId)] = state.QuestionnaireId,
            [nameof(ImpactAssessmentState.QuestionnaireVersion)] = state.QuestionnaireVersion,
            [nameof(ImpactAssessmentState.AssessorUserId)] = state.AssessorUserId,
            [nameof(ImpactAssessmentState.Status)] = state.Status.ToString(),
            [nameof(ImpactAssessmentState.Revision)] = state.Revision,
            [nameof(ImpactAssessmentState.StartedAt)] = state.StartedAt,
            [nameof(ImpactAssessmentState.SubmittedAt)] = state.SubmittedAt,
            ["ApprovedAt"] = approval?.DecidedAt,
            ["ApproverUserId"] = approval?.DecidedBy,
            [nameof(ImpactAssessmentState.ApprovedLevel)] = state.ApprovedLevel?.Name(),
            [nameof(ImpactAssessmentState.NextReassessmentDue)] = state.NextReassessmentDue is { } due ? StoredValues.Format(due) : null,
        };

        var answers = JsonSerializer.Serialize(state.Answers, AssessmentJsonContext.Default.IReadOnlyDictionaryStringIReadOnlyListIReadOnlyDictionaryStringString);
        var details = JsonSerializer.Serialize(
            new AssessmentDetails(state.AskedContributors, state.AnsweredBy, state.Decisions.Select(StoredDecision.From).ToList()),
            AssessmentJsonContext.Default.AssessmentDetails);
        if (answers.Length + details.Length > MaxJsonChars)
        {
            throw new InvalidOperationException(string.Create(
                CultureInfo.InvariantCulture,
                $"Impact assessment {state.SystemId} v{state.Version} holds {answers.Length + details.Length} characters of answers; a row holds at most {MaxJsonChars}."));
        }

        ChunkedColumns.Write(row, AnswersColumn, answers);
        ChunkedColumns.Write(row, DetailsColumn, details);
        return row;
    }

    internal static StoredAssessment FromRow(TableEntity row, bool withBody = true)
    {
        ArgumentNullException.ThrowIfNull(row);
        try
        {
            IReadOnlyDictionary<string, IReadOnlyList<IReadOnlyDictionary<string, string>>> answers =
                new Dictionary<string, IReadOnlyList<IReadOnlyDictionary<string, string>>>(StringComparer.Ordinal);
            var details = new AssessmentDetails(new Dictionary<string, string>(), new Dictionary<string, IReadOnlyList<string>>(), []);
            if (withBody)
            {
                answers = JsonSerializer.Deserialize(ChunkedColumns.Read(row, AnswersColumn, TableName), AssessmentJsonContext.Default.IReadOnlyDictionaryStringIReadOnlyListIReadOnlyDictionaryStringString)
                    ?? throw Corrupt(row, AnswersColumn);
                details = JsonSerializer.Deserialize(ChunkedColumns.Read(row, DetailsColumn, TableName), AssessmentJsonContext.Default.AssessmentDetails)
                    ?? throw Corrupt(row, DetailsColumn);
            }

            var level = row.GetString(nameof(ImpactAssessmentState.ApprovedLevel));
            ImpactLevel? approvedLevel = null;
            if (level is not null)
            {
                approvedLevel = ImpactLevels.TryParse(level, out var parsed) ? parsed : throw Corrupt(row, nameof(ImpactAssessmentState.ApprovedLevel));
            }

            var due = row.GetString(nameof(ImpactAssessmentState.NextReassessmentDue));
            var state = new ImpactAssessmentState(
                Required(row, nameof(ImpactAssessmentState.Id)),
                Required(row, nameof(ImpactAssessmentState.SystemId)),
                row.GetInt32(nameof(ImpactAssessmentState.Version)) ?? throw Corrupt(row, nameof(ImpactAssessmentState.Version)),
                Required(row, nameof(ImpactAssessmentState.QuestionnaireId)),
                Required(row, nameof(ImpactAssessmentState.QuestionnaireVersion)),
                Required(row, nameof(ImpactAssessmentState.AssessorUserId)),
                StoredValues.Enum<AssessmentStatus>(row.GetString(nameof(ImpactAssessmentState.Status)), TableName, row.PartitionKey, row.RowKey, nameof(ImpactAssessmentState.Status)),
                row.GetInt32(nameof(ImpactAssessmentState.Revision)) ?? throw Corrupt(row, nameof(ImpactAssessmentState.Revision)),
                answers,
                details.AskedContributors ?? new Dictionary<string, string>(),
                details.AnsweredBy ?? new Dictionary<string, IReadOnlyList<string>>(),
                (details.Decisions ?? []).Select(d => d.ToDecision()).ToList(),
                row.GetDateTimeOffset(nameof(ImpactAssessmentState.StartedAt)) ?? throw Corrupt(row, nameof(ImpactAssessmentState.StartedAt)),
                row.GetDateTimeOffset(nameof(ImpactAssessmentState.SubmittedAt)),
                approvedLevel,
                due is null ? null : StoredValues.Date(due, TableName, row.PartitionKey, row.RowKey, nameof(ImpactAssessmentState.NextReassessmentDue)));
            return new StoredAssessment(state, row.ETag);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"Row '{row.PartitionKey}'/'{row.RowKey}' of {TableName} holds JSON that does not read: {ex.Message}", ex);
        }
    }

    private static string Required(TableEntity row, string column) =>
        row.GetString(column) is { Length: > 0 } value ? value : throw Corrupt(row, column);

    private static InvalidDataException Corrupt(TableEntity row, string column) =>
        new($"Row '{row.PartitionKey}'/'{row.RowKey}' of {TableName} has no valid {column}.");
}

/// <summary>What is stored beside the answers, as one JSON document.</summary>
internal sealed record AssessmentDetails(
    IReadOnlyDictionary<string, string>? AskedContributors,
    IReadOnlyDictionary<string, IReadOnlyList<string>>? AnsweredBy,
    IReadOnlyList<StoredDecision>? Decisions);

/// <summary>A decision as stored (the kind by name, so stored rows read the same if the enum grows).</summary>
internal sealed record StoredDecision(string Kind, string DecidedBy, DateTimeOffset DecidedAt, string? Comment)
{
    public static StoredDecision From(AssessmentDecision decision) => new(decision.Kind.ToString(), decision.DecidedBy, decision.DecidedAt, decision.Comment);

    public AssessmentDecision ToDecision() =>
        Enum.TryParse<AssessmentDecisionKind>(Kind, ignoreCase: false, out var kind) && Enum.IsDefined(kind)
            ? new AssessmentDecision(kind, DecidedBy, DecidedAt, Comment)
            : throw new JsonException($"'{Kind}' is not a decision kind.");
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(IReadOnlyDictionary<string, IReadOnlyList<IReadOnlyDictionary<string, string>>>))]
[JsonSerializable(typeof(AssessmentDetails))]
internal sealed partial class AssessmentJsonContext : JsonSerializerContext;
