using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using AimsBot.Domain.Ledger;

namespace AimsBot.Storage.Ledger;

/// <summary>
/// One ledger event as stored: PK tenant id, RK the sequence as 19 zero-padded digits. Written once, never
/// updated or deleted. The tenant and the sequence are the keys (not columns), so the chain cannot be
/// re-ordered without moving rows, and moving rows shows as a gap.
/// </summary>
public sealed class LedgerEventRow : ITableEntity
{
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string ActorId { get; set; } = "";
    public string? ActorRole { get; set; }
    public string Action { get; set; } = "";
    public string EntityType { get; set; } = "";
    public string EntityId { get; set; } = "";
    public string? Before { get; set; }
    public string? After { get; set; }

    /// <summary>
    /// The instant in UTC with full tick precision (<c>yyyy-MM-ddTHH:mm:ss.fffffffZ</c>, the hash's own form),
    /// kept as text so no storage round trip can round it and break the hash.
    /// </summary>
    public string OccurredAt { get; set; } = "";
    public string? SourceActivityId { get; set; }
    public string PreviousHash { get; set; } = "";
    public string Hash { get; set; } = "";

    /// <summary>The id of the key that signed the event (<see cref="LedgerEvent.KeyId"/>).</summary>
    public string? KeyId { get; set; }

    /// <summary>HMAC-SHA256 over the event and its hashes (<see cref="LedgerEvent.Mac"/>).</summary>
    public string? Mac { get; set; }

    /// <summary>
    /// Which <c>AppendAsync</c> call wrote the row (not hashed): lets a retried write recognise that its
    /// earlier attempt did land, so a transient failure never appends the same entry twice.
    /// </summary>
    public string? AppendId { get; set; }

    public static LedgerEventRow From(LedgerEvent e, string appendId) => new()
    {
        PartitionKey = e.TenantId,
        RowKey = LedgerKeys.Sequence(e.Sequence),
        ActorId = e.ActorId,
        ActorRole = e.ActorRole,
        Action = e.Action,
        EntityType = e.EntityType,
        EntityId = e.EntityId,
        Before = e.Before,
        After = e.After,
        OccurredAt = LedgerKeys.FormatInstant(e.OccurredAt),
        SourceActivityId = e.SourceActivityId,
        PreviousHash = e.PreviousHash,
        Hash = e.Hash,
        KeyId = e.KeyId,
        Mac = e.Mac,
        AppendId = appendId,
    };

    /// <summary>
    /// The event as it is stored now. A row key that is not a sequence reads as sequence 0 and an unreadable
    /// time as <see cref="DateTimeOffset.MinValue"/>: verification then reports the row instead of crashing.
    /// </summary>
    public LedgerEvent ToEvent() => new(
        LedgerKeys.TryParseSequence(RowKey, out var sequence) ? sequence : 0,
        PartitionKey,
        ActorId,
        ActorRole,
        Action,
        EntityType,
        EntityId,
        Before,
        After,
        LedgerKeys.TryParseInstant(OccurredAt, out var at) ? at : DateTimeOffset.MinValue,
        SourceActivityId,
        PreviousHash,
        Hash)
    {
        KeyId = KeyId,
        Mac = Mac,
    };
}

/// <summary>
/// The entity index, in the tenant's own partition: RK <c>e|sha256(entity id)|sequence</c>. Written in the same
/// transaction as its event, so the index never misses an event nor points at one that was not written.
/// </summary>
public sealed class LedgerEntityIndexRow : ITableEntity
{
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    /// <summary>The entity id itself (the key holds its hash), to rule out a hash collision on read.</summary>
    public string EntityId { get; set; } = "";
    public long Sequence { get; set; }
}

