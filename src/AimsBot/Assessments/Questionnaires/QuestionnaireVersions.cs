using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AimsBot.Commands;
using AimsBot.Domain;
using AimsBot.Domain.Assessments;
using AimsBot.Domain.Ledger;
using AimsBot.Ledger;
using AimsBot.Storage;
using AimsBot.Storage.Assessments;

namespace AimsBot.Assessments.Questionnaires;

/// <summary>What became of a questionnaire file a compliance lead sent.</summary>
public enum QuestionnaireLoadStatus
{
    /// <summary>The file has problems (listed); nothing was stored.</summary>
    Invalid,

    /// <summary>Stored: the version is now the one new assessments start with.</summary>
    Loaded,

    /// <summary>The tenant has this version with exactly this content already (or it is the built-in one); nothing changed.</summary>
    AlreadyLoaded,

    /// <summary>The tenant has this version with other content: versions never change, so it was refused.</summary>
    VersionConflict,
}

/// <summary>The outcome of loading a file: the problems, or the version as stored (the earlier one for a repeat or a conflict).</summary>
public sealed record QuestionnaireLoad(
    QuestionnaireLoadStatus Status,
    string FileName,
    IReadOnlyList<DomainError> Problems,
    Questionnaire? Questionnaire = null,
    QuestionnaireVersion? Version = null);

/// <summary>A questionnaire version the tenant can use: the built-in one, or one a lead loaded (who, when).</summary>
public sealed record QuestionnaireVersion(string Key, string Title, bool Shipped, string? LoadedBy, string? LoadedByName, DateTimeOffset? LoadedAt, string ContentHash);

/// <summary>
/// The questionnaire versions of a tenant: the one built into the bot and the ones compliance leads load from a JSON
/// file (<c>questionnaire load</c>). A loaded version is checked whole by <see cref="QuestionnaireLoader"/> (every
/// problem reported, nothing stored), stored once and never changed (the same version with other content is
/// refused), recorded in the ledger, and from then on the version new assessments start with; running assessments
/// keep the version they started with (<see cref="QuestionnaireCatalog.GetAsync"/>).
/// </summary>
public sealed class QuestionnaireVersions
{
    private static readonly Lazy<string> ShippedHash = new(() => ContentHashOf(ShippedBytes()) ?? string.Empty);

    private readonly QuestionnaireRepository _repository;
    private readonly LedgerRecorder _ledger;
    private readonly TimeProvider _clock;

    public QuestionnaireVersions(QuestionnaireRepository repository, LedgerRecorder ledger, TimeProvider clock)
    {
        _repository = repository;
        _ledger = ledger;
        _clock = clock;
    }

    /// <summary>The built-in version, as the list shows it.</summary>
    public static QuestionnaireVersion Shipped => new(QuestionnaireLoader.Shipped.Key, QuestionnaireLoader.Shipped.Title, true, null, null, null, ShippedHash.Value);

    /// <summary>
    /// Checks a file and, when it is a valid version the tenant does not have, stores it and records
    /// <c>assessment.questionnaire.load</c>. Whoever may call this is the command's declaration (compliance leads).
    /// </summary>
    public async Task<QuestionnaireLoad> LoadAsync(Caller caller, string fileName, byte[] content, string? sourceActivityId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(content);
        var loaded = QuestionnaireLoader.Load(content);
        if (!loaded.TryGetValue(out var questionnaire))
        {
            return new QuestionnaireLoad(QuestionnaireLoadStatus.Invalid, fileName, loaded.Errors);
        }

        // The loader accepted it, so it is JSON: the hash compares content, not white space.
        var hash = ContentHashOf(content)!;
        if (string.Equals(questionnaire.Key, QuestionnaireLoader.Shipped.Key, StringComparison.Ordinal))
        {
            return new QuestionnaireLoad(
                string.Equals(hash, ShippedHash.Value, StringComparison.Ordinal) ? QuestionnaireLoadStatus.AlreadyLoaded : QuestionnaireLoadStatus.VersionConflict,
                fileName, [], questionnaire, Shipped);
        }

        var stored = new StoredQuestionnaire(
            questionnaire.Key, questionnaire.Title, Text(content), hash, caller.UserKey, caller.Name, _clock.GetUtcNow(), Shorten(fileName, 200));
        try
        {
            await _repository.AddAsync(caller.TenantId, stored, cancellationToken);
        }
        catch (EntityAlreadyExistsException)
        {
            var existing = await _repository.GetAsync(caller.TenantId, questionnaire.Key, cancellationToken)
                ?? throw new InvalidOperationException($"Questionnaire {questionnaire.Key} exists and yet could not be read.");
            return new QuestionnaireLoad(
                string.Equals(existing.ContentHash, hash, StringComparison.Ordinal) ? QuestionnaireLoadStatus.AlreadyLoaded : QuestionnaireLoadStatus.VersionConflict,
                fileName, [], questionnaire, ToVersion(existing));
        }

        var after = new JsonObject
        {
            ["key"] = questionnaire.Key,
            ["title"] = questionnaire.Title,
            ["sections"] = questionnaire.Sections.Count,
            ["questions"] = questionnaire.Sections.Sum(s => s.Questions.Count),
            ["file"] = stored.FileName,
            ["sha256"] = hash,
        };
        await _ledger.RecordAsync(caller, LedgerEvents.QuestionnaireLoaded.About(questionnaire.Key, null, after.ToJsonString()), sourceActivityId, cancellationToken);
        return new QuestionnaireLoad(QuestionnaireLoadStatus.Loaded, fileName, [], questionnaire, ToVersion(stored));
    }

    /// <summary>Every version the tenant can use, the built-in one first, then loaded ones in the order they were loaded; the last is current.</summary>
    public async Task<IReadOnlyList<QuestionnaireVersion>> ListAsync(string tenantId, CancellationToken cancellationToken) =>
        [Shipped, .. (await _repository.ListAsync(tenantId, cancellationToken)).Select(ToVersion)];

    /// <summary>SHA-256 (hex) of the JSON without insignificant white space; null when it is not JSON.</summary>
    public static string? ContentHashOf(ReadOnlySpan<byte> utf8Json)
    {
        try
        {
            var node = JsonNode.Parse(Text(utf8Json), documentOptions: new JsonDocumentOptions { MaxDepth = 16 });
            var compact = node?.ToJsonString() ?? "null";
            return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(compact)));
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static QuestionnaireVersion ToVersion(StoredQuestionnaire stored) =>
        new(stored.Key, stored.Title, false, stored.LoadedBy, stored.LoadedByName, stored.LoadedAt, stored.ContentHash);

    /// <summary>The file as text, without the byte order mark Windows editors write.</summary>
    private static string Text(ReadOnlySpan<byte> utf8) =>
        Encoding.UTF8.GetString(utf8.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? utf8[3..] : utf8);

    private static byte[] ShippedBytes()
    {
        using var stream = typeof(QuestionnaireLoader).Assembly.GetManifestResourceStream(QuestionnaireLoader.ShippedResource)
            ?? throw new InvalidOperationException($"The built-in questionnaire {QuestionnaireLoader.ShippedResource} is missing from the assembly.");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }

    private static string Shorten(string text, int max) => text.Length > max ? text[..max] : text;
}
