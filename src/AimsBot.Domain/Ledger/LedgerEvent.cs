using System.Globalization;
using AimsBot.Domain.Access;

namespace AimsBot.Domain.Ledger;

/// <summary>
/// One entry of the append-only, hash-chained ledger: who did what to which entity, the state before and
/// after (JSON, null when there was none), when, from which chat activity, chained to the entry before it,
/// and signed: <see cref="Mac"/> is an HMAC-SHA256 by the key <see cref="KeyId"/> over the event and its hashes
/// (<see cref="LedgerMac"/>), so the chain cannot be rewritten and re-hashed by someone without the key.
/// </summary>
public sealed record LedgerEvent(
    long Sequence,
    string TenantId,
    string ActorId,
    string? ActorRole,
    string Action,
    string EntityType,
    string EntityId,
    string? Before,
    string? After,
    DateTimeOffset OccurredAt,
    string? SourceActivityId,
    string PreviousHash,
    string Hash)
{
    /// <summary>The id of the signing key that made <see cref="Mac"/>; null on an unsigned event.</summary>
    public string? KeyId { get; init; }

    /// <summary>HMAC-SHA256 over the event (see <see cref="LedgerMac"/>), 64 lower-case hex digits; null on an unsigned event.</summary>
    public string? Mac { get; init; }
}

/// <summary>The content of a ledger entry before it is chained (sequence and hashes are assigned by <see cref="LedgerChain.Append"/>).</summary>
public sealed record LedgerEntry(
    string TenantId,
    string ActorId,
    string? ActorRole,
    string Action,
    string EntityType,
    string EntityId,
    string? Before,
    string? After,
    DateTimeOffset OccurredAt,
    string? SourceActivityId)
{
    /// <summary>An entry for an actor's change, stamped by the clock; the role recorded is every role held, sorted (or "none").</summary>
    public static LedgerEntry For(
        string tenantId,
        Actor actor,
        string action,
        string entityType,
        string entityId,
        string? before,
        string? after,
        TimeProvider clock,
        string? sourceActivityId = null)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(clock);
        var roles = actor.Roles.Count == 0
            ? "none"
            : string.Join(',', actor.Roles.Order().Select(r => r.ToString()));
        return new LedgerEntry(tenantId, actor.UserId, roles, action, entityType, entityId, before, after, clock.GetUtcNow(), sourceActivityId);
    }
}

/// <summary>Appends entries to a chain.</summary>
public static class LedgerChain
{
    /// <summary>Sequence of the first event of every chain.</summary>
    public const long FirstSequence = 1;

    /// <summary>
    /// Chains <paramref name="entry"/> after <paramref name="last"/> and signs it with <paramref name="key"/>: what
    /// the ledger store writes.
    /// </summary>
    public static LedgerEvent Append(LedgerEvent? last, LedgerEntry entry, LedgerSigningKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return LedgerMac.Sign(Append(last, entry), key);
    }

    /// <summary>
    /// Chains <paramref name="entry"/> after <paramref name="last"/> (null for the first event of a tenant's
    /// ledger): next sequence number, previous hash = the last event's hash (or the genesis hash), and the hash.
    /// Unsigned: verification reports such an event (<see cref="Append(LedgerEvent?, LedgerEntry, LedgerSigningKey)"/> signs).
    /// </summary>
    /// <remarks>
    /// Time never runs backwards in a chain: an entry stamped before the last event (two writers stamped their
    /// entries, and the later one won the race to append) takes the last event's time.
    /// </remarks>
    public static LedgerEvent Append(LedgerEvent? last, LedgerEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (last is not null && !string.Equals(last.TenantId, entry.TenantId, StringComparison.Ordinal))
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"Each tenant has its own chain; event {last.Sequence} belongs to another tenant."),
                nameof(entry));
        }

        var unhashed = new LedgerEvent(
            last is null ? FirstSequence : last.Sequence + 1,
            entry.TenantId,
            entry.ActorId,
            entry.ActorRole,
            entry.Action,
            entry.EntityType,
            entry.EntityId,
            entry.Before,
            entry.After,
            last is not null && entry.OccurredAt < last.OccurredAt ? last.OccurredAt : entry.OccurredAt,
            entry.SourceActivityId,
            last?.Hash ?? LedgerHasher.GenesisHash,
            Hash: string.Empty);
        return unhashed with { Hash = LedgerHasher.ComputeHash(unhashed.PreviousHash, unhashed) };
    }
}
