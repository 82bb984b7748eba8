using System.Collections.Concurrent;
using AimsBot.Domain.Assessments;
using AimsBot.Storage.Assessments;

namespace AimsBot.Assessments;

/// <summary>
/// The questionnaire versions a tenant's assessments answer: <see cref="CurrentAsync"/> is what a new assessment
/// uses; <see cref="GetAsync"/> finds the version a running assessment started with (it keeps it for its life).
/// The version built into the bot (<see cref="QuestionnaireLoader.Shipped"/>) and the versions compliance leads
/// loaded (<c>questionnaire load</c>, the <c>Questionnaires</c> table): the one loaded last is current.
/// </summary>
public sealed class QuestionnaireCatalog
{
    private readonly QuestionnaireRepository _loaded;

    /// <summary>Loaded versions never change, so each is read and checked once per tenant and kept.</summary>
    private readonly ConcurrentDictionary<(string Tenant, string Key), Questionnaire> _read = new();

    public QuestionnaireCatalog(QuestionnaireRepository loaded) => _loaded = loaded;

    /// <summary>The version a new assessment in the tenant starts with: the one loaded last, else the built-in one.</summary>
    public async Task<Questionnaire> CurrentAsync(string tenantId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tenantId);
        var versions = await _loaded.ListAsync(tenantId, cancellationToken);
        return versions.Count == 0
            ? QuestionnaireLoader.Shipped
            : await GetAsync(tenantId, versions[^1].Key, cancellationToken) ?? QuestionnaireLoader.Shipped;
    }

    /// <summary>A version by its <see cref="Questionnaire.Key"/> (<c>impact-assessment@1.0</c>), or null when the tenant has none such.</summary>
    public async Task<Questionnaire?> GetAsync(string tenantId, string key, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tenantId);
        var shipped = QuestionnaireLoader.Shipped;
        if (string.Equals(key, shipped.Key, StringComparison.Ordinal))
        {
            return shipped;
        }

        if (_read.TryGetValue((tenantId, key), out var known))
        {
            return known;
        }

        if (await _loaded.GetAsync(tenantId, key, cancellationToken) is not { } stored)
        {
            return null;
        }

        // Stored data is input too: a version that no longer reads is corrupt, not a version to answer.
        var read = QuestionnaireLoader.Load(stored.Json);
        if (!read.TryGetValue(out var questionnaire) || !string.Equals(questionnaire.Key, key, StringComparison.Ordinal))
        {
            throw new InvalidDataException($"The stored questionnaire {key} of tenant {tenantId} does not read: {(read.IsSuccess ? "its key differs" : read.ErrorMessage)}");
        }

        return _read.GetOrAdd((tenantId, key), questionnaire);
    }
}
