using System.Diagnostics;
using System.Globalization;
using System.Text;
using AimsBot.Commands;
using AimsBot.Domain.Access;
using AimsBot.Domain.Catalogue;
using AimsBot.Exports;
using AimsBot.Import;
using Microsoft.Extensions.DependencyInjection;

namespace AimsBot.Benchmarks;

/// <summary>
/// The register import at size: a file of N AI systems (default 200), each with its own row for all 38
/// controls, plus the organisation's 38 rows, imported into an empty tenant in Azurite through the production
/// services (validation, the partition-by-partition write, the ledger events). Then the same file again (a
/// full validation that finds no changes), a dry run of it into another empty tenant, and the export of the
/// register it built. Prints wall-clock times (one run each, not a statistic).
/// </summary>
internal static class ImportBenchmark
{
    private const string Header = "record,name,description,intended use,roles,stage,risk tier,status,owner,scope,control,applicability,justification,implementation,cadence,layer";

    public static async Task RunAsync(string[] args)
    {
        var systemCount = BenchmarkArgs.Int(args, "--systems", 200);
        await using var host = await BenchmarkBotHost.StartAsync();
        var import = host.Services.GetRequiredService<RegisterImport>();
        var export = host.Services.GetRequiredService<RegisterExport>();
        var csv = Encoding.UTF8.GetBytes(File(systemCount));
        var rows = systemCount * (AnnexA.Controls.Count + 1) + AnnexA.Controls.Count;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Register file: {systemCount} AI systems, {rows:N0} rows, {csv.Length / 1024.0:N0} KB"));

        var lead = new Caller(BenchmarkBotHost.Tenant, "aad-bench-lead", "29:bench-lead", "Bench Lead", new HashSet<Role> { Role.ComplianceLead });
        var dry = await TimeAsync("dry run into an empty tenant (validate + plan)", () => import.ImportAsync(new ImportRequest(lead with { TenantId = "bench-dry" }, "register.csv", csv, DryRun: true, "bench"), default));
        var first = await TimeAsync("import into an empty tenant (write + ledger)", () => import.ImportAsync(new ImportRequest(lead, "register.csv", csv, DryRun: false, "bench"), default));
        var again = await TimeAsync("same file again (no changes)", () => import.ImportAsync(new ImportRequest(lead, "register.csv", csv, DryRun: false, "bench"), default));
        var exportWatch = Stopwatch.StartNew();
        var (table, systems, controls) = await export.BuildTableAsync(BenchmarkBotHost.Tenant, default);
        var exported = TabularExport.ToCsv(table);
        exportWatch.Stop();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"export register (read + CSV)",-48} {exportWatch.Elapsed.TotalSeconds,8:F2} s   {systems} systems, {controls:N0} controls, {exported.Length / 1024.0:N0} KB"));
        Console.WriteLine();
        Console.WriteLine($"dry run: {dry.Status} {dry.Changes}; import: {first.Status} {first.Changes}; again: {again.Status}");
    }

    private static async Task<ImportOutcome> TimeAsync(string name, Func<Task<ImportOutcome>> run)
    {
        var watch = Stopwatch.StartNew();
        var outcome = await run();
        watch.Stop();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-48} {watch.Elapsed.TotalSeconds,8:F2} s   {outcome.Status}"));
        if (outcome.Status is ImportStatus.Invalid or ImportStatus.Failed)
        {
            Console.WriteLine(ImportCards.Text(outcome, 5));
        }

        return outcome;
    }

    private static string File(int systems)
    {
        var text = new StringBuilder(Header).Append("\r\n");
        foreach (var control in AnnexA.Controls)
        {
            text.Append(CultureInfo.InvariantCulture, $"control,,,,,,,,,org,{control.Id},applicable,,planned,yearly,\r\n");
        }

        for (var i = 1; i <= systems; i++)
        {
            var name = string.Create(CultureInfo.InvariantCulture, $"Bench System {i:D4}");
            text.Append(CultureInfo.InvariantCulture, $"system,{name},Benchmark system {i},Measuring the import,developer; deployer-user,operation,high,active,owner{i % 20}@contoso.com,,,,,,,\r\n");
            foreach (var control in AnnexA.Controls)
            {
                var excluded = control.Id.StartsWith("A.7.", StringComparison.Ordinal) && i % 3 == 0;
                text.Append(excluded
                    ? $"control,,,,,,,,,{name},{control.Id},excluded,This system uses no data of its own: it calls a vendor model.,,,\r\n"
                    : string.Create(CultureInfo.InvariantCulture, $"control,,,,,,,,owner{i % 20}@contoso.com,{name},{control.Id},applicable,,partial,quarterly,\r\n"));
            }
        }

        return text.ToString();
    }
}
