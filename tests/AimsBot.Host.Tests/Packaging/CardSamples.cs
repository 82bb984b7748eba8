using System.Text.Json.Nodes;
using AimsBot.Domain.Access;
using AimsBot.Domain.Ledger;
using AimsBot.Storage.Ledger;
using Microsoft.Extensions.DependencyInjection;
using AimsBot.Onboarding;
using AimsBot.Teams.Cards;

namespace AimsBot.Host.Tests.Packaging;

/// <summary>One card the bot can send, built the way the bot builds it.</summary>
/// <param name="Name">File name of the sample (<c>.artifacts/cards/{Name}.json</c>).</param>
/// <param name="Covers">What produces it: <c>Type.Method</c> of a card builder, <c>command:name</c>, <c>verb:name</c>.</param>
public sealed record CardSample(string Name, string[] Covers, Func<CardSampleHost, Task<AdaptiveCard>> Build)
{
    public override string ToString() => Name;
}

/// <summary>
/// Every card the project produces, one sample (or more) per card builder, chat command and card verb. Add a
/// line here with each new card: <see cref="CardSampleTests"/> renders each with the Adaptive Cards JS renderer
/// and fails for a builder, command or verb that has no sample.
/// </summary>
public static class CardSamples
{
    private static readonly Role[] EveryRole = Enum.GetValues<Role>();

    public static readonly IReadOnlyList<CardSample> All =
    [
        new("welcome", ["WelcomeCard.Build"], h => Task.FromResult(WelcomeCard.Build(h.Person(), h.WelcomeLines, h.CommandsFor(h.Person())))),
        new("welcome-every-role", ["WelcomeCard.Build"], h => Task.FromResult(WelcomeCard.Build(h.Person(EveryRole), h.WelcomeLines, h.CommandsFor(h.Person(EveryRole))))),
        new("help", ["command:help", "HelpCommand.Build"], h => h.RunCommandAsync("help", h.Person())),
        new("help-every-role", ["command:help", "HelpCommand.Build"], h => h.RunCommandAsync("help", h.Person(EveryRole))),
        new("help-from-welcome-button", ["verb:" + WelcomeCard.ShowHelpVerb], h => h.PressAsync(WelcomeCard.ShowHelpVerb, h.Person(), new JsonObject())),
        new("whoami", ["command:whoami"], h => h.RunCommandAsync("whoami", h.Person(Role.ComplianceLead, Role.Auditor))),
        new("whoami-no-roles", ["command:whoami"], h => h.RunCommandAsync("whoami", h.Person())),
        new("ledger-history", ["command:ledger", "LedgerCards.History"], async h =>
        {
            var ledger = h.Services.GetRequiredService<ILedgerStore>();
            var clock = h.Services.GetRequiredService<TimeProvider>();
            var actor = new Actor("aad-sample-0001", new HashSet<Role> { Role.ComplianceLead });
            await ledger.AppendAsync(LedgerEntry.For(CardSampleHost.Tenant, actor, "control.owner.assigned", "ControlInstance", "org/A.6.2.6", """{"owner":null}""", """{"owner":"aad-sample-0002"}""", clock));
            await ledger.AppendAsync(LedgerEntry.For(CardSampleHost.Tenant, actor, "control.excluded", "ControlInstance", "org/A.6.2.6", """{"applicable":true}""", """{"applicable":false,"justification":"No AI system in operation yet."}""", clock));
            return await h.RunCommandAsync("ledger org/A.6.2.6", h.Person(Role.Auditor));
        }),
        new("ledger-verification", ["command:verify ledger", "LedgerCards.Verification"], h => h.RunCommandAsync("verify ledger", h.Person(Role.ComplianceLead))),
        .. LedgerCardSamples.All,
        .. RegisterCardSamples.All,
        .. NudgeCardSamples.All,
        .. AuditCardSamples.All,
        .. ImportCardSamples.All,
        .. AssessmentCardSamples.All,
        .. ApprovalCardSamples.All,
        .. AssessmentReportCardSamples.All,
        .. AssessmentTriggerCardSamples.All,
        .. RiskCardSamples.All,
        .. RiskFollowUpCardSamples.All,
        .. RiskApprovalCardSamples.All,
        .. DigestCardSamples.All,
        .. NonconformityCardSamples.All,
        .. NonconformityFollowUpCardSamples.All,
    ];

    /// <summary>Chat commands that answer with text only (no card to sample).</summary>
    /// <remarks><c>export</c> answers with a Teams file consent card, not an Adaptive Card; <c>owner</c>, <c>soa exclude</c> and <c>system change</c> confirm in a sentence.</remarks>
    public static readonly IReadOnlySet<string> TextOnlyCommands = new HashSet<string>(StringComparer.Ordinal) { "export", "owner", "soa exclude", "ledger checkpoint", "implementation", "system change", "digest" };

    public static TheoryData<string> Names
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (var sample in All)
            {
                data.Add(sample.Name);
            }

            return data;
        }
    }
}
