using System.Diagnostics;
using System.Globalization;

namespace AimsBot.Benchmarks;

/// <summary>Latencies of one run, and what they add up to.</summary>
internal sealed class Measurement
{
    private readonly double[] _millis;

    private Measurement(string name, double[] millis, TimeSpan elapsed)
    {
        Name = name;
        _millis = millis;
        Array.Sort(_millis);
        Elapsed = elapsed;
    }

    public string Name { get; }
    public TimeSpan Elapsed { get; }
    public int Count => _millis.Length;
    public double Throughput => Count / Elapsed.TotalSeconds;

    public double Percentile(double p) => _millis[Math.Min(_millis.Length - 1, (int)Math.Ceiling(p / 100 * _millis.Length) - 1)];

    /// <summary>Runs <paramref name="operation"/> <paramref name="total"/> times from <paramref name="concurrency"/> workers.</summary>
    public static async Task<Measurement> RunAsync(string name, int total, int concurrency, Func<int, Task> operation)
    {
        var latencies = new double[total];
        RoundTripTrace.Phase = name.Trim() + (concurrency > 1 ? $" ({concurrency} clients)" : " (1 client)");
        var next = -1;
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < total)
            {
                var started = Stopwatch.GetTimestamp();
                await operation(i);
                latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }
        });
        await Task.WhenAll(workers);
        clock.Stop();
        return new Measurement(name, latencies, clock.Elapsed);
    }

    public string Row() => string.Create(CultureInfo.InvariantCulture, $"{Name,-34} {Count,7} {Throughput,10:F1}/s {Percentile(50),9:F2} {Percentile(95),9:F2} {Percentile(99),9:F2}");

    public static string Header => $"{"",-34} {"n",7} {"throughput",12} {"p50 ms",9} {"p95 ms",9} {"p99 ms",9}";
}
