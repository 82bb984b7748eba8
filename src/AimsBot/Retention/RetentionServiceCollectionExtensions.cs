using AimsBot.Scheduling;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace AimsBot.Retention;

public static class RetentionServiceCollectionExtensions
{
    /// <summary>
    /// The daily purge of working rows past their window (ProcessedActivities, ExportOffers). Needs the stores it sweeps:
    /// the conversation layer's and file exports' (<c>AddFileExports</c>).
    /// </summary>
    public static IServiceCollection AddRetention(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RetentionOptions>().Bind(configuration.GetSection(RetentionOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RetentionOptions>, RetentionOptionsValidator>());
        services.AddTransient<RetentionSweepJob>();
        services.AddRecurringJob<RetentionSweepJob, RetentionOptions>(RetentionSweepJob.RecurringJobId, o => o.SweepCron, job => job.RunAsync(CancellationToken.None));
        return services;
    }
}
