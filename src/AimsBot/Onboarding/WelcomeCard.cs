using System.Text.Json.Nodes;
using AimsBot.Commands;
using AimsBot.Teams.Cards;
using AimsBot.Workflows;

namespace AimsBot.Onboarding;

/// <summary>The first thing a person sees: what the bot will do for them, given their roles.</summary>
public static class WelcomeCard
{
    public const string ShowHelpVerb = "onboarding.help";

    /// <param name="caller">Who is welcomed.</param>
    /// <param name="lines">What each registered workflow does (<see cref="WorkflowBuilder.Welcome"/>).</param>
    /// <param name="allowed">The commands this caller may use.</param>
    public static AdaptiveCard Build(Caller caller, IEnumerable<WelcomeLine> lines, IEnumerable<CommandDeclaration> allowed)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var body = new List<CardElement>
        {
            new TextBlock($"Welcome to AimsBot{(caller.Name is { Length: > 0 } n ? ", " + n : "")}") { Size = "Large", Weight = "Bolder" },
            new TextBlock("I run our AI management system (ISO/IEC 42001) here in Teams, so governance work comes to you instead of living in a portal."),
        };
        body.AddRange(WhatIDoFor(caller, lines).Select(line => new TextBlock("• " + line) { Spacing = "Small" }));
        body.Add(new TextBlock($"You can ask me: {string.Join(", ", allowed.Select(c => c.Name))}.") { IsSubtle = true, Spacing = "Medium" });
        return new AdaptiveCard
        {
            Body = body,
            Actions = [new ExecuteAction { Title = "Show commands", Verb = ShowHelpVerb, Data = new JsonObject() }],
            FallbackText = "Welcome to AimsBot. Say help to see what I can do for you.",
        };
    }

    /// <summary>What the bot will do for this person: the lines for anyone, then one per hat they wear.</summary>
    public static IEnumerable<string> WhatIDoFor(Caller caller, IEnumerable<WelcomeLine> lines)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var all = lines.ToList();
        return all.Where(l => l.Role is null)
            .Concat(all.Where(l => l.Role is { } role && caller.Has(role)))
            .Select(l => l.Text);
    }
}
