using AimsBot.Storage.Audit;
using AimsBot.Testing;
using Microsoft.Extensions.Options;

namespace AimsBot.Storage.Tests.Audit;

public sealed class ContinuationClaimStoreTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
    private readonly TableStore _store = new(Options.Create(new StorageOptions
    {
        ConnectionString = TestEnvironment.TableConnectionString,
        TablePrefix = TestEnvironment.UniqueTablePrefix(),
    }));

    private ContinuationClaimStore Claims => new(_store);

    public Task InitializeAsync() => _store.Table<ContinuationClaimRow>(ContinuationClaimStore.TableName).CreateIfNotExistsAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task The_sweep_deletes_only_expired_claims_and_a_live_continuation_stays_single_use()
    {
        for (var i = 0; i < 120; i++)
        {
            Assert.True(await Claims.TryClaimAsync("tenant-a", $"old-{i:D3}", "aad-1", Now.AddHours(-3), Now.AddHours(-2)));
        }

        Assert.True(await Claims.TryClaimAsync("tenant-b", "old-b", "aad-2", Now.AddHours(-3), Now.AddMinutes(-1)));
        Assert.True(await Claims.TryClaimAsync("tenant-a", "live", "aad-1", Now.AddMinutes(-5), Now.AddMinutes(55)));

        Assert.Equal(121, await Claims.DeleteExpiredAsync(Now));

        // The live claim survived: using its continuation again is still a replay.
        Assert.False(await Claims.TryClaimAsync("tenant-a", "live", "aad-1", Now, Now.AddMinutes(55)));
        var left = new List<string>();
        await foreach (var row in _store.Table<ContinuationClaimRow>(ContinuationClaimStore.TableName).QueryAsync(null))
        {
            left.Add(row.RowKey);
        }

        Assert.Equal(["live"], left);
        Assert.Equal(0, await Claims.DeleteExpiredAsync(Now));
    }
}
