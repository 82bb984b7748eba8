using System.Globalization;
using AimsBot.Domain.Access;
using AimsBot.Domain.Ledger;
using AimsBot.Ledger;
using AimsBot.Storage.Ledger;
using AimsBot.Teams.Cards;
using Microsoft.Extensions.DependencyInjection;

namespace AimsBot.Host.Tests.Packaging;

/// <summary>
/// The ledger's verification card for a tampered ledger (the untouched one is <c>ledger-verification</c>): built
/// from a chain verified through the domain against its checkpoint, as the store builds it, at a stated time; an
/// entity's history in words and its next page; the SoA decision history and its next page.
/// </summary>
public static class LedgerCardSamples
{
    private static readonly DateTimeOffset Start = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly Actor Lead = new("aad-sample-0001", new HashSet<Role> { Role.ComplianceLead });

    public static IReadOnlyList<CardSample> All { get; } =
    [
        new("ledger-verification-missing-range", ["LedgerCards.Verification"], _ => Task.FromResult(
            LedgerCards.Verification(ShorterThanCheckpoint(), Start.AddDays(2), TimeZoneInfo.Utc))),
        new("ledger-history-in-words", ["command:ledger", "LedgerCards.History"], async h =>
        {
            await SeedDecisionsAsync(h, "org", ["A.9.2"]);
            return await h.RunCommandAsync("ledger org/A.9.2", h.Person(Role.Auditor));
        }),
        new("ledger-history-more", ["verb:" + LedgerCards.MoreVerb], async h =>
        {
            var ledger = h.Services.GetRequiredService<ILedgerStore>();
            var clock = h.Services.GetRequiredService<TimeProvider>();
            for (var i = 0; i < 14; i++)
            {
                var (from, to) = i % 2 == 0 ? ("Planned", "Partial") : ("Partial", "Planned");
                await ledger.AppendAsync(LedgerEntry.For(CardSampleHost.Tenant, Lead, LedgerEvents.ImplementationSet.Name, "ControlInstance", "org/A.6.2.7",
                    "{\"state\":{\"implementation\":\"" + from + "\"}}", "{\"state\":{\"implementation\":\"" + to + "\"}}", clock));
            }

            return await PressMoreAsync(h, await h.RunCommandAsync("ledger org/A.6.2.7", h.Person(Role.Auditor)), LedgerCards.MoreVerb);
        }),
        new("ledger-soa", ["command:ledger soa", "LedgerCards.SoaHistory"], async h =>
        {
            await SeedDecisionsAsync(h, "credit-scorer", ["A.2.2", "A.2.3", "A.2.4", "A.3.2", "A.3.3", "A.4.2", "A.4.3", "A.4.4", "A.4.5", "A.4.6", "A.5.2", "A.5.3"]);
            return await h.RunCommandAsync("ledger soa", h.Person(Role.Auditor));
        }),
        new("ledger-soa-more", ["verb:" + LedgerCards.SoaMoreVerb], async h =>
        {
            await SeedDecisionsAsync(h, "org", ["A.5.4", "A.5.5", "A.6.1.2", "A.6.1.3", "A.6.2.2", "A.6.2.3", "A.6.2.4", "A.6.2.5", "A.6.2.8", "A.7.2", "A.7.3"]);
            return await PressMoreAsync(h, await h.RunCommandAsync("ledger soa", h.Person(Role.Auditor)), LedgerCards.SoaMoreVerb);
        }),
    ];

    /// <summary>Exclusions as the register records them: the control snapshot before and after, with the decider's name.</summary>
    private static async Task SeedDecisionsAsync(CardSampleHost h, string scope, string[] controls)
    {
        var ledger = h.Services.GetRequiredService<ILedgerStore>();
        var clock = h.Services.GetRequiredService<TimeProvider>();
        foreach (var control in controls)
        {
            var at = clock.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);
            var before = Invariant($$"""{"state":{"scopeKey":"{{scope}}","controlId":"{{control}}","layer":"Organization","applicability":"Applicable","implementation":"NotStarted","ownerUserId":"aad-sample-0002","cadence":"Quarterly"},"ownerName":"Olga Owner"}""");
            var after = Invariant($$"""{"state":{"scopeKey":"{{scope}}","controlId":"{{control}}","layer":"Organization","applicability":"Excluded","justification":"We develop no AI of our own; every system we use is bought in and assessed under A.10.","decidedBy":"aad-sample-0001","decidedAt":"{{at}}","implementation":"NotStarted","ownerUserId":"aad-sample-0002","cadence":"Quarterly"},"ownerName":"Olga Owner","decidedByName":"Dana Owner"}""");
            await ledger.AppendAsync(LedgerEntry.For(CardSampleHost.Tenant, Lead, LedgerEvents.ControlExcluded.Name, "ControlInstance", scope + "/" + control, before, after, clock));
        }
    }

    private static Task<AdaptiveCard> PressMoreAsync(CardSampleHost h, AdaptiveCard first, string verb)
    {
        var more = first.Actions!.OfType<ExecuteAction>().Single(a => a.Verb == verb);
        return h.PressAsync(verb, h.Person(Role.Auditor), more.Data!.DeepClone().AsObject());
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>43 events checkpointed, the last 3 cut and the head rewritten to event 40.</summary>
    private static LedgerCheck ShorterThanCheckpoint()
    {
        var key = new LedgerSigningKey("k1", new byte[32]);
        var chain = new List<LedgerEvent>();
        for (var i = 0; i < 43; i++)
        {
            chain.Add(LedgerChain.Append(chain.Count == 0 ? null : chain[^1], new LedgerEntry(
                "sample-tenant", "aad-sample-0001", "ComplianceLead", "control.update", "ControlInstance", "org/A.6.2.6", null, "{}", Start.AddMinutes(i), null), key));
        }

        var checkpoint = LedgerMac.SignCheckpoint("sample-tenant", 43, chain[^1].Hash, chain[^1].OccurredAt, Start.AddDays(1), key);
        var verification = LedgerVerifier.Verify(chain.Take(40), new LedgerKeyRing(key), checkpoint);
        return LedgerCheck.Broken(verification, new LedgerHead(40, chain[39].Hash), LedgerProblem.ShorterThanCheckpoint, verification.FirstBreak!.Sequence, verification.FirstBreak.Message);
    }
}
