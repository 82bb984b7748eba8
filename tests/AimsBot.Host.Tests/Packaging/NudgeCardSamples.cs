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
    ];
}
