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

    /// <summary>The event carries no MAC: it was written (or rewritten) without the signing key.</summary>
    MacMissing,

    /// <summary>The event's MAC names a key id this deployment does not know.</summary>
    UnknownKey,

    /// <summary>The event's MAC does not match it: it was changed (and perhaps re-hashed) after it was signed.</summary>
    MacMismatch,

    /// <summary>The event is dated before the event before it.</summary>
    TimeWentBackwards,

    /// <summary>The chain ends before the sequence its latest checkpoint attests: the newest events were removed.</summary>
    ShorterThanCheckpoint,

    /// <summary>The event at the checkpoint's sequence is not the one the checkpoint attests.</summary>
    CheckpointMismatch,

    /// <summary>The checkpoint itself is not signed by a key of this deployment, or belongs to another tenant.</summary>
    CheckpointNotSigned,
}

/// <summary>The first broken link: the position in the input (0-based), the event's stored sequence, what was expected, and why.</summary>
public sealed record LedgerBreak(int Position, long Sequence, long ExpectedSequence, LedgerBreakReason Reason, string Message);

/// <summary>An event's place and time: the first and last events a verification checked.</summary>
public sealed record LedgerPoint(long Sequence, DateTimeOffset OccurredAt);

/// <summary>What a verification made of the checkpoint it was given.</summary>
public enum LedgerCheckpointStatus
{
    /// <summary>No checkpoint was given (none has been written yet).</summary>
    None,

    /// <summary>The chain holds the checkpoint's sequence with the checkpoint's hash.</summary>
    Matched,

    /// <summary>The chain broke before it reached the checkpoint's sequence.</summary>
    NotReached,

    /// <summary>The chain ends before the checkpoint's sequence.</summary>
    Missing,

    /// <summary>The event at the checkpoint's sequence has another hash.</summary>
    Mismatch,

    /// <summary>The checkpoint's own MAC does not verify.</summary>
    NotSigned,
}

/// <summary>
/// The outcome of verifying a chain: valid, or the first broken link. <see cref="VerifiedCount"/> events were
/// checked and found intact before any break (from <see cref="First"/> to <see cref="Last"/>); <see cref="LastHash"/>
/// is the hash of the last intact event. <see cref="CheckpointStatus"/> says how the chain compares with the
/// checkpoint it was verified against.
/// </summary>
public sealed record LedgerVerification(
    bool IsValid,
    long VerifiedCount,
    string LastHash,
    LedgerBreak? FirstBreak,
    LedgerPoint? First = null,
    LedgerPoint? Last = null,
    LedgerCheckpoint? Checkpoint = null,
    LedgerCheckpointStatus CheckpointStatus = LedgerCheckpointStatus.None)
{
    public string Summary => IsValid
        ? string.Create(CultureInfo.InvariantCulture, $"The ledger is intact: {VerifiedCount} events, each linked to the one before and signed.")
        : FirstBreak!.Message;
}

