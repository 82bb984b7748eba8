using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using AimsBot.Hosting;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AimsBot.Health;

public static class HealthEndpoint
{
    public static IServiceCollection AddAimsBotHealth(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<TableStorageHealthCheck>("tableStorage", timeout: TimeSpan.FromSeconds(5))
            .AddCheck<HangfireHealthCheck>("hangfire", timeout: TimeSpan.FromSeconds(5))
            .AddCheck<HeartbeatHealthCheck>("heartbeat", timeout: TimeSpan.FromSeconds(5));
        return services;
    }

    /// <summary>GET /healthz: JSON with each dependency's state; 200 when healthy or degraded, 503 when unhealthy.</summary>
    public static IEndpointConventionBuilder MapAimsBotHealth(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapHealthChecks("/healthz", new HealthCheckOptions { ResponseWriter = WriteAsync });

    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        var body = new HealthResponse(
            report.Status.ToString(),
            report.Entries.ToDictionary(
                e => e.Key,
                e => new HealthEntry(e.Value.Status.ToString(), e.Value.Description, e.Value.Data.Count == 0 ? null : e.Value.Data.ToDictionary(d => d.Key, d => d.Value.ToString() ?? ""))),
            Math.Round(report.TotalDuration.TotalMilliseconds));
        return JsonSerializer.SerializeAsync(context.Response.Body, body, HostJsonContext.Default.HealthResponse, context.RequestAborted);
    }
}

public sealed record HealthResponse(string Status, Dictionary<string, HealthEntry> Checks, double DurationMs);

public sealed record HealthEntry(string Status, string? Description, Dictionary<string, string>? Data);
