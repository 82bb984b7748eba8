using AimsBot.Domain.Ledger;
using AimsBot.Ledger;
using AimsBot.Storage.Ledger;

namespace AimsBot.Host.Tests.Packaging;

/// <summary>
/// The ledger's verification card for a tampered ledger (the untouched one is <c>ledger-verification</c>): built
/// from a chain verified through the domain against its checkpoint, as the store builds it, at a stated time.
/// </summary>
public static class LedgerCardSamples
{
    private static readonly DateTimeOffset Start = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    public static IReadOnlyList<CardSample> All { get; } =
    [
        new("ledger-verification-missing-range", ["LedgerCards.Verification"], _ => Task.FromResult(
            LedgerCards.Verification(ShorterThanCheckpoint(), Start.AddDays(2), TimeZoneInfo.Utc))),
    ];

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
