using System.Diagnostics;
using System.Globalization;
using Azure.Data.Tables;
using AimsBot.Digest;
using AimsBot.Domain.Access;
using AimsBot.Domain.Catalogue;
using AimsBot.Domain.Register;
using AimsBot.Storage;
using AimsBot.Storage.Nonconformities;
using AimsBot.Storage.Register;
using Microsoft.Extensions.DependencyInjection;

namespace AimsBot.Benchmarks;

/// <summary>
/// The weekly digest of a large tenant: N AI systems (default 200) × 38 controls, each instance monthly with about 13
/// evidence records (≈100,000 rows; the latest of each within the last two weeks, so about half the instances had
/// evidence this week and their partitions are read), and 500 nonconformities (half open, four severities). Seeded
/// through the storage layer in batches; then <see cref="DigestCompiler.CompileAsync"/> is timed (the one pass over
/// the tables and the snapshot write), cold and warm, with the card it makes.
/// </summary>
internal static class DigestBenchmark
{
    private const string Tenant = BenchmarkBotHost.Tenant;

    public static async Task RunAsync(string[] args)
    {
        var systemCount = BenchmarkArgs.Int(args, "--systems", 200);
        var perInstance = BenchmarkArgs.Int(args, "--per-control", 13);
        var ncCount = BenchmarkArgs.Int(args, "--ncs", 500);
        var rounds = BenchmarkArgs.Int(args, "--rounds", 5);

        await using var host = await BenchmarkBotHost.StartAsync(new Dictionary<string, string?>
        {
            ["Roles:ComplianceLeads"] = "aad-bench-lead",
            ["Digest:ScanCron"] = "0 0 30 2 *",
            ["Audit:EvidenceIndexRepairCron"] = "0 0 30 2 *",
        });
        var services = host.Services;
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();

        var seeding = Stopwatch.StartNew();
        var scopes = await SeedSystemsAsync(services, systemCount, now);
        var systemsSeeded = seeding.Elapsed;
        var evidence = await SeedEvidenceAsync(services, scopes, perInstance, now);
        var evidenceSeeded = seeding.Elapsed;
        await SeedNonconformitiesAsync(services, ncCount, now);
        seeding.Stop();

        var compiler = services.GetRequiredService<DigestCompiler>();
        var cards = services.GetRequiredService<DigestCardBuilder>();
        var times = new List<TimeSpan>();
        DigestReport? report = null;
        for (var round = 0; round < rounds; round++)
        {
            var watch = Stopwatch.StartNew();
            report = await compiler.CompileAsync(Tenant, CancellationToken.None);
            watch.Stop();
            times.Add(watch.Elapsed);
        }

        var card = await cards.BuildAsync(report!, null, CancellationToken.None);
        var f = report!.Figures;
        var warm = times.Skip(1).Order().ToList();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Digest benchmark — {systemCount} AI systems × 38 controls = {systemCount * 38:N0} control instances, {evidence:N0} evidence rows, {ncCount} nonconformities; {Environment.ProcessorCount} cores, Azurite on loopback"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"seeding: systems and instances {systemsSeeded.TotalSeconds:F1} s, evidence {(evidenceSeeded - systemsSeeded).TotalSeconds:F1} s, nonconformities {(seeding.Elapsed - evidenceSeeded).TotalSeconds:F1} s"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"compile (one pass + snapshot write): first {times[0].TotalMilliseconds:F0} ms; then over {warm.Count} runs min {(warm.Count > 0 ? warm[0].TotalMilliseconds : 0):F0} ms, median {(warm.Count > 0 ? warm[warm.Count / 2].TotalMilliseconds : 0):F0} ms, max {(warm.Count > 0 ? warm[^1].TotalMilliseconds : 0):F0} ms"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"figures: {f.OverdueControls:N0} overdue ({f.NewlyOverdueControls:N0} newly), {f.EvidenceReceived:N0} evidence this week, {f.OpenNonconformityCount} open nonconformities, {f.UnreachableOwners.Count} unreachable owners; card {System.Text.Encoding.UTF8.GetByteCount(card.ToJson()):N0} bytes"));
    }

