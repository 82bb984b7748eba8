using AimsBot.Domain.Access;
using AimsBot.Files;
using AimsBot.Workflows;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AimsBot.Assessments.Reports;

internal static class AssessmentReportsRegistration
{
    /// <summary>
    /// Reading assessments in chat (<c>assessment</c>, <c>assessments</c>) and the DOCX report (<c>export assessment</c>).
    /// The declarations let anyone identified ask (<see cref="DomainAction.ViewImpactAssessments"/>'s best case: their
    /// own system); the queries decide per assessment. Role-restricted answers, so the 1:1 chat; an auditor's use is
    /// recorded.
    /// </summary>
    public static void AddAssessmentReports(this IServiceCollection services, WorkflowBuilder assessments)
    {
        assessments.Welcome("As an auditor, you read how every AI system's impact was assessed: `assessments`, `assessment <system>`, and the Word report with `export assessment <system>`.", Role.Auditor);
        services.TryAddSingleton<AssessmentReportQueries>();
        services.AddSingleton<IExportSource, AssessmentExport>();
        assessments.Command<AssessmentCommand>("assessment", "assessment <system> [version]", "One AI system's impact assessment in brief: answers, level, assessor, approver, dates, next due.", DomainAction.ViewImpactAssessments)
            .PersonalChatOnly()
            .AuditedQuery();
        assessments.Command<AssessmentsCommand>("assessments", "assessments", "Every AI system's impact assessment status: none, draft, submitted, returned, approved, due, overdue.", DomainAction.ViewImpactAssessments)
            .PersonalChatOnly()
            .AuditedQuery();
    }
}
