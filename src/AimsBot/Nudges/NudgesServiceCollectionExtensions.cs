using AimsBot.Conversations;
using AimsBot.Storage;
using AimsBot.Storage.Nudges;
using AimsBot.Scheduling;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AimsBot.Nudges;

public static class NudgesServiceCollectionExtensions
{
    /// <summary>Control-owner nudges: the Nudges table, options, the due scan and the card actions.</summary>
    public static IServiceCollection AddNudges(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(NudgeOptions.SectionName);
        // The binder appends a configured list to the default one ([7, 21] + [3] = [7, 21, 3]): a list that is
        // configured replaces the default instead.
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
            .Validate(o => o.NudgeNowWait >= TimeSpan.Zero && o.NudgeNowWait <= NudgeOptions.MaxNudgeNowWait,
                $"Nudges:NudgeNowWait must be between 00:00:00 and {NudgeOptions.MaxNudgeNowWait:c} (how long nudge now waits for its scan before answering that it is running).")
            .ValidateOnStart();
        services.AddStorageTable(NudgeStateStore.TableName);
        services.TryAddSingleton<NudgeStateStore>();
        services.AddStorageTable(NudgeScanRunStore.TableName);
        services.TryAddSingleton<NudgeScanRunStore>();

        // Due scan: collect due periods, resolve recipients (shared with reassignment requests), remind, escalate,
        // record, ledger; the recurring job enqueues one job per tenant; nudge now enqueues its tenant's job.
        services.TryAddSingleton<DueScanTenants>();
        services.TryAddSingleton<DuePeriodCollector>();
        services.TryAddSingleton<OwnerAppInstaller>();
        services.TryAddSingleton<RecipientResolver>();
        services.TryAddSingleton<DueScanOutbox>();
        services.TryAddSingleton<OwnerReminders>();
        services.TryAddSingleton<DueEscalation>();
        services.TryAddSingleton<DuePeriodRecorder>();
        services.TryAddSingleton<DueScanLedger>();
        services.TryAddSingleton<OwnerScan>();
        services.TryAddSingleton<DueScan>();
        services.TryAddSingleton<NudgeNowRuns>();
        services.AddTransient<DueScanJob>();
        services.AddTransient<TenantDueScanJob>();
        services.AddChatCommand<NudgeNowCommand>();
        var cron = section[nameof(NudgeOptions.ScanCron)] ?? new NudgeOptions().ScanCron;
        services.AddRecurringJob<DueScanJob>(DueScanJob.RecurringJobId, cron, job => job.RunAsync(CancellationToken.None));

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
