using System.Diagnostics;
using Activity = AimsBot.Teams.Activities.Activity;
using System.Globalization;
using System.Text.Json;
using AimsBot.Hosting;
using AimsBot.Proactive;
using AimsBot.Storage;
using AimsBot.Storage.Outbox;
using AimsBot.Teams.Activities;
using AimsBot.Teams.Tests.Support;
using AimsBot.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AimsBot.Benchmarks;

/// <summary>
/// Drains N proactive messages (one per owner, each in its own 1:1 conversation) queued at once, through the
/// real outbox sender and paced connector, to a fake connector that enforces the Teams limits (7/s per
/// conversation, 50/s global, 429 beyond). Reports drain time against the theoretical minimum at the
/// configured rate, 429s, and lost and duplicate messages.
/// </summary>
internal static class OutboxBenchmark
{
    public static async Task RunAsync(string[] args)
    {
        var owners = BenchmarkArgs.Int(args, "--owners", 10_000);
        var rate = BenchmarkArgs.Int(args, "--rate", 45);
        await using var connector = await FakeConnector.StartAsync();
        connector.EnforceTeamsLimits = true;

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["urls"] = $"http://127.0.0.1:{TestEnvironment.FreeLoopbackPort()}",
            ["Storage:ConnectionString"] = TestEnvironment.TableConnectionString,
            ["Storage:TablePrefix"] = TestEnvironment.UniqueTablePrefix(),
            ["Teams:GlobalRatePerSecond"] = rate.ToString(CultureInfo.InvariantCulture),
            ["Proactive:DrainCron"] = "0 0 1 1 *",
            ["Logging:LogLevel:Default"] = "Warning",
        });
        builder.AddAimsBot();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        await using var app = builder.Build();
        app.MapAimsBot();
        await app.StartAsync();
        await app.Services.GetRequiredService<TableInitializer>().Ready.WaitAsync(TimeSpan.FromSeconds(30));

        var outbox = app.Services.GetRequiredService<OutboxStore>();
        var queueClock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, owners), new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (i, ct) =>
        {
            var text = "nudge #" + i.ToString(CultureInfo.InvariantCulture);
            await outbox.EnqueueAsync(
                new OutboxMessage
                {
                    PartitionKey = "local",
                    RowKey = OutboxStore.MessageId("bench", i.ToString(CultureInfo.InvariantCulture)),
                    Purpose = "nudge",
                    RecipientUserKey = $"aad-owner-{i}",
                    ServiceUrl = connector.ServiceUrl,
                    ConversationId = $"a:owner-{i}",
                    ActivityJson = JsonSerializer.Serialize(Activity.CreateMessage(text), BotJsonContext.Default.Activity),
                    NotBefore = DateTimeOffset.UtcNow.AddSeconds(-1),
                    CreatedAt = DateTimeOffset.UtcNow,
                },
                ct);
        });
        queueClock.Stop();

        var sender = app.Services.GetRequiredService<OutboxSender>();
        var drainClock = Stopwatch.StartNew();
        DrainReport report;
        var drains = 0;
        do
        {
            report = await sender.DrainAsync();
            drains++;
        }
        while ((await outbox.InStateAsync("local", OutboxStates.Sent)).Count < owners && drains < 20);
        drainClock.Stop();
        await app.StopAsync();

        var delivered = connector.Requests.Where(r => r.Method == "POST" && r.Status is >= 200 and < 300)
            .GroupBy(r => (string?)r.Json!["text"] ?? "").ToDictionary(g => g.Key, g => g.Count());
        var duplicates = delivered.Values.Sum(n => n - 1);
        var lost = owners - delivered.Count;
        var minimum = TimeSpan.FromSeconds(owners / (double)rate);
        Console.WriteLine($"Outbox drain benchmark — {owners} owners due at once, configured rate {rate}/s, fake connector enforcing 7/s per conversation and 50/s global");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"queued in                 {queueClock.Elapsed.TotalSeconds,8:F1} s"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"drained in                {drainClock.Elapsed.TotalSeconds,8:F1} s ({drains} drain pass(es))"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"theoretical minimum       {minimum.TotalSeconds,8:F1} s at {rate}/s"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ratio drain/minimum       {drainClock.Elapsed / minimum,8:F3}"));
        Console.WriteLine($"429 responses             {connector.ThrottledCount,8}");
        Console.WriteLine($"lost messages             {lost,8}");
        Console.WriteLine($"duplicate messages        {duplicates,8}");
    }
}
