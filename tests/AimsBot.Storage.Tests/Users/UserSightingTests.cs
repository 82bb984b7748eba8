using Azure.Data.Tables;
using AimsBot.Storage;
using AimsBot.Storage.Users;
using AimsBot.Testing;
using Microsoft.Extensions.Options;

namespace AimsBot.Storage.Tests.Users;

/// <summary>
/// Every message records how to reach its sender, but a sighting that tells nothing new is not written again
/// within <see cref="UserDirectory.SightingRefreshInterval"/>. Against a real Azurite table service.
/// </summary>
public sealed class UserSightingTests : IAsyncLifetime
{
    private const string Tenant = "aaaaaaaa-0000-0000-0000-000000000001";
    private const string Person = "aad-person-0001";
    private static readonly DateTimeOffset Seen = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    private readonly string _prefix = TestEnvironment.UniqueTablePrefix();
    private TableStore _tables = null!;
    private UserDirectory _users = null!;

    public async Task InitializeAsync()
    {
        _tables = new TableStore(Options.Create(new StorageOptions { ConnectionString = TestEnvironment.TableConnectionString, TablePrefix = _prefix }));
        _tables.Register(UserDirectory.TableName);
        await _tables.EnsureTablesAsync();
        _users = new UserDirectory(_tables);
    }

    public Task DisposeAsync() => _tables.Table<TableEntity>(UserDirectory.TableName).Client.DeleteAsync();

    [Fact]
    public async Task The_same_sighting_a_minute_later_is_not_written_again_and_one_five_minutes_later_is()
    {
        await _users.RecordSightingAsync(Sighting(Seen), installed: false);
        var first = await RowAsync();

        await _users.RecordSightingAsync(Sighting(Seen.AddMinutes(1)), installed: false);
        var unchanged = await RowAsync();
        await _users.RecordSightingAsync(Sighting(Seen.AddMinutes(5)), installed: false);
        var refreshed = await RowAsync();

        Assert.Equal(first.ETag, unchanged.ETag);
        Assert.Equal(Seen, unchanged.LastSeenAt);
        Assert.NotEqual(first.ETag, refreshed.ETag);
        Assert.Equal(Seen.AddMinutes(5), refreshed.LastSeenAt);
    }

    [Fact]
    public async Task A_sighting_that_tells_something_new_is_written_at_once()
    {
        await _users.RecordSightingAsync(Sighting(Seen), installed: false);

        await _users.RecordSightingAsync(Sighting(Seen.AddSeconds(10)) with { TimeZone = "Pacific/Auckland" }, installed: false);
        await _users.RecordSightingAsync(Sighting(Seen.AddSeconds(20)) with { TimeZone = "Pacific/Auckland", ServiceUrl = "https://smba.trafficmanager.net/amer/" }, installed: false);

        var row = await RowAsync();
        Assert.Equal("Pacific/Auckland", row.TimeZone);
        Assert.Equal("https://smba.trafficmanager.net/amer/", row.ServiceUrl);
        Assert.Equal(Seen.AddSeconds(20), row.LastSeenAt);
    }

    [Fact]
    public async Task After_the_bot_was_blocked_the_persons_next_message_makes_them_reachable_again_at_once()
    {
        await _users.RecordSightingAsync(Sighting(Seen), installed: false);
        await _users.MarkUnreachableAsync(Tenant, Person, "blocked");
        Assert.False((await RowAsync()).Reachable);

        await _users.RecordSightingAsync(Sighting(Seen.AddMinutes(1)), installed: false);

        var row = await RowAsync();
        Assert.True(row.Reachable);
        Assert.Equal("", row.UnreachableReason ?? "");
        Assert.Equal(Seen.AddMinutes(1), row.LastSeenAt);
    }

    [Fact]
    public async Task An_installation_is_always_recorded_even_right_after_the_same_sighting()
    {
        await _users.RecordSightingAsync(Sighting(Seen), installed: false);

        await _users.RecordSightingAsync(Sighting(Seen.AddSeconds(30)), installed: true);

        Assert.Equal(Seen.AddSeconds(30), (await RowAsync()).InstalledAt);
    }

    [Fact]
    public async Task Another_instance_of_the_directory_writes_its_own_first_sighting()
    {
        await _users.RecordSightingAsync(Sighting(Seen), installed: false);
        var other = new UserDirectory(_tables);

        await other.RecordSightingAsync(Sighting(Seen.AddMinutes(1)), installed: false);

        Assert.Equal(Seen.AddMinutes(1), (await RowAsync()).LastSeenAt);
    }

    private static UserSighting Sighting(DateTimeOffset at) =>
        new(Tenant, Person, "29:" + Person, "Pat Person", null, "28:bot", "a:personal-1", "https://smba.trafficmanager.net/emea/", "Europe/London", at);

    private async Task<UserRecord> RowAsync() =>
        await _users.GetAsync(Tenant, Person) ?? throw new InvalidOperationException("The person's row is missing.");
}
