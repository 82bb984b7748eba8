using AimsBot.Domain.Assessments;

namespace AimsBot.Assessments;

/// <summary>
/// The questionnaire versions a tenant's assessments answer: <see cref="CurrentAsync"/> is what a new assessment
/// uses; <see cref="GetAsync"/> finds the version a running assessment started with (it keeps it for its life).
/// Today only the version built into the bot (<see cref="QuestionnaireLoader.Shipped"/>).
/// </summary>
public sealed class QuestionnaireCatalog
{
    /// <summary>The version a new assessment in the tenant starts with.</summary>
    public Task<Questionnaire> CurrentAsync(string tenantId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tenantId);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(QuestionnaireLoader.Shipped);
    }

    /// <summary>A version by its <see cref="Questionnaire.Key"/> (<c>impact-assessment@1.0</c>), or null when the tenant has none such.</summary>
    public Task<Questionnaire?> GetAsync(string tenantId, string key, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tenantId);
        cancellationToken.ThrowIfCancellationRequested();
        var shipped = QuestionnaireLoader.Shipped;
        return Task.FromResult(string.Equals(key, shipped.Key, StringComparison.Ordinal) ? shipped : null);
    }
}
