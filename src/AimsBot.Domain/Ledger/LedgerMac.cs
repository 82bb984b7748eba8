using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace AimsBot.Domain.Ledger;

/// <summary>
/// A key that signs ledger events and checkpoints: its id (recorded next to every MAC, so keys can rotate) and
/// its secret bytes (at least 32). Where the bytes come from is the host's business (configuration, Key Vault).
/// </summary>
public sealed class LedgerSigningKey
{
    /// <summary>The fewest key bytes accepted: HMAC-SHA256 wants 32.</summary>
    public const int MinBytes = 32;

    /// <summary>The longest key id: it is stored next to every event.</summary>
    public const int MaxIdLength = 64;

    private readonly byte[] _bytes;

    public LedgerSigningKey(string id, ReadOnlySpan<byte> bytes)
    {
        if (!IsValidId(id))
        {
            throw new ArgumentException($"A ledger key id is 1-{MaxIdLength} letters, digits, '.', '_' or '-'.", nameof(id));
        }

        if (bytes.Length < MinBytes)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"A ledger signing key needs at least {MinBytes} bytes."), nameof(bytes));
        }

        Id = id;
        _bytes = bytes.ToArray();
    }

    public string Id { get; }

    public static bool IsValidId(string? id) =>
        !string.IsNullOrEmpty(id) && id.Length <= MaxIdLength && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-');

    internal string Mac(byte[] message) => Convert.ToHexStringLower(HMACSHA256.HashData(_bytes, message));
}

/// <summary>
/// The keys a deployment verifies with: the current one (which signs) and earlier ones (which only verify what
/// they signed before a rotation). Key ids are unique.
/// </summary>
public sealed class LedgerKeyRing
{
    private readonly Dictionary<string, LedgerSigningKey> _byId = new(StringComparer.Ordinal);

    public LedgerKeyRing(LedgerSigningKey current, IEnumerable<LedgerSigningKey>? previous = null)
    {
        ArgumentNullException.ThrowIfNull(current);
        Current = current;
        _byId[current.Id] = current;
        foreach (var key in previous ?? [])
        {
            if (!_byId.TryAdd(key.Id, key))
            {
                throw new ArgumentException($"The ledger key id '{key.Id}' is used twice: each key needs its own id.", nameof(previous));
            }
        }
    }

    /// <summary>The key new events and checkpoints are signed with.</summary>
    public LedgerSigningKey Current { get; }

    /// <summary>Every key id this ring verifies, the current one first.</summary>
    public IReadOnlyList<string> KeyIds => [Current.Id, .. _byId.Keys.Where(id => id != Current.Id).Order(StringComparer.Ordinal)];

    public LedgerSigningKey? Find(string? keyId) => keyId is not null && _byId.TryGetValue(keyId, out var key) ? key : null;
}

/// <summary>What checking a MAC found.</summary>
public enum LedgerMacCheck
{
    Valid,

    /// <summary>No MAC (or no key id) at all.</summary>
    Missing,

    /// <summary>Signed with a key id the key ring does not hold.</summary>
    UnknownKey,

    /// <summary>The MAC does not match: the signed fields changed after signing.</summary>
    Mismatch,
}

/// <summary>
/// The ledger's keyed MACs: HMAC-SHA256, as 64 lower-case hex digits, over a canonical encoding.
/// </summary>
/// <remarks>
/// An event's MAC covers, each field encoded as in <see cref="LedgerHasher"/> (0x00 for null, or 0x01, the
/// UTF-8 length as 32-bit big-endian, the bytes): the tag <c>aimsbot-ledger-mac-v1</c>, the key id, the
/// event's hash, then the event's whole canonical encoding (<see cref="LedgerHasher.CanonicalEncoding"/>,
/// which starts with its previous hash). So the MAC binds the content, the event's place in the chain and
/// the link to the event before it: recomputing hashes after an edit does not help without the key.
/// A checkpoint's MAC covers the tag <c>aimsbot-ledger-checkpoint-v1</c>, the key id, tenant id, sequence,
/// head hash, the head event's time and the checkpoint's time (instants as in <see cref="LedgerHasher"/>).
/// </remarks>
public static class LedgerMac
{
    public const string EventTag = "aimsbot-ledger-mac-v1";
    public const string CheckpointTag = "aimsbot-ledger-checkpoint-v1";

    /// <summary>The event with its key id and MAC set (its hash must already be computed).</summary>
    public static LedgerEvent Sign(LedgerEvent ledgerEvent, LedgerSigningKey key)
    {
        ArgumentNullException.ThrowIfNull(ledgerEvent);
        ArgumentNullException.ThrowIfNull(key);
        return ledgerEvent with { KeyId = key.Id, Mac = key.Mac(EventMessage(key.Id, ledgerEvent)) };
    }

