using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using AimsBot.Domain.Access;
using AimsBot.Domain.Catalogue;
using AimsBot.Domain.Register;
using AimsBot.Domain.Scheduling;
using AimsBot.Domain.Soa;
using AimsBot.Hosting;
using AimsBot.Register;
using AimsBot.Storage;
using AimsBot.Storage.Register;
using AimsBot.Teams.Connector;
using AimsBot.Teams.Pacing;
using AimsBot.Teams.Tests.Support;
using AimsBot.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AimsBot.Benchmarks;

/// <summary>
/// The register at size: N AI systems (default 200), each with its own instance of all 38 controls, plus the
/// organisation's 38, in Azurite, seeded through the repositories in batches. Measures SoA generation (storage
/// reads + StatementOfApplicability.Generate) for one system and for all, and the latency of the <c>control</c>
/// and <c>soa</c> chat commands through the real host pipeline over HTTP (token validation, de-duplication,
/// the sender's conversation reference, the command, the reply to a fake connector), next to <c>whoami</c>
/// as the pipeline's own baseline.
/// </summary>
internal static class RegisterBenchmark
{
    private const string Tenant = BenchmarkBotHost.Tenant;

    public static async Task RunAsync(string[] args)
    {
        var systemCount = BenchmarkArgs.Int(args, "--systems", 200);
        var requests = BenchmarkArgs.Int(args, "--requests", 400);
        var clients = BenchmarkArgs.Int(args, "--clients", 8);

        await using var host = await BenchmarkBotHost.StartAsync();
        var app = host.App;
        var connector = host.Connector;

        var seeding = Stopwatch.StartNew();
        var systems = await SeedAsync(app.Services, systemCount);
        seeding.Stop();

        var queries = app.Services.GetRequiredService<RegisterQueries>();
        var controls = app.Services.GetRequiredService<ControlInstanceRepository>();

        // Warm up (JIT, connection pools).
        await Measurement.RunAsync("warm-up", 50, 1, i => queries.LoadScopeAsync(Tenant, systems[i % systems.Count], default));

        var oneSystem = await Measurement.RunAsync("SoA of one system (load+generate)", systems.Count, 1, i => queries.LoadScopeAsync(Tenant, systems[i], default));
        var cardBytes = 0;
        var oneCard = await Measurement.RunAsync("  + SoA card", systems.Count, 1, async i =>
        {
            var view = await queries.LoadScopeAsync(Tenant, systems[i], default);
            cardBytes = Math.Max(cardBytes, Encoding.UTF8.GetByteCount(ControlCards.Soa(view).ToJson()));
        });

        var evidence = app.Services.GetRequiredService<EvidenceRepository>();
        var a626 = ControlId.Parse("A.6.2.6");
        var lastEvidence = await Measurement.RunAsync("last evidence of one control", systems.Count, 1, i => evidence.LatestAsync(Tenant, systems[i].System.Scope, a626, 1));
        var findSystem = await Measurement.RunAsync("find a system by name", systems.Count, 1, i => queries.FindSystemAsync(Tenant, systems[i].System.Name, default));

        // The two commands' handlers called directly (no HTTP, auth, de-duplication or reply), one at a time.
        var router = app.Services.GetRequiredService<AimsBot.Commands.CommandRouter>();
        var caller = new AimsBot.Commands.Caller(Tenant, "aad-bench", "29:bench", "Bench User", new HashSet<Role>());
        Task<AimsBot.Commands.BotReply> Handle(string command, string arguments)
        {
            var turn = new AimsBot.Teams.Hosting.TurnContext(new AimsBot.Teams.Activities.Activity { Type = "message", Id = Guid.NewGuid().ToString("N") }, Tenant, null, isAnonymous: false);
            var declaration = router.Match(command).Command!;
            var handler = (AimsBot.Commands.IChatCommand)app.Services.GetRequiredService(declaration.HandlerType);
            return handler.ExecuteAsync(new AimsBot.Commands.CommandContext(caller, arguments, turn, declaration), default);
        }

        var controlHandler = await Measurement.RunAsync("control handler (system)", systems.Count, 1, i => Handle("control", $"A.6.2.6 system {systems[i].System.Name}"));
        var soaHandler = await Measurement.RunAsync("soa handler (system)", systems.Count, 1, i => Handle("soa", $"system {systems[i].System.Name}"));

        var allRuns = new List<(TimeSpan Read, TimeSpan Generate, int Rows)>();
        for (var run = 0; run < 5; run++)
        {
            allRuns.Add(await AllSoasAsync(controls, systems));
        }

        // The chat commands through /api/messages.
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = clients * 2 }) { BaseAddress = host.BaseAddress };
        var token = host.Token;
        async Task SayAsync(string text, int i)
        {
            var activity = new JsonObject
            {
                ["type"] = "message",
                ["id"] = "bench-" + i.ToString(CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N")[..8],
                ["serviceUrl"] = connector.ServiceUrl,
                ["channelId"] = "msteams",
                ["text"] = text,
                ["from"] = new JsonObject { ["id"] = $"29:user-{i % clients}", ["aadObjectId"] = $"aad-{i % clients}", ["name"] = "Bench User" },
                ["conversation"] = new JsonObject { ["id"] = $"a:bench-{i % clients}", ["conversationType"] = "personal", ["tenantId"] = Tenant },
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

        string SystemName(int i) => systems[i % systems.Count].System.Name;
        await Measurement.RunAsync("warm-up", 100, clients, i => SayAsync(i % 2 == 0 ? $"control A.6.2.6 system {SystemName(i)}" : $"soa system {SystemName(i)}", i));
        var whoami = await Measurement.RunAsync("whoami (pipeline baseline)", requests, clients, i => SayAsync("whoami", i));
        var control = await Measurement.RunAsync("control A.6.2.6 system <name>", requests, clients, i => SayAsync($"control A.6.2.6 system {SystemName(i)}", i));
        var orgControl = await Measurement.RunAsync("control A.2.2", requests, clients, i => SayAsync("control A.2.2", i));
        var soa = await Measurement.RunAsync("soa system <name>", requests, clients, i => SayAsync($"soa system {SystemName(i)}", i));
        var soaOrg = await Measurement.RunAsync("soa (organisation)", requests, clients, i => SayAsync("soa", i));

        var failedReplies = connector.Requests.Count(r => r.Method == "POST" && (r.Body.Contains("I don't know", StringComparison.Ordinal) || r.Body.Contains("not an Annex A", StringComparison.Ordinal)));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Register benchmark — {systemCount} AI systems × 38 controls + 38 organisation controls ({systemCount * 38 + 38} instances), {Environment.ProcessorCount} cores, Azurite on loopback"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"seeding through the repositories (batches of 38): {seeding.Elapsed.TotalSeconds:F1} s"));
        Console.WriteLine();
        Console.WriteLine("Direct (repositories, queries and command handlers in process, one at a time):");
        Console.WriteLine(Measurement.Header);
        Console.WriteLine(oneSystem.Row());
        Console.WriteLine(oneCard.Row());
        Console.WriteLine(lastEvidence.Row());
        Console.WriteLine(findSystem.Row());
        Console.WriteLine(controlHandler.Row());
        Console.WriteLine(soaHandler.Row());
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"largest SoA card: {cardBytes} bytes"));
        var runs = string.Join(", ", allRuns.Select(r => string.Create(CultureInfo.InvariantCulture,
            $"{(r.Read + r.Generate).TotalMilliseconds:F0} ms (read {r.Read.TotalMilliseconds:F0} + generate {r.Generate.TotalMilliseconds:F1})")));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"SoA of all {systemCount} systems (one tenant range scan of {allRuns[0].Rows} rows, then Generate per system), 5 runs: {runs}"));
        Console.WriteLine();
        Console.WriteLine($"Chat commands through POST /api/messages (real host pipeline over HTTP), {requests} requests each, {clients} concurrent clients:");
        Console.WriteLine(Measurement.Header);
        Console.WriteLine(whoami.Row());
        Console.WriteLine(control.Row());
        Console.WriteLine(orgControl.Row());
        Console.WriteLine(soa.Row());
        Console.WriteLine(soaOrg.Row());
        Console.WriteLine($"replies that were errors: {failedReplies} (expected 0)");
    }

    /// <summary>N systems named "System 001"…, each with all 38 controls (owned, yearly), the organisation's 38, and one evidence record per system.</summary>
    private static async Task<IReadOnlyList<StoredAiSystem>> SeedAsync(IServiceProvider services, int count)
    {
        var systemsRepository = services.GetRequiredService<AiSystemRepository>();
        var controls = services.GetRequiredService<ControlInstanceRepository>();
        var evidence = services.GetRequiredService<EvidenceRepository>();
        var lead = Actor.Create("bench-lead", Role.ComplianceLead);
        var clock = TimeProvider.System;

        ControlUpdate Instance(ControlScope scope, AnnexAControl control, int owner) =>
            new(ControlInstance.Create(scope, control.ControlId, lead, clock, TimeZoneInfo.Utc, EvidenceCadence.Yearly)
                .Bind(i => i.AssignOwner($"owner-{owner:D2}", TimeZoneInfo.Utc, lead)).Value!, $"Owner {owner:D2}");

        await controls.AddMissingAsync(Tenant, AnnexA.Controls.Select((c, i) => Instance(ControlScope.Organization, c, i % 20)));
        var stored = new StoredAiSystem[count];
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
        {
            var system = AiSystem.Create(
                new AiSystemDetails($"System {i + 1:D3}", "A benchmark system.", "Benchmarking.", [OrganizationRole.Developer], LifecycleStage.Operation, $"owner-{i % 20:D2}", RiskTier.Limited),
                lead,
                clock).Value!;
            stored[i] = await systemsRepository.AddAsync(Tenant, system, $"Owner {i % 20:D2}", "bench-lead", null, ct);
            var own = AnnexA.Controls.Select(c => Instance(system.Scope, c, (i + c.Id.Length) % 20)).ToList();
            await controls.AddMissingAsync(Tenant, own, ct);
            var monitored = own.Single(c => c.Instance.ControlId.Value == "A.6.2.6").Instance;
            var record = EvidenceRecord.Submit(
                new EvidenceDraft(EvidenceKind.Link, $"https://dashboards.example/{system.Id}", "Monitoring dashboard", DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime.AddDays(-30)), DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime.AddDays(-1))),
                monitored,
                lead,
                TimeZoneInfo.Utc,
                clock).Value!;
            await evidence.AddAsync(Tenant, record, "Bench Lead", Guid.NewGuid(), ct);
        });
        return stored;
    }

    private static async Task<(TimeSpan Read, TimeSpan Generate, int Rows)> AllSoasAsync(ControlInstanceRepository controls, IReadOnlyList<StoredAiSystem> systems)
    {
        var read = Stopwatch.StartNew();
        var instances = new List<ControlInstance>();
        await foreach (var control in controls.ListTenantAsync(Tenant))
        {
            instances.Add(control.Instance);
        }

        read.Stop();
        var generate = Stopwatch.StartNew();
        var byScope = instances.ToLookup(i => i.Scope);
        var organization = byScope[ControlScope.Organization].ToList();
        var included = 0;
        foreach (var system in systems)
        {
            var soa = StatementOfApplicability.Generate(organization.Concat(byScope[system.System.Scope]), system.System.Scope);
            included += soa.IncludedCount;
        }

        generate.Stop();
        if (included != systems.Count * AnnexA.Controls.Count)
        {
            throw new InvalidOperationException($"Expected every control included, got {included}.");
        }

        return (read.Elapsed, generate.Elapsed, instances.Count);
    }
}
