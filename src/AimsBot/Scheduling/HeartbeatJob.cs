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
    private readonly TimeProvider _time;

    public HeartbeatJob(SystemStateStore state, TimeProvider time)
    {
        _state = state;
        _time = time;
    }

    public Task RunAsync(CancellationToken cancellationToken) =>
        _state.RecordHeartbeatAsync(_time.GetUtcNow(), Environment.MachineName, cancellationToken);
}
