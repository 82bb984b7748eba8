using AimsBot.Assessments.Triggers;
using AimsBot.Storage;
using AimsBot.Storage.Assessments;
using AimsBot.Workflows;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace AimsBot.Assessments;

public static class AssessmentsServiceCollectionExtensions
{
    /// <summary>
    /// AI system impact assessments (ISO/IEC 42001 6.1.4, 8.4, A.5): options, the ImpactAssessments table, the
    /// questionnaire catalogue, and what people can ask and press. Needs the register (<c>AddRegister</c>) and the
    /// ledger (<c>AddLedger</c>).
    /// </summary>
    public static IServiceCollection AddAssessments(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(AssessmentOptions.SectionName);
        // Bound lazily and validated at start-up. The binder appends a configured list to the default one: a matrix
        // that is configured replaces the built-in one instead.
        services.AddOptions<AssessmentOptions>()
            .Configure(o =>
            {
                if (section.GetSection($"{nameof(AssessmentOptions.Scoring)}:{nameof(AssessmentOptions.Scoring.Matrix)}").GetChildren().Any())
                {
                    o.Scoring.Matrix = [];
                }
            })
            .Bind(section)
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AssessmentOptions>, AssessmentOptionsValidator>());

        services.AddStorageTable(ImpactAssessmentRepository.TableName);
        services.TryAddSingleton<ImpactAssessmentRepository>();
        services.TryAddSingleton<QuestionnaireCatalog>();

        var assessments = services.AddWorkflow("assessments")
            .Welcome("If you own an AI system, you assess its impact here, step by step: say `assess <system>` and carry on any time.");

        // --- core (Steps/): assess, the step cards and their buttons ---

        // --- approval (Approval/) ---

        // --- reports (Reports/) ---

        // --- triggers (Triggers/, Questionnaires/) ---
        assessments.AddTriggersAndQuestionnaires();

        _ = assessments;
        return services;
    }
}
