using Hangfire;
using Hangfire.Dashboard;
using Hangfire.PostgreSql;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace AimsBot.Scheduling;

/// <summary>Hangfire is the clock: it runs the cadences. State lives in tables, so any job may be re-run safely.</summary>
public static class SchedulingServiceCollectionExtensions
{
    public static IServiceCollection AddScheduling(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SchedulingOptions>().Bind(configuration.GetSection(SchedulingOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SchedulingOptions>, SchedulingOptionsValidator>());

        // Read when Hangfire's storage is first needed, from validated options.
        services.AddHangfire((sp, config) =>
        {
            var options = sp.GetRequiredService<IOptions<SchedulingOptions>>().Value;
            config.SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
                .UseSimpleAssemblyNameTypeSerializer()
                .UseRecommendedSerializerSettings();
            if (options.StorageKind == SchedulingStorage.PostgreSql)
            {
                var postgres = sp.GetRequiredService<IConfiguration>().GetConnectionString(SchedulingOptions.ConnectionStringName);
                config.UsePostgreSqlStorage(
                    pg => pg.UseNpgsqlConnection(postgres),
                    new PostgreSqlStorageOptions { SchemaName = options.Schema, PrepareSchemaIfNecessary = true, QueuePollInterval = TimeSpan.FromSeconds(1) });
            }
            else
            {
                config.UseInMemoryStorage();
            }

            // Bounded retries: a job that keeps failing is left failed for a person to look at.
            config.UseFilter(new AutomaticRetryAttribute { Attempts = 3 });
        });
        services.AddHangfireServer((sp, server) =>
        {
            server.WorkerCount = sp.GetRequiredService<IOptions<SchedulingOptions>>().Value.WorkerCount;
        });
        services.AddTransient<HeartbeatJob>();
        services.AddHostedService<RecurringJobsRegistrar>();
        return services;
    }

    /// <summary>The dashboard: in Development from loopback only; elsewhere only when explicitly enabled, still loopback only.</summary>
    public static WebApplication MapSchedulingDashboard(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<SchedulingOptions>>().Value;
        if (app.Environment.IsDevelopment() || options.DashboardOnLoopback)
        {
            app.UseHangfireDashboard("/hangfire", new DashboardOptions { Authorization = [new LocalRequestsOnlyAuthorizationFilter()], IsReadOnlyFunc = _ => !app.Environment.IsDevelopment() });
        }

        return app;
    }
}

/// <summary>Declares workflows' recurring jobs.</summary>
public static class RecurringJobServiceCollectionExtensions
{
    /// <summary>
    /// Declares a recurring job (cron in UTC) once the host has started: AddOrUpdate by <paramref name="jobId"/>, so
    /// every host of a deployment may declare it and it still runs once per occurrence.
    /// </summary>
    public static IServiceCollection AddRecurringJob<TJob>(this IServiceCollection services, string jobId, string cron, System.Linq.Expressions.Expression<Func<TJob, Task>> run)
    {
        services.AddHostedService(sp => new RecurringJobRegistrar<TJob>(sp.GetRequiredService<IRecurringJobManager>(), jobId, () => cron, run));
        return services;
    }

    /// <summary>
    /// Declares a recurring job whose cron is a setting: read from the validated <typeparamref name="TOptions"/> when the
    /// host starts (never from configuration at registration), so a bad cron refuses start-up naming its key.
    /// </summary>
    public static IServiceCollection AddRecurringJob<TJob, TOptions>(this IServiceCollection services, string jobId, Func<TOptions, string> cron, System.Linq.Expressions.Expression<Func<TJob, Task>> run)
        where TOptions : class
    {
        services.AddHostedService(sp => new RecurringJobRegistrar<TJob>(sp.GetRequiredService<IRecurringJobManager>(), jobId, () => cron(sp.GetRequiredService<IOptions<TOptions>>().Value), run));
        return services;
    }
}

internal sealed class RecurringJobRegistrar<TJob>(IRecurringJobManager jobs, string jobId, Func<string> cron, System.Linq.Expressions.Expression<Func<TJob, Task>> run) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        jobs.AddOrUpdate(jobId, run, cron(), new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>Declares the heartbeat once the host has started (idempotent: AddOrUpdate by id), and beats once.</summary>
internal sealed class RecurringJobsRegistrar : IHostedService
{
    private readonly IRecurringJobManager _jobs;
    private readonly IOptions<SchedulingOptions> _options;

    public RecurringJobsRegistrar(IRecurringJobManager jobs, IOptions<SchedulingOptions> options)
    {
        _jobs = jobs;
        _options = options;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _jobs.AddOrUpdate<HeartbeatJob>(HeartbeatJob.RecurringJobId, job => job.RunAsync(CancellationToken.None), _options.Value.HeartbeatCron, new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc });
        // Beat once at start so /healthz has a heartbeat to show straight away.
        _jobs.Trigger(HeartbeatJob.RecurringJobId);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
