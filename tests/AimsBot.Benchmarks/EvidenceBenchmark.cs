using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using AimsBot.Domain.Access;
using AimsBot.Domain.Catalogue;
using AimsBot.Domain.Register;
using AimsBot.Domain.Scheduling;
using AimsBot.Storage;
using AimsBot.Storage.Register;
using AimsBot.Teams.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace AimsBot.Benchmarks;

/// <summary>
/// The evidence query at size: N AI systems (default 200) × 38 controls, each instance with about 13 evidence
/// records (≈100,000 rows), seeded into Azurite in one-partition transactions, in parallel. Measures the
/// <c>evidence &lt;id&gt; system &lt;name&gt;</c> command through the real host over HTTP (as a compliance lead,
/// and as an auditor, whose every query also appends a ledger event), next to the raw Table query of the same
/// partition's first page, in the same run, and prints the ratio.
/// </summary>
internal static class EvidenceBenchmark
{
    private const string Tenant = BenchmarkBotHost.Tenant;
    private const string LeadPrefix = "aad-lead-";
    private const string AuditorPrefix = "aad-auditor-";

    public static async Task RunAsync(string[] args)
    {
        var systemCount = BenchmarkArgs.Int(args, "--systems", 200);
        var perInstance = BenchmarkArgs.Int(args, "--per-control", 13);
        var requests = BenchmarkArgs.Int(args, "--requests", 400);
        var clients = BenchmarkArgs.Int(args, "--clients", 8);

        var leads = string.Join(',', Enumerable.Range(0, clients).Select(i => LeadPrefix + i.ToString(CultureInfo.InvariantCulture)));
        var auditors = string.Join(',', Enumerable.Range(0, clients).Select(i => AuditorPrefix + i.ToString(CultureInfo.InvariantCulture)));
        await using var host = await BenchmarkBotHost.StartAsync(new Dictionary<string, string?>
        {
            ["Roles:ComplianceLeads"] = leads,
            ["Roles:Auditors"] = auditors,
            // The benchmark indexes its seeded rows itself (timed); the hourly repair must not run beside it.
            ["Audit:EvidenceIndexRepairCron"] = "0 0 30 2 *",
        });
        var services = host.Services;

        var seeding = Stopwatch.StartNew();
        var systems = await SeedSystemsAsync(services, systemCount);
        var systemsSeeded = seeding.Elapsed;
        var rows = await SeedEvidenceAsync(services, systems, perInstance);
        seeding.Stop();

        // The seeded rows went straight into Evidence, as records from before the index did: the repair indexes them.
        var indexing = Stopwatch.StartNew();
        var indexed = await services.GetRequiredService<EvidenceRepository>().RepairIndexAsync(Tenant);
        indexing.Stop();

        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = clients * 2 }) { BaseAddress = host.BaseAddress };
        async Task SayAsync(string text, string user, int i)
        {
            var activity = new JsonObject
            {
                ["type"] = "message",
                ["id"] = "bench-" + i.ToString(CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N")[..8],
                ["serviceUrl"] = host.Connector.ServiceUrl,
                ["channelId"] = "msteams",
                ["text"] = text,
                ["from"] = new JsonObject { ["id"] = "29:" + user, ["aadObjectId"] = user, ["name"] = "Bench User" },
                ["conversation"] = new JsonObject { ["id"] = "a:bench-" + user, ["conversationType"] = "personal", ["tenantId"] = Tenant },
                ["recipient"] = new JsonObject { ["id"] = "28:" + TestTokens.AppId },
                ["channelData"] = new JsonObject { ["tenant"] = new JsonObject { ["id"] = Tenant } },
            };
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = new StringContent(activity.ToJsonString(), Encoding.UTF8, "application/json") };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", host.Token);
            using var response = await http.SendAsync(request);
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"POST /api/messages answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            }
        }

        var raw = services.GetRequiredService<TableStore>().Table<TableEntity>(EvidenceRepository.TableName).Client;
        var a626 = ControlId.Parse("A.6.2.6");
        async Task RawPageAsync(int i)
        {
            var partition = RegisterKeys.EvidencePartition(Tenant, systems[i % systems.Count].System.Scope, a626);
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey lt {RegisterKeys.MarkerPrefix}");
            await foreach (var page in raw.QueryAsync<TableEntity>(filter, maxPerPage: 21).AsPages(pageSizeHint: 21))
            {
                if (page.Values.Count == 0)
                {
                    throw new InvalidOperationException("The seeded partition is empty.");
                }

                break;
            }
        }

        // The list across systems reads one partition of the index table, which holds every system's rows for the
        // control (200 × 13 here, not 13): its own raw first page is the floor that command can reach.
        var rawIndex = services.GetRequiredService<TableStore>().Table<TableEntity>(EvidenceRepository.IndexTableName).Client;
        async Task RawIndexPageAsync(int i)
        {
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {RegisterKeys.EvidenceIndexPartition(Tenant, a626)}");
            await foreach (var page in rawIndex.QueryAsync<TableEntity>(filter, maxPerPage: 21).AsPages(pageSizeHint: 21))
            {
                if (page.Values.Count == 0)
                {
                    throw new InvalidOperationException("The index partition is empty.");
                }

                break;
            }
        }

        string Name(int i) => systems[i % systems.Count].System.Name;
        string Lead(int i) => LeadPrefix + (i % clients).ToString(CultureInfo.InvariantCulture);
        string Auditor(int i) => AuditorPrefix + (i % clients).ToString(CultureInfo.InvariantCulture);

        await Measurement.RunAsync("warm-up", 100, clients, i => SayAsync($"evidence A.6.2.6 system {Name(i)}", Lead(i), i));
        await Measurement.RunAsync("warm-up", 100, clients, RawPageAsync);

        var rawOne = await Measurement.RunAsync("raw partition query, first page", requests, 1, RawPageAsync);
        var leadOne = await Measurement.RunAsync("evidence <id> system <name> (lead)", requests, 1, i => SayAsync($"evidence A.6.2.6 system {Name(i * 7)}", Lead(i), i));
        var rawMany = await Measurement.RunAsync("raw partition query, first page", requests, clients, RawPageAsync);
        var leadMany = await Measurement.RunAsync("evidence <id> system <name> (lead)", requests, clients, i => SayAsync($"evidence A.6.2.6 system {Name(i * 7)}", Lead(i), i));
        var auditorMany = await Measurement.RunAsync("  … as an auditor (+ ledger event)", requests, clients, i => SayAsync($"evidence A.6.2.6 system {Name(i * 11)}", Auditor(i), i));
        await Measurement.RunAsync("warm-up", 50, clients, i => SayAsync("evidence A.6.2.6 all systems", Lead(i), i));
        var rawIndexOne = await Measurement.RunAsync("raw index partition query, first page", requests, 1, RawIndexPageAsync);
        var rawIndexMany = await Measurement.RunAsync("raw index partition query, first page", requests, clients, RawIndexPageAsync);
        var allOne = await Measurement.RunAsync("evidence <id> all systems (lead)", requests, 1, i => SayAsync("evidence A.6.2.6 all systems", Lead(i), i));
        var allMany = await Measurement.RunAsync("evidence <id> all systems (lead)", requests, clients, i => SayAsync("evidence A.6.2.6 all systems", Lead(i), i));
        var allAuditorMany = await Measurement.RunAsync("  … as an auditor (+ ledger event)", requests, clients, i => SayAsync("evidence A.6.2.6 all systems", Auditor(i), i));
        var whoami = await Measurement.RunAsync("whoami (pipeline baseline)", requests, clients, i => SayAsync("whoami", Lead(i), i));

        // The whole index as one CSV, as `export evidence all` builds it (the file consent card is not timed).
        var export = services.GetServices<AimsBot.Files.IExportSource>().Single(s => s.Kind == "evidence");
        var exporter = new AimsBot.Commands.Caller(Tenant, Lead(0), "29:" + Lead(0), "Bench Lead", new HashSet<Role> { Role.ComplianceLead });
        var exporting = Stopwatch.StartNew();
        var file = await export.BuildAsync(new AimsBot.Files.ExportRequest("evidence", "csv", "all"), exporter, CancellationToken.None);
        exporting.Stop();
        var exportedRows = file.Content.AsSpan().Count((byte)'\n') - 1;

        await Task.Delay(500);
        var replies = host.Connector.Requests.Where(r => r.Method == "POST" && r.Path.Contains("/activities/bench-", StringComparison.Ordinal)).ToList();
        var cards = replies.Count(r => r.Body.Contains("Evidence for A.6.2.6", StringComparison.Ordinal) && r.Body.Contains("\"Table\"", StringComparison.Ordinal));
        var allCards = replies.Count(r => r.Body.Contains("Across the organisation and every AI system", StringComparison.Ordinal) && r.Body.Contains("\"Table\"", StringComparison.Ordinal));
        var largest = replies.Where(r => r.Body.Contains("Evidence for A.6.2.6", StringComparison.Ordinal)).Select(r => Encoding.UTF8.GetByteCount(r.Body)).DefaultIfEmpty().Max();

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Evidence benchmark — {systemCount} AI systems × 38 controls × {perInstance} records = {rows:N0} evidence rows in {systemCount * 38:N0} partitions, {Environment.ProcessorCount} cores, Azurite on loopback"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"seeding: systems and control instances {systemsSeeded.TotalSeconds:F1} s, evidence {(seeding.Elapsed - systemsSeeded).TotalSeconds:F1} s ({rows / (seeding.Elapsed - systemsSeeded).TotalSeconds:F0} rows/s, one transaction per partition, 32 in parallel)"));
        Console.WriteLine();
        Console.WriteLine("One client at a time:");
        Console.WriteLine(Measurement.Header);
        Console.WriteLine(rawOne.Row());
        Console.WriteLine(leadOne.Row());
        Console.WriteLine(rawIndexOne.Row());
        Console.WriteLine(allOne.Row());
        Console.WriteLine(Ratio(leadOne, rawOne));
        Console.WriteLine(Ratio(allOne, rawOne));
        Console.WriteLine(Ratio(allOne, rawIndexOne, "raw index query"));
        Console.WriteLine();
        Console.WriteLine($"{clients} concurrent clients (command through POST /api/messages: token validation, de-duplication, the query, the reply):");
        Console.WriteLine(Measurement.Header);
        Console.WriteLine(rawMany.Row());
        Console.WriteLine(leadMany.Row());
        Console.WriteLine(auditorMany.Row());
        Console.WriteLine(whoami.Row());
        Console.WriteLine(Ratio(leadMany, rawMany));
        Console.WriteLine(Ratio(auditorMany, rawMany));
        Console.WriteLine(rawIndexMany.Row());
        Console.WriteLine(allMany.Row());
        Console.WriteLine(allAuditorMany.Row());
        Console.WriteLine(Ratio(allMany, rawMany));
        Console.WriteLine(Ratio(allAuditorMany, rawMany));
        Console.WriteLine(Ratio(allMany, rawIndexMany, "raw index query"));
        Console.WriteLine(Ratio(allAuditorMany, rawIndexMany, "raw index query"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"evidence replies that were table cards: {cards} of {requests * 6 + 150} (expected all); of them across every system: {allCards} of {requests * 3 + 50}; largest reply {largest} bytes"));
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"evidence index: {indexed:N0} records indexed by the repair in {indexing.Elapsed.TotalSeconds:F1} s ({indexed / indexing.Elapsed.TotalSeconds:F0} rows/s)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"export evidence all (CSV): {exportedRows:N0} rows, {file.Content.Length / 1024.0 / 1024.0:F1} MB in {exporting.Elapsed.TotalSeconds:F1} s = {exportedRows / exporting.Elapsed.TotalSeconds:F0} rows/s"));
    }

    private static string Ratio(Measurement command, Measurement raw, string rawName = "raw query") => string.Create(CultureInfo.InvariantCulture,
        $"ratio {command.Name.Trim()} / {rawName}: p50 {command.Percentile(50) / raw.Percentile(50):F1}×, p95 {command.Percentile(95) / raw.Percentile(95):F1}×");

    /// <summary>"System 001"… each with its own instance of all 38 controls, so every system's evidence has its own partitions.</summary>
    private static async Task<IReadOnlyList<StoredAiSystem>> SeedSystemsAsync(IServiceProvider services, int count)
    {
        var systemsRepository = services.GetRequiredService<AiSystemRepository>();
        var controls = services.GetRequiredService<ControlInstanceRepository>();
        var lead = Actor.Create("bench-lead", Role.ComplianceLead);
        var clock = TimeProvider.System;
        var stored = new StoredAiSystem[count];
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
        {
            var system = AiSystem.Create(
                new AiSystemDetails($"System {i + 1:D3}", "A benchmark system.", "Benchmarking.", [OrganizationRole.Developer], LifecycleStage.Operation, $"owner-{i % 20:D2}", RiskTier.Limited),
                lead,
                clock).Value!;
            stored[i] = await systemsRepository.AddAsync(Tenant, system, $"Owner {i % 20:D2}", "bench-lead", null, ct);
            var own = AnnexA.Controls.Select(c => new ControlUpdate(
                ControlInstance.Create(system.Scope, c.ControlId, lead, clock, TimeZoneInfo.Utc, EvidenceCadence.Yearly).Value!, null));
            await controls.AddMissingAsync(Tenant, own, ct);
        });
        return stored;
    }

    /// <summary>~13 records per (system, control) partition, each partition in one transaction, 32 partitions at a time.</summary>
    private static async Task<int> SeedEvidenceAsync(IServiceProvider services, IReadOnlyList<StoredAiSystem> systems, int perInstance)
    {
        var table = services.GetRequiredService<TableStore>().Table<EvidenceRow>(EvidenceRepository.TableName);
        var partitions = systems.SelectMany(s => AnnexA.Controls.Select(c => (s.System.Scope, c.ControlId))).ToList();
        var start = services.GetRequiredService<TimeProvider>().GetUtcNow().AddDays(-400);
        var written = 0;
        await Parallel.ForEachAsync(partitions, new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (p, ct) =>
        {
            var partition = RegisterKeys.EvidencePartition(Tenant, p.Scope, p.ControlId);
            var rows = Enumerable.Range(0, perInstance).Select(i =>
            {
                var at = start.AddDays(i * 30).AddMinutes(Random.Shared.Next(0, 1440));
                var id = Guid.CreateVersion7(at).ToString("N");
                return new TableTransactionAction(TableTransactionActionType.Add, new EvidenceRow
                {
                    PartitionKey = partition,
                    RowKey = RegisterKeys.EvidenceRowKey(at, id),
                    EvidenceId = id,
                    Scope = p.Scope.Key,
                    ControlId = p.ControlId.Value,
                    Kind = "Link",
                    Url = $"https://dashboards.example/{p.Scope.Key}/{p.ControlId.Value}/{i}",
                    Description = "Monthly monitoring report",
                    PeriodFrom = at.UtcDateTime.AddDays(-30).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    PeriodTo = at.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    SubmittedBy = "owner-01",
                    SubmittedByName = "Owner 01",
                    SubmittedAt = at,
                    SubmissionId = Guid.NewGuid().ToString("N"),
                });
            }).ToList();
            foreach (var chunk in rows.Chunk(Storage.Tables.TypedTable<EvidenceRow>.MaxBatchSize))
            {
                await table.SubmitAtomicallyAsync(chunk, ct);
            }

            Interlocked.Add(ref written, rows.Count);
        });
        return written;
    }
}
