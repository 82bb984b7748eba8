using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using AimsBot.Domain.Ledger;

namespace AimsBot.Domain.Tests.Ledger;

/// <summary>The keyed MACs on events and checkpoints, and what the verifier makes of them.</summary>
public class LedgerSigningTests
{
    private static readonly DateTimeOffset Start = DateTimeOffset.Parse("2025-03-10T09:00:00Z", CultureInfo.InvariantCulture);
    private static readonly LedgerSigningKey Key = KeyFor("k2", "current key");
    private static readonly LedgerSigningKey OldKey = KeyFor("k1", "previous key");
    private static readonly LedgerKeyRing Keys = new(Key, [OldKey]);

    private static LedgerSigningKey KeyFor(string id, string seed) => new(id, SHA256.HashData(Encoding.UTF8.GetBytes(seed)));

    private static LedgerEntry Entry(int minute) => new(
        "tenant-1", "lead-1", "ComplianceLead", "control.update", "ControlInstance", "org|A.6.2.6",
        "{\"n\":" + minute.ToString(CultureInfo.InvariantCulture) + "}", "{\"n\":" + (minute + 1).ToString(CultureInfo.InvariantCulture) + "}",
        Start.AddMinutes(minute), "activity-" + minute.ToString(CultureInfo.InvariantCulture));

    private static List<LedgerEvent> Chain(int count, LedgerSigningKey? key = null)
    {
        var events = new List<LedgerEvent>();
        for (var i = 0; i < count; i++)
        {
            events.Add(LedgerChain.Append(events.Count == 0 ? null : events[^1], Entry(i), key ?? Key));
        }

        return events;
    }

    private static LedgerCheckpoint CheckpointOf(List<LedgerEvent> chain, int minutesAfter = 30, LedgerSigningKey? key = null) =>
        LedgerMac.SignCheckpoint("tenant-1", chain[^1].Sequence, chain[^1].Hash, chain[^1].OccurredAt, chain[^1].OccurredAt.AddMinutes(minutesAfter), key ?? Key);

    [Fact]
    public void The_mac_follows_the_documented_encoding()
    {
        var e = Chain(1)[0];

        var expected = new MemoryStream();
        foreach (var field in new[] { "aimsbot-ledger-mac-v1", "k2", e.Hash })
        {
            var bytes = Encoding.UTF8.GetBytes(field);
            var length = new byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(length, (uint)bytes.Length);
            expected.WriteByte(1);
            expected.Write(length);
            expected.Write(bytes);
        }

        expected.Write(LedgerHasher.CanonicalEncoding(e.PreviousHash, e));

        Assert.Equal("k2", e.KeyId);
        Assert.Equal(Convert.ToHexStringLower(HMACSHA256.HashData(SHA256.HashData(Encoding.UTF8.GetBytes("current key")), expected.ToArray())), e.Mac);
    }

    [Fact]
    public void A_signed_chain_verifies_from_its_first_to_its_last_event()
    {
        var result = LedgerVerifier.Verify(Chain(5), Keys);

        Assert.True(result.IsValid, result.Summary);
        Assert.Equal(5, result.VerifiedCount);
        Assert.Equal(new LedgerPoint(1, Start), result.First);
        Assert.Equal(new LedgerPoint(5, Start.AddMinutes(4)), result.Last);
        Assert.Equal(LedgerCheckpointStatus.None, result.CheckpointStatus);
    }

    [Fact]
    public void Editing_an_event_and_recomputing_every_later_hash_without_the_key_is_named_at_the_edited_event()
    {
        var chain = Chain(8);

        // What an attacker with table access but without the key can do: edit event 4, then re-hash from there on.
        chain[3] = chain[3] with { After = "{\"n\":\"approved\"}" };
        for (var i = 3; i < chain.Count; i++)
        {
            var relinked = chain[i] with { PreviousHash = chain[i - 1].Hash };
            chain[i] = relinked with { Hash = LedgerHasher.ComputeHash(relinked.PreviousHash, relinked) };
        }

        var result = LedgerVerifier.Verify(chain, Keys);

        Assert.False(result.IsValid);
        Assert.Equal((4L, LedgerBreakReason.MacMismatch), (result.FirstBreak!.Sequence, result.FirstBreak.Reason));
        Assert.Equal("Event 4 was changed after it was signed: its MAC does not match its contents (hashes can be recomputed, the MAC cannot without the key).", result.Summary);
        Assert.Equal(3, result.VerifiedCount);
        Assert.Equal(new LedgerPoint(3, Start.AddMinutes(2)), result.Last);
    }

