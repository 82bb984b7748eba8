using System.Collections.Concurrent;
using Azure;
using Azure.Data.Tables;
using AimsBot.Storage.Tables;

namespace AimsBot.Storage.Users;

/// <summary>
/// One person the bot can reach: their Teams identity and the conversation reference proactive messages use.
/// Table <c>Users</c>: PK tenant id, RK Entra object id (or the Teams user id when no object id is known).
/// </summary>
public sealed class UserRecord : ITableEntity
{
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    /// <summary>The Teams user id (<c>29:...</c>).</summary>
    public string? TeamsUserId { get; set; }
    public string? Name { get; set; }
    public string? UserPrincipalName { get; set; }
    /// <summary>The bot's id in this conversation (<c>28:...</c>).</summary>
    public string? BotId { get; set; }
    /// <summary>The 1:1 conversation with the bot (<c>a:...</c>), when known.</summary>
    public string? ConversationId { get; set; }
    public string? ServiceUrl { get; set; }
    /// <summary>IANA time zone from the latest activity (<c>localTimezone</c>).</summary>
    public string? TimeZone { get; set; }
    public bool Reachable { get; set; } = true;
    public string? UnreachableReason { get; set; }
    public DateTimeOffset? InstalledAt { get; set; }
    public DateTimeOffset? LastSeenAt { get; set; }
    /// <summary>The welcome card went out for the current installation (reset on uninstall).</summary>
    public bool Welcomed { get; set; }
}

/// <summary>What an inbound activity tells us about its sender; null fields leave stored values alone.</summary>
public sealed record UserSighting(
    string TenantId,
    string UserKey,
    string TeamsUserId,
    string? Name,
    string? UserPrincipalName,
    string? BotId,
    string? PersonalConversationId,
    string ServiceUrl,
    string? TimeZone,
    DateTimeOffset SeenAt);

/// <summary>The <c>Users</c> table: who the bot knows and how to reach them.</summary>
public sealed class UserDirectory
{
    public const string TableName = "Users";

    /// <summary>
    /// A sighting that tells nothing new (the same facts this process wrote for the person less than this long
    /// ago) is not written again: <c>LastSeenAt</c> is precise to this interval. Bounds, too, how long a mark of
    /// "unreachable" written by another instance can outlive the person's next message here.
    /// </summary>
    public static readonly TimeSpan SightingRefreshInterval = TimeSpan.FromMinutes(5);

    /// <summary>Beyond this many people remembered, the memory of written sightings starts afresh.</summary>
    private const int MaxRememberedSightings = 10_000;

    private readonly TypedTable<UserRecord> _table;

    /// <summary>What this process last wrote for each person (the sighting without its time) and when.</summary>
    private readonly ConcurrentDictionary<(string TenantId, string UserKey), (UserSighting Facts, DateTimeOffset WrittenAt)> _written = new();

    /// <summary>Moves on around every "unreachable" write: a sighting written meanwhile is not remembered.</summary>
    private long _unreachableWrites;

    public UserDirectory(TableStore store) => _table = store.Table<UserRecord>(TableName);

    public Task<UserRecord?> GetAsync(string tenantId, string userKey, CancellationToken cancellationToken = default) =>
        _table.GetAsync(tenantId, userKey, cancellationToken);

    /// <summary>
    /// Records what an activity says about its sender. A merge upsert: concurrent sightings of the same person
    /// write the same facts, and fields an activity does not carry (UPN, 1:1 conversation) are kept.
    /// </summary>
    public async Task RecordSightingAsync(UserSighting sighting, bool installed, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sighting);
        var key = (sighting.TenantId, sighting.UserKey);
        var facts = sighting with { SeenAt = default };
        if (!installed
            && _written.TryGetValue(key, out var written)
            && written.Facts == facts
            && sighting.SeenAt >= written.WrittenAt
            && sighting.SeenAt - written.WrittenAt < SightingRefreshInterval)
        {
            return;
        }

