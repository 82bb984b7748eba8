using AimsBot.Domain.Scheduling;
using AimsBot.Nudges;

namespace AimsBot.Host.Tests.Packaging;

/// <summary>The nudge workflow's cards: what an owner receives, and what each card action turns it into.</summary>
public static class NudgeCardSamples
{
    public static IReadOnlyList<CardSample> All { get; } =
    [
        new("nudge-owner", ["NudgeCards.ForOwner"], h => Task.FromResult(NudgeCards.ForOwner(new NudgeCardModel(
            CardSampleHost.Tenant,
            "aad-sample-0001",
            "Dana Owner",
            [
                new DueControl("org", null, "A.6.2.6", "AI system operation and monitoring", new DateOnly(2026, 11, 20), new DueStatus(DueState.Overdue, -3), 0),
                new DueControl("credit-scorer", "Credit Scorer", "A.5.2", "AI system impact assessment process", new DateOnly(2026, 11, 27), new DueStatus(DueState.Upcoming, 4), 1),
            ],
            new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero))))),

        // The due scan's own cards (escalation, unreachable owner) and the answer to nudge now.
        new("nudge-escalation-manager", ["EscalationCards.ForManager"], h => Task.FromResult(EscalationCards.ForManager(SampleEscalation()))),
        new("nudge-escalation-leads", ["EscalationCards.ForLeads"], h => Task.FromResult(EscalationCards.ForLeads(SampleEscalation()))),
        new("nudge-unreachable-owner", ["EscalationCards.Unreachable"], h => Task.FromResult(EscalationCards.Unreachable(new UnreachableOwnerModel(
            "Sam Silent",
            "they have never chatted with AimsBot, and Microsoft Graph is off, so I can't install the app for them.",
            [.. Enumerable.Range(0, EscalationCards.MaxListed + 3).Select(i => new DueControl("org", null, Domain.Catalogue.AnnexA.Controls[i].Id, Domain.Catalogue.AnnexA.Controls[i].Title, new DateOnly(2026, 11, 20), new DueStatus(DueState.Overdue, -3), 0))])))),
        new("nudge-now", ["command:nudge now", "NudgeScanCards.Report"], h => h.RunCommandAsync("nudge now", h.Person(Domain.Access.Role.ComplianceLead))),
    ];

    private static EscalationCardModel SampleEscalation() => new(
        "Dana Owner",
        new DueControl("credit-scorer", "Credit Scorer", "A.6.2.6", "AI system operation and monitoring", new DateOnly(2026, 11, 2), new DueStatus(DueState.Overdue, -21), 2),
        2,
        "The owner's manager, Max Manager, was told as well.");
}
