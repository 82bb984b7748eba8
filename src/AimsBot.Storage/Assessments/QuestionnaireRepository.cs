using System.Globalization;
using System.Text;
using Azure.Data.Tables;
using AimsBot.Storage.Register;
using AimsBot.Storage.Tables;

namespace AimsBot.Storage.Assessments;

/// <summary>A questionnaire version a compliance lead loaded: its file as loaded, who loaded it and when.</summary>
/// <param name="Key">The version's key, <c>impact-assessment@2.0</c>.</param>
/// <param name="Json">The file's text as loaded (byte order mark removed).</param>
/// <param name="ContentHash">SHA-256 of the file's JSON without insignificant white space: two loads of one version compare by it.</param>
public sealed record StoredQuestionnaire(
    string Key,
    string Title,
    string Json,
    string ContentHash,
    string LoadedBy,
    string? LoadedByName,
    DateTimeOffset LoadedAt,
    string? FileName);

/// <summary>
/// The <c>Questionnaires</c> table: the questionnaire versions loaded in a tenant (the one built into the bot is not
/// stored). PK the tenant id, RK the version's key <c>{id}@{version}</c>. Versions are immutable: a row is only ever
/// inserted, never replaced, so an assessment that started with a version finds the same questions for its life.
/// The file's JSON is split over as many string properties as needed (<c>Json</c>, <c>Json1</c>, …).
/// </summary>
public sealed class QuestionnaireRepository
{
    public const string TableName = "Questionnaires";

    /// <summary>Characters per string property: a table property holds 64 KiB, i.e. 32K UTF-16 characters.</summary>

    /// <summary>What a list reads: everything but the JSON.</summary>
    private static readonly string[] ListColumns = ["PartitionKey", "RowKey", "Title", "ContentHash", "LoadedBy", "LoadedByName", "LoadedAt", "FileName"];

    private readonly TypedTable<TableEntity> _table;

    public QuestionnaireRepository(TableStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        _table = store.Table<TableEntity>(TableName);
    }

    /// <summary>One loaded version by its key, with its JSON; null when the tenant has not loaded it.</summary>
    public async Task<StoredQuestionnaire?> GetAsync(string tenantId, string key, CancellationToken cancellationToken = default)
    {
        if (!IsValidKey(key))
        {
            return null;
        }

        var row = await _table.GetAsync(RegisterKeys.Tenant(tenantId), key, cancellationToken);
        return row is null ? null : FromRow(row, withJson: true);
    }

    /// <summary>Every version the tenant loaded, without their JSON (<see cref="StoredQuestionnaire.Json"/> is empty), oldest load first.</summary>
    public async Task<IReadOnlyList<StoredQuestionnaire>> ListAsync(string tenantId, CancellationToken cancellationToken = default)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {RegisterKeys.Tenant(tenantId)}");
        var versions = new List<StoredQuestionnaire>();
        await foreach (var row in _table.QueryAsync(filter, ListColumns, cancellationToken))
        {
            versions.Add(FromRow(row, withJson: false));
        }

        return versions.OrderBy(v => v.LoadedAt).ThenBy(v => v.Key, StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// Stores a newly loaded version; <see cref="EntityAlreadyExistsException"/> when the tenant has that version
    /// already (the stored one is untouched: versions never change).
    /// </summary>
    public async Task<StoredQuestionnaire> AddAsync(string tenantId, StoredQuestionnaire questionnaire, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(questionnaire);
        if (!IsValidKey(questionnaire.Key))
        {
            throw new ArgumentException($"'{questionnaire.Key}' is not a questionnaire key (id@version).", nameof(questionnaire));
        }

        var row = new TableEntity(RegisterKeys.Tenant(tenantId), questionnaire.Key)
        {
            ["Title"] = questionnaire.Title,
            ["ContentHash"] = questionnaire.ContentHash,
            ["LoadedBy"] = questionnaire.LoadedBy,
            ["LoadedByName"] = questionnaire.LoadedByName,
            ["LoadedAt"] = questionnaire.LoadedAt,
            ["FileName"] = questionnaire.FileName,
        };
        ChunkedColumns.Write(row, "Json", questionnaire.Json);
        await _table.AddAsync(row, cancellationToken);
        return questionnaire;
    }

    /// <summary>A key as a row key may hold it: <c>{id}@{version}</c>, no more than 60 characters, none of the characters table keys refuse.</summary>
    public static bool IsValidKey(string? key) =>
        key is { Length: > 2 and <= 60 } && key.IndexOf('@', StringComparison.Ordinal) is > 0 and var at && at < key.Length - 1
        && key.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '.' or '@');

    private static StoredQuestionnaire FromRow(TableEntity row, bool withJson) => new(
        row.RowKey,
        row.GetString("Title") ?? row.RowKey,
        withJson ? ChunkedColumns.Read(row, "Json", TableName) : string.Empty,
        row.GetString("ContentHash") ?? throw Corrupt(row, "ContentHash"),
        row.GetString("LoadedBy") ?? throw Corrupt(row, "LoadedBy"),
        row.GetString("LoadedByName"),
        row.GetDateTimeOffset("LoadedAt") ?? throw Corrupt(row, "LoadedAt"),
        row.GetString("FileName"));

    private static InvalidDataException Corrupt(TableEntity row, string column) =>
        new($"Row '{row.PartitionKey}'/'{row.RowKey}' of {TableName} has no valid {column}.");
}
