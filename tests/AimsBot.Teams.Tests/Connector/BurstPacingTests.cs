using System.Diagnostics;
using AimsBot.Teams.Connector;
using AimsBot.Teams.Pacing;
using AimsBot.Teams.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Xunit.Abstractions;
using Activity = AimsBot.Teams.Activities.Activity;

namespace AimsBot.Teams.Tests.Connector;

/// <summary>
/// End to end: a burst through the real limiter (default options, 45/s) to a fake connector that
/// enforces the Teams limits on arrival. Takes about 45 s of real time.
/// </summary>
[Trait("Category", "Slow")]
public sealed class BurstPacingTests(ITestOutputHelper output) : IAsyncLifetime
{
    private FakeConnector fake = null!;

    public async Task InitializeAsync() => fake = await FakeConnector.StartAsync();

    public async Task DisposeAsync() => await fake.DisposeAsync();

    [Fact]
    public async Task Two_thousand_sends_over_forty_conversations_get_no_429_and_arrive_exactly_once()
    {
        const int Conversations = 40;
        const int Sends = 2000;
        fake.EnforceTeamsLimits = true;
        var trusted = new TrustedServiceUrlRegistry();
        trusted.Learn(fake.ServiceUrl);
        using var limiter = new OutboundRateLimiter(Options.Create(new PacingOptions()), TimeProvider.System);
        using var http = new HttpClient();
        var client = new ConnectorClient(
            http,
            new StaticTokenProvider("burst-token"),
            trusted,
            limiter,
            Options.Create(new ConnectorOptions { AppId = "00000000-0000-0000-0000-00000000b0b0" }),
            TimeProvider.System,
            NullLogger<ConnectorClient>.Instance);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));

        var watch = Stopwatch.StartNew();
        // Half personal chats, half channel threads (all threads of a channel share its budget).
        var sends = Enumerable.Range(0, Sends).Select(i => Task.Run(() => client.SendAsync(
            fake.ServiceUrl,
            i % 2 == 0 ? $"a:personal-{i % Conversations}" : $"19:channel-{i % Conversations}@thread.tacv2;messageid={i}",
            Activity.CreateMessage($"notification #{i}"),
            timeout.Token)));
        var results = await Task.WhenAll(sends);
        watch.Stop();

        var requests = fake.Requests.ToList();
        var first = requests.Min(r => r.ArrivedAt);
        output.WriteLine($"{Sends} sends in {watch.Elapsed.TotalSeconds:0.0} s; {requests.Count} requests; {fake.ThrottledCount} throttled.");
        output.WriteLine("arrivals per second: " + string.Join(" ", requests.GroupBy(r => (int)(r.ArrivedAt - first).TotalSeconds).OrderBy(g => g.Key).Select(g => g.Count())));

        Assert.Equal(0, fake.ThrottledCount);
        Assert.Equal(Sends, requests.Count);
        Assert.All(results, r => Assert.StartsWith("1:sent-", r.Id));
        var delivered = requests.Select(r => r.Json!["text"]!.GetValue<string>()).ToList();
        Assert.Equal(Enumerable.Range(0, Sends).Select(i => $"notification #{i}").Order(), delivered.Order());
        Assert.All(requests, r => Assert.Equal("Bearer burst-token", r.Authorization));
        WindowAssert.AtMost(TeamsRateLimits.GlobalRequestsPerSecond, requests.Select(r => r.ArrivedAt), TimeSpan.FromSeconds(1));
        Assert.Equal(0, limiter.InFlight);
        // Paced at about 45/s: 2000 take ~44 s (the machine may stall now and then).
        Assert.InRange(watch.Elapsed, TimeSpan.FromSeconds(40), TimeSpan.FromSeconds(120));
    }
}
