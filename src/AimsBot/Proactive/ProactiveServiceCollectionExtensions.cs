using AimsBot.Storage;
using AimsBot.Storage.Outbox;
using Hangfire;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AimsBot.Proactive;

public static class ProactiveServiceCollectionExtensions
{
    /// <summary>The outbox, its sender, and the recurring drain (every minute, cron <c>Proactive:DrainCron</c>).</summary>
    public static IServiceCollection AddProactiveDelivery(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddStorageTable(OutboxStore.TableName);
        services.AddStorageTable(OutboxStore.TenantsTableName);
        services.TryAddSingleton<OutboxStore>();
        services.TryAddSingleton<OutboxSender>();
        services.AddTransient<OutboxDrainJob>();
        var cron = configuration["Proactive:DrainCron"] ?? "* * * * *";
        services.AddHostedService(sp => new OutboxJobRegistrar(sp.GetRequiredService<IRecurringJobManager>(), cron));
        return services;
    }
}

internal sealed class OutboxJobRegistrar(IRecurringJobManager jobs, string cron) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        jobs.AddOrUpdate<OutboxDrainJob>(OutboxDrainJob.RecurringJobId, job => job.RunAsync(CancellationToken.None), cron, new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
