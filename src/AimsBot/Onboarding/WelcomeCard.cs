using System.Text.Json.Nodes;
using AimsBot.Commands;
using AimsBot.Domain.Access;
using AimsBot.Teams.Cards;
using AimsBot.Workflows;

namespace AimsBot.Onboarding;

/// <summary>The first thing a person sees: what the bot will do for them, given their roles.</summary>
public static class WelcomeCard
{
    public const string ShowHelpVerb = "onboarding.help";

    public static AdaptiveCard Build(Caller caller, IEnumerable<CommandDeclaration> allowed)
    {
        var body = new List<CardElement>
        {
            new TextBlock($"Welcome to AimsBot{(caller.Name is { Length: > 0 } n ? ", " + n : "")}") { Size = "Large", Weight = "Bolder" },
            new TextBlock("I run our AI management system (ISO/IEC 42001) here in Teams, so governance work comes to you instead of living in a portal."),
        };
        body.AddRange(WhatIDoFor(caller).Select(line => new TextBlock("• " + line) { Spacing = "Small" }));
        body.Add(new TextBlock($"You can ask me: {string.Join(", ", allowed.Select(c => c.Name))}.") { IsSubtle = true, Spacing = "Medium" });
        return new AdaptiveCard
        {
            Body = body,
            Actions = [new ExecuteAction { Title = "Show commands", Verb = ShowHelpVerb, Data = new JsonObject() }],
            FallbackText = "Welcome to AimsBot. Say help to see what I can do for you.",
        };
    }

    /// <summary>What the bot will do for this person: one line per hat they wear.</summary>
    public static IEnumerable<string> WhatIDoFor(Caller caller)
    {
        yield return "If you own a control, I'll tell you when its evidence is due; you attach it, snooze or hand it over right on the card.";
        yield return "If you own an AI system, I'll walk you through its impact assessment step by step.";
        if (caller.Has(Role.RiskApprover))
        {
            yield return "As a risk approver, you'll approve or reject risk treatment plans and residual-risk acceptance on cards.";
        }

        if (caller.Has(Role.ComplianceLead))
        {
            yield return "As a compliance lead, you set up the register and SoA, raise nonconformities, schedule management reviews and get a weekly digest.";
        }

        if (caller.Has(Role.Auditor))
        {
            yield return "As an auditor, you can query evidence, the SoA, nonconformities and the audit trail — read-only.";
        }

        if (caller.Has(Role.Admin))
        {
            yield return "As an administrator, you can import and export the register.";
        }
    }
}
