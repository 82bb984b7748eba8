using System.Text.Json.Nodes;
using AimsBot.Domain.Access;
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
        new("welcome", ["WelcomeCard.Build"], h => Task.FromResult(WelcomeCard.Build(h.Person(), h.CommandsFor(h.Person())))),
        new("welcome-every-role", ["WelcomeCard.Build"], h => Task.FromResult(WelcomeCard.Build(h.Person(EveryRole), h.CommandsFor(h.Person(EveryRole))))),
        new("help", ["command:help", "HelpCommand.Build"], h => h.RunCommandAsync("help", h.Person())),
        new("help-every-role", ["command:help", "HelpCommand.Build"], h => h.RunCommandAsync("help", h.Person(EveryRole))),
        new("help-from-welcome-button", ["verb:" + WelcomeCard.ShowHelpVerb], h => h.PressAsync(WelcomeCard.ShowHelpVerb, h.Person(), new JsonObject())),
        new("whoami", ["command:whoami"], h => h.RunCommandAsync("whoami", h.Person(Role.ComplianceLead, Role.Auditor))),
        new("whoami-no-roles", ["command:whoami"], h => h.RunCommandAsync("whoami", h.Person())),
    ];

    /// <summary>Chat commands that answer with text only (no card to sample).</summary>
    public static readonly IReadOnlySet<string> TextOnlyCommands = new HashSet<string>(StringComparer.Ordinal);

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
