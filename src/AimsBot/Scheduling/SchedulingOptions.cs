namespace AimsBot.Scheduling;

/// <summary>Where Hangfire keeps its jobs.</summary>
public enum SchedulingStorage
{
    InMemory,
    PostgreSql,
}

/// <summary>How Hangfire keeps and runs its jobs. Bound from <c>Hangfire</c>; validated at start-up.</summary>
public sealed class SchedulingOptions
{
    public const string SectionName = "Hangfire";

    /// <summary>The connection string (<c>ConnectionStrings:Hangfire</c>) used with <c>PostgreSql</c>.</summary>
    public const string ConnectionStringName = "Hangfire";

    public const int MaxWorkerCount = 100;

    /// <summary><c>InMemory</c> (one instance) or <c>PostgreSql</c> (scale-out, with <c>ConnectionStrings:Hangfire</c>).</summary>
    public string Storage { get; set; } = "InMemory";

    /// <summary>The PostgreSQL schema Hangfire creates its tables in.</summary>
    public string Schema { get; set; } = "hangfire";

    /// <summary>How often the heartbeat job runs (a cron expression).</summary>
    public string HeartbeatCron { get; set; } = "* * * * *";

    /// <summary>Serve the dashboard at /hangfire outside Development too (still loopback only). Off by default.</summary>
    public bool DashboardOnLoopback { get; set; }

    /// <summary>Jobs this instance runs at once.</summary>
    public int WorkerCount { get; set; } = Math.Max(2, Environment.ProcessorCount * 2);

    /// <summary><see cref="Storage"/> read case-insensitively; null when it names no storage Hangfire has here.</summary>
    public SchedulingStorage? StorageKind =>
        Storage?.Trim().ToUpperInvariant() switch
        {
            "INMEMORY" => SchedulingStorage.InMemory,
            "POSTGRESQL" => SchedulingStorage.PostgreSql,
            _ => null,
        };
}