    /// <summary>"System 001"… each with its own 38 monthly instances (owner one of 20 people the bot never met), last evidence within two weeks.</summary>
    private static async Task<IReadOnlyList<(ControlScope Scope, ControlId Control, DateTimeOffset Latest)>> SeedSystemsAsync(IServiceProvider services, int count, DateTimeOffset now)
    {
        var systemsRepository = services.GetRequiredService<AiSystemRepository>();
        var controls = services.GetRequiredService<ControlInstanceRepository>();
        var lead = Actor.Create("bench-lead", Role.ComplianceLead);
        var clock = TimeProvider.System;
        var instances = new System.Collections.Concurrent.ConcurrentBag<(ControlScope, ControlId, DateTimeOffset)>();
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
        {
            var owner = $"owner-{i % 20:D2}";
            var system = AiSystem.Create(
                new AiSystemDetails($"System {i + 1:D3}", "A benchmark system.", "Benchmarking.", [OrganizationRole.Developer], LifecycleStage.Operation, owner, RiskTier.Limited),
                lead,
                clock).Value!;
            await systemsRepository.AddAsync(Tenant, system, $"Owner {i % 20:D2}", "bench-lead", null, ct);
            var own = AnnexA.Controls.Select(c =>
            {
                var latest = now.AddMinutes(-Random.Shared.Next(60, 14 * 24 * 60));
                var state = new ControlInstanceState(system.Scope.Key, c.Id, ControlLayer.AiSystem, ApplicabilityStatus.Applicable, null, null, null,
                    ImplementationStatus.Partial, owner, "monthly", "UTC", now.AddYears(-2), now.AddYears(-2), latest);
                instances.Add((system.Scope, c.ControlId, latest));
                return new ControlUpdate(ControlInstance.Restore(state).Value!, $"Owner {i % 20:D2}");
            });
            await controls.AddMissingAsync(Tenant, own.ToList(), ct);
        });
        return instances.ToList();
    }

    /// <summary>About 13 monthly records per instance ending at its latest, one transaction per partition, 32 at a time.</summary>
    private static async Task<int> SeedEvidenceAsync(IServiceProvider services, IReadOnlyList<(ControlScope Scope, ControlId Control, DateTimeOffset Latest)> instances, int perInstance, DateTimeOffset now)
    {
        var table = services.GetRequiredService<TableStore>().Table<EvidenceRow>(EvidenceRepository.TableName);
        var index = services.GetRequiredService<TableStore>().Table<EvidenceRow>(EvidenceRepository.IndexTableName);
        var written = 0;
        await Parallel.ForEachAsync(instances, new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (p, ct) =>
        {
            var partition = RegisterKeys.EvidencePartition(Tenant, p.Scope, p.Control);
            var rows = Enumerable.Range(0, perInstance).Select(i =>
            {
                var at = p.Latest.AddDays(-30 * i);
                var id = Guid.CreateVersion7(at).ToString("N");
                return new TableTransactionAction(TableTransactionActionType.Add, new EvidenceRow
                {
                    PartitionKey = partition,
                    RowKey = RegisterKeys.EvidenceRowKey(at, id),
                    EvidenceId = id,
                    Scope = p.Scope.Key,
                    ControlId = p.Control.Value,
                    Kind = "Link",
                    Url = $"https://dashboards.example/{p.Scope.Key}/{p.Control.Value}/{i}",
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

            // The evidence index holds a copy of every record (EvidenceRepository.AddAsync writes it): the digest counts it.
            var indexPartition = RegisterKeys.EvidenceIndexPartition(Tenant, p.Control);
            var copies = rows.Select(a => (EvidenceRow)a.Entity).Select(r => new TableTransactionAction(TableTransactionActionType.Add, new EvidenceRow
            {
                PartitionKey = indexPartition,
                RowKey = r.RowKey,
                EvidenceId = r.EvidenceId,
                Scope = r.Scope,
                ControlId = r.ControlId,
                Kind = r.Kind,
                Url = r.Url,
                Description = r.Description,
                PeriodFrom = r.PeriodFrom,
                PeriodTo = r.PeriodTo,
                SubmittedBy = r.SubmittedBy,
                SubmittedByName = r.SubmittedByName,
                SubmittedAt = r.SubmittedAt,
            })).ToList();
            foreach (var chunk in copies.Chunk(Storage.Tables.TypedTable<EvidenceRow>.MaxBatchSize))
            {
                await index.SubmitAtomicallyAsync(chunk, ct);
            }

            Interlocked.Add(ref written, rows.Count);
        });
        return written;
    }

    /// <summary>NC-0001…: every other one open, raised over the last 200 days, four severities; in transactions of 100.</summary>
    private static async Task SeedNonconformitiesAsync(IServiceProvider services, int count, DateTimeOffset now)
    {
        var table = services.GetRequiredService<TableStore>().Table<TableEntity>(NonconformityRepository.TableName);
        string[] severities = ["major", "minor", "observation", "minor"];
        var rows = Enumerable.Range(1, count).Select(i => new TableTransactionAction(TableTransactionActionType.Add, new TableEntity(Tenant, $"NC-{i:D4}")
        {
            ["Title"] = $"Nonconformity {i}",
            ["Scope"] = "org",
            ["Status"] = i % 2 == 0 ? NonconformityRepository.Open : NonconformityRepository.Closed,
            ["Severity"] = severities[i % severities.Length],
            ["RaisedAt"] = now.AddDays(-(i % 200)),
        }));
        foreach (var chunk in rows.Chunk(Storage.Tables.TypedTable<TableEntity>.MaxBatchSize))
        {
            await table.SubmitAtomicallyAsync(chunk);
        }
    }
}
