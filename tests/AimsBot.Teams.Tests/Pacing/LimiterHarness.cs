using AimsBot.Teams.Pacing;
using Microsoft.Extensions.Time.Testing;

namespace AimsBot.Teams.Tests.Pacing;

/// <summary>
/// Drives an <see cref="OutboundRateLimiter"/> on fake time: records when each wait was granted and
/// disposes each lease after the request's simulated latency (or holds it for the test).
/// </summary>
internal sealed class LimiterHarness : IDisposable
{
    private readonly List<Pending> pending = [];
    private readonly List<Grant> grants = [];
    private int next;

    public LimiterHarness(
        double globalRatePerSecond = 1_000_000,
        TimeSpan? margin = null,
        int globalWindowLimit = 1_000_000,
        TimeSpan? leaseTimeout = null)
    {
        Time = new FakeTimeProvider(new DateTimeOffset(2025, 3, 4, 9, 0, 0, TimeSpan.Zero));
        Start = Time.GetUtcNow();
        Limiter = new OutboundRateLimiter(
            new PacingOptions
            {
                GlobalRatePerSecond = globalRatePerSecond,
                WindowMargin = margin ?? TimeSpan.Zero,
                GlobalWindowLimit = globalWindowLimit,
                LeaseTimeout = leaseTimeout ?? TimeSpan.FromMinutes(2),
            },
            Time);
    }

    public FakeTimeProvider Time { get; }

    public OutboundRateLimiter Limiter { get; }

    public DateTimeOffset Start { get; }

    public TimeSpan Elapsed => Time.GetUtcNow() - Start;

    /// <summary>Grants in time order.</summary>
    public IReadOnlyList<Grant> Grants => grants;

    /// <summary>
    /// Starts a wait; returns its index (in request order). The lease is disposed
    /// <paramref name="latency"/> after the grant, or never when <paramref name="hold"/> (see <see cref="Release"/>).
    /// </summary>
    public int Request(string? key, TimeSpan? latency = null, bool hold = false, CancellationToken cancellationToken = default)
    {
        var index = next++;
        pending.Add(new Pending(key, index, Limiter.WaitAsync(key, cancellationToken).AsTask(), latency ?? TimeSpan.Zero, hold));
        Settle();
        return index;
    }

    public void Requests(string? key, int count)
    {
        for (var i = 0; i < count; i++)
        {
            Request(key);
        }
    }

    /// <summary>Disposes the lease of a held request now.</summary>
    public void Release(int index)
    {
        var grant = grants.Single(g => g.Index == index);
        grant.Lease.Dispose();
        grant.CompletedAt ??= Elapsed;
        Settle();
    }

    /// <summary>Advances fake time in <paramref name="step"/>s for <paramref name="duration"/>.</summary>
    public void Run(TimeSpan duration, TimeSpan? step = null)
    {
        var stepValue = step ?? TimeSpan.FromMilliseconds(1);
        var end = Elapsed + duration;
        while (Elapsed < end)
        {
            Time.Advance(stepValue);
            Settle();
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
            Settle();
        }

        Assert.True(pending.Count == 0, $"{pending.Count} waits still pending after {limit}.");
    }

    public TimeSpan GrantTime(int index) => grants.Single(g => g.Index == index).At;

    public bool IsGranted(int index) => grants.Any(g => g.Index == index);

    public IEnumerable<TimeSpan> TimesFor(string? key) => grants.Where(g => g.Key == key).Select(g => g.At);

    /// <summary>Records new grants and releases leases whose latency has passed, until nothing changes.</summary>
    private void Settle()
    {
        bool changed;
        do
        {
            changed = false;
            for (var i = 0; i < pending.Count; i++)
            {
                var p = pending[i];
                if (!p.Task.IsCompleted)
                {
                    continue;
                }

                pending.RemoveAt(i--);
                changed = true;
                if (p.Task.IsCompletedSuccessfully)
                {
                    grants.Add(new Grant(p.Key, p.Index, Elapsed, p.Task.Result, p.Hold ? null : Elapsed + p.Latency));
                }
            }

            foreach (var grant in grants.Where(g => g.CompletedAt is null && g.ReleaseAt <= Elapsed).ToList())
            {
                grant.CompletedAt = Elapsed;
                grant.Lease.Dispose();
                changed = true;
            }
        }
        while (changed);

        grants.Sort((a, b) => a.At != b.At ? a.At.CompareTo(b.At) : a.Index.CompareTo(b.Index));
    }

    public void Dispose() => Limiter.Dispose();

    private sealed record Pending(string? Key, int Index, Task<IDisposable> Task, TimeSpan Latency, bool Hold);

    internal sealed record Grant(string? Key, int Index, TimeSpan At, IDisposable Lease, TimeSpan? ReleaseAt)
    {
        public TimeSpan? CompletedAt { get; set; }
    }
}
