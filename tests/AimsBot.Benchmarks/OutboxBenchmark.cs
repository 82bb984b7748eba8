using System.Diagnostics;
using Activity = AimsBot.Teams.Activities.Activity;
using System.Globalization;
using System.Text.Json;
using AimsBot.Domain.Catalogue;
using AimsBot.Domain.Register;
using AimsBot.Hosting;
using AimsBot.Nudges;
using AimsBot.Proactive;
using AimsBot.Storage;
using AimsBot.Storage.Outbox;
using AimsBot.Storage.Register;
using AimsBot.Storage.Users;
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
        // --direct queues plain messages straight into the outbox (the drain alone); default: the due scan queues them.
        var direct = args.Contains("--direct", StringComparer.Ordinal);
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
            ["Nudges:ScanCron"] = "0 0 1 1 *",
            // Any hour of any day is working time here, so the figures do not depend on when the benchmark runs.
            ["Nudges:WorkdayStart"] = "00:00",
            ["Nudges:WorkdayEnd"] = "23:59",
            ["Nudges:WorkingDays:0"] = "Monday",
            ["Nudges:WorkingDays:1"] = "Tuesday",
            ["Nudges:WorkingDays:2"] = "Wednesday",
            ["Nudges:WorkingDays:3"] = "Thursday",
            ["Nudges:WorkingDays:4"] = "Friday",
            ["Nudges:WorkingDays:5"] = "Saturday",
            ["Nudges:WorkingDays:6"] = "Sunday",
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
        NudgeScanReport? scanned = null, rescanned = null;
        TimeSpan rescanTime = default;
        if (direct)
        {
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
                        NotBefore = app.Services.GetRequiredService<TimeProvider>().GetUtcNow().AddSeconds(-1),
                        CreatedAt = app.Services.GetRequiredService<TimeProvider>().GetUtcNow(),
                    },
                    ct);
            });
            queueClock.Stop();
        }
        else
        {
            // The production path: one due control per owner, owners known with a 1:1 chat, and the due scan
            // queuing one card each.
            queueClock.Stop();
            await SeedOwnersAsync(app.Services, owners, connector.ServiceUrl);
            var scan = app.Services.GetRequiredService<DueScan>();
            queueClock.Restart();
            scanned = await scan.RunAsync();
            queueClock.Stop();
            var rescanClock = Stopwatch.StartNew();
            rescanned = await scan.RunAsync();
            rescanTime = rescanClock.Elapsed;
        }

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

        // One message per owner, each in the owner's own conversation: count deliveries per conversation.
        var delivered = connector.Requests.Where(r => r.Method == "POST" && r.Status is >= 200 and < 300)
            .GroupBy(r => r.Path, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count());
        var duplicates = delivered.Values.Sum(n => n - 1);
        var lost = owners - delivered.Count;
        var minimum = TimeSpan.FromSeconds(owners / (double)rate);
        Console.WriteLine($"Outbox drain benchmark — {owners} owners due at once, configured rate {rate}/s, fake connector enforcing 7/s per conversation and 50/s global");
        if (scanned is not null && rescanned is not null)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"due scan queued in        {queueClock.Elapsed.TotalSeconds,8:F1} s ({scanned.Due + scanned.Overdue} due controls, {scanned.Queued} cards, {owners / queueClock.Elapsed.TotalSeconds:F0} owners/s)"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"re-scan (same occurrence) {rescanTime.TotalSeconds,8:F1} s ({rescanned.Queued} cards queued: must be 0)"));
        }
        else
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"queued in                 {queueClock.Elapsed.TotalSeconds,8:F1} s (directly into the outbox)"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"drained in                {drainClock.Elapsed.TotalSeconds,8:F1} s ({drains} drain pass(es))"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"theoretical minimum       {minimum.TotalSeconds,8:F1} s at {rate}/s"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ratio drain/minimum       {drainClock.Elapsed / minimum,8:F3}"));
        Console.WriteLine($"429 responses             {connector.ThrottledCount,8}");
        Console.WriteLine($"lost messages             {lost,8}");
        Console.WriteLine($"duplicate messages        {duplicates,8}");
    }

    /// <summary>Owner i owns one control due in two days: 38 owners per scope partition (the org and one per AI system).</summary>
    private static async Task SeedOwnersAsync(IServiceProvider services, int owners, string serviceUrl)
    {
        var controls = services.GetRequiredService<ControlInstanceRepository>();
        var users = services.GetRequiredService<UserDirectory>();
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow(); // the host's clock: the scan reads the same one
        var lastEvidence = now.AddDays(2).AddMonths(-1);
        var perScope = AnnexA.Controls.Count;
        var scopes = Enumerable.Range(0, (owners + perScope - 1) / perScope).ToList();
        await Parallel.ForEachAsync(scopes, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (s, ct) =>
        {
            var scope = s == 0 ? ControlScope.Organization : ControlScope.ForSystem("bench-system-" + s.ToString(CultureInfo.InvariantCulture));
            var updates = Enumerable.Range(0, Math.Min(perScope, owners - (s * perScope))).Select(c =>
            {
                var control = AnnexA.Controls[c];
                var owner = "aad-owner-" + ((s * perScope) + c).ToString(CultureInfo.InvariantCulture);
                var state = new ControlInstanceState(scope.Key, control.Id, scope.IsOrganization ? control.DefaultLayer : ControlLayer.AiSystem, ApplicabilityStatus.Applicable, null, null, null,
                    ImplementationStatus.Partial, owner, "monthly", "UTC", lastEvidence.AddMonths(-3), lastEvidence.AddMonths(-3), lastEvidence);
                return new ControlUpdate(ControlInstance.Restore(state).Value!, "Owner " + owner);
            });
            await controls.AddMissingAsync("local", updates, ct);
        });
        await Parallel.ForEachAsync(Enumerable.Range(0, owners), new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (i, ct) =>
        {
            var id = i.ToString(CultureInfo.InvariantCulture);
            await users.RecordSightingAsync(new UserSighting("local", "aad-owner-" + id, "29:owner-" + id, "Owner " + id, null, "28:bot", "a:owner-" + id, serviceUrl, "UTC", now), installed: true, ct);
        });
    }
}
