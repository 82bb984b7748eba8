using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using AimsBot.Hosting;
using AimsBot.Teams.Connector;
using AimsBot.Teams.Pacing;
using AimsBot.Teams.Tests.Support;
using AimsBot.Testing;

namespace AimsBot.Benchmarks;

/// <summary>
/// Inbound throughput of POST /api/messages over real HTTP (Kestrel on loopback) with real token validation,
/// a `whoami` message per request (de-duplication claim and completion, the sender's conversation reference,
/// a reply to a fake connector), against a bare Azurite point write measured in the same run.
/// Outbound pacing is replaced by a pass-through so the figure is the inbound pipeline's, not the Teams
/// send limit's (45/s by design).
/// </summary>
internal static class InboundBenchmark
{
    private const string Tenant = BenchmarkBotHost.Tenant;

    public static async Task RunAsync(string[] args)
    {
        var messages = BenchmarkArgs.Int(args, "--messages", 4000);
        var clients = BenchmarkArgs.Int(args, "--clients", 50);
        var tables = TestEnvironment.TableConnectionString;

        await using var host = await BenchmarkBotHost.StartAsync();
        var connector = host.Connector;

        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = clients * 2 }) { BaseAddress = host.BaseAddress };
        var token = host.Token;

        async Task PostAsync(int i)
        {
            var activity = new JsonObject
            {
                ["type"] = "message",
                ["id"] = "bench-" + i.ToString(CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N")[..8],
                ["serviceUrl"] = connector.ServiceUrl,
                ["channelId"] = "msteams",
                ["text"] = "whoami",
                ["from"] = new JsonObject { ["id"] = $"29:user-{i % clients}", ["aadObjectId"] = $"aad-{i % clients}", ["name"] = "Bench User" },
                ["conversation"] = new JsonObject { ["id"] = $"a:bench-{i}", ["conversationType"] = "personal", ["tenantId"] = Tenant },
                ["recipient"] = new JsonObject { ["id"] = "28:" + TestTokens.AppId },
                ["channelData"] = new JsonObject { ["tenant"] = new JsonObject { ["id"] = Tenant } },
            };
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = new StringContent(activity.ToJsonString(), Encoding.UTF8, "application/json") };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await http.SendAsync(request);
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"POST /api/messages answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            }
        }

        async Task InvokeAsync(int i)
        {
            var activity = new JsonObject
            {
                ["type"] = "invoke",
                ["name"] = "adaptiveCard/action",
                ["id"] = "bench-invoke-" + i.ToString(CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N")[..8],
                ["serviceUrl"] = connector.ServiceUrl,
                ["channelId"] = "msteams",
                ["from"] = new JsonObject { ["id"] = $"29:user-{i % clients}", ["aadObjectId"] = $"aad-{i % clients}", ["name"] = "Bench User" },
                ["conversation"] = new JsonObject { ["id"] = $"a:bench-{i}", ["conversationType"] = "personal", ["tenantId"] = Tenant },
                ["recipient"] = new JsonObject { ["id"] = "28:" + TestTokens.AppId },
                ["channelData"] = new JsonObject { ["tenant"] = new JsonObject { ["id"] = Tenant } },
                ["value"] = new JsonObject { ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = "onboarding.help" }, ["trigger"] = "manual" },
            };
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = new StringContent(activity.ToJsonString(), Encoding.UTF8, "application/json") };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await http.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            if (!response.IsSuccessStatusCode || !body.Contains("application/vnd.microsoft.card.adaptive", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"The invoke answered {(int)response.StatusCode}: {body}");
            }
        }

        var table = new TableClient(tables, "benchraw" + Guid.NewGuid().ToString("N")[..8]);
        await table.CreateIfNotExistsAsync();
        Task WriteAsync(int i) => table.UpsertEntityAsync(new TableEntity(Tenant, "row-" + i.ToString(CultureInfo.InvariantCulture)) { ["Value"] = "x", ["At"] = TestClock.Default });

        // Warm up both paths (JIT, connection pools, signing keys).
        await Measurement.RunAsync("warm-up", 300, clients, PostAsync);
        await Measurement.RunAsync("warm-up", 300, clients, i => WriteAsync(1_000_000 + i));

        var raw = await Measurement.RunAsync("bare Azurite point write", messages, clients, WriteAsync);
        var inbound = await Measurement.RunAsync("POST /api/messages (whoami)", messages, clients, PostAsync);
        var invokes = await Measurement.RunAsync("adaptiveCard/action invoke", messages / 4, clients, InvokeAsync);
        await table.DeleteAsync();

        var replies = connector.Requests.Count(r => r.Method == "POST");
        Console.WriteLine($"Inbound benchmark — {messages} requests per row, {clients} concurrent clients, {Environment.ProcessorCount} cores, Azurite on loopback");
        Console.WriteLine(Measurement.Header);
        Console.WriteLine(raw.Row());
        Console.WriteLine(inbound.Row());
        Console.WriteLine(invokes.Row());
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"ratio inbound/raw: p50 {inbound.Percentile(50) / raw.Percentile(50):F2}x, p95 {inbound.Percentile(95) / raw.Percentile(95):F2}x, p99 {inbound.Percentile(99) / raw.Percentile(99):F2}x, throughput {inbound.Throughput / raw.Throughput:F2}x"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"invoke answers within Teams' budget: p99 {invokes.Percentile(99):F0} ms (budget 2000 ms)"));
        Console.WriteLine($"replies received by the fake connector: {replies} (expected {messages + 300})");
    }
}
