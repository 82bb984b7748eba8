using System.Diagnostics;

namespace AimsBot.Testing;

/// <summary>
/// Waits for background work (a Hangfire job, a drain, a port) with a deadline in real elapsed time, measured
/// by a <see cref="Stopwatch"/>: how long to wait is real time; what day it is belongs to the test's clock.
/// </summary>
public static class Eventually
{
    /// <summary>Polls <paramref name="condition"/> until it holds or <paramref name="timeout"/> has passed; whether it held.</summary>
    public static async Task<bool> TrueAsync(Func<Task<bool>> condition, TimeSpan timeout, TimeSpan? poll = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var watch = Stopwatch.StartNew();
        while (true)
        {
            if (await condition())
            {
                return true;
            }

            if (watch.Elapsed >= timeout)
            {
                return false;
            }

            await Task.Delay(poll ?? TimeSpan.FromMilliseconds(200));
        }
    }

    /// <summary>Polls <paramref name="condition"/> until it holds or <paramref name="timeout"/> has passed; whether it held.</summary>
    public static Task<bool> TrueAsync(Func<bool> condition, TimeSpan timeout, TimeSpan? poll = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        return TrueAsync(() => Task.FromResult(condition()), timeout, poll);
    }
}
