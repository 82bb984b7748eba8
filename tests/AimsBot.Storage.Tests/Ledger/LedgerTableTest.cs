using System.Security.Cryptography;
using System.Text;
using Azure.Data.Tables;
using AimsBot.Domain.Ledger;
using AimsBot.Storage.Ledger;
using AimsBot.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace AimsBot.Storage.Tests.Ledger;

/// <summary>
/// A test class's own ledger table in Azurite (a fresh table prefix, deleted afterwards) and a store over it.
/// <see cref="NewTableStore"/> and <see cref="NewLedger"/> give further stores over the same table: another
/// process, as far as the store's in-process gate and remembered head are concerned.
/// </summary>
public abstract class LedgerTableTest : IAsyncLifetime
{
    protected static readonly LedgerKeyRing Keys = new(new LedgerSigningKey("test-1", SHA256.HashData(Encoding.UTF8.GetBytes("storage tests key"))));

    private readonly string _prefix = TestEnvironment.UniqueTablePrefix();

    protected TableStore Tables { get; private set; } = null!;

    protected TableLedgerStore Ledger { get; private set; } = null!;

    /// <summary>The ledger table itself, for reading and tampering with rows as someone outside the store would.</summary>
    protected TableClient RawTable => Tables.Table<TableEntity>(TableLedgerStore.TableName).Client;

    public async Task InitializeAsync()
    {
        Tables = NewTableStore();
        await Tables.EnsureTablesAsync();
        Ledger = NewLedger(Tables);
    }

    public Task DisposeAsync() => RawTable.DeleteAsync();

    protected TableStore NewTableStore()
    {
        var store = new TableStore(Options.Create(new StorageOptions { ConnectionString = TestEnvironment.TableConnectionString, TablePrefix = _prefix }));
        store.Register(TableLedgerStore.TableName);
        return store;
    }

    protected static TableLedgerStore NewLedger(TableStore store) => new(store, Keys, NullLogger<TableLedgerStore>.Instance);
}
