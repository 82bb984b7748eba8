using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using AimsBot.Domain.Access;
using AimsBot.Domain.Ledger;
using AimsBot.Domain.Tests.Support;

namespace AimsBot.Domain.Tests.Ledger;

public class LedgerTests
{
    private static readonly DateTimeOffset Start = DateTimeOffset.Parse("2025-03-10T09:00:00Z", CultureInfo.InvariantCulture);
    private static readonly LedgerSigningKey Key = new("test-1", SHA256.HashData(Encoding.UTF8.GetBytes("ledger tests key")));
    private static readonly LedgerKeyRing Keys = new(Key);

    private static LedgerEntry Entry(int i, string? before = null, string? after = "{\"status\":\"Implemented\"}") => new(
        "tenant-1",
        "lead-1",
        "ComplianceLead",
        i == 0 ? "system.add" : "control.update",
        "ControlInstance",
        "chatbot|A.6.2." + (i % 7 + 2).ToString(CultureInfo.InvariantCulture),
        before,
        after,
        Start.AddMinutes(i),
        "activity-" + i.ToString(CultureInfo.InvariantCulture));

    private static List<LedgerEvent> Chain(int count)
    {
        var events = new List<LedgerEvent>();
        for (var i = 0; i < count; i++)
        {
            events.Add(LedgerChain.Append(events.Count == 0 ? null : events[^1], Entry(i, before: i == 0 ? null : "{\"status\":\"Partial\"}"), Key));
        }

        return events;
    }

    [Fact]
    public void An_untouched_chain_verifies_with_its_count_and_head()
    {
        var chain = Chain(6);

        var result = LedgerVerifier.Verify(chain, Keys);

        Assert.True(result.IsValid);
        Assert.Null(result.FirstBreak);
        Assert.Equal(6, result.VerifiedCount);
        Assert.Equal(chain[^1].Hash, result.LastHash);
        Assert.Equal("The ledger is intact: 6 events, each linked to the one before and signed.", result.Summary);
        Assert.Equal(new LedgerPoint(1, Start), result.First);
        Assert.Equal(new LedgerPoint(6, Start.AddMinutes(5)), result.Last);
    }

    [Fact]
    public void An_empty_ledger_is_intact()
    {
        var result = LedgerVerifier.Verify([], Keys);
        Assert.True(result.IsValid);
        Assert.Equal(0, result.VerifiedCount);
        Assert.Equal(LedgerHasher.GenesisHash, result.LastHash);
    }

    [Fact]
    public void The_chain_starts_at_sequence_1_from_the_genesis_hash_and_links_each_event_to_the_one_before()
    {
        var chain = Chain(3);

        Assert.Equal(new string('0', 64), chain[0].PreviousHash);
        Assert.Equal([1L, 2L, 3L], chain.Select(e => e.Sequence));
        Assert.Equal(chain[0].Hash, chain[1].PreviousHash);
        Assert.Equal(chain[1].Hash, chain[2].PreviousHash);
        Assert.All(chain, e => Assert.Matches("^[0-9a-f]{64}$", e.Hash));
        Assert.Equal(3, chain.Select(e => e.Hash).Distinct().Count());
    }

