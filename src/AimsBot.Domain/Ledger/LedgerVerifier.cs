using System.Globalization;

namespace AimsBot.Domain.Ledger;

public enum LedgerBreakReason
{
    /// <summary>The event's sequence is not the next one: an event was deleted, inserted, duplicated or moved.</summary>
    SequenceGap,

    /// <summary>The event's previous hash is not the hash of the event before it.</summary>
    PreviousHashMismatch,

    /// <summary>The event's stored hash does not match its contents: it was edited after it was written.</summary>
    HashMismatch,
}

/// <summary>The first broken link: the position in the input (0-based), the event's stored sequence, what was expected, and why.</summary>
public sealed record LedgerBreak(int Position, long Sequence, long ExpectedSequence, LedgerBreakReason Reason, string Message);

/// <summary>
/// The outcome of verifying a chain: valid, or the first broken link. <see cref="VerifiedCount"/> events were
/// checked and found intact before any break; <see cref="LastHash"/> is the hash of the last intact event
/// (compare it with a separately kept head to detect truncation of the newest events).
/// </summary>
public sealed record LedgerVerification(bool IsValid, long VerifiedCount, string LastHash, LedgerBreak? FirstBreak)
{
    public string Summary => IsValid
        ? string.Create(CultureInfo.InvariantCulture, $"The ledger is intact: {VerifiedCount} events, each linked to the one before.")
        : FirstBreak!.Message;
}

/// <summary>Verifies a chain given in sequence order, from its first event.</summary>
public static class LedgerVerifier
{
    public static LedgerVerification Verify(IEnumerable<LedgerEvent> inSequenceOrder)
    {
        ArgumentNullException.ThrowIfNull(inSequenceOrder);

        var expectedSequence = LedgerChain.FirstSequence;
        var previousHash = LedgerHasher.GenesisHash;
        var position = 0;
        foreach (var ledgerEvent in inSequenceOrder)
        {
            var broken = Check(ledgerEvent, position, expectedSequence, previousHash);
            if (broken is not null)
            {
                return new LedgerVerification(false, position, previousHash, broken);
            }

            previousHash = ledgerEvent.Hash;
            expectedSequence++;
            position++;
        }

        return new LedgerVerification(true, position, previousHash, null);
    }

    private static LedgerBreak? Check(LedgerEvent e, int position, long expectedSequence, string previousHash)
    {
        if (e.Sequence != expectedSequence)
        {
            return new LedgerBreak(position, e.Sequence, expectedSequence, LedgerBreakReason.SequenceGap, string.Create(
                CultureInfo.InvariantCulture,
                $"Event {expectedSequence} is missing or out of place: found event {e.Sequence} where {expectedSequence} should be (an event was deleted, inserted or moved)."));
        }

        if (!string.Equals(e.PreviousHash, previousHash, StringComparison.Ordinal))
        {
            return new LedgerBreak(position, e.Sequence, expectedSequence, LedgerBreakReason.PreviousHashMismatch, string.Create(
                CultureInfo.InvariantCulture,
                $"Event {e.Sequence} does not link to the event before it: its previous hash was changed, or an event before it was replaced."));
        }

        string recomputed;
        try
        {
            recomputed = LedgerHasher.ComputeHash(e.PreviousHash, e);
        }
        catch (ArgumentException)
        {
            recomputed = string.Empty;
        }

        if (!string.Equals(e.Hash, recomputed, StringComparison.Ordinal))
        {
            return new LedgerBreak(position, e.Sequence, expectedSequence, LedgerBreakReason.HashMismatch, string.Create(
                CultureInfo.InvariantCulture,
                $"Event {e.Sequence} was changed after it was written: its contents no longer match its hash."));
        }

        return null;
    }
}
