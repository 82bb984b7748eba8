using AimsBot.Assessments.Questionnaires;
using AimsBot.Domain.Access;
using AimsBot.Nudges;
using AimsBot.Register;
using AimsBot.Storage;
using AimsBot.Storage.Assessments;
using AimsBot.Workflows;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AimsBot.Assessments.Triggers;

public static class AssessmentTriggersRegistration
{
    /// <summary>
    /// What makes an assessment due, and the questionnaire versions: the Questionnaires and SignificantChanges tables;
    /// <c>questionnaire load</c>, <c>questionnaires</c>, <c>system change</c>; the owner's card when a system is added
    /// (<see cref="ISystemChangeFollowUp"/>), falls due or changes, and its start button; the due scan's part
    /// (<see cref="IDueScanPart"/>). Needs the register, the nudges (recipients, working hours), the import's file
    /// download and the ledger.
    /// </summary>
    public static WorkflowBuilder AddTriggersAndQuestionnaires(this WorkflowBuilder assessments)
    {
        ArgumentNullException.ThrowIfNull(assessments);
        var services = assessments.Services;
        services.AddStorageTable(QuestionnaireRepository.TableName);
        services.TryAddSingleton<QuestionnaireRepository>();
        services.TryAddSingleton<QuestionnaireVersions>();
        services.AddStorageTable(SignificantChangeRepository.TableName);
        services.TryAddSingleton<SignificantChangeRepository>();
        services.TryAddSingleton<AssessmentCalls>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ISystemChangeFollowUp, NewSystemFollowUp>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IDueScanPart, ReassessmentScan>());

        assessments.Command<QuestionnaireLoadCommand>(QuestionnaireLoadCommand.Name, "questionnaire load (with a JSON file attached)", "Load a new version of the impact assessment questionnaire; new assessments use it.", DomainAction.ManageQuestionnaires);
        assessments.Command<QuestionnairesCommand>(QuestionnairesCommand.Name, QuestionnairesCommand.Name, "The questionnaire versions, and which one new impact assessments use.", DomainAction.ViewRegister).AuditedQuery();
        assessments.Command<SystemChangeCommand>(SystemChangeCommand.Name, SystemChangeCommand.Usage, "Record a significant change to an AI system: its impact assessment is due again.", DomainAction.AssessImpact);
        // The owner's "Start the assessment": the same as saying assess <system> (its declaration is checked again).
        assessments.Verb<AssessmentCallStartAction>(AssessmentTriggerCards.StartVerb, DomainAction.AssessImpact);
        return assessments;
    }
}
