using System.Text.Json.Nodes;
using AimsBot.Digest;
using AimsBot.Domain.Access;
using AimsBot.Domain.Digest;
using AimsBot.Domain.Scheduling;

namespace AimsBot.Host.Tests.Packaging;

/// <summary>
/// The weekly digest: the card as <c>digest now</c> answers in the sample tenant, a busy tenant's card (every section,
/// a chart, seven unreachable owners, a 64-digit hash) and an empty tenant's, and what each button shows.
/// </summary>
public static class DigestCardSamples
{
    /// <summary>A 1 × 1 PNG: the renderer loads a data: image like the chart's inline form.</summary>
    private const string TinyPng = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";

    public static IReadOnlyList<CardSample> All { get; } =
    [
        new("digest-now", ["command:digest now", "DigestCards.Digest", "DigestCardBuilder.BuildAsync"], h => h.RunCommandAsync("digest now", Lead(h))),
        new("digest-busy-tenant", ["DigestCards.Digest"], h => Task.FromResult(DigestCards.Digest(Busy(), TinyPng))),
        new("digest-empty-tenant", ["DigestCards.Digest"], h => Task.FromResult(DigestCards.Digest(Empty(), null))),
        new("digest-nudged", ["verb:" + DigestCards.NudgeVerb], h => h.PressAsync(DigestCards.NudgeVerb, Lead(h), new JsonObject())),
        new("digest-overdue", ["verb:" + DigestCards.OverdueVerb, "DigestCards.Overdue"], h => h.PressAsync(DigestCards.OverdueVerb, Lead(h), new JsonObject())),
        new("digest-overdue-long", ["DigestCards.Overdue"], h => Task.FromResult(DigestCards.Overdue(
            [.. Enumerable.Range(0, DigestCards.MaxListed).Select(i => new DigestOverdueRow(Domain.Catalogue.AnnexA.Controls[i].Id, i % 2 == 0 ? "Organisation" : "Customer Support Summariser for Retail Banking", "Alexandra Montgomery-Featherstonehaugh", 120 - i))],
            41))),
        new("digest-waiting", ["verb:" + DigestCards.WaitingVerb, "DigestCards.Waiting"], h => h.PressAsync(DigestCards.WaitingVerb, Lead(h), new JsonObject())),
        new("digest-waiting-long", ["DigestCards.Waiting"], h => Task.FromResult(DigestCards.Waiting(
            [
                new DigestWaitingRow("Risk R-12", "Applicants with short credit histories are refused more often than others with the same income", "Credit Scorer, residual high"),
                new DigestWaitingRow("Impact assessment", "Customer Support Summariser", "version 2 submitted 2026-11-20"),
            ],
            2))),
        new("digest-back", ["verb:" + DigestCards.ShowVerb], h => h.PressAsync(DigestCards.ShowVerb, Lead(h), new JsonObject())),
    ];

    private static Commands.Caller Lead(CardSampleHost h) => h.Person(Role.ComplianceLead);

    private static DigestReport Busy()
    {
        var week = new DateOnly(2026, 11, 23);
        var figures = new DigestFigures(
            week, "2026-W48", 200, 7_600, 412, 37, 1_284, 35, 29,
            [new NonconformityCounts("major", 3, 5, 2), new NonconformityCounts("minor", 40, 61, 88), new NonconformityCounts("observation", 12, 9, 30), new NonconformityCounts("unrated", 1, 0, 0)],
            6, 4, 9, 11, 3,
            [.. Enumerable.Range(1, 7).Select(i => new UnreachableOwner($"Bartholomew Featherstonehaugh-Smythe {i}", 40 - i))],
            new DigestCheckpoint(184_467, "9f2c4b7e1a0d3c5e8f6b2a4d7c9e1f3a5b7d9c2e4f6a8b0c1d3e5f7a9b2c4d6e", new DateTimeOffset(2026, 11, 22, 2, 0, 0, TimeSpan.Zero)));
        var trend = Enumerable.Range(0, 12).Select(i => new DigestWeek(week.AddDays(-7 * (11 - i)), 400 + i, 1_000 + i, 240 + i)).ToList();
        return new DigestReport("aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee", figures, trend, new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero), TimeZones.FindOrUtc("Europe/London"));
    }

    private static DigestReport Empty()
    {
        var week = new DateOnly(2026, 11, 23);
        var figures = new DigestFigures(week, "2026-W48", 0, 0, 0, 0, 0, 38, 0, [], 0, 0, 0, 0, 0, [], null);
        return new DigestReport("aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee", figures, [figures.Snapshot], new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero), TimeZones.FindOrUtc("Europe/London"));
    }
}
