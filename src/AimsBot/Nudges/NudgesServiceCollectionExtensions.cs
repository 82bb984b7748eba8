using AimsBot.Conversations;
using AimsBot.Storage;
using AimsBot.Storage.Nudges;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AimsBot.Nudges;

public static class NudgesServiceCollectionExtensions
{
    /// <summary>Control-owner nudges: the Nudges table, options, the due scan and the card actions.</summary>
    public static IServiceCollection AddNudges(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<NudgeOptions>().Bind(configuration.GetSection(NudgeOptions.SectionName));
        services.AddStorageTable(NudgeStateStore.TableName);
        services.TryAddSingleton<NudgeStateStore>();

        // Due scan (job, nudge now, escalation):

        // Card actions (refresh, evidence, not applicable, snooze, reassign):
        services.TryAddSingleton<NudgeLiveCards>();
        services.TryAddSingleton<NudgeCardActions>();
        services.AddCardAction<NudgeRefreshAction>();
        services.AddCardAction<NudgeEvidenceAction>();
        services.AddCardAction<NudgeNotApplicableAction>();
        services.AddCardAction<NudgeSnoozeAction>();
        services.AddCardAction<NudgeReassignAction>();
        services.AddCardAction<NudgeReassignApproveAction>();
        services.AddCardAction<NudgeReassignDeclineAction>();
        return services;
    }
}