    [Fact]
    public void The_hash_follows_the_documented_canonical_encoding()
    {
        var e = LedgerChain.Append(null, new LedgerEntry("t", "u", null, "act", "Type", "id", null, "", Start, null));

        // Written out by hand from the LedgerHasher documentation, so another implementation can check against it.
        var expected = new MemoryStream();
        void Field(string? value)
        {
            if (value is null)
            {
                expected.WriteByte(0);
                return;
            }

            var bytes = Encoding.UTF8.GetBytes(value);
            var length = new byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(length, (uint)bytes.Length);
            expected.WriteByte(1);
            expected.Write(length);
            expected.Write(bytes);
        }

        Field("aimsbot-ledger-v1");
        Field(new string('0', 64));
        Field("1");
        Field("t");
        Field("u");
        Field(null);
        Field("act");
        Field("Type");
        Field("id");
        Field(null);
        Field("");
        Field("2025-03-10T09:00:00.0000000Z");
        Field(null);

        Assert.Equal(expected.ToArray(), LedgerHasher.CanonicalEncoding(e.PreviousHash, e));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(expected.ToArray())), e.Hash);
    }

    public static TheoryData<string> EditableFields => new()
    {
        nameof(LedgerEvent.TenantId), nameof(LedgerEvent.ActorId), nameof(LedgerEvent.ActorRole), nameof(LedgerEvent.Action),
        nameof(LedgerEvent.EntityType), nameof(LedgerEvent.EntityId), nameof(LedgerEvent.Before), nameof(LedgerEvent.After),
        nameof(LedgerEvent.OccurredAt), nameof(LedgerEvent.SourceActivityId), nameof(LedgerEvent.Hash),
    };

    private static LedgerEvent Edit(LedgerEvent e, string field) => field switch
    {
        nameof(LedgerEvent.TenantId) => e with { TenantId = "tenant-2" },
        nameof(LedgerEvent.ActorId) => e with { ActorId = "lead-2" },
        nameof(LedgerEvent.ActorRole) => e with { ActorRole = "Admin" },
        nameof(LedgerEvent.Action) => e with { Action = "control.delete" },
        nameof(LedgerEvent.EntityType) => e with { EntityType = "AiSystem" },
        nameof(LedgerEvent.EntityId) => e with { EntityId = e.EntityId + "x" },
        nameof(LedgerEvent.Before) => e with { Before = "{\"status\":\"NotStarted\"}" },
        nameof(LedgerEvent.After) => e with { After = "{\"status\":\"Planned\"}" },
        nameof(LedgerEvent.OccurredAt) => e with { OccurredAt = e.OccurredAt.AddTicks(1) },
        nameof(LedgerEvent.SourceActivityId) => e with { SourceActivityId = null },
        nameof(LedgerEvent.Hash) => e with { Hash = string.Concat(e.Hash[..^1], e.Hash[^1] == '0' ? "1" : "0") },
        _ => throw new ArgumentOutOfRangeException(nameof(field)),
    };

    [Theory]
    [MemberData(nameof(EditableFields))]
    public void Editing_any_field_of_one_stored_event_names_exactly_that_event(string field)
    {
        var chain = Chain(6);
        chain[3] = Edit(chain[3], field);

        var result = LedgerVerifier.Verify(chain, Keys);

        Assert.False(result.IsValid);
        Assert.Equal(3, result.FirstBreak!.Position);
        Assert.Equal(4, result.FirstBreak.Sequence);
        Assert.Equal(LedgerBreakReason.HashMismatch, result.FirstBreak.Reason);
        Assert.Equal("Event 4 was changed after it was written: its contents no longer match its hash.", result.Summary);
        Assert.Equal(3, result.VerifiedCount);
        Assert.Equal(chain[2].Hash, result.LastHash);
    }

    [Fact]
    public void Editing_the_previous_hash_of_an_event_names_that_event()
    {
        var chain = Chain(6);
        chain[3] = chain[3] with { PreviousHash = chain[1].Hash };

        var result = LedgerVerifier.Verify(chain, Keys);

        Assert.Equal((3, 4L, LedgerBreakReason.PreviousHashMismatch), (result.FirstBreak!.Position, result.FirstBreak.Sequence, result.FirstBreak.Reason));
    }

    [Fact]
    public void Editing_the_sequence_of_an_event_names_that_position()
    {
        var chain = Chain(6);
        chain[3] = chain[3] with { Sequence = 40 };

        var broken = LedgerVerifier.Verify(chain, Keys).FirstBreak!;

        Assert.Equal((3, 40L, 4L, LedgerBreakReason.SequenceGap), (broken.Position, broken.Sequence, broken.ExpectedSequence, broken.Reason));
    }

    [Fact]
    public void Turning_a_null_field_into_an_empty_one_is_detected()
    {
        var chain = Chain(3);
        Assert.Null(chain[0].Before);
        chain[0] = chain[0] with { Before = "" };

        Assert.Equal(LedgerBreakReason.HashMismatch, LedgerVerifier.Verify(chain, Keys).FirstBreak!.Reason);
    }

    [Fact]
    public void Deleting_an_event_is_detected_where_it_was()
    {
        var chain = Chain(6);
        chain.RemoveAt(2);

        var broken = LedgerVerifier.Verify(chain, Keys).FirstBreak!;

        Assert.Equal((2, 4L, 3L, LedgerBreakReason.SequenceGap), (broken.Position, broken.Sequence, broken.ExpectedSequence, broken.Reason));
        Assert.Contains("Event 3 is missing or out of place", broken.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Deleting_the_first_event_is_detected()
    {
        var chain = Chain(4);
        chain.RemoveAt(0);

        Assert.Equal((0, 1L), LedgerVerifier.Verify(chain, Keys).FirstBreak is { } b ? (b.Position, b.ExpectedSequence) : default);
    }

    [Fact]
    public void Swapping_two_events_is_detected()
    {
        var chain = Chain(6);
        (chain[2], chain[3]) = (chain[3], chain[2]);

        var broken = LedgerVerifier.Verify(chain, Keys).FirstBreak!;

        Assert.Equal((2, LedgerBreakReason.SequenceGap), (broken.Position, broken.Reason));
    }

    [Fact]
    public void Renumbering_after_a_deletion_is_still_detected_by_the_broken_link()
    {
        var chain = Chain(6);
        chain.RemoveAt(2);
        for (var i = 2; i < chain.Count; i++)
        {
            chain[i] = chain[i] with { Sequence = i + 1 };
        }

        var broken = LedgerVerifier.Verify(chain, Keys).FirstBreak!;

        Assert.Equal(2, broken.Position);
        Assert.NotEqual(LedgerBreakReason.SequenceGap, broken.Reason);
    }

    [Fact]
    public void Rehashing_an_edited_event_is_caught_at_that_event_by_its_mac()
    {
        var chain = Chain(6);
        var edited = chain[3] with { After = "{\"status\":\"Implemented\",\"forged\":true}" };
        chain[3] = edited with { Hash = LedgerHasher.ComputeHash(edited.PreviousHash, edited) };

        var broken = LedgerVerifier.Verify(chain, Keys).FirstBreak!;

        Assert.Equal((3, 4L, LedgerBreakReason.MacMismatch), (broken.Position, broken.Sequence, broken.Reason));
    }

    [Fact]
    public void A_duplicated_event_is_detected()
    {
        var chain = Chain(4);
        chain.Insert(2, chain[1]);

        Assert.Equal(2, LedgerVerifier.Verify(chain, Keys).FirstBreak!.Position);
    }

    [Fact]
    public void Field_boundaries_are_part_of_the_hash()
    {
        var one = LedgerChain.Append(null, Entry(0) with { EntityType = "ab", EntityId = "c" });
        var two = LedgerChain.Append(null, Entry(0) with { EntityType = "a", EntityId = "bc" });
        var three = LedgerChain.Append(null, Entry(0) with { Before = null, After = "x" });
        var four = LedgerChain.Append(null, Entry(0) with { Before = "x", After = null });

        // Without length prefixes these two would encode to the same bytes (marker 0x01 inside the text).
        var five = LedgerChain.Append(null, Entry(0) with { EntityType = "a\u0001b", EntityId = "c" });
        var six = LedgerChain.Append(null, Entry(0) with { EntityType = "a", EntityId = "b\u0001c" });

        Assert.NotEqual(one.Hash, two.Hash);
        Assert.NotEqual(three.Hash, four.Hash);
        Assert.NotEqual(five.Hash, six.Hash);
    }

    [Fact]
    public void Null_and_empty_hash_differently()
    {
        var withNull = LedgerChain.Append(null, Entry(0) with { SourceActivityId = null });
        var withEmpty = LedgerChain.Append(null, Entry(0) with { SourceActivityId = "" });

        Assert.NotEqual(withNull.Hash, withEmpty.Hash);
    }

    [Fact]
    public void The_same_instant_written_with_another_offset_hashes_the_same()
    {
        var utc = LedgerChain.Append(null, Entry(0), Key);
        var auckland = utc with { OccurredAt = utc.OccurredAt.ToOffset(TimeSpan.FromHours(13)) };

        Assert.Equal(utc.Hash, LedgerHasher.ComputeHash(auckland.PreviousHash, auckland));
        Assert.True(LedgerVerifier.Verify([auckland], Keys).IsValid);
    }

    [Fact]
    public void The_previous_hash_argument_is_part_of_the_hash()
    {
        var e = LedgerChain.Append(null, Entry(0));
        Assert.NotEqual(e.Hash, LedgerHasher.ComputeHash(new string('1', 64), e));
    }

    [Fact]
    public void Text_that_is_not_valid_unicode_cannot_be_hashed_silently()
    {
        Assert.ThrowsAny<ArgumentException>(() => LedgerChain.Append(null, Entry(0) with { After = "broken \ud800 surrogate" }));
    }

    [Fact]
    public void Each_tenant_has_its_own_chain()
    {
        var first = LedgerChain.Append(null, Entry(0));
        Assert.Throws<ArgumentException>(() => LedgerChain.Append(first, Entry(1) with { TenantId = "tenant-2" }));
    }

    [Fact]
    public void An_entry_records_the_actor_their_roles_and_the_clock_time()
    {
        var clock = Build.Clock("2025-03-10T09:30:00Z");
        var actor = Actor.Create("dual-1", Role.RiskApprover, Role.ComplianceLead);

        var entry = LedgerEntry.For("tenant-1", actor, "soa.exclude", "ControlInstance", "org|A.7.4", "{}", "{\"excluded\":true}", clock, "activity-9");

        Assert.Equal("dual-1", entry.ActorId);
        Assert.Equal("ComplianceLead,RiskApprover", entry.ActorRole);
        Assert.Equal(clock.GetUtcNow(), entry.OccurredAt);
        Assert.Equal("none", LedgerEntry.For("t", Actors.Owner, "a", "b", "c", null, null, clock).ActorRole);
    }
}
