using System.Globalization;
using Azure;
using Azure.Data.Tables;
using AimsBot.Domain.Ledger;
using AimsBot.Storage;
using AimsBot.Storage.Ledger;

namespace AimsBot.Storage.Tests.Ledger;

/// <summary>The ledger store against a real Azurite table service.</summary>
public sealed class TableLedgerStoreTests : LedgerTableTest
{
    private const string TenantA = "aaaaaaaa-0000-0000-0000-000000000001";
    private const string TenantB = "bbbbbbbb-0000-0000-0000-000000000002";
    private static readonly DateTimeOffset Start = new(2025, 3, 10, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Fifty_appends_racing_from_fifty_processes_form_one_chain_without_gaps_or_forks()
    {
        // Each append gets its own store (its own process, as far as the gate is concerned): they race on the head's ETag.
        var appends = Enumerable.Range(1, 50)
            .Select(i => NewLedger(NewTableStore()).AppendAsync(Entry(TenantA, "control-" + (i % 4).ToString(CultureInfo.InvariantCulture), after: "{\"n\":" + i.ToString(CultureInfo.InvariantCulture) + "}")))
            .ToList();
        var written = await Task.WhenAll(appends);

        Assert.Equal(Enumerable.Range(1, 50).Select(i => (long)i), written.Select(e => e.Sequence).Order());
        var chain = await ReadChain(TenantA);
        Assert.Equal(Enumerable.Range(1, 50).Select(i => (long)i), chain.Select(e => e.Sequence));
        Assert.Equal(written.OrderBy(e => e.Sequence), chain);
        // Every append landed exactly once.
        Assert.Equal(Enumerable.Range(1, 50).Select(i => "{\"n\":" + i.ToString(CultureInfo.InvariantCulture) + "}").Order(), chain.Select(e => e.After!).Order());

        var check = await Ledger.VerifyChainAsync(TenantA, checkpoint: null);
        Assert.True(check.IsIntact, check.Summary);
        Assert.Equal(50, check.EventCount);
        Assert.Equal(chain[^1].Hash, check.LastHash);
        Assert.Equal(new LedgerHead(50, chain[^1].Hash), check.Head);
    }

    [Fact]
    public async Task Fifty_appends_at_once_through_one_store_form_one_chain()
    {
        var written = await Task.WhenAll(Enumerable.Range(1, 50).Select(i => Ledger.AppendAsync(Entry(TenantA, "system-1", after: i.ToString(CultureInfo.InvariantCulture)))));

        Assert.Equal(Enumerable.Range(1, 50).Select(i => (long)i), written.Select(e => e.Sequence).Order());
        var check = await Ledger.VerifyChainAsync(TenantA, checkpoint: null);
        Assert.True(check.IsIntact, check.Summary);
        Assert.Equal(50, check.EventCount);
    }

    [Fact]
    public async Task Appending_many_at_once_while_others_append_one_by_one_forms_one_chain_in_order()
    {
        // 120 entries in one call (three transactions) from one process, 20 single appends racing from others.
        var many = Enumerable.Range(1, 120).Select(i => Entry(TenantA, "import-" + (i % 7).ToString(CultureInfo.InvariantCulture), after: "{\"m\":" + i.ToString(CultureInfo.InvariantCulture) + "}")).ToList();
        var bulk = Ledger.AppendManyAsync(many);
        var singles = Enumerable.Range(1, 20).Select(i => NewLedger(NewTableStore()).AppendAsync(Entry(TenantA, "single", after: "{\"s\":" + i.ToString(CultureInfo.InvariantCulture) + "}"))).ToList();
        var written = await bulk;
        await Task.WhenAll(singles);

        Assert.Equal(120, written.Count);
        Assert.Equal(many.Select(e => e.After), written.Select(e => e.After)); // in the order given
        Assert.True(written.Zip(written.Skip(1)).All(p => p.First.Sequence < p.Second.Sequence));
        var chain = await ReadChain(TenantA);
        Assert.Equal(Enumerable.Range(1, 140).Select(i => (long)i), chain.Select(e => e.Sequence));
        Assert.Equal(written, chain.Where(e => e.After!.StartsWith("{\"m\"", StringComparison.Ordinal)));
        var check = await Ledger.VerifyChainAsync(TenantA, checkpoint: null);
        Assert.True(check.IsIntact, check.Summary);
        Assert.Equal(140, check.EventCount);
        Assert.Equal(many.Count(e => e.EntityId == "import-3"), (await Ledger.ForEntityAsync(TenantA, "import-3")).Count);
    }

    [Fact]
    public async Task Editing_one_stored_event_directly_in_the_table_is_named_by_its_sequence()
    {
        await AppendMany(TenantA, 10);

        // Someone with table access changes what event 6 says happened.
        var row = (await RawTable.GetEntityAsync<TableEntity>(TenantA, LedgerKeys.Sequence(6))).Value;
        row["After"] = "{\"status\":\"Implemented\"}";
        await RawTable.UpdateEntityAsync(row, ETag.All, TableUpdateMode.Replace);

        var check = await Ledger.VerifyChainAsync(TenantA, checkpoint: null);

        Assert.False(check.IsIntact);
        Assert.Equal(LedgerProblem.BrokenLink, check.Problem);
        Assert.Equal(6, check.BrokenSequence);
        Assert.Equal(LedgerBreakReason.HashMismatch, check.Chain.FirstBreak!.Reason);
        Assert.Equal(5, check.EventCount);
        Assert.Contains("Event 6 was changed", check.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deleting_the_newest_event_is_caught_by_the_head()
    {
        await AppendMany(TenantA, 5);
        await RawTable.DeleteEntityAsync(TenantA, LedgerKeys.Sequence(5));

        var check = await Ledger.VerifyChainAsync(TenantA, checkpoint: null);

        // The remaining four still link up: only the head knows there were five.
        Assert.True(check.Chain.IsValid);
        Assert.False(check.IsIntact);
        Assert.Equal(LedgerProblem.Truncated, check.Problem);
        Assert.Equal(5, check.BrokenSequence);
        Assert.StartsWith("Event 5 is missing", check.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deleting_an_event_in_the_middle_names_the_missing_sequence()
    {
        await AppendMany(TenantA, 6);
        await RawTable.DeleteEntityAsync(TenantA, LedgerKeys.Sequence(3));

        var check = await Ledger.VerifyChainAsync(TenantA, checkpoint: null);

        Assert.False(check.IsIntact);
        Assert.Equal(3, check.BrokenSequence);
        Assert.Equal(LedgerBreakReason.SequenceGap, check.Chain.FirstBreak!.Reason);
    }

    [Fact]
    public async Task Rewriting_the_newest_event_with_a_recomputed_hash_is_caught_by_its_mac()
    {
        var events = await AppendMany(TenantA, 4);
        var forged = events[^1] with { After = "{\"approved\":true}" };
        forged = forged with { Hash = LedgerHasher.ComputeHash(forged.PreviousHash, forged) };
        var row = (await RawTable.GetEntityAsync<TableEntity>(TenantA, LedgerKeys.Sequence(4))).Value;
        row["After"] = forged.After;
        row["Hash"] = forged.Hash;
        await RawTable.UpdateEntityAsync(row, ETag.All, TableUpdateMode.Replace);

        var check = await Ledger.VerifyChainAsync(TenantA, checkpoint: null);

        Assert.False(check.IsIntact);
        Assert.Equal(LedgerProblem.BrokenLink, check.Problem);
        Assert.Equal(LedgerBreakReason.MacMismatch, check.Chain.FirstBreak!.Reason);
        Assert.Equal(4, check.BrokenSequence);
    }

    [Fact]
    public async Task Every_stored_event_carries_the_key_id_and_a_mac_that_survive_storage()
    {
        var written = await AppendMany(TenantA, 2);

        var stored = await ReadChain(TenantA);

        Assert.All(stored, e => Assert.Equal("test-1", e.KeyId));
        Assert.All(stored, e => Assert.Equal(LedgerMacCheck.Valid, LedgerMac.Check(e, Keys)));
        Assert.Equal(written, stored);
    }

    [Fact]
    public async Task An_event_slipped_in_after_the_head_is_reported_and_blocks_further_appends()
    {
        var events = await AppendMany(TenantA, 3);
        var slipped = LedgerChain.Append(events[^1], Entry(TenantA, "system-1", after: "{\"forged\":true}"));
        await RawTable.AddEntityAsync(LedgerEventRow.From(slipped, "outsider"));

        var check = await Ledger.VerifyChainAsync(TenantA, checkpoint: null);
        Assert.False(check.IsIntact);
        Assert.Equal(LedgerProblem.WrittenPastHead, check.Problem);
        Assert.Equal(4, check.BrokenSequence);

        // Chaining after it would launder it into the ledger: the store refuses and writes nothing.
        var refused = await Assert.ThrowsAsync<LedgerIntegrityException>(() => Ledger.AppendAsync(Entry(TenantA, "system-1")));
        Assert.Equal(4, refused.Sequence);
        Assert.Equal(3, (await RawTable.GetEntityAsync<LedgerHeadRow>(TenantA, LedgerKeys.HeadKey)).Value.LastSequence);
        Assert.Equal(4, (await ReadChain(TenantA)).Count);
    }

    [Fact]
    public async Task An_entitys_history_holds_only_its_events_oldest_first_with_their_contents()
    {
        // Entity ids may hold characters table keys may not.
        const string entity = "chatbot/A.6.2.6#org?";
        var expected = new List<LedgerEvent>();
        for (var i = 0; i < 12; i++)
        {
            var e = await Ledger.AppendAsync(Entry(TenantA, i % 3 == 0 ? entity : "other-" + i.ToString(CultureInfo.InvariantCulture), before: "{\"v\":" + i.ToString(CultureInfo.InvariantCulture) + "}", after: "{\"v\":" + (i + 1).ToString(CultureInfo.InvariantCulture) + "}", minute: i));
            if (i % 3 == 0)
            {
                expected.Add(e);
            }
        }

        // Same entity id in another tenant is another history.
        await Ledger.AppendAsync(Entry(TenantB, entity));

        var history = await Ledger.ForEntityAsync(TenantA, entity);

        Assert.Equal(expected, history);
        Assert.Equal([1L, 4, 7, 10], history.Select(e => e.Sequence));
        Assert.Equal("{\"v\":3}", history[1].Before);
        Assert.Equal(Start.AddMinutes(3), history[1].OccurredAt);
        Assert.Empty(await Ledger.ForEntityAsync(TenantA, "never-touched"));
        Assert.Empty(await Ledger.ForEntityAsync(TenantA, "chatbot/A.6.2.6#ORG?"));
    }

    [Fact]
    public async Task A_long_history_can_be_read_as_its_newest_events_with_the_total()
    {
        for (var i = 1; i <= 30; i++)
        {
            await Ledger.AppendAsync(Entry(TenantA, "busy", after: i.ToString(CultureInfo.InvariantCulture)));
        }

        var recent = await Ledger.RecentForEntityAsync(TenantA, "busy", max: 10);

        Assert.Equal(30, recent.TotalCount);
        Assert.True(recent.IsCapped);
        Assert.Equal(Enumerable.Range(21, 10).Select(i => i.ToString(CultureInfo.InvariantCulture)), recent.Events.Select(e => e.After));
    }

    [Fact]
    public async Task Two_tenants_appending_at_the_same_time_keep_independent_chains()
    {
        var appends = Enumerable.Range(0, 40).Select(i => Ledger.AppendAsync(Entry(i % 2 == 0 ? TenantA : TenantB, "system-1", after: i.ToString(CultureInfo.InvariantCulture))));
        await Task.WhenAll(appends);

        foreach (var (tenant, parity) in new[] { (TenantA, 0), (TenantB, 1) })
        {
            var chain = await ReadChain(tenant);
            Assert.Equal(Enumerable.Range(1, 20).Select(i => (long)i), chain.Select(e => e.Sequence));
            Assert.All(chain, e => Assert.Equal(tenant, e.TenantId));
            Assert.All(chain, e => Assert.Equal(parity, int.Parse(e.After!, CultureInfo.InvariantCulture) % 2));
            Assert.Equal(LedgerHasher.GenesisHash, chain[0].PreviousHash);
            var check = await Ledger.VerifyChainAsync(tenant, checkpoint: null);
            Assert.True(check.IsIntact, check.Summary);
            Assert.Equal(20, check.EventCount);
        }
    }

    [Fact]
    public async Task Tampering_with_one_tenant_does_not_break_the_other()
    {
        await AppendMany(TenantA, 3);
        await AppendMany(TenantB, 3);
        await RawTable.DeleteEntityAsync(TenantA, LedgerKeys.Sequence(2));

        Assert.False((await Ledger.VerifyChainAsync(TenantA, checkpoint: null)).IsIntact);
        Assert.True((await Ledger.VerifyChainAsync(TenantB, checkpoint: null)).IsIntact);
    }

    [Fact]
    public async Task Before_or_after_over_30000_characters_is_refused_clearly_and_nothing_is_written()
    {
        var tooLong = new string('x', TableLedgerStore.MaxStateLength + 1);

        var ex = await Assert.ThrowsAsync<ArgumentException>(() => Ledger.AppendAsync(Entry(TenantA, "system-1", after: tooLong)));
        Assert.Contains("30,000", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Nothing was recorded", ex.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ArgumentException>(() => Ledger.AppendAsync(Entry(TenantA, "system-1", before: tooLong)));
        Assert.Empty(await ReadChain(TenantA));
        Assert.False((await RawTable.GetEntityIfExistsAsync<TableEntity>(TenantA, LedgerKeys.HeadKey)).HasValue);

        // Exactly the limit is kept, whole.
        var atLimit = new string('é', TableLedgerStore.MaxStateLength);
        await Ledger.AppendAsync(Entry(TenantA, "system-1", before: atLimit, after: atLimit));
        var stored = Assert.Single(await ReadChain(TenantA));
        Assert.Equal(atLimit, stored.Before);
        Assert.Equal(atLimit, stored.After);
        Assert.True((await Ledger.VerifyChainAsync(TenantA, checkpoint: null)).IsIntact);
    }

    [Fact]
    public async Task Times_in_any_offset_and_to_the_tick_survive_storage_without_breaking_the_chain()
    {
        var at = new DateTimeOffset(2025, 6, 30, 23, 59, 59, TimeSpan.FromHours(13)).AddTicks(1234567);
        var entry = Entry(TenantA, "system-1") with { OccurredAt = at, SourceActivityId = null, ActorRole = null };
        var written = await Ledger.AppendAsync(entry);

        var stored = Assert.Single(await ReadChain(TenantA));
        Assert.Equal(at, stored.OccurredAt);
        Assert.Equal(at.UtcTicks, stored.OccurredAt.UtcTicks);
        Assert.Null(stored.SourceActivityId);
        Assert.Null(stored.ActorRole);
        Assert.Equal(written.Hash, stored.Hash);
        Assert.True((await Ledger.VerifyChainAsync(TenantA, checkpoint: null)).IsIntact);
    }

    [Fact]
    public async Task An_emptyLedger_is_intact_with_no_events()
    {
        var check = await Ledger.VerifyChainAsync(TenantA, checkpoint: null);
        Assert.True(check.IsIntact);
        Assert.Equal(0, check.EventCount);
        Assert.Null(check.Head);
    }

    [Fact]
    public async Task A_tenant_id_a_table_key_cannot_hold_is_refused_before_anything_is_written()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Ledger.AppendAsync(Entry("tenant/../other", "system-1")));
        await Assert.ThrowsAsync<ArgumentException>(() => Ledger.AppendAsync(Entry(TenantA, "  ")));
        Assert.Empty(await ReadChain(TenantA));
    }

    private static LedgerEntry Entry(string tenant, string entityId, string? before = null, string? after = "{\"status\":\"Implemented\"}", int minute = 0) =>
        new(tenant, "aad-lead-1", "ComplianceLead", "control.update", "ControlInstance", entityId, before, after, Start.AddMinutes(minute), "activity-1");

    private async Task<List<LedgerEvent>> AppendMany(string tenant, int count)
    {
        var events = new List<LedgerEvent>();
        for (var i = 1; i <= count; i++)
        {
            events.Add(await Ledger.AppendAsync(Entry(tenant, "system-" + i.ToString(CultureInfo.InvariantCulture), after: i.ToString(CultureInfo.InvariantCulture), minute: i)));
        }

        return events;
    }

    private async Task<List<LedgerEvent>> ReadChain(string tenant)
    {
        var events = new List<LedgerEvent>();
        await foreach (var e in Ledger.ReadChainAsync(tenant))
        {
            events.Add(e);
        }

        return events;
    }
}
