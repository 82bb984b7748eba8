using Hangfire;
using Hangfire.Dashboard;
using Hangfire.PostgreSql;
using Microsoft.Extensions.Options;

namespace AimsBot.Scheduling;

/// <summary>Hangfire is the clock: it runs the cadences. State lives in tables, so any job may be re-run safely.</summary>
public static class SchedulingServiceCollectionExtensions
{
    public static IServiceCollection AddScheduling(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(SchedulingOptions.SectionName);
        services.AddOptions<SchedulingOptions>().Bind(section);
        var options = section.Get<SchedulingOptions>() ?? new SchedulingOptions();

        var usePostgres = options.Storage.ToUpperInvariant() switch
        {
            "INMEMORY" => false,
            "POSTGRESQL" => true,
            _ => throw new InvalidOperationException($"Hangfire:Storage '{options.Storage}' is not known: use InMemory (one instance) or PostgreSql (scale-out, with ConnectionStrings:Hangfire)."),
        };
        var postgres = configuration.GetConnectionString("Hangfire");
        if (usePostgres && string.IsNullOrWhiteSpace(postgres))
        {
            throw new InvalidOperationException("Hangfire:Storage is PostgreSql but ConnectionStrings:Hangfire is empty: set ConnectionStrings__Hangfire to the PostgreSQL connection string.");
        }

        services.AddHangfire(config =>
        {
            config.SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
                .UseSimpleAssemblyNameTypeSerializer()
                .UseRecommendedSerializerSettings();
            if (usePostgres)
            {
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

/// <summary>Declares the recurring jobs once the host has started (idempotent: AddOrUpdate by id).</summary>
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
