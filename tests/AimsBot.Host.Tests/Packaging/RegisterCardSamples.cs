using System.Globalization;
using System.Text.Json.Nodes;
using AimsBot.Domain.Access;
using AimsBot.Register;
using Microsoft.Extensions.DependencyInjection;

namespace AimsBot.Host.Tests.Packaging;

/// <summary>
/// The register's cards, built in order against the sample host (each sample may rely on the ones before:
/// the system added first is listed, shown and given evidence after).
/// </summary>
public static class RegisterCardSamples
{
    private const string System = "Credit Scorer";

    public static IReadOnlyList<CardSample> All { get; } =
    [
        new("register-system-add-form", ["command:system add", "SystemCards.AddForm"], h => h.RunCommandAsync("system add", Lead(h))),
        new("register-system-add-errors", ["verb:" + SystemCards.AddVerb, "SystemCards.AddForm"], h =>
            h.PressAsync(SystemCards.AddVerb, Lead(h), new JsonObject { ["submissionId"] = Guid.NewGuid().ToString("N"), ["name"] = "AI", ["roles"] = "", ["stage"] = "Operation", ["riskTier"] = "Severe" })),
        new("register-system-added", ["verb:" + SystemCards.AddVerb, "SystemCards.Added"], h =>
            h.PressAsync(SystemCards.AddVerb, Lead(h), new JsonObject
            {
                ["submissionId"] = Guid.NewGuid().ToString("N"),
                ["name"] = System,
                ["description"] = "Scores consumer loan applications from bureau and application data.",
                ["intendedUse"] = "Decision support for credit officers; never the only basis for a refusal.",
                ["roles"] = "Developer,DeployerUser",
                ["stage"] = "Operation",
                ["riskTier"] = "High",
            })),
        new("register-systems", ["command:systems", "SystemCards.List"], h => h.RunCommandAsync("systems", h.Person())),
        new("register-system", ["command:system", "SystemCards.Details"], h => h.RunCommandAsync($"system {System}", h.Person(Role.Auditor))),
        new("register-controls-organisation", ["command:controls", "ControlCards.Controls"], h => h.RunCommandAsync("controls", h.Person())),
        new("register-controls-system", ["command:controls", "ControlCards.Controls"], h => h.RunCommandAsync($"controls system {System}", h.Person())),
        new("register-control", ["command:control", "ControlCards.Detail"], h => h.RunCommandAsync($"control a6.2.6 system {System}", Lead(h))),
        new("register-soa-organisation", ["command:soa", "ControlCards.Soa"], h => h.RunCommandAsync("soa", h.Person(Role.Auditor))),
        new("register-evidence-form", ["command:evidence add", "EvidenceCards.Form"], h => h.RunCommandAsync($"evidence add A.6.2.6 system {System}", Lead(h))),
        new("register-evidence-form-from-control", ["verb:" + ControlCards.EvidenceFormVerb, "EvidenceCards.Form"], h =>
            h.PressAsync(ControlCards.EvidenceFormVerb, Lead(h), new JsonObject { ["controlId"] = "A.6.2.6", ["scope"] = "credit-scorer" })),
        new("register-evidence-recorded", ["verb:" + EvidenceCards.AddVerb, "EvidenceCards.Recorded"], h =>
            h.PressAsync(EvidenceCards.AddVerb, Lead(h), new JsonObject
            {
                ["submissionId"] = Guid.NewGuid().ToString("N"),
                ["controlId"] = "A.6.2.6",
                ["scope"] = "credit-scorer",
                ["kind"] = "Link",
                ["url"] = "https://dashboards.example/credit-scorer/drift",
                ["description"] = "Drift and error-rate dashboard; no threshold crossed in the period.",
                ["periodFrom"] = Day(h, -31),
                ["periodTo"] = Day(h, -1),
            })),
        new("register-soa-system", ["command:soa", "ControlCards.Soa"], h => h.RunCommandAsync($"soa system {System}", h.Person(Role.Auditor))),
        new("register-soa-everything-excluded-at-length", ["command:soa", "ControlCards.Soa"], async h =>
        {
            // The largest SoA there can be: every control excluded with a justification of the longest length.
            var reason = "Not applicable here, as the organisation's scope statement explains at length: " + new string('x', 900);
            await h.PressAsync(SystemCards.AddVerb, Lead(h), new JsonObject { ["submissionId"] = Guid.NewGuid().ToString("N"), ["name"] = "Bought In Assistant", ["roles"] = "DeployerUser", ["stage"] = "Operation", ["riskTier"] = "Minimal" });
            foreach (var control in Domain.Catalogue.AnnexA.Controls)
            {
                var reply = await SayAsync(h, $"soa exclude {control.Id} system Bought In Assistant because {reason}", Lead(h));
                if (!reply.StartsWith("Excluded", StringComparison.Ordinal))
                {
                    throw new InvalidOperationException(reply);
                }
            }

            return await h.RunCommandAsync("soa system Bought In Assistant", h.Person(Role.Auditor));
        }),
    ];

    private static AimsBot.Commands.Caller Lead(CardSampleHost host) => host.Person(Role.ComplianceLead);

    /// <summary>Runs a command that answers in a sentence, and returns the sentence.</summary>
    private static async Task<string> SayAsync(CardSampleHost host, string text, AimsBot.Commands.Caller caller)
    {
        var match = host.Services.GetRequiredService<AimsBot.Commands.CommandRouter>().Match(text);
        var activity = AimsBot.Teams.Activities.Activity.CreateMessage(text);
        activity.Id = Guid.NewGuid().ToString("N");
        var turn = new AimsBot.Teams.Hosting.TurnContext(activity, caller.TenantId, identity: null, isAnonymous: true);
        var handler = (AimsBot.Commands.IChatCommand)host.Services.GetRequiredService(match.Command!.HandlerType);
        var reply = await handler.ExecuteAsync(new AimsBot.Commands.CommandContext(caller, match.Arguments, turn, match.Command), CancellationToken.None);
        return reply.Text ?? "";
    }

    /// <summary>A day relative to the sample host's clock.</summary>
    private static string Day(CardSampleHost host, int offset) =>
        DateOnly.FromDateTime(host.Services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime).AddDays(offset).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
