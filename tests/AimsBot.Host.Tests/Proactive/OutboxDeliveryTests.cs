using System.Text.Json;
using AimsBot.Host.Tests.Support;
using AimsBot.Proactive;
using AimsBot.Storage.Outbox;
using AimsBot.Teams.Activities;
using AimsBot.Teams.Connector;
using AimsBot.Teams.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace AimsBot.Host.Tests.Proactive;

/// <summary>Proactive delivery through the outbox against a fake connector: exactly once, survives failures.</summary>
public sealed class OutboxDeliveryTests : IAsyncLifetime
{
    private readonly ProtocolHarness _bot = new();

    public async Task InitializeAsync()
    {
        await _bot.InitializeAsync();
        _bot.Factory.Services.GetRequiredService<ITrustedServiceUrlRegistry>().Trust(_bot.ServiceUrl);
    }

    public Task DisposeAsync() => _bot.DisposeAsync();

    private OutboxStore Outbox => _bot.Factory.Services.GetRequiredService<OutboxStore>();
    private OutboxSender Sender => _bot.Factory.Services.GetRequiredService<OutboxSender>();

    private async Task<List<string>> QueueAsync(int count, int conversations = 5)
    {
        var ids = new List<string>();
        var now = _bot.HostClock.GetUtcNow();
        for (var i = 0; i < count; i++)
        {
            var id = OutboxStore.MessageId("test", i.ToString(System.Globalization.CultureInfo.InvariantCulture));
            ids.Add(id);
            var activity = Activity.CreateMessage($"message #{i}");
            await Outbox.EnqueueAsync(new OutboxMessage
            {
                PartitionKey = ProtocolHarness.Tenant,
                RowKey = id,
                Purpose = "test",
                RecipientUserKey = $"aad-{i % conversations}",
                ServiceUrl = _bot.ServiceUrl,
                ConversationId = $"a:conv-{i % conversations}",
                ActivityJson = JsonSerializer.Serialize(activity, BotJsonContext.Default.Activity),
                NotBefore = now.AddSeconds(-1),
                CreatedAt = now,
            });
        }

        return ids;
    }

    private Dictionary<string, int> DeliveredTexts() =>
        _bot.Connector.Requests
            .Where(r => r.Method == "POST" && r.Status is >= 200 and < 300)
            .GroupBy(r => (string?)r.Json!["text"] ?? "")
            .ToDictionary(g => g.Key, g => g.Count());

    [Fact]
    public async Task Every_queued_message_is_delivered_exactly_once_and_requeuing_is_a_no_op()
    {
        await QueueAsync(30);
        Assert.False(await Outbox.EnqueueAsync(new OutboxMessage { PartitionKey = ProtocolHarness.Tenant, RowKey = OutboxStore.MessageId("test", "0"), ActivityJson = "{}" }));

        await Sender.DrainAsync();
        await Sender.DrainAsync();

        var delivered = DeliveredTexts();
        Assert.Equal(30, delivered.Count);
        Assert.All(delivered.Values, n => Assert.Equal(1, n));
        Assert.Equal(30, (await Outbox.InStateAsync(ProtocolHarness.Tenant, OutboxStates.Sent)).Count);
    }

    [Fact]
    public async Task Two_senders_draining_at_once_never_send_a_message_twice()
    {
        await QueueAsync(40, conversations: 8);
        var other = ActivatorUtilities.CreateInstance<OutboxSender>(_bot.Factory.Services);

        await Task.WhenAll(Sender.DrainAsync(), other.DrainAsync(), Sender.DrainAsync());

        var delivered = DeliveredTexts();
        Assert.Equal(40, delivered.Count);
        Assert.All(delivered.Values, n => Assert.Equal(1, n));
    }

    [Fact]
    public async Task Throttling_and_server_errors_are_survived_and_nothing_is_lost()
    {
        await QueueAsync(6, conversations: 3);
        _bot.Connector.Script(
            FakeResponse.Throttled("1"),
            FakeResponse.Error(503, "ServiceUnavailable", "try later"),
            FakeResponse.Error(502, "BadGateway", "try later"));

        await Sender.DrainAsync();
        await Sender.DrainAsync();

        var delivered = DeliveredTexts();
        Assert.Equal(6, delivered.Count);
        Assert.All(delivered.Values, n => Assert.Equal(1, n));
        Assert.True(_bot.Connector.Requests.Count(r => r.Status >= 400) >= 3);
    }

    [Fact]
    public async Task A_recipient_who_blocked_the_bot_is_parked_with_the_reason_and_not_retried()
    {
        await QueueAsync(1, conversations: 1);
        _bot.Connector.Script(FakeResponse.Error(403, "MessageWritesBlocked", "blocked"));

        await Sender.DrainAsync();
        await Sender.DrainAsync();

        var parked = Assert.Single(await Outbox.InStateAsync(ProtocolHarness.Tenant, OutboxStates.Parked));
        Assert.Contains("BlockedByUser", parked.ParkedReason, StringComparison.Ordinal);
        Assert.Single(_bot.Connector.Requests);
        var user = await _bot.Users.GetAsync(ProtocolHarness.Tenant, "aad-0");
        Assert.False(user!.Reachable);
        Assert.Equal("blocked", user.UnreachableReason);
    }

    [Fact]
    public async Task A_drain_stopped_midway_resumes_and_delivers_every_message_exactly_once()
    {
        await QueueAsync(60, conversations: 10);
        using var stop = new CancellationTokenSource();
        var drain = Sender.DrainAsync(parallelism: 4, stopping: stop.Token);
        while (_bot.Connector.Requests.Count < 10)
        {
            await Task.Delay(20);
        }

        await stop.CancelAsync();
        await drain;
        Assert.True(DeliveredTexts().Count < 60, "the drain should have been interrupted before the end");

        // A restarted sender (a new process) picks up where the first stopped.
        var restarted = ActivatorUtilities.CreateInstance<OutboxSender>(_bot.Factory.Services);
        await restarted.DrainAsync();

        var delivered = DeliveredTexts();
        Assert.Equal(60, delivered.Count);
        Assert.All(delivered.Values, n => Assert.Equal(1, n));
    }
}