        var entity = new TableEntity(sighting.TenantId, sighting.UserKey)
        {
            [nameof(UserRecord.TeamsUserId)] = sighting.TeamsUserId,
            [nameof(UserRecord.ServiceUrl)] = sighting.ServiceUrl,
            [nameof(UserRecord.LastSeenAt)] = sighting.SeenAt,
            [nameof(UserRecord.Reachable)] = true,
            [nameof(UserRecord.UnreachableReason)] = "",
        };
        SetIfPresent(entity, nameof(UserRecord.Name), sighting.Name);
        SetIfPresent(entity, nameof(UserRecord.UserPrincipalName), sighting.UserPrincipalName);
        SetIfPresent(entity, nameof(UserRecord.BotId), sighting.BotId);
        SetIfPresent(entity, nameof(UserRecord.ConversationId), sighting.PersonalConversationId);
        SetIfPresent(entity, nameof(UserRecord.TimeZone), sighting.TimeZone);
        if (installed)
        {
            entity[nameof(UserRecord.InstalledAt)] = sighting.SeenAt;
        }

        // Forgotten while the write is in flight: a failed write must not be taken for a written one. Nor is it
        // remembered when an "unreachable" mark was written at the same time: which landed last is unknown.
        _written.TryRemove(key, out _);
        var marks = Interlocked.Read(ref _unreachableWrites);
        await _table.Client.UpsertEntityAsync(entity, TableUpdateMode.Merge, cancellationToken);
        if (_written.Count >= MaxRememberedSightings)
        {
            _written.Clear();
        }

        if (Interlocked.Read(ref _unreachableWrites) == marks)
        {
            _written[key] = (facts, sighting.SeenAt);
        }
    }

    /// <summary>The person removed or blocked the bot: proactive messages stop until they come back.</summary>
    public async Task MarkUnreachableAsync(string tenantId, string userKey, string reason, CancellationToken cancellationToken = default)
    {
        // Their next sighting must be written: it is what makes them reachable again.
        Interlocked.Increment(ref _unreachableWrites);
        _written.TryRemove((tenantId, userKey), out _);
        var entity = new TableEntity(tenantId, userKey)
        {
            [nameof(UserRecord.Reachable)] = false,
            [nameof(UserRecord.UnreachableReason)] = reason,
            [nameof(UserRecord.Welcomed)] = false,
        };
        try
        {
            await _table.Client.UpsertEntityAsync(entity, TableUpdateMode.Merge, cancellationToken);
        }
        finally
        {
            Interlocked.Increment(ref _unreachableWrites);
            _written.TryRemove((tenantId, userKey), out _);
        }
    }

    /// <summary>
    /// Claims the right to send this person's welcome: true exactly once per installation, even when Teams
    /// announces the installation twice at the same moment (the ETag decides the race).
    /// </summary>
    public async Task<bool> TryClaimWelcomeAsync(string tenantId, string userKey, CancellationToken cancellationToken = default)
    {
        // Sightings merge into the same row, so a conflict may be unrelated: re-read and decide again.
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var row = await _table.GetAsync(tenantId, userKey, cancellationToken);
            if (row is null || row.Welcomed)
            {
                return false;
            }

            row.Welcomed = true;
            try
            {
                await _table.ReplaceAsync(row, cancellationToken);
                return true;
            }
            catch (ConcurrencyConflictException)
            {
            }
        }

        return false;
    }

    /// <summary>Every person known in a tenant (one partition).</summary>
    public IAsyncEnumerable<UserRecord> ListAsync(string tenantId, CancellationToken cancellationToken = default) =>
        _table.QueryPartitionAsync(tenantId, cancellationToken);

    /// <summary>Every service URL the bot has learnt from authenticated activities (to trust after a restart).</summary>
    public async Task<IReadOnlySet<string>> KnownServiceUrlsAsync(CancellationToken cancellationToken = default)
    {
        var urls = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        await foreach (var row in _table.QueryAsync(null, [nameof(UserRecord.ServiceUrl)], cancellationToken))
        {
            if (!string.IsNullOrEmpty(row.ServiceUrl))
            {
                urls.Add(row.ServiceUrl);
            }
        }

        return urls;
    }

    private static void SetIfPresent(TableEntity entity, string key, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            entity[key] = value;
        }
    }
}