/// <summary>
/// The index by event kind, in the tenant's own partition: RK <c>k|{action}|{sequence}</c> (the action is an event
/// name from the catalogue, such as <c>register.control.exclude</c>). Written in the same transaction as its event,
/// so a query for one kind of event (every applicability decision, say) reads a key range of that kind instead of
/// the whole chain. Events written before the index existed get theirs from
/// <see cref="TableLedgerStore.BackfillKindIndexAsync"/>.
/// </summary>
public sealed class LedgerKindIndexRow : ITableEntity
{
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string Action { get; set; } = "";
    public long Sequence { get; set; }

    /// <summary>The event's instant (<see cref="LedgerKeys.FormatInstant"/>, sorts as text): filters "since" on the server.</summary>
    public string OccurredAt { get; set; } = "";
}

/// <summary>
/// Marks a tenant's kind index complete: every event up to <see cref="BackfilledThrough"/> has its kind row (later
/// events got theirs when they were appended). RK <c>kind-index</c>; written once the backfill has run.
/// </summary>
public sealed class LedgerKindIndexMarkerRow : ITableEntity
{
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = LedgerKeys.KindIndexMarkerKey;
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public long BackfilledThrough { get; set; }
}

/// <summary>
/// The tenant's head: the last sequence and its hash. The only ledger row that is ever updated, and only
/// with its ETag in the same transaction as the event it points at. A copy of the chain's end kept apart
/// from the events: deleting the newest events, or re-hashing the tail, no longer matches it.
/// </summary>
public sealed class LedgerHeadRow : ITableEntity
{
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = LedgerKeys.HeadKey;
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public long LastSequence { get; set; }
    public string LastHash { get; set; } = LedgerHasher.GenesisHash;

    /// <summary>
    /// The last event's time (<see cref="LedgerKeys.FormatInstant"/>): the next event is never dated before it.
    /// Empty on heads written before it was kept.
    /// </summary>
    public string? LastOccurredAt { get; set; }
}

/// <summary>
/// The row keys of the <c>Ledger</c> table. Events sort first (digits), then the entity index (<c>e|…</c>), the head,
/// the kind index's marker (<c>kind-index</c>) and the kind index (<c>k|…</c>).
/// </summary>
public static class LedgerKeys
{
    public const int SequenceDigits = 19;
    public const string HeadKey = "head";
    public const string FirstSequenceKey = "0000000000000000000";
    public const string LastSequenceKey = "9999999999999999999";

    public static string Sequence(long sequence) => sequence.ToString("D19", CultureInfo.InvariantCulture);

    public static bool TryParseSequence(string rowKey, out long sequence)
    {
        sequence = 0;
        return rowKey.Length == SequenceDigits
            && rowKey.All(char.IsAsciiDigit)
            && long.TryParse(rowKey, NumberStyles.None, CultureInfo.InvariantCulture, out sequence);
    }

    /// <summary>The prefix every index row of one entity shares: <c>e|</c> + SHA-256 hex of the id + <c>|</c>.</summary>
    public static string EntityIndexPrefix(string entityId) =>
        "e|" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(entityId))) + "|";

    public static string EntityIndex(string entityId, long sequence) => EntityIndexPrefix(entityId) + Sequence(sequence);

    public const string KindIndexMarkerKey = "kind-index";

    /// <summary>The prefix every kind-index row of one event name shares: <c>k|{action}|</c>.</summary>
    /// <remarks>Characters a row key may not hold become <c>_</c>; readers compare the stored <c>Action</c>.</remarks>
    public static string KindIndexPrefix(string action)
    {
        ArgumentNullException.ThrowIfNull(action);
        return "k|" + string.Concat(action.Select(c => c is '/' or '\\' or '#' or '?' or '|' || char.IsControl(c) ? '_' : c)) + "|";
    }

    public static string KindIndex(string action, long sequence) => KindIndexPrefix(action) + Sequence(sequence);

    public static string FormatInstant(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    public static bool TryParseInstant(string? text, out DateTimeOffset instant) =>
        DateTimeOffset.TryParseExact(
            text,
            "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'",
            CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal,
            out instant);
}
