using System.Text.Json;
using AimsBot.Host.Tests.Support;
using AimsBot.Proactive;
using AimsBot.Storage;
using AimsBot.Storage.Outbox;
using AimsBot.Teams.Activities;
using AimsBot.Teams.Tests.Support;
using AimsBot.Testing;
using Hangfire;
using Microsoft.Extensions.DependencyInjection;

namespace AimsBot.Host.Tests.Proactive;

/// <summary>Two hosts sharing one Azurite and one PostgreSQL (Hangfire) drain one outbox.</summary>
public sealed class ScaleOutTests
{
    [Fact]
    public async Task Two_hosts_deliver_every_message_exactly_once_and_together_stay_under_the_global_rate()
    {
        var postgres = TestEnvironment.PostgresConnectionString
            ?? throw new InvalidOperationException("AIMSBOT_TEST_POSTGRES is not set: run the suite with `./aims test`, which starts PostgreSQL.");
        await using var connector = await FakeConnector.StartAsync();
        connector.EnforceTeamsLimits = true;
        var shared = new Dictionary<string, string?>
        {
            ["Storage:TablePrefix"] = TestEnvironment.UniqueTablePrefix(),
            ["Hangfire:Storage"] = "PostgreSql",
            ["Hangfire:Schema"] = "hf_" + Guid.NewGuid().ToString("N")[..10],
            ["ConnectionStrings:Hangfire"] = postgres,
            ["Teams:GlobalRatePerSecond"] = "20",
            // The drain is triggered by the test, not by the minute.
            ["Proactive:DrainCron"] = "0 0 1 1 *",
        };
        using var hostA = new BotHostFactory(settings: shared);
        using var hostB = new BotHostFactory(settings: shared);
        _ = hostA.CreateClient();
        _ = hostB.CreateClient();
        await hostA.Services.GetRequiredService<TableInitializer>().Ready.WaitAsync(TimeSpan.FromSeconds(30));
        await hostB.Services.GetRequiredService<TableInitializer>().Ready.WaitAsync(TimeSpan.FromSeconds(30));

        const int total = 120;
        var outbox = hostA.Services.GetRequiredService<OutboxStore>();
        var now = hostA.Services.GetRequiredService<TimeProvider>().GetUtcNow(); // both hosts read the system clock here
        for (var i = 0; i < total; i++)
        {
            await outbox.EnqueueAsync(new OutboxMessage
            {
                PartitionKey = "local",
                RowKey = OutboxStore.MessageId("scale", i.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                RecipientUserKey = $"aad-{i % 30}",
                ServiceUrl = connector.ServiceUrl,
                ConversationId = $"a:conv-{i % 30}",
                ActivityJson = JsonSerializer.Serialize(Activity.CreateMessage($"scale #{i}"), BotJsonContext.Default.Activity),
                NotBefore = now.AddSeconds(-1),
                CreatedAt = now,
            });
        }

        // Each host asks for drains; Hangfire's distributed lock lets one run at a time across both.
        foreach (var host in new[] { hostA, hostB, hostA, hostB })
        {
            host.Services.GetRequiredService<IBackgroundJobClient>().Enqueue<OutboxDrainJob>(j => j.RunAsync(CancellationToken.None));
        }

        await Eventually.TrueAsync(async () => (await outbox.InStateAsync("local", OutboxStates.Sent)).Count >= total, TimeSpan.FromSeconds(60), TimeSpan.FromMilliseconds(250));

        var sent = connector.Requests.Where(r => r.Method == "POST" && r.Status is >= 200 and < 300).ToList();
        var perText = sent.GroupBy(r => (string?)r.Json!["text"]).ToList();
        Assert.Equal(total, perText.Count);
        Assert.All(perText, g => Assert.Single(g));
        Assert.Equal(0, connector.ThrottledCount);

        // The combined pace: two drains never overlap, so the average rate is the configured one, not twice it.
        var arrivals = connector.Requests.Select(r => r.ArrivedAt).Order().ToList();
        var averagePerSecond = (arrivals.Count - 1) / (arrivals[^1] - arrivals[0]).TotalSeconds;
        Assert.True(averagePerSecond <= 20 * 1.1, $"the two hosts together sent {averagePerSecond:F1}/s; the configured global rate is 20/s");

        // And no second ever broke the platform's 50/s (arrival jitter on a busy machine may bunch a few).
        var busiest = arrivals.Select((t, i) => arrivals.Skip(i).TakeWhile(u => u - t < TimeSpan.FromSeconds(1)).Count()).Max();
        Assert.True(busiest <= 50, $"{busiest} sends arrived within one second");
    }
}
