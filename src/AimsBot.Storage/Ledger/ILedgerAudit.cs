using System.Globalization;
using AimsBot.Domain.Ledger;

namespace AimsBot.Storage.Ledger;

/// <summary>
/// What auditors ask of the ledger: a bounded view of one entity's history, and the verification of the
/// whole chain against its head. Writers only need <see cref="ILedgerStore"/>.
/// </summary>
public interface ILedgerAudit
{
    /// <summary>The newest <paramref name="max"/> events of an entity (oldest first) and how many it has in all.</summary>
    Task<EntityHistory> RecentForEntityAsync(string tenantId, string entityId, int max, CancellationToken cancellationToken = default);

    /// <summary>Up to <paramref name="max"/> events of an entity after sequence <paramref name="afterSequence"/> (0: from the first), oldest first.</summary>
    Task<LedgerPage> EntityPageAsync(string tenantId, string entityId, long afterSequence, int max, CancellationToken cancellationToken = default);

    /// <summary>
    /// Up to <paramref name="max"/> events named one of <paramref name="actions"/> after sequence
    /// <paramref name="afterSequence"/>, at or after <paramref name="since"/> when given, oldest first (read through the
    /// index by event kind, never the whole chain).
    /// </summary>
    Task<LedgerPage> KindPageAsync(string tenantId, IReadOnlyCollection<string> actions, DateTimeOffset? since, long afterSequence, int max, CancellationToken cancellationToken = default);

    /// <summary>
    /// Recomputes the tenant's chain from its first event (links, hashes, MACs, time order) and compares it with
    /// the latest checkpoint, the head and — when it is empty — the register.
    /// </summary>
    Task<LedgerCheck> VerifyAsync(string tenantId, CancellationToken cancellationToken = default);
}

/// <summary>Part of an entity's history: <see cref="Events"/> oldest first, out of <see cref="TotalCount"/>.</summary>
public sealed record EntityHistory(IReadOnlyList<LedgerEvent> Events, int TotalCount)
{
    public bool IsCapped => Events.Count < TotalCount;
}

/// <summary>One page of events, oldest first, and whether more follow the last one.</summary>
public sealed record LedgerPage(IReadOnlyList<LedgerEvent> Events, bool HasMore);

/// <summary>The end of a tenant's chain as the head row records it.</summary>
public sealed record LedgerHead(long LastSequence, string LastHash);

/// <summary>Why a ledger check failed.</summary>
public enum LedgerProblem
{
    /// <summary>A link in the chain is broken (see <see cref="LedgerCheck.Chain"/>'s first break).</summary>
    BrokenLink,

    /// <summary>The chain ends before the head: the newest events were deleted.</summary>
    Truncated,

    /// <summary>The chain ends where the head says, but with another hash: the tail was rewritten and re-hashed.</summary>
    HeadMismatch,

    /// <summary>Events exist but the head row does not: the head was deleted.</summary>
    HeadMissing,

    /// <summary>An event exists after the head's last sequence: it was written outside the ledger store.</summary>
    WrittenPastHead,

    /// <summary>The chain ends before the sequence the latest checkpoint attests: the newest events (and perhaps the head) were removed.</summary>
    ShorterThanCheckpoint,

    /// <summary>The event at the checkpoint's sequence is not the one the checkpoint attests.</summary>
    CheckpointMismatch,

    /// <summary>The latest checkpoint is not signed by a key of this deployment (or names another tenant).</summary>
    CheckpointNotSigned,

    /// <summary>The chain holds up, but the latest checkpoint could not be read: completeness is not shown.</summary>
    CheckpointUnreadable,

    /// <summary>The ledger holds no events, yet the register holds AI systems or controls: the events were deleted.</summary>
    EmptyWhileRegisterHasData,
}

/// <summary>
/// The outcome of verifying a tenant's ledger: intact with its count and last hash, or the first broken
/// link — <see cref="BrokenSequence"/>, <see cref="Problem"/> and a sentence for people. The chain's
/// <see cref="LedgerVerification.First"/> and <see cref="LedgerVerification.Last"/> events and how it compared
/// with the latest checkpoint are on <see cref="Chain"/>.
/// </summary>
public sealed record LedgerCheck(
    bool IsIntact,
    long EventCount,
    string LastHash,
    LedgerVerification Chain,
    LedgerHead? Head,
    LedgerProblem? Problem,
    long? BrokenSequence,
    string Summary)
{
    public static LedgerCheck Intact(LedgerVerification chain, LedgerHead? head) => new(
        true,
        chain.VerifiedCount,
        chain.LastHash,
        chain,
        head,
        null,
        null,
        chain.CheckpointStatus == LedgerCheckpointStatus.Matched
            ? string.Create(CultureInfo.InvariantCulture, $"The ledger is intact: {chain.VerifiedCount} events, each linked to the one before and signed; it holds the latest checkpoint's event {chain.Checkpoint!.Sequence} unchanged, and its last event matches the head.")
            : string.Create(CultureInfo.InvariantCulture, $"The ledger is intact: {chain.VerifiedCount} events, each linked to the one before and signed, and the last one matches the head. No checkpoint has been written yet."));

    public static LedgerCheck Broken(LedgerVerification chain, LedgerHead? head, LedgerProblem problem, long sequence, string summary) =>
        new(false, chain.VerifiedCount, chain.LastHash, chain, head, problem, sequence, summary);

    /// <summary>The latest checkpoint the chain was compared with (null when none was written, or it could not be read).</summary>
    public LedgerCheckpoint? Checkpoint => Chain.Checkpoint;
}
