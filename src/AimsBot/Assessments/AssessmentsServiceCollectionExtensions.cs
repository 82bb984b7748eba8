using AimsBot.Assessments.Approval;
using AimsBot.Assessments.Reports;
using AimsBot.Assessments.Steps;
using AimsBot.Assessments.Triggers;
using AimsBot.Domain.Access;
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
        services.TryAddSingleton<AssessmentService>();

        var assessments = services.AddWorkflow("assessments")
            .Welcome("If you own an AI system, you assess its impact here, step by step: say `assess <system>` and carry on any time.");

        // --- core (Steps/): assess, the step cards and their buttons ---
        services.TryAddSingleton<AssessmentSteps>();
        assessments.Command<AssessCommand>(AssessCommand.Name, AssessCommand.Usage, "Start or carry on the impact assessment of an AI system you own, step by step (its owner or a compliance lead).", DomainAction.AssessImpact);
        // Whether the caller owns this system, leads, or was asked to answer this step is decided on the stored assessment.
        assessments.Verb<StepBackAction>(AssessmentStepCards.BackVerb, DomainAction.AnswerImpactAssessment);
        assessments.Verb<StepNextAction>(AssessmentStepCards.NextVerb, DomainAction.AnswerImpactAssessment);
        assessments.Verb<StepSaveAction>(AssessmentStepCards.SaveVerb, DomainAction.AnswerImpactAssessment);
        assessments.Verb<StepAddItemAction>(AssessmentStepCards.AddItemVerb, DomainAction.AnswerImpactAssessment);
        assessments.Verb<StepRemoveItemAction>(AssessmentStepCards.RemoveItemVerb, DomainAction.AnswerImpactAssessment);
        assessments.Verb<StepOpenAction>(AssessmentStepCards.OpenVerb, DomainAction.AnswerImpactAssessment);
        assessments.Verb<StepAskAction>(AssessmentStepCards.AskVerb, DomainAction.AssessImpact);
        assessments.Verb<StepSubmitAction>(AssessmentStepCards.SubmitVerb, DomainAction.AssessImpact);

        // --- approval (Approval/) ---
        services.AddApproval();
        // The card's refresh shows each viewer their own view (read-only unless they may decide); who may read it at all is
        // decided on the loaded assessment (participants, the named approver, leads, approvers, auditors).
        assessments.Verb<ApprovalRefreshAction>(ApprovalCards.RefreshVerb, DomainAction.ViewImpactAssessments);
        // Anyone may attempt a decision (the owner's manager needs no role); the assessment decides who may (rule 8).
        assessments.Verb<ApprovalApproveAction>(ApprovalCards.ApproveVerb, DomainAction.ApproveImpactAssessment);
        assessments.Verb<ApprovalReturnAction>(ApprovalCards.ReturnVerb, DomainAction.ApproveImpactAssessment);

        // --- reports (Reports/) ---
        services.AddAssessmentReports(assessments);

        // --- triggers (Triggers/, Questionnaires/) ---
        assessments.AddTriggersAndQuestionnaires();

        return services;
    }
}
