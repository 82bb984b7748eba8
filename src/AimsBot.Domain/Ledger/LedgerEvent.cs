using System.Globalization;
using AimsBot.Domain.Access;

namespace AimsBot.Domain.Ledger;

/// <summary>
/// One entry of the append-only, hash-chained ledger: who did what to which entity, the state before and
/// after (JSON, null when there was none), when, from which chat activity, chained to the entry before it.
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
    string Hash);

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
    /// Chains <paramref name="entry"/> after <paramref name="last"/> (null for the first event of a tenant's
    /// ledger): next sequence number, previous hash = the last event's hash (or the genesis hash), and the hash.
    /// </summary>
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
            entry.OccurredAt,
            entry.SourceActivityId,
            last?.Hash ?? LedgerHasher.GenesisHash,
            Hash: string.Empty);
        return unhashed with { Hash = LedgerHasher.ComputeHash(unhashed.PreviousHash, unhashed) };
    }
}
