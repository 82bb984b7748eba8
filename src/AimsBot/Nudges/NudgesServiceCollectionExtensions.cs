using AimsBot.Storage;
using AimsBot.Storage.Nudges;
using AimsBot.Conversations;
using Hangfire;
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
            .Bind(section);
        services.AddStorageTable(NudgeStateStore.TableName);
        services.TryAddSingleton<NudgeStateStore>();

        // Due scan (job, nudge now, escalation):
        services.TryAddSingleton<DueScan>();
        services.AddTransient<DueScanJob>();
        services.AddChatCommand<NudgeNowCommand>();
        var cron = configuration.GetSection(NudgeOptions.SectionName)[nameof(NudgeOptions.ScanCron)] ?? new NudgeOptions().ScanCron;
        services.AddHostedService(sp => new DueScanJobRegistrar(sp.GetRequiredService<IRecurringJobManager>(), cron));

        // Card actions (refresh, evidence, not applicable, snooze, reassign):
        return services;
    }
}

/// <summary>Declares the recurring due scan once the host has started (idempotent: AddOrUpdate by id).</summary>
internal sealed class DueScanJobRegistrar(IRecurringJobManager jobs, string cron) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        jobs.AddOrUpdate<DueScanJob>(DueScanJob.RecurringJobId, job => job.RunAsync(CancellationToken.None), cron, new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
