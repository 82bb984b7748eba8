using AimsBot.Teams.Pacing;
using Microsoft.Extensions.Time.Testing;

namespace AimsBot.Teams.Tests.Pacing;

/// <summary>Drives an <see cref="OutboundRateLimiter"/> on fake time and records when each wait was granted.</summary>
internal sealed class LimiterHarness : IDisposable
{
    private readonly List<(string? Key, int Index, Task Task)> pending = [];
    private readonly List<Grant> grants = [];
    private int next;

    public LimiterHarness(double globalRatePerSecond = 1_000_000, TimeSpan? margin = null)
    {
        Time = new FakeTimeProvider(new DateTimeOffset(2025, 3, 4, 9, 0, 0, TimeSpan.Zero));
        Start = Time.GetUtcNow();
        Limiter = new OutboundRateLimiter(
            new PacingOptions { GlobalRatePerSecond = globalRatePerSecond, ConversationWindowMargin = margin ?? TimeSpan.Zero },
            Time);
    }

    public FakeTimeProvider Time { get; }

    public OutboundRateLimiter Limiter { get; }

    public DateTimeOffset Start { get; }

    public TimeSpan Elapsed => Time.GetUtcNow() - Start;

    public IReadOnlyList<Grant> Grants => grants;

    /// <summary>Starts a wait; returns its index (in request order).</summary>
    public int Request(string? key, CancellationToken cancellationToken = default)
    {
        var index = next++;
        pending.Add((key, index, Limiter.WaitAsync(key, cancellationToken).AsTask()));
        Collect();
        return index;
    }

    public void Requests(string? key, int count)
    {
        for (var i = 0; i < count; i++)
        {
            Request(key);
        }
    }

    /// <summary>Advances fake time in <paramref name="step"/>s for <paramref name="duration"/>, recording grants.</summary>
    public void Run(TimeSpan duration, TimeSpan? step = null)
    {
        var stepValue = step ?? TimeSpan.FromMilliseconds(1);
        var end = Elapsed + duration;
        while (Elapsed < end)
        {
            Time.Advance(stepValue);
            Collect();
        }
    }

    /// <summary>Runs until every request is granted (or <paramref name="limit"/> passes).</summary>
    public void RunUntilAllGranted(TimeSpan limit, TimeSpan? step = null)
    {
        var stepValue = step ?? TimeSpan.FromMilliseconds(1);
        var end = Elapsed + limit;
        while (pending.Count > 0 && Elapsed < end)
        {
            Time.Advance(stepValue);
            Collect();
        }

        Assert.True(pending.Count == 0, $"{pending.Count} waits still pending after {limit}.");
    }

    public TimeSpan GrantTime(int index) => grants.Single(g => g.Index == index).At;

    public bool IsGranted(int index) => grants.Any(g => g.Index == index);

    public IEnumerable<TimeSpan> TimesFor(string? key) => grants.Where(g => g.Key == key).Select(g => g.At);

    public Task TaskOf(int index) => pending.Single(p => p.Index == index).Task;

    private void Collect()
    {
        for (var i = pending.Count - 1; i >= 0; i--)
        {
            var (key, index, task) = pending[i];
            if (task.IsCompletedSuccessfully)
            {
                grants.Add(new Grant(key, index, Elapsed));
                pending.RemoveAt(i);
            }
            else if (task.IsCompleted)
            {
                pending.RemoveAt(i);
            }
        }

        grants.Sort((a, b) => a.At != b.At ? a.At.CompareTo(b.At) : a.Index.CompareTo(b.Index));
    }

    public void Dispose() => Limiter.Dispose();

    internal sealed record Grant(string? Key, int Index, TimeSpan At);
}
