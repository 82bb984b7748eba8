using AimsBot.Storage;

namespace AimsBot.Scheduling;

/// <summary>
/// Proves the clock ticks: a recurring job that records when it last ran, read back by /healthz.
/// Re-entrant: a re-run only moves the timestamp forward.
/// </summary>
public sealed class HeartbeatJob
{
    public const string RecurringJobId = "heartbeat";

    private readonly SystemStateStore _state;
    private readonly TableInitializer _tables;
    private readonly TimeProvider _time;

    public HeartbeatJob(SystemStateStore state, TableInitializer tables, TimeProvider time)
    {
        _state = state;
        _tables = tables;
        _time = time;
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        // The first beat is triggered at start-up, possibly before the tables exist: wait for them rather than
        // fail into Hangfire's retry back-off (which would leave /healthz without a heartbeat for minutes).
        await _tables.Ready.WaitAsync(TimeSpan.FromSeconds(60), _time, cancellationToken);
        await _state.RecordHeartbeatAsync(_time.GetUtcNow(), Environment.MachineName, cancellationToken);
    }
}
