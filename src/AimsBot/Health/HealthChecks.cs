using AimsBot.Scheduling;
using AimsBot.Storage;
using Hangfire;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace AimsBot.Health;

/// <summary>Can the bot read and write its state? One un-retried round trip to Table Storage.</summary>
internal sealed class TableStorageHealthCheck : IHealthCheck
{
    private readonly TableStore _store;
    private readonly TableInitializer _initializer;

    public TableStorageHealthCheck(TableStore store, TableInitializer initializer)
    {
        _store = store;
        _initializer = initializer;
    }

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await _store.ProbeAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"Table Storage is unreachable: {FirstLine(ex.Message)}. Check Storage:ConnectionString and that the account (or Azurite) is running.");
        }

        return _initializer.Ready.IsCompletedSuccessfully
            ? HealthCheckResult.Healthy("Table Storage reachable; tables ready.")
            : HealthCheckResult.Degraded($"Table Storage reachable; tables not created yet ({_initializer.LastError ?? "in progress"}).");
    }

    internal static string FirstLine(string message)
    {
        var line = message.Split('\n', 2)[0].Trim();
        return line.Length > 200 ? line[..200] : line;
    }
}

/// <summary>Is the clock running? Hangfire storage answers and at least one server is alive.</summary>
internal sealed class HangfireHealthCheck : IHealthCheck
{
    private readonly JobStorage _storage;
    private readonly IOptions<SchedulingOptions> _options;

    public HangfireHealthCheck(JobStorage storage, IOptions<SchedulingOptions> options)
    {
        _storage = storage;
        _options = options;
    }

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var servers = _storage.GetMonitoringApi().Servers();
            var data = new Dictionary<string, object> { ["storage"] = _options.Value.Storage, ["servers"] = servers.Count };
            return Task.FromResult(servers.Count > 0
                ? HealthCheckResult.Healthy($"{servers.Count} Hangfire server(s) on {_options.Value.Storage} storage.", data)
                : HealthCheckResult.Unhealthy($"No Hangfire server is running on {_options.Value.Storage} storage.", data: data));
        }
        catch (Exception ex)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy($"Hangfire storage ({_options.Value.Storage}) is unreachable: {TableStorageHealthCheck.FirstLine(ex.Message)}"));
        }
    }
}

/// <summary>Did the recurring heartbeat run lately? Stale means jobs are not being executed.</summary>
internal sealed class HeartbeatHealthCheck : IHealthCheck
{
    private static readonly TimeSpan Stale = TimeSpan.FromMinutes(5);
    private readonly SystemStateStore _state;
    private readonly TimeProvider _time;

    public HeartbeatHealthCheck(SystemStateStore state, TimeProvider time)
    {
        _state = state;
        _time = time;
    }

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        (DateTimeOffset At, string? Host)? beat;
        try
        {
            beat = await _state.GetHeartbeatAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"The last heartbeat cannot be read: {TableStorageHealthCheck.FirstLine(ex.Message)}");
        }

        if (beat is null)
        {
            return HealthCheckResult.Degraded("The heartbeat job has not run yet.");
        }

        var age = _time.GetUtcNow() - beat.Value.At;
        var data = new Dictionary<string, object>
        {
            ["lastHeartbeat"] = beat.Value.At.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            ["ageSeconds"] = Math.Round(age.TotalSeconds),
            ["host"] = beat.Value.Host ?? "",
        };
        return age <= Stale
            ? HealthCheckResult.Healthy($"Heartbeat {Math.Round(age.TotalSeconds)} s ago.", data)
            : HealthCheckResult.Degraded($"The last heartbeat was {age.TotalMinutes:F0} minutes ago: recurring jobs are not running.", data: data);
    }
}
