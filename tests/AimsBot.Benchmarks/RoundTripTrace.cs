using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace AimsBot.Benchmarks;

/// <summary>
/// Where a request's time goes: with <c>AIMSBOT_BENCH_TRACE=1</c>, every outbound HTTP call the host makes while
/// handling an inbound request (Table Storage, the connector) is recorded under that request, and at the end the
/// benchmark prints, per kind of inbound request, how many calls of each kind one request made on average, how
/// long they took, and one request's timeline (start offset and duration of each call). The calls are .NET's own
/// <c>System.Net.Http</c> activities, parented to ASP.NET Core's inbound request activity.
/// </summary>
internal sealed class RoundTripTrace : IDisposable
{
    private readonly ActivityListener _listener;
    private readonly ConcurrentDictionary<ActivityTraceId, ConcurrentQueue<Activity>> _calls = new();
    private readonly ConcurrentQueue<(string Phase, Activity Request)> _requests = new();

    /// <summary>The measurement running now (<see cref="Measurement.RunAsync"/> sets it): inbound requests are grouped by it.</summary>
    public static string? Phase { get; set; }

    private RoundTripTrace()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name is "System.Net.Http" or "Microsoft.AspNetCore",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = Stopped,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public static RoundTripTrace? StartIfAsked() =>
        Environment.GetEnvironmentVariable("AIMSBOT_BENCH_TRACE") == "1" ? new RoundTripTrace() : null;

    private void Stopped(Activity activity)
    {
        if (activity.Source.Name == "Microsoft.AspNetCore")
        {
            // The bot's own inbound requests only (the fake connector and the OpenID provider run in this process too).
            if (Phase is { } phase && activity.DisplayName.Contains("api/messages", StringComparison.Ordinal))
            {
                _requests.Enqueue((phase, activity));
            }
        }
        else if (activity.Parent is not null || activity.ParentId is not null)
        {
            _calls.GetOrAdd(activity.TraceId, _ => new ConcurrentQueue<Activity>()).Enqueue(activity);
        }
    }

    /// <summary>Prints, per measurement, the outbound calls of one inbound request.</summary>
    public void Print()
    {
        var groups = _requests
            .Where(x => _calls.ContainsKey(x.Request.TraceId))
            .GroupBy(x => x.Phase);
        foreach (var group in groups)
        {
            var requests = group.Select(g => g.Request).ToList();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"round trips of {group.Key}: {requests.Count} requests, inbound mean {requests.Average(r => r.Duration.TotalMilliseconds):F2} ms"));
            var perKind = requests
                .SelectMany(r => _calls[r.TraceId].Select(c => (Kind: Kind(c), c.Duration)))
                .GroupBy(c => c.Kind)
                .OrderByDescending(g => g.Count());
            foreach (var kind in perKind)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {kind.Key,-60} {kind.Count() / (double)requests.Count,5:F2} per request, mean {kind.Average(k => k.Duration.TotalMilliseconds),7:F2} ms"));
            }

            var byDuration = requests.OrderBy(r => r.Duration).ToList();
            Timeline("the median request's timeline (start offset, duration):", byDuration[byDuration.Count / 2]);
            Timeline("the 95th percentile request's timeline:", byDuration[Math.Min(byDuration.Count - 1, (int)Math.Ceiling(byDuration.Count * 0.95) - 1)]);
        }
    }

    private void Timeline(string title, Activity request)
    {
        Console.WriteLine("  " + title);
        foreach (var call in _calls[request.TraceId].OrderBy(c => c.StartTimeUtc))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"    +{(call.StartTimeUtc - request.StartTimeUtc).TotalMilliseconds,7:F2} {call.Duration.TotalMilliseconds,7:F2} ms  {Kind(call)}"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    ={request.Duration.TotalMilliseconds,7:F2} ms inbound"));
    }

    /// <summary>"GET Evidence()" / "POST Users" / "POST connector": method and table (or the connector), no keys.</summary>
    private static string Kind(Activity call)
    {
        var url = call.GetTagItem("url.full") as string ?? call.DisplayName;
        var method = call.GetTagItem("http.request.method") as string ?? "";
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            return method + " " + url;
        }

        var path = uri.AbsolutePath;
        if (path.Contains("/v3/conversations", StringComparison.Ordinal))
        {
            return method + " connector reply";
        }

        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var resource = segments.Length > 1 ? segments[1] : path;
        var paren = resource.IndexOf('(', StringComparison.Ordinal);
        var table = paren < 0 ? resource : resource[..paren];
        var shape = paren < 0 ? "" : resource[(paren + 1)..].StartsWith(')') ? "() query" : "(key)";
        if (uri.Query.Contains("$filter", StringComparison.Ordinal))
        {
            shape += " filtered";
        }

        var status = call.GetTagItem("http.response.status_code") is { } code ? " → " + Convert.ToString(code, CultureInfo.InvariantCulture) : "";
        return $"{method} {table}{shape}{status}";
    }

    public void Dispose() => _listener.Dispose();
}
