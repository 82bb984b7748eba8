using AimsBot.Storage;
using AimsBot.Storage.Risks;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AimsBot.Assessments.Approval;

public static class ApprovalServiceCollectionExtensions
{
    /// <summary>The approval of impact assessments: routing, the card's service, what approval does, and the ProposedRisks table.</summary>
    public static IServiceCollection AddApproval(this IServiceCollection services)
    {
        services.AddStorageTable(ProposedRiskRepository.TableName);
        services.TryAddSingleton<ProposedRiskRepository>();
        services.TryAddSingleton<AimsBot.Access.ReachableDeciders>();
        services.TryAddSingleton<ApproverRouting>();
        services.TryAddSingleton<ApprovalEffects>();
        services.TryAddSingleton<AssessmentApprovals>();
        return services;
    }
}
