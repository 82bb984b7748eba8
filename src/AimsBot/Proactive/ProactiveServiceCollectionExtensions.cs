using AimsBot.Storage;
using AimsBot.Storage.Outbox;
using AimsBot.Scheduling;
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
        services.AddRecurringJob<OutboxDrainJob>(OutboxDrainJob.RecurringJobId, cron, job => job.RunAsync(CancellationToken.None));
        return services;
    }
}
