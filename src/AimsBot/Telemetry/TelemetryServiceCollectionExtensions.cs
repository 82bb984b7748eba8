using System.Diagnostics;
using System.Diagnostics.Metrics;
using Azure.Monitor.OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace AimsBot.Telemetry;

/// <summary>The bot's own traces and metrics, named so dashboards can find them.</summary>
public static class AimsBotTelemetry
{
    public const string Name = "AimsBot";
    public static readonly ActivitySource Source = new(Name);
    public static readonly Meter Meter = new(Name);
}

public static class TelemetryServiceCollectionExtensions
{
    /// <summary>
    /// OpenTelemetry traces and metrics for ASP.NET Core, outbound HTTP and the bot's own sources. Exported to
    /// Azure Monitor only when an Application Insights connection string is configured.
    /// </summary>
    public static IServiceCollection AddAimsBotTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        var connectionString = configuration["APPLICATIONINSIGHTS_CONNECTION_STRING"] ?? configuration["ApplicationInsights:ConnectionString"];
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(AimsBotTelemetry.Name))
            .WithTracing(t =>
            {
                t.AddSource(AimsBotTelemetry.Name, AimsBot.Teams.Telemetry.SourceName).AddAspNetCoreInstrumentation().AddHttpClientInstrumentation();
                if (!string.IsNullOrWhiteSpace(connectionString))
                {
                    t.AddAzureMonitorTraceExporter(o => o.ConnectionString = connectionString);
                }
            })
            .WithMetrics(m =>
            {
                m.AddMeter(AimsBotTelemetry.Name).AddAspNetCoreInstrumentation().AddHttpClientInstrumentation();
                if (!string.IsNullOrWhiteSpace(connectionString))
                {
                    m.AddAzureMonitorMetricExporter(o => o.ConnectionString = connectionString);
                }
            });
        _ = telemetry;
        return services;
    }
}
