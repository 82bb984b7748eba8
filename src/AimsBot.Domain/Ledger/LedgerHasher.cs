using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace AimsBot.Domain.Ledger;

/// <summary>
/// The ledger's hash: SHA-256 over a canonical byte encoding, as 64 lower-case hex digits.
/// </summary>
/// <remarks>
/// Canonical encoding, version 1 — the concatenation of these fields, in this order:
/// <list type="number">
/// <item>the format tag <c>aimsbot-ledger-v1</c></item>
/// <item>the previous hash (64 zeros for the first event)</item>
/// <item>sequence, as invariant decimal digits</item>
/// <item>tenant id</item><item>actor id</item><item>actor role</item><item>action</item>
/// <item>entity type</item><item>entity id</item><item>before</item><item>after</item>
/// <item>occurred at: the instant in UTC as <c>yyyy-MM-ddTHH:mm:ss.fffffffZ</c> (full tick precision; the
/// original offset is not part of it, so a storage round trip that normalises to UTC does not break the chain)</item>
/// <item>source activity id</item>
/// </list>
/// Each field is encoded as one byte 0x00 when it is null, or as one byte 0x01, then the length of its UTF-8
/// bytes as an unsigned 32-bit big-endian integer, then those bytes. Lengths make the encoding unambiguous
/// ("ab","c" ≠ "a","bc") and the marker keeps null distinct from empty. Text is not Unicode-normalised; text
/// that is not valid UTF-16 (a lone surrogate) cannot be encoded and throws. The event's own
/// <see cref="LedgerEvent.PreviousHash"/> and <see cref="LedgerEvent.Hash"/> fields are not read: the previous
/// hash is the argument.
/// </remarks>
public static class LedgerHasher
{
    public const string FormatTag = "aimsbot-ledger-v1";

    /// <summary>The previous hash of the first event in a chain.</summary>
    public static readonly string GenesisHash = new('0', 64);

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static string ComputeHash(string previousHash, LedgerEvent ledgerEvent)
    {
        var bytes = CanonicalEncoding(previousHash, ledgerEvent);
        return Convert.ToHexStringLower(SHA256.HashData(bytes));
    }

    /// <summary>The exact bytes that are hashed (see the remarks on <see cref="LedgerHasher"/>).</summary>
    public static byte[] CanonicalEncoding(string previousHash, LedgerEvent ledgerEvent)
    {
        ArgumentNullException.ThrowIfNull(ledgerEvent);
        using var buffer = new MemoryStream();
        Write(buffer, FormatTag);
        Write(buffer, previousHash);
        Write(buffer, ledgerEvent.Sequence.ToString(CultureInfo.InvariantCulture));
        Write(buffer, ledgerEvent.TenantId);
        Write(buffer, ledgerEvent.ActorId);
        Write(buffer, ledgerEvent.ActorRole);
        Write(buffer, ledgerEvent.Action);
        Write(buffer, ledgerEvent.EntityType);
        Write(buffer, ledgerEvent.EntityId);
        Write(buffer, ledgerEvent.Before);
        Write(buffer, ledgerEvent.After);
        Write(buffer, FormatInstant(ledgerEvent.OccurredAt));
        Write(buffer, ledgerEvent.SourceActivityId);
        return buffer.ToArray();
    }

    /// <summary>An instant as the ledger encodes it: UTC, full tick precision, <c>yyyy-MM-ddTHH:mm:ss.fffffffZ</c>.</summary>
    public static string FormatInstant(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    /// <summary>One field of a canonical encoding (see the remarks on <see cref="LedgerHasher"/>).</summary>
    internal static void WriteField(MemoryStream buffer, string? field) => Write(buffer, field);

    private static void Write(MemoryStream buffer, string? field)
    {
        if (field is null)
        {
            buffer.WriteByte(0x00);
            return;
        }

        var bytes = StrictUtf8.GetBytes(field);
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(length, (uint)bytes.Length);
        buffer.WriteByte(0x01);
        buffer.Write(length);
        buffer.Write(bytes);
    }
}