    [Fact]
    public void An_event_without_a_mac_is_named()
    {
        var chain = Chain(4);
        chain[2] = chain[2] with { Mac = null, KeyId = null };

        var broken = LedgerVerifier.Verify(chain, Keys).FirstBreak!;

        Assert.Equal((3L, LedgerBreakReason.MacMissing), (broken.Sequence, broken.Reason));
        Assert.StartsWith("Event 3 is not signed", broken.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_event_signed_by_an_unknown_key_is_named_with_the_key_id()
    {
        var chain = Chain(2);
        var stranger = KeyFor("k9", "someone else's key");
        chain.Add(LedgerChain.Append(chain[^1], Entry(5), stranger));

        var broken = LedgerVerifier.Verify(chain, Keys).FirstBreak!;

        Assert.Equal((3L, LedgerBreakReason.UnknownKey), (broken.Sequence, broken.Reason));
        Assert.Contains("key 'k9'", broken.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_mac_by_a_known_key_id_but_made_with_other_key_bytes_fails()
    {
        var chain = Chain(3);
        var impostor = KeyFor("k2", "guessed bytes");
        chain[2] = LedgerMac.Sign(chain[2], impostor);

        Assert.Equal(LedgerBreakReason.MacMismatch, LedgerVerifier.Verify(chain, Keys).FirstBreak!.Reason);
    }

    [Fact]
    public void After_a_rotation_events_signed_by_the_previous_key_still_verify_and_an_unknown_key_fails()
    {
        var chain = Chain(3, OldKey);
        for (var i = 3; i < 6; i++)
        {
            chain.Add(LedgerChain.Append(chain[^1], Entry(i), Key));
        }

        Assert.True(LedgerVerifier.Verify(chain, new LedgerKeyRing(Key, [OldKey])).IsValid);

        // A deployment that forgot the previous key cannot vouch for the old events.
        var forgot = LedgerVerifier.Verify(chain, new LedgerKeyRing(Key));
        Assert.Equal((1L, LedgerBreakReason.UnknownKey), (forgot.FirstBreak!.Sequence, forgot.FirstBreak.Reason));
    }

    [Fact]
    public void Time_going_backwards_between_two_signed_events_is_named()
    {
        var chain = Chain(4);

        // Even someone holding the key cannot re-date an event before the one it follows unnoticed.
        var redated = chain[2] with { OccurredAt = Start.AddMinutes(-30) };
        redated = LedgerMac.Sign(redated with { Hash = LedgerHasher.ComputeHash(redated.PreviousHash, redated) }, Key);
        chain[2] = redated;
        var relinked = chain[3] with { PreviousHash = redated.Hash };
        chain[3] = LedgerMac.Sign(relinked with { Hash = LedgerHasher.ComputeHash(relinked.PreviousHash, relinked) }, Key);

        var broken = LedgerVerifier.Verify(chain, Keys).FirstBreak!;

        Assert.Equal((3L, LedgerBreakReason.TimeWentBackwards), (broken.Sequence, broken.Reason));
        Assert.Equal("Time went backwards at event 3: it is dated 2025-03-10 08:30:00 UTC, before event 2 (2025-03-10 09:01:00 UTC); events were re-dated or re-ordered.", broken.Message);
    }

    [Fact]
    public void An_entry_stamped_before_the_last_event_takes_the_last_events_time()
    {
        var first = LedgerChain.Append(null, Entry(10), Key);

        // Two writers stamped their entries at 09:10 and 09:05; the later-stamped one appended first.
        var second = LedgerChain.Append(first, Entry(5), Key);

        Assert.Equal(first.OccurredAt, second.OccurredAt);
        Assert.True(LedgerVerifier.Verify([first, second], Keys).IsValid);
    }

    [Fact]
    public void A_chain_that_holds_its_checkpoint_verifies_with_the_checkpoint_matched()
    {
        var chain = Chain(6);
        var checkpoint = CheckpointOf(chain.Take(4).ToList());

        var result = LedgerVerifier.Verify(chain, Keys, checkpoint);

        Assert.True(result.IsValid, result.Summary);
        Assert.Equal(LedgerCheckpointStatus.Matched, result.CheckpointStatus);
        Assert.Equal(4, result.Checkpoint!.Sequence);
    }

    [Fact]
    public void A_chain_shorter_than_its_checkpoint_names_the_missing_range_and_the_checkpoint()
    {
        var chain = Chain(8);
        var checkpoint = CheckpointOf(chain, minutesAfter: 60);

        var result = LedgerVerifier.Verify(chain.Take(5), Keys, checkpoint);

        Assert.False(result.IsValid);
        Assert.Equal(LedgerCheckpointStatus.Missing, result.CheckpointStatus);
        Assert.Equal((6L, LedgerBreakReason.ShorterThanCheckpoint), (result.FirstBreak!.Sequence, result.FirstBreak.Reason));
        Assert.Equal("Events 6 to 8 are missing: the checkpoint of 2025-03-10 10:07:00 UTC says the chain reached event 8, but it ends at event 5.", result.Summary);
        Assert.Equal(5, result.VerifiedCount);
    }

    [Fact]
    public void An_empty_chain_with_a_checkpoint_is_missing_every_event()
    {
        var checkpoint = CheckpointOf(Chain(3));

        var result = LedgerVerifier.Verify([], Keys, checkpoint);

        Assert.False(result.IsValid);
        Assert.Equal("Events 1 to 3 are missing: the checkpoint of 2025-03-10 09:32:00 UTC says the chain reached event 3, but it holds no events at all.", result.Summary);
    }

    [Fact]
    public void A_chain_rebuilt_with_the_key_after_a_checkpoint_does_not_match_it()
    {
        var original = Chain(5);
        var checkpoint = CheckpointOf(original);

        // Someone holding the key rewrites event 2 and re-signs everything after it: links and MACs are fine,
        // but the event at the checkpoint's sequence is no longer the one it attests.
        var rebuilt = original.Take(1).ToList();
        for (var i = 1; i < 5; i++)
        {
            rebuilt.Add(LedgerChain.Append(rebuilt[^1], Entry(i) with { After = i == 1 ? "{\"n\":\"rewritten\"}" : Entry(i).After }, Key));
        }

        var result = LedgerVerifier.Verify(rebuilt, Keys, checkpoint);

        Assert.Equal((5L, LedgerBreakReason.CheckpointMismatch), (result.FirstBreak!.Sequence, result.FirstBreak.Reason));
        Assert.Equal(LedgerCheckpointStatus.Mismatch, result.CheckpointStatus);
    }

    [Fact]
    public void A_checkpoint_not_signed_by_a_known_key_or_changed_after_signing_is_reported()
    {
        var chain = Chain(4);
        var forged = CheckpointOf(chain, key: KeyFor("k7", "forger"));
        var moved = CheckpointOf(chain) with { Sequence = 2 };

        var unknown = LedgerVerifier.Verify(chain, Keys, forged);
        var changed = LedgerVerifier.Verify(chain, Keys, moved);

        Assert.Equal(LedgerBreakReason.CheckpointNotSigned, unknown.FirstBreak!.Reason);
        Assert.Contains("key 'k7'", unknown.Summary, StringComparison.Ordinal);
        Assert.Equal(LedgerCheckpointStatus.NotSigned, changed.CheckpointStatus);
        Assert.Contains("not validly signed", changed.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Verifying_from_a_checkpoint_checks_only_what_follows_it_and_that_the_checkpointed_event_is_unchanged()
    {
        var chain = Chain(9);
        var checkpoint = CheckpointOf(chain.Take(6).ToList());

        var since = LedgerVerifier.Verify(chain.Skip(5), Keys, checkpoint, fromCheckpoint: true);
        Assert.True(since.IsValid, since.Summary);
        Assert.Equal(4, since.VerifiedCount);
        Assert.Equal(new LedgerPoint(6, Start.AddMinutes(5)), since.First);
        Assert.Equal(chain[^1].Hash, since.LastHash);

        // The checkpointed event itself was replaced by a validly signed but different one.
        var replaced = chain.Skip(5).ToList();
        replaced[0] = LedgerChain.Append(chain[4], Entry(5) with { Action = "control.delete" }, Key);
        Assert.Equal(LedgerBreakReason.CheckpointMismatch, LedgerVerifier.Verify(replaced, Keys, checkpoint, fromCheckpoint: true).FirstBreak!.Reason);

        // The checkpointed event was deleted.
        Assert.Equal(LedgerBreakReason.SequenceGap, LedgerVerifier.Verify(chain.Skip(6), Keys, checkpoint, fromCheckpoint: true).FirstBreak!.Reason);
    }

    [Fact]
    public void The_checkpoint_mac_covers_every_field()
    {
        var checkpoint = CheckpointOf(Chain(2));
        Assert.Equal(LedgerMacCheck.Valid, LedgerMac.Check(checkpoint, Keys));

        foreach (var changed in new[]
        {
            checkpoint with { TenantId = "tenant-2" },
            checkpoint with { Sequence = 3 },
            checkpoint with { HeadHash = new string('a', 64) },
            checkpoint with { HeadOccurredAt = checkpoint.HeadOccurredAt.AddTicks(1) },
            checkpoint with { CreatedAt = checkpoint.CreatedAt.AddDays(1) },
        })
        {
            Assert.Equal(LedgerMacCheck.Mismatch, LedgerMac.Check(changed, Keys));
        }

        Assert.Equal(LedgerMacCheck.UnknownKey, LedgerMac.Check(checkpoint with { KeyId = "k5" }, Keys));
        Assert.Equal(LedgerMacCheck.Missing, LedgerMac.Check(checkpoint with { Mac = "" }, Keys));
    }

    [Fact]
    public void Keys_need_32_bytes_a_plain_id_and_ids_unique_in_a_ring()
    {
        Assert.Throws<ArgumentException>(() => new LedgerSigningKey("k1", new byte[31]));
        Assert.Throws<ArgumentException>(() => new LedgerSigningKey("k 1", new byte[32]));
        Assert.Throws<ArgumentException>(() => new LedgerKeyRing(Key, [KeyFor("k2", "another")]));
        Assert.Equal(["k2", "k1"], Keys.KeyIds);
    }
}
