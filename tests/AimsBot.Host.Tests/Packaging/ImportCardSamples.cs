using System.Text;
using AimsBot.Domain.Access;
using AimsBot.Import;
using Microsoft.Extensions.DependencyInjection;

namespace AimsBot.Host.Tests.Packaging;

/// <summary>
/// The import's cards: the validation report and the summary. The <c>import</c> command answers with
/// <see cref="ImportCards.Outcome"/> for the file it downloads; the samples run the same import service on a file
/// directly (the sample host has no file server to download from).
/// </summary>
public static class ImportCardSamples
{
    private const string Header = "record,name,description,intended use,roles,stage,risk tier,status,owner,scope,control,applicability,justification,implementation,cadence,layer";

    public static IReadOnlyList<CardSample> All { get; } =
    [
        new("import-report", ["command:import", "ImportCards.Outcome"], h => ImportAsync(h, false,
            "system,Loan Advisor,Suggests loan terms,,developer,operation,severe,,,,,,,,,",
            "control,,,,,,,,,org,A.6.2.9,applicable,,,,",
            "control,,,,,,,,,Loan Advisr,A.6.2.6,,,,,",
            "control,,,,,,,,,org,A.2.2,excluded,,,,")),
        new("import-report-many-problems", ["command:import", "ImportCards.Outcome"], h => ImportAsync(h, false,
            [.. Enumerable.Range(1, 80).Select(i => $"control,,,,,,,,,org,A.9.{i},applicable,,,,")])),
        new("import-check", ["command:import", "ImportCards.Outcome"], h => ImportAsync(h, true,
            "system,Loan Advisor,Suggests loan terms,,developer,operation,high,,5f1c2a44-0000-4000-8000-000000000001,,,,,,,")),
        new("import-imported", ["command:import", "ImportCards.Outcome"], h => ImportAsync(h, false,
            "system,Loan Advisor,Suggests loan terms,,developer,operation,high,,5f1c2a44-0000-4000-8000-000000000001,,,,,,,",
            "control,,,,,,,,,org,A.2.2,applicable,,implemented,quarterly,")),
        new("import-no-changes", ["command:import", "ImportCards.Outcome"], h => ImportAsync(h, false,
            "system,Loan Advisor,Suggests loan terms,,developer,operation,high,,5f1c2a44-0000-4000-8000-000000000001,,,,,,,",
            "control,,,,,,,,,org,A.2.2,applicable,,implemented,quarterly,")),
    ];

    private static async Task<Teams.Cards.AdaptiveCard> ImportAsync(CardSampleHost host, bool dryRun, params string[] rows)
    {
        var csv = string.Join("\r\n", [Header, .. rows]);
        var import = host.Services.GetRequiredService<RegisterImport>();
        var outcome = await import.ImportAsync(new ImportRequest(host.Person(Role.ComplianceLead), "register.csv", Encoding.UTF8.GetBytes(csv), dryRun, "sample-activity"), CancellationToken.None);
        return ImportCards.Outcome(outcome, import.Options.MaxReportedProblems);
    }
}
