using System.Net;
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

    /// <summary>
    /// GET /healthz: 200 when healthy or degraded, 503 when unhealthy. Anyone gets <c>{"status":"healthy|degraded|unhealthy"}</c>;
    /// only a caller on loopback (an operator on the machine) also gets each check's description and data, which carry
    /// exception text, storage and host names.
    /// </summary>
    public static IEndpointConventionBuilder MapAimsBotHealth(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapHealthChecks("/healthz", new HealthCheckOptions { ResponseWriter = WriteAsync });

    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        if (!IsLoopback(context.Connection.RemoteIpAddress))
        {
            return JsonSerializer.SerializeAsync(context.Response.Body, new HealthStatusResponse(Name(report.Status)), HostJsonContext.Default.HealthStatusResponse, context.RequestAborted);
        }

        var body = new HealthResponse(
            Name(report.Status),
            report.Entries.ToDictionary(
                e => e.Key,
                e => new HealthEntry(Name(e.Value.Status), e.Value.Description, e.Value.Data.Count == 0 ? null : e.Value.Data.ToDictionary(d => d.Key, d => d.Value.ToString() ?? ""))),
            Math.Round(report.TotalDuration.TotalMilliseconds));
        return JsonSerializer.SerializeAsync(context.Response.Body, body, HostJsonContext.Default.HealthResponse, context.RequestAborted);
    }

    /// <summary>No remote address (an in-process call) is not loopback: details need a caller known to be on the machine.</summary>
    private static bool IsLoopback(IPAddress? address) =>
        address is not null && IPAddress.IsLoopback(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address);

    private static string Name(HealthStatus status) => status switch
    {
        HealthStatus.Healthy => "healthy",
        HealthStatus.Degraded => "degraded",
        _ => "unhealthy",
    };
}

/// <summary>What /healthz tells a caller not on loopback.</summary>
public sealed record HealthStatusResponse(string Status);

public sealed record HealthResponse(string Status, Dictionary<string, HealthEntry> Checks, double DurationMs);

public sealed record HealthEntry(string Status, string? Description, Dictionary<string, string>? Data);
