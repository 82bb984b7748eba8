namespace AimsBot.Scheduling;

/// <summary>How Hangfire keeps its jobs. Bound from <c>Hangfire</c>.</summary>
public sealed class SchedulingOptions
{
    public const string SectionName = "Hangfire";

    /// <summary><c>InMemory</c> (one instance) or <c>PostgreSql</c> (scale-out, with <c>ConnectionStrings:Hangfire</c>).</summary>
    public string Storage { get; set; } = "InMemory";

    /// <summary>The PostgreSQL schema Hangfire creates its tables in.</summary>
    public string Schema { get; set; } = "hangfire";

    /// <summary>How often the heartbeat job runs (a cron expression).</summary>
    public string HeartbeatCron { get; set; } = "* * * * *";

    /// <summary>Serve the dashboard at /hangfire outside Development too (still loopback only). Off by default.</summary>
    public bool DashboardOnLoopback { get; set; }

    public int WorkerCount { get; set; } = Math.Max(2, Environment.ProcessorCount * 2);
}
