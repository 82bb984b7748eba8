using AimsBot.Domain.Access;
using AimsBot.Storage;
using AimsBot.Storage.Risks;
using AimsBot.Workflows;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AimsBot.Risks.FollowUp;

public static class RiskFollowUpServiceCollectionExtensions
{
    /// <summary>
    /// What follows an approval: treatment actions and acceptance re-reviews nudged by the due scan (the RiskFollowUps
    /// table), the action card's buttons, the risks each control treats (SoA, <c>control &lt;id&gt;</c>), <c>export risks</c>.
    /// </summary>
    public static IServiceCollection AddRiskFollowUp(this IServiceCollection services, WorkflowBuilder risks)
    {
        ArgumentNullException.ThrowIfNull(risks);
        services.AddStorageTable(RiskFollowUpStore.TableName);
        services.TryAddSingleton<RiskFollowUpStore>();
        services.TryAddSingleton<RiskFollowUpScan>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Nudges.IDueScanPart, RiskFollowUpScan>());
        services.TryAddSingleton<ControlRisks>();
        services.TryAddSingleton<RiskActionCardActions>();
        services.AddSingleton<Files.IExportSource, RiskExport>();

        // Anyone may refresh a card they see; what it shows is for the action's owner and those who may read the risk.
        risks.Verb<RiskActionRefreshAction>(RiskFollowUpCards.RefreshVerb, DomainAction.ViewRisks);
        // Done: the action's owner, the risk owner, the system's owner or a compliance lead (Risk.CompleteAction decides).
        risks.Verb<RiskActionDoneAction>(RiskFollowUpCards.DoneVerb, DomainAction.RespondToReminder);
        // Snooze: the action's owner (checked on the stored risk).
        risks.Verb<RiskActionSnoozeAction>(RiskFollowUpCards.SnoozeVerb, DomainAction.RespondToReminder);
        return services;
    }
}
