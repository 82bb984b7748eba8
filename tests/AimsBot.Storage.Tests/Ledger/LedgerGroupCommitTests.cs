using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Azure.Data.Tables;
using AimsBot.Domain.Ledger;
using AimsBot.Storage;
using AimsBot.Storage.Ledger;
using AimsBot.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace AimsBot.Storage.Tests.Ledger;

/// <summary>
/// Group commit: appends that arrive while one is being written share the next transaction, in arrival order;
/// the head this process wrote is remembered with its ETag. Against a real Azurite table service.
/// </summary>
public sealed class LedgerGroupCommitTests : IAsyncLifetime
{
    private const string Tenant = "aaaaaaaa-0000-0000-0000-000000000001";
    private static readonly DateTimeOffset Start = new(2026, 3, 10, 9, 0, 0, TimeSpan.Zero);
    private static readonly LedgerKeyRing Keys = new(new LedgerSigningKey("test-1", SHA256.HashData(Encoding.UTF8.GetBytes("group commit tests key"))));

    private readonly string _prefix = TestEnvironment.UniqueTablePrefix();
    private TableStore _tables = null!;
    private TableLedgerStore _ledger = null!;

    public async Task InitializeAsync()
    {
        _tables = NewTableStore();
        await _tables.EnsureTablesAsync();
        _ledger = NewLedger(_tables);
    }

    public Task DisposeAsync() => RawTable.DeleteAsync();

    private TableClient RawTable => _tables.Table<TableEntity>(TableLedgerStore.TableName).Client;

    [Fact]
    public async Task Twenty_appends_at_once_share_transactions_and_take_their_sequences_in_the_order_they_were_asked()
    {
        var appends = Enumerable.Range(1, 20).Select(i => _ledger.AppendAsync(Entry("control-" + Text(i), after: "{\"n\":" + Text(i) + "}"))).ToList();
        var written = await Task.WhenAll(appends);

        // The first went alone; the other nineteen arrived while it was being written and went together.
        Assert.Equal(Enumerable.Range(1, 20).Select(i => (long)i), written.Select(e => e.Sequence));
        Assert.Equal(Enumerable.Range(1, 20).Select(i => "{\"n\":" + Text(i) + "}"), written.Select(e => e.After));
        Assert.Equal(2, (await AppendIdsAsync()).Distinct().Count());

        var chain = await ReadChainAsync();
        Assert.Equal(written, chain);
        var check = await _ledger.VerifyChainAsync(Tenant, checkpoint: null);
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
                mine.Add(await _ledger.AppendAsync(Entry("writer-" + Text(w), after: "{\"w\":" + Text(w) + ",\"k\":" + Text(k) + "}")));
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
        var check = await _ledger.VerifyChainAsync(Tenant, checkpoint: null);
        Assert.True(check.IsIntact, check.Summary);
        Assert.Equal(100, check.EventCount);
    }

    [Fact]
    public async Task When_the_transaction_fails_every_append_in_it_fails_and_none_is_written()
    {
        var first = await _ledger.AppendAsync(Entry("system-1"));
        // Someone writes event 2 behind the store's back: chaining after it would launder it, so appends are refused.
        await RawTable.AddEntityAsync(LedgerEventRow.From(LedgerChain.Append(first, Entry("system-1", after: "{\"forged\":true}")), "outsider"));

        var appends = Enumerable.Range(1, 6).Select(i => _ledger.AppendAsync(Entry("system-" + Text(i)))).ToList();
        foreach (var append in appends)
        {
            var refused = await Assert.ThrowsAsync<LedgerIntegrityException>(() => append);
            Assert.Equal(2, refused.Sequence);
        }

        Assert.Equal(1, (await RawTable.GetEntityAsync<LedgerHeadRow>(Tenant, LedgerKeys.HeadKey)).Value.LastSequence);
        Assert.Equal(new long[] { 1, 2 }, (await ReadChainAsync()).Select(e => e.Sequence));
    }

    [Fact]
    public async Task An_append_cancelled_while_it_waits_for_the_transaction_before_it_is_not_written()
    {
        var first = _ledger.AppendAsync(Entry("system-1"));
        using var cancel = new CancellationTokenSource();
        var withdrawn = _ledger.AppendAsync(Entry("system-2"), cancel.Token);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => withdrawn);
        Assert.Equal(1, (await first).Sequence);
        var next = await _ledger.AppendAsync(Entry("system-3"));

        Assert.Equal(2, next.Sequence);
        Assert.Equal(new[] { "system-1", "system-3" }, (await ReadChainAsync()).Select(e => e.EntityId));
    }

    [Fact]
    public async Task Another_instance_appending_in_between_is_noticed_by_the_heads_etag_and_the_chain_stays_whole()
    {
        var other = NewLedger(NewTableStore());
        var events = new List<LedgerEvent>();
        for (var i = 1; i <= 6; i++)
        {
            // Alternating: each store's remembered head is stale every time it appends again.
            events.Add(await (i % 2 == 0 ? other : _ledger).AppendAsync(Entry("system-" + Text(i))));
        }

        Assert.Equal(Enumerable.Range(1, 6).Select(i => (long)i), events.Select(e => e.Sequence));
        Assert.Equal(events, await ReadChainAsync());
        var check = await _ledger.VerifyChainAsync(Tenant, checkpoint: null);
        Assert.True(check.IsIntact, check.Summary);
    }

    private static string Text(int i) => i.ToString(CultureInfo.InvariantCulture);

    private TableStore NewTableStore()
    {
        var store = new TableStore(Options.Create(new StorageOptions { ConnectionString = TestEnvironment.TableConnectionString, TablePrefix = _prefix }));
        store.Register(TableLedgerStore.TableName);
        return store;
    }

    private static TableLedgerStore NewLedger(TableStore store) => new(store, Keys, NullLogger<TableLedgerStore>.Instance);

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
        await foreach (var e in _ledger.ReadChainAsync(Tenant))
        {
            events.Add(e);
        }

        return events;
    }
}
