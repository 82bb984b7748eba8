using AimsBot.Storage;
using AimsBot.Storage.Outbox;
using AimsBot.Scheduling;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace AimsBot.Proactive;

public static class ProactiveServiceCollectionExtensions
{
    /// <summary>The outbox, its sender, and the recurring drain (every minute; <c>Proactive:DrainCron</c>, validated at start-up).</summary>
    public static IServiceCollection AddProactiveDelivery(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddStorageTable(OutboxStore.TableName);
        services.AddStorageTable(OutboxStore.TenantsTableName);
        services.TryAddSingleton<OutboxStore>();
        services.TryAddSingleton<OutboxSender>();
        services.AddTransient<OutboxDrainJob>();
        services.AddOptions<ProactiveOptions>().Bind(configuration.GetSection(ProactiveOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ProactiveOptions>, ProactiveOptionsValidator>());
        services.AddRecurringJob<OutboxDrainJob, ProactiveOptions>(OutboxDrainJob.RecurringJobId, o => o.DrainCron, job => job.RunAsync(CancellationToken.None));
        return services;
    }
}
