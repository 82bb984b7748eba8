using AimsBot.Teams.Pacing;
using AimsBot.Teams.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace AimsBot.Teams.Tests.Pacing;

public class OutboundRateLimiterTests
{
    private static readonly TimeSpan Ms = TimeSpan.FromMilliseconds(1);

    [Fact]
    public void Eighth_send_in_the_same_second_on_one_conversation_waits()
    {
        using var h = new LimiterHarness();
        h.Requests("a:conv", 8);

        h.Run(TimeSpan.FromMilliseconds(999));

        Assert.Equal(7, h.Grants.Count);
        Assert.All(h.Grants, g => Assert.True(g.At <= 5 * Ms, $"grant at {g.At}"));
        Assert.False(h.IsGranted(7));

        h.RunUntilAllGranted(TimeSpan.FromSeconds(1));
        Assert.InRange(h.GrantTime(7), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1) + 3 * Ms);
    }

    [Fact]
    public void Safety_margin_widens_the_windows()
    {
        using var h = new LimiterHarness(margin: TimeSpan.FromMilliseconds(250));
        h.Requests("a:conv", 8);

        h.RunUntilAllGranted(TimeSpan.FromSeconds(3));

        Assert.InRange(h.GrantTime(7), TimeSpan.FromMilliseconds(1250), TimeSpan.FromMilliseconds(1253));
    }

    [Fact]
    public void Eight_per_two_seconds_holds()
    {
        using var h = new LimiterHarness();
        h.Requests("a:conv", 16);

        h.RunUntilAllGranted(TimeSpan.FromSeconds(10));

        var times = h.TimesFor("a:conv").ToList();
        WindowAssert.AtMost(7, times, TimeSpan.FromSeconds(1));
        WindowAssert.AtMost(8, times, TimeSpan.FromSeconds(2));
        // 7 at once, the 8th when the first leaves the 1 s window, the 9th when it leaves the 2 s window.
        Assert.InRange(h.GrantTime(7), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1) + 3 * Ms);
        Assert.InRange(h.GrantTime(8), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2) + 3 * Ms);
    }

    [Fact]
    public void Sixty_per_thirty_seconds_holds()
    {
        using var h = new LimiterHarness();
        h.Requests("a:conv", 70);

        h.RunUntilAllGranted(TimeSpan.FromSeconds(40), step: 5 * Ms);

        var times = h.TimesFor("a:conv").ToList();
        WindowAssert.AtMost(7, times, TimeSpan.FromSeconds(1));
        WindowAssert.AtMost(8, times, TimeSpan.FromSeconds(2));
        WindowAssert.AtMost(60, times, TimeSpan.FromSeconds(30));
        // The first 60 take about 15 s (8 per 2 s); the 61st waits for the first to leave the 30 s window.
        Assert.True(h.GrantTime(59) < TimeSpan.FromSeconds(16), $"60th at {h.GrantTime(59)}");
        Assert.InRange(h.GrantTime(60), TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(30) + 10 * Ms);
    }

    [Fact]
    public void Global_rate_holds_across_conversations()
    {
        using var h = new LimiterHarness(globalRatePerSecond: 45);
        for (var i = 0; i < 200; i++)
        {
            h.Request($"a:conv-{i}");
        }

        h.RunUntilAllGranted(TimeSpan.FromSeconds(10));

        var times = h.Grants.Select(g => g.At).ToList();
        // Evenly spaced at 45/s, at most two back to back: never more than 47 in a second.
        WindowAssert.AtMost(47, times, TimeSpan.FromSeconds(1));
        WindowAssert.AtMost(2, times, TimeSpan.FromMilliseconds(20));
        Assert.InRange(times.Max(), TimeSpan.FromSeconds(4.3), TimeSpan.FromSeconds(4.5));
    }

    [Fact]
    public void Global_rate_holds_for_conversation_less_requests_which_skip_the_conversation_windows()
    {
        using var h = new LimiterHarness(globalRatePerSecond: 100);
        h.Requests(null, 20);

        h.RunUntilAllGranted(TimeSpan.FromSeconds(2));

        var times = h.TimesFor(null).ToList();
        WindowAssert.AtMost(101, times, TimeSpan.FromSeconds(1));
        WindowAssert.AtMost(2, times, TimeSpan.FromMilliseconds(10));
        // 20 in ~0.19 s: no 7-per-second conversation window applies.
        Assert.True(times.Max() < TimeSpan.FromMilliseconds(200), $"last at {times.Max()}");
    }

    [Fact]
    public void Hot_conversation_does_not_hold_back_others()
    {
        using var h = new LimiterHarness(globalRatePerSecond: 45);
        h.Requests("a:hot", 100);
        h.Run(TimeSpan.FromMilliseconds(100));
        for (var i = 0; i < 20; i++)
        {
            h.Request($"a:other-{i}");
        }

        h.Run(TimeSpan.FromSeconds(1));

        // The others need ~20 global slots (0.45 s); the hot conversation only gets its 7 + window share.
        for (var i = 100; i < 120; i++)
        {
            Assert.True(h.IsGranted(i), $"request {i} not granted after 1.1 s");
        }

        Assert.InRange(h.TimesFor("a:hot").Count(), 7, 8);
    }

    [Fact]
    public void Requests_of_one_conversation_are_granted_in_order()
    {
        using var h = new LimiterHarness(globalRatePerSecond: 100);
        h.Requests("a:conv", 20);

        h.RunUntilAllGranted(TimeSpan.FromSeconds(10));

        var order = h.Grants.Select(g => g.Index).ToList();
        Assert.Equal(Enumerable.Range(0, 20), order);
    }

    [Fact]
    public async Task Cancelled_wait_throws_and_reserves_nothing()
    {
        using var h = new LimiterHarness();
        h.Requests("a:conv", 7);
        using var cts = new CancellationTokenSource();
        var eighth = h.Limiter.WaitAsync("a:conv", cts.Token).AsTask();
        h.Run(TimeSpan.FromMilliseconds(500));
        Assert.False(eighth.IsCompleted);

        cts.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => eighth);
        // The cancelled request took no slot: at 2 s the 8-per-2-s window still allows one more than 7 + 1.
        h.Run(TimeSpan.FromMilliseconds(500));
        var ninth = h.Request("a:conv");
        var tenth = h.Request("a:conv");
        h.Run(TimeSpan.FromMilliseconds(10));
        Assert.True(h.IsGranted(ninth));
        Assert.False(h.IsGranted(tenth));
    }

    [Fact]
    public async Task Already_cancelled_token_fails_at_once()
    {
        using var h = new LimiterHarness();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => h.Limiter.WaitAsync("a:conv", new CancellationToken(true)).AsTask());
    }

    [Fact]
    public void Idle_conversations_are_forgotten_after_the_longest_window()
    {
        using var h = new LimiterHarness();
        for (var i = 0; i < 100; i++)
        {
            h.Request($"a:conv-{i}");
        }

        h.RunUntilAllGranted(TimeSpan.FromSeconds(1));
        Assert.Equal(100, h.Limiter.TrackedConversations);

        h.Time.Advance(TimeSpan.FromMinutes(30));
        h.Request("a:later");
        Assert.Equal(101, h.Limiter.TrackedConversations); // still within the hour: history matters

        h.Time.Advance(TimeSpan.FromMinutes(31));
        h.Request("a:even-later");
        Assert.Equal(2, h.Limiter.TrackedConversations);
    }

    [Fact]
    public void Eighteen_hundred_per_hour_holds_across_idle_sweeps()
    {
        using var h = new LimiterHarness();
        h.Requests("a:conv", 1801);

        h.RunUntilAllGranted(TimeSpan.FromSeconds(3700), step: TimeSpan.FromSeconds(1));

        var times = h.TimesFor("a:conv").ToList();
        WindowAssert.AtMost(60, times, TimeSpan.FromSeconds(30));
        WindowAssert.AtMost(1800, times, TimeSpan.FromSeconds(3600));
        // 1800 at 2 per second take about 15 minutes; many sweeps later the 1801st still waits for the hour.
        Assert.True(h.GrantTime(1799) < TimeSpan.FromSeconds(1000), $"1800th at {h.GrantTime(1799)}");
        Assert.InRange(h.GrantTime(1800), TimeSpan.FromSeconds(3600), TimeSpan.FromSeconds(3601));
    }

    [Fact]
    public void A_request_in_flight_holds_the_next_one_of_its_conversation()
    {
        using var h = new LimiterHarness();
        var first = h.Request("a:conv", hold: true);
        var second = h.Request("a:conv");
        var other = h.Request("a:other");

        h.Run(TimeSpan.FromMilliseconds(100));

        Assert.True(h.IsGranted(first));
        Assert.False(h.IsGranted(second));
        Assert.True(h.IsGranted(other));

        h.Release(first);

        Assert.True(h.IsGranted(second));
        Assert.Equal(TimeSpan.FromMilliseconds(100), h.GrantTime(second));
    }

    [Fact]
    public void Windows_count_from_completion_so_a_slow_request_cannot_share_a_window_with_later_ones()
    {
        using var h = new LimiterHarness();
        h.Request("a:conv", latency: TimeSpan.FromMilliseconds(900));
        h.Requests("a:conv", 7);

        h.RunUntilAllGranted(TimeSpan.FromSeconds(5));

        // The first request may have reached Teams as late as 0.9 s, together with the next six:
        // the 8th must wait a full second after that, not after the first one's departure.
        Assert.InRange(h.GrantTime(7), TimeSpan.FromSeconds(1.9), TimeSpan.FromSeconds(1.9) + 3 * Ms);
    }

    [Fact]
    public void Limits_hold_whatever_the_delays_of_requests_on_their_way()
    {
        var random = new Random(42);
        using var h = new LimiterHarness(globalRatePerSecond: 200, globalWindowLimit: 20);
        for (var i = 0; i < 400; i++)
        {
            h.Request($"a:conv-{i % 8}", latency: TimeSpan.FromMilliseconds(random.Next(0, 1200)));
        }

        h.RunUntilAllGranted(TimeSpan.FromMinutes(5), step: 2 * Ms);
        h.Run(TimeSpan.FromSeconds(2), step: 2 * Ms);

        for (var c = 0; c < 8; c++)
        {
            var requests = h.Grants.Where(g => g.Key == $"a:conv-{c}").Select(g => (g.At, g.CompletedAt)).ToList();
            foreach (var window in TeamsRateLimits.ConversationWindows)
            {
                WindowAssert.AtMostWhateverTheDelays(window.Limit, requests, window.Length);
            }
        }

        WindowAssert.AtMostWhateverTheDelays(20, h.Grants.Select(g => (g.At, g.CompletedAt)), TimeSpan.FromSeconds(1));
        Assert.Equal(0, h.Limiter.InFlight);
    }

    [Fact]
    public void Global_cap_counts_requests_in_flight()
    {
        using var h = new LimiterHarness(globalWindowLimit: 5);
        for (var i = 0; i < 6; i++)
        {
            h.Request($"a:conv-{i}", hold: true);
        }

        h.Run(TimeSpan.FromMilliseconds(500));
        Assert.Equal(5, h.Grants.Count);

        h.Release(0);
        h.Run(TimeSpan.FromMilliseconds(999));
        Assert.False(h.IsGranted(5)); // 4 in flight + 1 completed within the last second

        h.Run(TimeSpan.FromMilliseconds(2));
        Assert.True(h.IsGranted(5));
        Assert.InRange(h.GrantTime(5), TimeSpan.FromMilliseconds(1500), TimeSpan.FromMilliseconds(1501));
    }

    [Fact]
    public void A_leaked_lease_expires_after_the_lease_timeout()
    {
        using var h = new LimiterHarness(leaseTimeout: TimeSpan.FromSeconds(10));
        h.Request("a:conv", hold: true);
        var second = h.Request("a:conv");

        h.Run(TimeSpan.FromSeconds(9.9), step: 10 * Ms);
        Assert.False(h.IsGranted(second));

        h.Run(TimeSpan.FromMilliseconds(200), step: 10 * Ms);
        Assert.True(h.IsGranted(second));
        Assert.InRange(h.GrantTime(second), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10.01));
    }

    [Fact]
    public void Disposing_a_lease_twice_is_harmless()
    {
        using var h = new LimiterHarness();
        var first = h.Request("a:conv", hold: true);
        h.Release(first);
        h.Release(first);

        h.Requests("a:conv", 7);
        h.Run(TimeSpan.FromMilliseconds(10));

        Assert.Equal(7, h.Grants.Count(g => g.At < TimeSpan.FromMilliseconds(10)));
        Assert.Equal(0, h.Limiter.InFlight);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(double.NaN)]
    public void Invalid_global_rate_is_refused(double rate)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new OutboundRateLimiter(new PacingOptions { GlobalRatePerSecond = rate }, new FakeTimeProvider()));
    }
}
