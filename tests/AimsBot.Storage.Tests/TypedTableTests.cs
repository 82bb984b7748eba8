using Azure;
using Azure.Data.Tables;
using AimsBot.Storage;
using AimsBot.Storage.Tables;
using AimsBot.Testing;
using Microsoft.Extensions.Options;

namespace AimsBot.Storage.Tests;

public sealed class NoteRow : ITableEntity
{
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }
    public string Text { get; set; } = "";
}

/// <summary>The storage layer against a real Azurite table service.</summary>
public sealed class TypedTableTests : IAsyncLifetime
{
    private readonly TableStore _store = new(Options.Create(new StorageOptions
    {
        ConnectionString = TestEnvironment.TableConnectionString,
        TablePrefix = TestEnvironment.UniqueTablePrefix(),
    }));

    private TypedTable<NoteRow> _table = null!;

    public async Task InitializeAsync()
    {
        _store.Register("Notes");
        await _store.EnsureTablesAsync();
        _table = _store.Table<NoteRow>("Notes");
    }

    public Task DisposeAsync() => _table.Client.DeleteAsync();

    [Fact]
    public async Task A_write_with_a_stale_etag_is_reported_as_a_conflict_and_keeps_the_other_writers_change()
    {
        await _table.AddAsync(new NoteRow { PartitionKey = "tenant1", RowKey = "n1", Text = "first" });
        var mine = (await _table.GetAsync("tenant1", "n1"))!;
        var theirs = (await _table.GetAsync("tenant1", "n1"))!;

        theirs.Text = "theirs";
        await _table.ReplaceAsync(theirs);

        mine.Text = "mine";
        var conflict = await Assert.ThrowsAsync<ConcurrencyConflictException>(() => _table.ReplaceAsync(mine));
        Assert.Equal("n1", conflict.RowKey);
        Assert.Contains("Read it again", conflict.Message, StringComparison.Ordinal);
        Assert.Equal("theirs", (await _table.GetAsync("tenant1", "n1"))!.Text);

        // Re-reading and re-applying succeeds: the conflict is something a caller can handle.
        var fresh = (await _table.GetAsync("tenant1", "n1"))!;
        fresh.Text = "mine";
        await _table.ReplaceAsync(fresh);
        Assert.Equal("mine", (await _table.GetAsync("tenant1", "n1"))!.Text);
    }

    [Fact]
    public async Task A_delete_with_a_stale_etag_is_a_conflict_and_deletes_nothing()
    {
        var row = await _table.AddAsync(new NoteRow { PartitionKey = "p", RowKey = "r", Text = "v1" });
        var stale = row.ETag;
        row.Text = "v2";
        await _table.ReplaceAsync(row);

        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => _table.DeleteAsync("p", "r", stale));
        Assert.NotNull(await _table.GetAsync("p", "r"));
    }

    [Fact]
    public async Task Adding_a_row_whose_keys_are_taken_is_reported_and_keeps_the_original()
    {
        await _table.AddAsync(new NoteRow { PartitionKey = "p", RowKey = "r", Text = "original" });
        await Assert.ThrowsAsync<EntityAlreadyExistsException>(() => _table.AddAsync(new NoteRow { PartitionKey = "p", RowKey = "r", Text = "copy" }));
        Assert.Equal("original", (await _table.GetAsync("p", "r"))!.Text);
        Assert.Null(await _table.GetAsync("p", "missing"));
    }

    [Fact]
    public async Task Paging_with_continuation_tokens_returns_every_one_of_2500_rows_exactly_once()
    {
        var rows = Enumerable.Range(0, 2500)
            .Select(i => new NoteRow { PartitionKey = $"tenant{i % 5}", RowKey = i.ToString("D5", System.Globalization.CultureInfo.InvariantCulture), Text = $"row {i}" });
        await _table.SubmitInBatchesAsync(rows.Select(r => new TableTransactionAction(TableTransactionActionType.Add, r)));

        var seen = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = await _table.QueryPageAsync(null, pageSize: 300, continuationToken: token);
            Assert.True(page.Items.Count <= 300);
            seen.AddRange(page.Items.Select(r => r.PartitionKey + "/" + r.RowKey));
            token = page.ContinuationToken;
            pages++;
        }
        while (token is not null);

        Assert.Equal(2500, seen.Count);
        Assert.Equal(2500, seen.Distinct().Count());
        Assert.True(pages >= 9, $"expected at least 9 pages of 300, got {pages}");
    }

    [Fact]
    public async Task A_batch_of_100_lands_whole()
    {
        var batch = Enumerable.Range(0, 100)
            .Select(i => new TableTransactionAction(TableTransactionActionType.Add, new NoteRow { PartitionKey = "batch", RowKey = $"r{i:D3}", Text = "x" }))
            .ToList();
        await _table.SubmitAtomicallyAsync(batch);

        var count = 0;
        await foreach (var _ in _table.QueryPartitionAsync("batch"))
        {
            count++;
        }

        Assert.Equal(100, count);
    }

    [Fact]
    public async Task A_batch_of_100_with_one_failing_row_writes_nothing()
    {
        await _table.AddAsync(new NoteRow { PartitionKey = "batch", RowKey = "r099", Text = "already here" });
        var batch = Enumerable.Range(0, 100)
            .Select(i => new TableTransactionAction(TableTransactionActionType.Add, new NoteRow { PartitionKey = "batch", RowKey = $"r{i:D3}", Text = "new" }))
            .ToList();

        var conflict = await Assert.ThrowsAsync<ConcurrencyConflictException>(() => _table.SubmitAtomicallyAsync(batch));
        Assert.Equal("r099", conflict.RowKey);

        var rows = new List<NoteRow>();
        await foreach (var row in _table.QueryPartitionAsync("batch"))
        {
            rows.Add(row);
        }

        var only = Assert.Single(rows);
        Assert.Equal("already here", only.Text);
    }

    [Fact]
    public async Task A_transaction_over_100_operations_or_two_partitions_is_refused_before_anything_is_sent()
    {
        var tooMany = Enumerable.Range(0, 101)
            .Select(i => new TableTransactionAction(TableTransactionActionType.Add, new NoteRow { PartitionKey = "p", RowKey = $"r{i}" }))
            .ToList();
        var ex = await Assert.ThrowsAsync<ArgumentException>(() => _table.SubmitAtomicallyAsync(tooMany));
        Assert.Contains("at most 100", ex.Message, StringComparison.Ordinal);

        var mixed = new List<TableTransactionAction>
        {
            new(TableTransactionActionType.Add, new NoteRow { PartitionKey = "a", RowKey = "1" }),
            new(TableTransactionActionType.Add, new NoteRow { PartitionKey = "b", RowKey = "1" }),
        };
        await Assert.ThrowsAsync<ArgumentException>(() => _table.SubmitAtomicallyAsync(mixed));
        Assert.Null(await _table.GetAsync("a", "1"));
    }

    [Fact]
    public async Task Filters_built_with_the_sdk_escaping_do_not_let_a_value_widen_the_query()
    {
        await _table.AddAsync(new NoteRow { PartitionKey = "tenantA", RowKey = "secret", Text = "A only" });
        await _table.AddAsync(new NoteRow { PartitionKey = "tenantB", RowKey = "public", Text = "B" });

        var hostile = "tenantB' or PartitionKey ne '";
        var found = new List<NoteRow>();
        await foreach (var row in _table.QueryAsync(TableClient.CreateQueryFilter($"PartitionKey eq {hostile}")))
        {
            found.Add(row);
        }

        Assert.Empty(found);
    }
}