/// <summary>
/// Verifies a chain given in sequence order: each event's sequence, its link to the event before it, its hash,
/// its MAC (by a key of the ring), that time never runs backwards, and — given the tenant's latest checkpoint —
/// that the chain still holds the checkpointed event and reaches at least that far.
/// </summary>
public static class LedgerVerifier
{
    /// <summary>
    /// Verifies from the first event (sequence 1), or — with <paramref name="fromCheckpoint"/> — from the
    /// checkpointed event on: then the input starts at the checkpoint's sequence, that event must carry the
    /// checkpoint's hash, and the events before it are taken as the checkpoint attests them (the way the
    /// checkpoint job checks only what is new since the last checkpoint).
    /// </summary>
    public static LedgerVerification Verify(IEnumerable<LedgerEvent> inSequenceOrder, LedgerKeyRing keys, LedgerCheckpoint? checkpoint = null, bool fromCheckpoint = false)
    {
        ArgumentNullException.ThrowIfNull(inSequenceOrder);
        ArgumentNullException.ThrowIfNull(keys);
        if (fromCheckpoint && checkpoint is null)
        {
            throw new ArgumentException("Verifying from a checkpoint needs the checkpoint.", nameof(checkpoint));
        }

        if (checkpoint is not null && LedgerMac.Check(checkpoint, keys) is not LedgerMacCheck.Valid and var checkpointMac)
        {
            var broken = new LedgerBreak(0, checkpoint.Sequence, checkpoint.Sequence, LedgerBreakReason.CheckpointNotSigned, checkpointMac == LedgerMacCheck.UnknownKey
                ? Invariant($"The latest checkpoint (event {checkpoint.Sequence}, {Utc(checkpoint.CreatedAt)}) is signed with key '{checkpoint.KeyId}', which this deployment does not know: it was not written by the bot, or that key is missing from Ledger:PreviousKeys.")
                : Invariant($"The latest checkpoint (event {checkpoint.Sequence}, {Utc(checkpoint.CreatedAt)}) is not validly signed: it was written or changed by someone without the signing key."));
            return new LedgerVerification(false, 0, LedgerHasher.GenesisHash, broken, Checkpoint: checkpoint, CheckpointStatus: LedgerCheckpointStatus.NotSigned);
        }

        var walk = new Walk(keys, checkpoint, fromCheckpoint);
        var position = 0;
        foreach (var ledgerEvent in inSequenceOrder)
        {
            if (walk.Check(ledgerEvent, position) is { } broken)
            {
                return walk.Result(broken);
            }

            position++;
        }

        return walk.Finish(position);
    }

    /// <summary>The state of one pass over a chain.</summary>
    private sealed class Walk(LedgerKeyRing keys, LedgerCheckpoint? checkpoint, bool fromCheckpoint)
    {
        private long _expectedSequence = fromCheckpoint ? checkpoint!.Sequence : LedgerChain.FirstSequence;
        private string? _previousHash = fromCheckpoint ? null : LedgerHasher.GenesisHash;
        private DateTimeOffset? _previousTime;
        private long _count;
        private string _lastHash = LedgerHasher.GenesisHash;
        private LedgerPoint? _first;
        private LedgerPoint? _last;
        private bool _checkpointMatched;

        public LedgerBreak? Check(LedgerEvent e, int position)
        {
            var broken = Link(e, position) ?? Signature(e, position) ?? Time(e, position) ?? AgainstCheckpoint(e, position);
            if (broken is not null)
            {
                return broken;
            }

            _checkpointMatched |= checkpoint is not null && e.Sequence == checkpoint.Sequence;
            _previousHash = e.Hash;
            _previousTime = e.OccurredAt;
            _expectedSequence++;
            _count++;
            _lastHash = e.Hash;
            _first ??= new LedgerPoint(e.Sequence, e.OccurredAt);
            _last = new LedgerPoint(e.Sequence, e.OccurredAt);
            return null;
        }

        public LedgerVerification Finish(int position)
        {
            if (checkpoint is not null && !_checkpointMatched)
            {
                // The chain ends (or is empty) before the checkpointed event: everything from here to it is gone.
                var from = _expectedSequence;
                var message = from == checkpoint.Sequence
                    ? Invariant($"Event {from} is missing: the checkpoint of {Utc(checkpoint.CreatedAt)} says the chain reached event {checkpoint.Sequence}, but it {Ends()}.")
                    : Invariant($"Events {from} to {checkpoint.Sequence} are missing: the checkpoint of {Utc(checkpoint.CreatedAt)} says the chain reached event {checkpoint.Sequence}, but it {Ends()}.");
                return Result(new LedgerBreak(position, from, from, LedgerBreakReason.ShorterThanCheckpoint, message), LedgerCheckpointStatus.Missing);
            }

            return new LedgerVerification(true, _count, _lastHash, null, _first, _last, checkpoint, checkpoint is null ? LedgerCheckpointStatus.None : LedgerCheckpointStatus.Matched);
        }

