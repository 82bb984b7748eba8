using System.Globalization;
using Azure;
using Azure.Data.Tables;
using AimsBot.Domain.Ledger;
using AimsBot.Storage.Ledger;

namespace AimsBot.Storage.Tests.Ledger;

/// <summary>The ledger's index by event kind and entity pages, against Azurite: written with each event, paged, backfilled once.</summary>
public sealed class LedgerKindIndexTests : LedgerTableTest
{
    private const string Tenant = "aaaaaaaa-0000-0000-0000-000000000001";
    private const string Other = "bbbbbbbb-0000-0000-0000-000000000002";
    private static readonly DateTimeOffset Start = new(2025, 3, 10, 9, 0, 0, TimeSpan.Zero);
    [Fact]
    public async Task Events_of_a_kind_are_read_through_the_index_in_pages_oldest_first_with_a_since_filter()
    {
        // 70 events, every third an exclusion, appended one by one and in bulk (three transactions of up to 33).
        for (var i = 0; i < 10; i++)
        {
            await Ledger.AppendAsync(Entry(Tenant, i));
        }

        await Ledger.AppendManyAsync(Enumerable.Range(10, 60).Select(i => Entry(Tenant, i)).ToList());
        await Ledger.AppendAsync(Entry(Other, 0, "exclude"));
        var expected = Enumerable.Range(0, 70).Where(i => i % 3 == 0).Select(i => (long)i + 1).ToList();

        var shown = new List<long>();
        long after = 0;
        var pages = 0;
        while (true)
        {
            var page = await Ledger.KindPageAsync(Tenant, ["exclude"], since: null, after, max: 10);
            shown.AddRange(page.Events.Select(e => e.Sequence));
            Assert.All(page.Events, e => Assert.Equal("exclude", e.Action));
            pages++;
            if (!page.HasMore)
            {
                break;
            }

            after = page.Events[^1].Sequence;
        }

        Assert.Equal(expected, shown);
        Assert.Equal(3, pages);

        // Since: only events at or after the instant (each event is a minute after the one before).
        var since = await Ledger.KindPageAsync(Tenant, ["exclude", "owner"], Start.AddMinutes(60), 0, max: 50);
        Assert.Equal(Enumerable.Range(60, 10).Where(i => i % 3 is 0 or 1).Select(i => (long)i + 1), since.Events.Select(e => e.Sequence));
        Assert.False(since.HasMore);

        // Another tenant's index is its own.
        Assert.Equal([1L], (await Ledger.KindPageAsync(Other, ["exclude"], null, 0, 10)).Events.Select(e => e.Sequence));
    }

    [Fact]
    public async Task An_entitys_history_pages_on_from_the_last_event_shown()
    {
        for (var i = 0; i < 25; i++)
        {
            await Ledger.AppendAsync(Entry(Tenant, i, entity: i % 2 == 0 ? "org/A.2.2" : "org/A.6.2.6"));
        }

        var first = await Ledger.EntityPageAsync(Tenant, "org/A.2.2", 0, 5);
        var second = await Ledger.EntityPageAsync(Tenant, "org/A.2.2", first.Events[^1].Sequence, 5);
        var last = await Ledger.EntityPageAsync(Tenant, "org/A.2.2", 21, 5);

        Assert.Equal([1L, 3, 5, 7, 9], first.Events.Select(e => e.Sequence));
        Assert.True(first.HasMore);
        Assert.Equal([11L, 13, 15, 17, 19], second.Events.Select(e => e.Sequence));
        Assert.Equal([23L, 25], last.Events.Select(e => e.Sequence));
        Assert.False(last.HasMore);
    }

    [Fact]
    public async Task The_backfill_indexes_events_written_before_the_index_existed_once_and_a_rerun_changes_nothing()
    {
        await Ledger.AppendManyAsync(Enumerable.Range(0, 40).Select(i => Entry(Tenant, i)).ToList());

        // As a ledger written before the index existed: no kind rows, no marker.
        var kindRows = await KindRowsAsync();
        Assert.Equal(40, kindRows.Count);
        foreach (var row in kindRows)
        {
            await RawTable.DeleteEntityAsync(Tenant, row.RowKey, ETag.All);
        }

        // A fresh store (a new process) backfills on first use of the index.
        var restarted = NewLedger(NewTableStore());
        var page = await restarted.KindPageAsync(Tenant, ["owner"], null, 0, 50);
        Assert.Equal(Enumerable.Range(0, 40).Where(i => i % 3 == 1).Select(i => (long)i + 1), page.Events.Select(e => e.Sequence));
        Assert.Equal(40, (await KindRowsAsync()).Count);
        var marker = (await RawTable.GetEntityAsync<TableEntity>(Tenant, LedgerKeys.KindIndexMarkerKey)).Value;
        Assert.Equal(40L, marker.GetInt64("BackfilledThrough"));

        // Idempotent: another run (another process) finds the marker and writes nothing; events after it are indexed as appended.
        Assert.Equal(0, await NewLedger(NewTableStore()).BackfillKindIndexAsync(Tenant));
        await restarted.AppendAsync(Entry(Tenant, 40, "owner"));
        Assert.Equal(41, (await KindRowsAsync()).Count);

        // The chain is untouched by all of it.
        var check = await restarted.VerifyChainAsync(Tenant, checkpoint: null);
        Assert.True(check.IsIntact, check.Summary);
        Assert.Equal(41, check.EventCount);
    }

    private async Task<List<TableEntity>> KindRowsAsync()
    {
        var rows = new List<TableEntity>();
        await foreach (var row in RawTable.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {Tenant} and RowKey gt {"k|"} and RowKey lt {"k}"}")))
        {
            rows.Add(row);
        }

        return rows;
    }

    /// <summary>Event <paramref name="i"/>: every third an exclusion, the next an owner change, the next an implementation status; a minute apart.</summary>
    private static LedgerEntry Entry(string tenant, int i, string? action = null, string entity = "org/A.2.2") =>
        new(tenant, "aad-lead-1", "ComplianceLead", action ?? (i % 3) switch { 0 => "exclude", 1 => "owner", _ => "implementation" }, "ControlInstance", entity,
            null, "{\"n\":" + i.ToString(CultureInfo.InvariantCulture) + "}", Start.AddMinutes(i), "activity-" + i.ToString(CultureInfo.InvariantCulture));
}
