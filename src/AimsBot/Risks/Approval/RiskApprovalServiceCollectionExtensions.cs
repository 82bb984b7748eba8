using AimsBot.Domain.Access;
using AimsBot.Workflows;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AimsBot.Risks.Approval;

public static class RiskApprovalServiceCollectionExtensions
{
    /// <summary>The approval of treatment plans: routing, the approval card's service, and its buttons on the risks workflow.</summary>
    public static IServiceCollection AddRiskApproval(this IServiceCollection services, WorkflowBuilder risks)
    {
        ArgumentNullException.ThrowIfNull(risks);
        services.TryAddSingleton<AimsBot.Access.ReachableDeciders>();
        services.TryAddSingleton<RiskApproverRouting>();
        services.TryAddSingleton<RiskApprovals>();
        // Everyone identified may ask for their view: the handler decides on the loaded risk (ViewRisks with its people).
        risks.Verb<RiskApprovalRefreshAction>(RiskApprovalCards.RefreshVerb, DomainAction.ViewRisks);
        // Anyone may attempt a decision (the risk owner's manager needs no role); the risk decides who may, by its route.
        risks.Verb<RiskApprovalApproveAction>(RiskApprovalCards.ApproveVerb, DomainAction.ApproveRiskTreatment);
        risks.Verb<RiskApprovalRejectAction>(RiskApprovalCards.RejectVerb, DomainAction.ApproveRiskTreatment);
        risks.Verb<RiskApprovalRequestChangesAction>(RiskApprovalCards.RequestChangesVerb, DomainAction.ApproveRiskTreatment);
        return services;
    }
}