        public LedgerVerification Result(LedgerBreak broken, LedgerCheckpointStatus? status = null)
        {
            var checkpointStatus = status
                ?? (checkpoint is null ? LedgerCheckpointStatus.None
                    : broken.Reason == LedgerBreakReason.CheckpointMismatch ? LedgerCheckpointStatus.Mismatch
                    : _checkpointMatched ? LedgerCheckpointStatus.Matched
                    : LedgerCheckpointStatus.NotReached);
            return new LedgerVerification(false, _count, _lastHash, broken, _first, _last, checkpoint, checkpointStatus);
        }

        private string Ends() => _last is not null ? Invariant($"ends at event {_last.Sequence}")
            : fromCheckpoint ? "ends before it"
            : "holds no events at all";

        private LedgerBreak? Link(LedgerEvent e, int position)
        {
            if (e.Sequence != _expectedSequence)
            {
                return Break(e, position, LedgerBreakReason.SequenceGap,
                    Invariant($"Event {_expectedSequence} is missing or out of place: found event {e.Sequence} where {_expectedSequence} should be (an event was deleted, inserted or moved)."));
            }

            if (_previousHash is not null && !string.Equals(e.PreviousHash, _previousHash, StringComparison.Ordinal))
            {
                return Break(e, position, LedgerBreakReason.PreviousHashMismatch,
                    Invariant($"Event {e.Sequence} does not link to the event before it: its previous hash was changed, or an event before it was replaced."));
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

            return string.Equals(e.Hash, recomputed, StringComparison.Ordinal)
                ? null
                : Break(e, position, LedgerBreakReason.HashMismatch, Invariant($"Event {e.Sequence} was changed after it was written: its contents no longer match its hash."));
        }

        private LedgerBreak? Signature(LedgerEvent e, int position) => LedgerMac.Check(e, keys) switch
        {
            LedgerMacCheck.Valid => null,
            LedgerMacCheck.Missing => Break(e, position, LedgerBreakReason.MacMissing,
                Invariant($"Event {e.Sequence} is not signed: it has no MAC, so it was written or rewritten by someone without the ledger's signing key.")),
            LedgerMacCheck.UnknownKey => Break(e, position, LedgerBreakReason.UnknownKey,
                Invariant($"Event {e.Sequence} is signed with key '{e.KeyId}', which this deployment does not know: it was not signed by the bot, or that key is missing from Ledger:PreviousKeys.")),
            _ => Break(e, position, LedgerBreakReason.MacMismatch,
                Invariant($"Event {e.Sequence} was changed after it was signed: its MAC does not match its contents (hashes can be recomputed, the MAC cannot without the key).")),
        };

        private LedgerBreak? Time(LedgerEvent e, int position) =>
            _previousTime is { } previous && e.OccurredAt < previous
                ? Break(e, position, LedgerBreakReason.TimeWentBackwards,
                    Invariant($"Time went backwards at event {e.Sequence}: it is dated {Utc(e.OccurredAt)}, before event {e.Sequence - 1} ({Utc(previous)}); events were re-dated or re-ordered."))
                : null;

        private LedgerBreak? AgainstCheckpoint(LedgerEvent e, int position) =>
            checkpoint is not null && e.Sequence == checkpoint.Sequence && !string.Equals(e.Hash, checkpoint.HeadHash, StringComparison.Ordinal)
                ? Break(e, position, LedgerBreakReason.CheckpointMismatch,
                    Invariant($"Event {e.Sequence} is not the event the checkpoint of {Utc(checkpoint.CreatedAt)} attests: the chain up to it was rewritten after that checkpoint."))
                : null;

        private LedgerBreak Break(LedgerEvent e, int position, LedgerBreakReason reason, string message) =>
            new(position, e.Sequence, _expectedSequence, reason, message);
    }

    /// <summary>An instant for a message: UTC to the second.</summary>
    public static string Utc(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " UTC";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
