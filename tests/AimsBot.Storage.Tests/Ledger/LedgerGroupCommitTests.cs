using System.Globalization;
using Azure.Data.Tables;
using AimsBot.Domain.Ledger;
using AimsBot.Storage;
using AimsBot.Storage.Ledger;

namespace AimsBot.Storage.Tests.Ledger;

/// <summary>
/// Group commit: appends that arrive while one is being written share the next transaction, in arrival order;
/// the head this process wrote is remembered with its ETag. Against a real Azurite table service.
/// </summary>
public sealed class LedgerGroupCommitTests : LedgerTableTest
{
    private const string Tenant = "aaaaaaaa-0000-0000-0000-000000000001";
    private static readonly DateTimeOffset Start = new(2026, 3, 10, 9, 0, 0, TimeSpan.Zero);
    [Fact]
    public async Task Twenty_appends_at_once_share_transactions_and_take_their_sequences_in_the_order_they_were_asked()
    {
        var appends = Enumerable.Range(1, 20).Select(i => Ledger.AppendAsync(Entry("control-" + Text(i), after: "{\"n\":" + Text(i) + "}"))).ToList();
        var written = await Task.WhenAll(appends);

        // The first goes alone; the others arrive while it is being written and go together (how many make the
        // next transaction depends on the scheduler, so the test asks only that they shared).
        Assert.Equal(Enumerable.Range(1, 20).Select(i => (long)i), written.Select(e => e.Sequence));
        Assert.Equal(Enumerable.Range(1, 20).Select(i => "{\"n\":" + Text(i) + "}"), written.Select(e => e.After));
        Assert.InRange((await AppendIdsAsync()).Distinct().Count(), 2, 10);

        var chain = await ReadChainAsync();
        Assert.Equal(written, chain);
        var check = await Ledger.VerifyChainAsync(Tenant, checkpoint: null);
        Assert.True(check.IsIntact, check.Summary);
        Assert.Equal(new LedgerHead(20, written[^1].Hash), check.Head);
    }

    [Fact]
    public async Task Twenty_writers_appending_five_events_each_keep_each_writers_order_and_one_intact_chain()
    {
        var writers = Enumerable.Range(1, 20).Select(async w =>
        {
            var mine = new List<LedgerEvent>();
            for (var k = 1; k <= 5; k++)
            {
                mine.Add(await Ledger.AppendAsync(Entry("writer-" + Text(w), after: "{\"w\":" + Text(w) + ",\"k\":" + Text(k) + "}")));
            }

            return mine;
        }).ToList();
        var byWriter = await Task.WhenAll(writers);

        var chain = await ReadChainAsync();
        Assert.Equal(Enumerable.Range(1, 100).Select(i => (long)i), chain.Select(e => e.Sequence));
        Assert.All(byWriter, mine =>
        {
            Assert.Equal(mine.OrderBy(e => e.Sequence), mine);
            Assert.All(mine, e => Assert.Equal(e, chain[(int)e.Sequence - 1]));
        });
        Assert.True((await AppendIdsAsync()).Distinct().Count() < 100, "no two appends shared a transaction");
        var check = await Ledger.VerifyChainAsync(Tenant, checkpoint: null);
        Assert.True(check.IsIntact, check.Summary);
        Assert.Equal(100, check.EventCount);
    }

    [Fact]
    public async Task When_the_transaction_fails_every_append_in_it_fails_and_none_is_written()
    {
        var first = await Ledger.AppendAsync(Entry("system-1"));
        // Someone writes event 2 behind the store's back: chaining after it would launder it, so appends are refused.
        await RawTable.AddEntityAsync(LedgerEventRow.From(LedgerChain.Append(first, Entry("system-1", after: "{\"forged\":true}")), "outsider"));

        var appends = Enumerable.Range(1, 6).Select(i => Ledger.AppendAsync(Entry("system-" + Text(i)))).ToList();
        foreach (var append in appends)
        {
            var refused = await Assert.ThrowsAsync<LedgerIntegrityException>(() => append);
            Assert.Equal(2, refused.Sequence);
        }

        Assert.Equal(1, (await RawTable.GetEntityAsync<LedgerHeadRow>(Tenant, LedgerKeys.HeadKey)).Value.LastSequence);
        Assert.Equal(new long[] { 1, 2 }, (await ReadChainAsync()).Select(e => e.Sequence));
    }

    [Fact]
    public async Task An_append_cancelled_while_it_waits_is_either_withdrawn_leaving_no_gap_or_written_and_reported_never_both()
    {
        var first = Ledger.AppendAsync(Entry("system-1"));
        using var cancel = new CancellationTokenSource();
        var withdrawn = Ledger.AppendAsync(Entry("system-2"), cancel.Token);
        await cancel.CancelAsync();

        // Still queued when cancelled (the usual case): withdrawn, and no gap where it would have been. Already in
        // a transaction (a busy scheduler may get there first): written, and the caller is told so. Never both.
        bool written;
        try
        {
            await withdrawn;
            written = true;
        }
        catch (OperationCanceledException)
        {
            written = false;
        }

        Assert.Equal(1, (await first).Sequence);
        var next = await Ledger.AppendAsync(Entry("system-3"));

        Assert.Equal(written ? 3 : 2, next.Sequence);
        Assert.Equal(written ? ["system-1", "system-2", "system-3"] : new[] { "system-1", "system-3" }, (await ReadChainAsync()).Select(e => e.EntityId));
        Assert.True((await Ledger.VerifyChainAsync(Tenant, checkpoint: null)).IsIntact);
    }

    [Fact]
    public async Task Another_instance_appending_in_between_is_noticed_by_the_heads_etag_and_the_chain_stays_whole()
    {
        var other = NewLedger(NewTableStore());
        var events = new List<LedgerEvent>();
        for (var i = 1; i <= 6; i++)
        {
            // Alternating: each store's remembered head is stale every time it appends again.
            events.Add(await (i % 2 == 0 ? other : Ledger).AppendAsync(Entry("system-" + Text(i))));
        }

        Assert.Equal(Enumerable.Range(1, 6).Select(i => (long)i), events.Select(e => e.Sequence));
        Assert.Equal(events, await ReadChainAsync());
        var check = await Ledger.VerifyChainAsync(Tenant, checkpoint: null);
        Assert.True(check.IsIntact, check.Summary);
    }

    private static string Text(int i) => i.ToString(CultureInfo.InvariantCulture);

    private static LedgerEntry Entry(string entityId, string? after = "{\"status\":\"Implemented\"}") =>
        new(Tenant, "aad-auditor-1", "Auditor", "audit.query", "Query", entityId, null, after, Start, "activity-1");

    /// <summary>The <c>AppendId</c> of every event row: one per transaction.</summary>
    private async Task<List<string?>> AppendIdsAsync()
    {
        var ids = new List<string?>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Tenant} and RowKey ge {LedgerKeys.FirstSequenceKey} and RowKey le {LedgerKeys.LastSequenceKey}");
        await foreach (var row in RawTable.QueryAsync<LedgerEventRow>(filter))
        {
            ids.Add(row.AppendId);
        }

        return ids;
    }

    private async Task<List<LedgerEvent>> ReadChainAsync()
    {
        var events = new List<LedgerEvent>();
        await foreach (var e in Ledger.ReadChainAsync(Tenant))
        {
            events.Add(e);
        }

        return events;
    }
}