    public static LedgerMacCheck Check(LedgerEvent ledgerEvent, LedgerKeyRing keys)
    {
        ArgumentNullException.ThrowIfNull(ledgerEvent);
        ArgumentNullException.ThrowIfNull(keys);
        if (string.IsNullOrEmpty(ledgerEvent.Mac) || string.IsNullOrEmpty(ledgerEvent.KeyId))
        {
            return LedgerMacCheck.Missing;
        }

        if (keys.Find(ledgerEvent.KeyId) is not { } key)
        {
            return LedgerMacCheck.UnknownKey;
        }

        byte[] message;
        try
        {
            message = EventMessage(key.Id, ledgerEvent);
        }
        catch (ArgumentException)
        {
            return LedgerMacCheck.Mismatch; // text no signer could have encoded
        }

        return FixedTimeEquals(ledgerEvent.Mac, key.Mac(message)) ? LedgerMacCheck.Valid : LedgerMacCheck.Mismatch;
    }

    /// <summary>A signed checkpoint of a tenant's chain at <paramref name="sequence"/>.</summary>
    public static LedgerCheckpoint SignCheckpoint(string tenantId, long sequence, string headHash, DateTimeOffset headOccurredAt, DateTimeOffset createdAt, LedgerSigningKey key)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tenantId);
        ArgumentNullException.ThrowIfNull(headHash);
        ArgumentNullException.ThrowIfNull(key);
        var unsigned = new LedgerCheckpoint(tenantId, sequence, headHash, headOccurredAt, createdAt, key.Id, string.Empty);
        return unsigned with { Mac = key.Mac(CheckpointMessage(unsigned)) };
    }

    public static LedgerMacCheck Check(LedgerCheckpoint checkpoint, LedgerKeyRing keys)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        ArgumentNullException.ThrowIfNull(keys);
        if (string.IsNullOrEmpty(checkpoint.Mac) || string.IsNullOrEmpty(checkpoint.KeyId))
        {
            return LedgerMacCheck.Missing;
        }

        if (keys.Find(checkpoint.KeyId) is not { } key)
        {
            return LedgerMacCheck.UnknownKey;
        }

        byte[] message;
        try
        {
            message = CheckpointMessage(checkpoint);
        }
        catch (ArgumentException)
        {
            return LedgerMacCheck.Mismatch;
        }

        return FixedTimeEquals(checkpoint.Mac, key.Mac(message)) ? LedgerMacCheck.Valid : LedgerMacCheck.Mismatch;
    }

    private static byte[] EventMessage(string keyId, LedgerEvent e)
    {
        using var buffer = new MemoryStream();
        LedgerHasher.WriteField(buffer, EventTag);
        LedgerHasher.WriteField(buffer, keyId);
        LedgerHasher.WriteField(buffer, e.Hash);
        buffer.Write(LedgerHasher.CanonicalEncoding(e.PreviousHash, e));
        return buffer.ToArray();
    }

    private static byte[] CheckpointMessage(LedgerCheckpoint c)
    {
        using var buffer = new MemoryStream();
        LedgerHasher.WriteField(buffer, CheckpointTag);
        LedgerHasher.WriteField(buffer, c.KeyId);
        LedgerHasher.WriteField(buffer, c.TenantId);
        LedgerHasher.WriteField(buffer, c.Sequence.ToString(CultureInfo.InvariantCulture));
        LedgerHasher.WriteField(buffer, c.HeadHash);
        LedgerHasher.WriteField(buffer, LedgerHasher.FormatInstant(c.HeadOccurredAt));
        LedgerHasher.WriteField(buffer, LedgerHasher.FormatInstant(c.CreatedAt));
        return buffer.ToArray();
    }

    private static bool FixedTimeEquals(string stored, string computed)
    {
        var a = Encoding.ASCII.GetBytes(stored);
        var b = Encoding.ASCII.GetBytes(computed);
        return a.Length == b.Length && CryptographicOperations.FixedTimeEquals(a, b);
    }
}

/// <summary>
/// A signed statement that a tenant's chain reached <see cref="Sequence"/> with <see cref="HeadHash"/> (its last
/// event dated <see cref="HeadOccurredAt"/>) at <see cref="CreatedAt"/>. Kept outside the ledger's table, in a
/// store the bot can only add to: a ledger shorter than its last checkpoint, or different at that sequence, was
/// tampered with.
/// </summary>
public sealed record LedgerCheckpoint(
    string TenantId,
    long Sequence,
    string HeadHash,
    DateTimeOffset HeadOccurredAt,
    DateTimeOffset CreatedAt,
    string KeyId,
    string Mac);
