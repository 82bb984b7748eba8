namespace AimsBot.Testing;

/// <summary>
/// A clock that starts at a stated instant and then moves on with real elapsed time (the monotonic timestamp,
/// never the wall clock's date); its timers are real timers. For hosts whose own background work waits on
/// their TimeProvider (a repeat delivery waiting for the first, retry back-off, pacing) where a
/// FakeTimeProvider would stop that work until the test moves it: the date is the test's, the seconds are real.
/// Use FakeTimeProvider where a test must control every tick.
/// </summary>
public sealed class RunningClock : TimeProvider
{
    private readonly Lock _gate = new();
    private DateTimeOffset _anchor;
    private long _anchoredAt;

    public RunningClock(DateTimeOffset start) => SetUtcNow(start);

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return _anchor + GetElapsedTime(_anchoredAt);
        }
    }

    /// <summary>Sets the time (either way): the clock runs on from <paramref name="instant"/>.</summary>
    public void SetUtcNow(DateTimeOffset instant)
    {
        lock (_gate)
        {
            _anchor = instant.ToUniversalTime();
            _anchoredAt = GetTimestamp();
        }
    }

    /// <summary>Jumps forward (or back, with a negative span) without waiting.</summary>
    public void Advance(TimeSpan by)
    {
        lock (_gate)
        {
            _anchor += by;
        }
    }
}
