using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using AimsBot.Storage.Tables;

namespace AimsBot.Storage.Outbox;

/// <summary>The life of a proactive message: queued, claimed by one sender, then sent or parked.</summary>
public static class OutboxStates
{
    public const string Pending = "pending";
    public const string Sending = "sending";
    public const string Sent = "sent";
    public const string Parked = "parked";
}

/// <summary>
/// One proactive message. Table <c>Outbox</c>: PK tenant id, RK the message's deterministic id (a hash of what
/// it is for: instance, period, reminder number…), so queuing the same message twice is a no-op.
/// </summary>
public sealed class OutboxMessage : ITableEntity
{
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    /// <summary>What produced it, for people reading the table (<c>nudge</c>, <c>escalation</c>, …).</summary>
    public string Purpose { get; set; } = "";
    public string RecipientUserKey { get; set; } = "";
    public string ServiceUrl { get; set; } = "";
    public string ConversationId { get; set; } = "";
    /// <summary>The activity to send, as JSON (at most 30,000 characters).</summary>
    public string ActivityJson { get; set; } = "";
    public string State { get; set; } = OutboxStates.Pending;
    public int Attempts { get; set; }
    /// <summary>Not to be sent before this instant (working hours, retry back-off).</summary>
    public DateTimeOffset NotBefore { get; set; }
    public string? ClaimedBy { get; set; }
    public DateTimeOffset? LeaseUntil { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? SentAt { get; set; }
    public string? SentActivityId { get; set; }
    public string? ParkedReason { get; set; }
}

/// <summary>
/// The outbox: proactive messages are written here first (idempotently), and a sender drains it. A message is
/// claimed with its ETag before it is sent, so no two senders send the same row.
/// </summary>
public sealed class OutboxStore
{
    public const string TableName = "Outbox";
    public const string TenantsTableName = "OutboxTenants";
    public const int MaxActivityChars = 30_000;
    private const string TenantsPartition = "tenants";

    private readonly TypedTable<OutboxMessage> _table;
    private readonly TypedTable<TableEntity> _tenants;

    public OutboxStore(TableStore store)
    {
        _table = store.Table<OutboxMessage>(TableName);
        _tenants = store.Table<TableEntity>(TenantsTableName);
    }

    /// <summary>A key-safe deterministic id from the parts that make a message unique.</summary>
    public static string MessageId(params string[] parts) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\u001f', parts))))[..40];

    /// <summary>Queues a message; false when a message with the same id was queued before (nothing changes).</summary>
    public async Task<bool> EnqueueAsync(OutboxMessage message, CancellationToken cancellationToken = default)
    {
        if (message.ActivityJson.Length > MaxActivityChars)
        {
            throw new ArgumentException($"The activity is {message.ActivityJson.Length} characters; the outbox holds at most {MaxActivityChars}. Send a smaller card.", nameof(message));
        }

        message.State = OutboxStates.Pending;
        await _tenants.UpsertAsync(new TableEntity(TenantsPartition, message.PartitionKey), cancellationToken);
        try
        {
            await _table.AddAsync(message, cancellationToken);
            return true;
        }
        catch (EntityAlreadyExistsException)
        {
            return false;
        }
    }

    public Task<OutboxMessage?> GetAsync(string tenantId, string messageId, CancellationToken cancellationToken = default) =>
        _table.GetAsync(tenantId, messageId, cancellationToken);

    /// <summary>Tenants that have ever queued a message.</summary>
    public async Task<IReadOnlyList<string>> TenantsAsync(CancellationToken cancellationToken = default)
    {
        var tenants = new List<string>();
        await foreach (var row in _tenants.QueryPartitionAsync(TenantsPartition, cancellationToken))
        {
            tenants.Add(row.RowKey);
        }

        return tenants;
    }

    /// <summary>Messages of a tenant that may be sent now: pending and due, or claimed by a sender whose lease ran out.</summary>
    public async Task<IReadOnlyList<OutboxMessage>> DueAsync(string tenantId, DateTimeOffset now, int max, CancellationToken cancellationToken = default)
    {
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {tenantId} and ((State eq {OutboxStates.Pending} and NotBefore le {now}) or (State eq {OutboxStates.Sending} and LeaseUntil lt {now}))");
        var due = new List<OutboxMessage>();
        await foreach (var message in _table.QueryAsync(filter, cancellationToken: cancellationToken))
        {
            due.Add(message);
            if (due.Count >= max)
            {
                break;
            }
        }

        return due;
    }

    /// <summary>Claims a message for <paramref name="sender"/>; false when another sender got there first.</summary>
    public async Task<bool> TryClaimAsync(OutboxMessage message, string sender, DateTimeOffset leaseUntil, CancellationToken cancellationToken = default)
    {
        message.State = OutboxStates.Sending;
        message.ClaimedBy = sender;
        message.LeaseUntil = leaseUntil;
        message.Attempts++;
        try
        {
            await _table.ReplaceAsync(message, cancellationToken);
            return true;
        }
        catch (ConcurrencyConflictException)
        {
            return false;
        }
    }

    public Task MarkSentAsync(OutboxMessage message, DateTimeOffset at, string? activityId, CancellationToken cancellationToken = default)
    {
        message.State = OutboxStates.Sent;
        message.SentAt = at;
        message.SentActivityId = activityId;
        message.LeaseUntil = null;
        return _table.ReplaceAsync(message, cancellationToken);
    }

    /// <summary>A permanent failure: kept with its reason for the compliance leads, never retried.</summary>
    public Task ParkAsync(OutboxMessage message, string reason, CancellationToken cancellationToken = default)
    {
        message.State = OutboxStates.Parked;
        message.ParkedReason = reason;
        message.LeaseUntil = null;
        return _table.ReplaceAsync(message, cancellationToken);
    }

    /// <summary>A transient failure: back to pending, not before <paramref name="retryAt"/>.</summary>
    public Task ReleaseForRetryAsync(OutboxMessage message, DateTimeOffset retryAt, CancellationToken cancellationToken = default)
    {
        message.State = OutboxStates.Pending;
        message.NotBefore = retryAt;
        message.ClaimedBy = null;
        message.LeaseUntil = null;
        return _table.ReplaceAsync(message, cancellationToken);
    }

    /// <summary>Every message of a tenant in a state (for reports and tests).</summary>
    public async Task<IReadOnlyList<OutboxMessage>> InStateAsync(string tenantId, string state, CancellationToken cancellationToken = default)
    {
        var list = new List<OutboxMessage>();
        await foreach (var message in _table.QueryAsync(TableClient.CreateQueryFilter($"PartitionKey eq {tenantId} and State eq {state}"), cancellationToken: cancellationToken))
        {
            list.Add(message);
        }

        return list;
    }
}
