using AimsBot.Commands;
using AimsBot.Storage;
using AimsBot.Storage.Nudges;
using AimsBot.Scheduling;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace AimsBot.Nudges;

public static class NudgesServiceCollectionExtensions
{
    /// <summary>Control-owner nudges: the Nudges table, options, the due scan and the card actions.</summary>
    public static IServiceCollection AddNudges(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(NudgeOptions.SectionName);
        // Bound lazily (read when first resolved) and validated at start-up. The binder appends a configured list to
        // the default one ([7, 21] + [3] = [7, 21, 3]): a list that is configured replaces the default instead.
        services.AddOptions<NudgeOptions>()
            .Configure(o =>
            {
                if (section.GetSection(nameof(NudgeOptions.EscalationDays)).GetChildren().Any())
                {
                    o.EscalationDays = [];
                }

                if (section.GetSection(nameof(NudgeOptions.WorkingDays)).GetChildren().Any())
                {
                    o.WorkingDays = [];
                }
            })
            .Bind(section)
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<NudgeOptions>, NudgeOptionsValidator>());
        services.AddStorageTable(NudgeStateStore.TableName);
        services.TryAddSingleton<NudgeStateStore>();

        // Due scan (job, nudge now, escalation):
        services.TryAddSingleton<DueScan>();
        services.AddTransient<DueScanJob>();
        services.AddChatCommand<NudgeNowCommand>();
        services.AddRecurringJob<DueScanJob, NudgeOptions>(DueScanJob.RecurringJobId, o => o.ScanCron, job => job.RunAsync(CancellationToken.None));

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
