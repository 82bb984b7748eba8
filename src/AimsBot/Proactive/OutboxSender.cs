using System.Text.Json;
using AimsBot.Storage.Outbox;
using AimsBot.Storage.Users;
using AimsBot.Teams.Activities;
using AimsBot.Teams.Connector;
using Hangfire;

namespace AimsBot.Proactive;

/// <summary>What one drain did.</summary>
public sealed record DrainReport(int Sent, int Retried, int Parked, int LostToOtherSenders);

/// <summary>
/// Drains the outbox: claims each due message with its ETag (so no two senders send one row), sends it through
/// the paced connector, and records the outcome. A send that started is always finished and recorded, even
/// when the host is stopping; the drain stops taking new messages instead.
/// </summary>
public sealed partial class OutboxSender
{
    public const int MaxAttempts = 8;
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);
    private readonly OutboxStore _outbox;
    private readonly UserDirectory _users;
    private readonly IConnectorClient _connector;
    private readonly TimeProvider _time;
    private readonly ILogger<OutboxSender> _logger;
    private readonly string _senderId = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";

    public OutboxSender(OutboxStore outbox, UserDirectory users, IConnectorClient connector, TimeProvider time, ILogger<OutboxSender> logger)
    {
        _outbox = outbox;
        _users = users;
        _connector = connector;
        _time = time;
        _logger = logger;
    }

    /// <summary>Sends everything due now. <paramref name="parallelism"/> sends overlap; the connector's limiter sets the pace.</summary>
    public async Task<DrainReport> DrainAsync(int parallelism = 64, CancellationToken stopping = default)
    {
        int sent = 0, retried = 0, parked = 0, lost = 0;
        foreach (var tenant in await _outbox.TenantsAsync(stopping))
        {
            while (!stopping.IsCancellationRequested)
            {
                var due = await _outbox.DueAsync(tenant, _time.GetUtcNow(), 1000, stopping);
                if (due.Count == 0)
                {
                    break;
                }

                await Parallel.ForEachAsync(due, new ParallelOptions { MaxDegreeOfParallelism = parallelism }, async (message, _) =>
                {
                    if (stopping.IsCancellationRequested)
                    {
                        return;
                    }

                    switch (await SendOneAsync(message))
                    {
                        case Outcome.Sent: Interlocked.Increment(ref sent); break;
                        case Outcome.Retry: Interlocked.Increment(ref retried); break;
                        case Outcome.Parked: Interlocked.Increment(ref parked); break;
                        default: Interlocked.Increment(ref lost); break;
                    }
                });
            }
        }

        return new DrainReport(sent, retried, parked, lost);
    }

    private enum Outcome { Sent, Retry, Parked, NotMine }

    // Deliberately not cancellable: once claimed, a message is sent and its outcome recorded.
    private async Task<Outcome> SendOneAsync(OutboxMessage message)
    {
        if (!await _outbox.TryClaimAsync(message, _senderId, _time.GetUtcNow() + Lease, CancellationToken.None))
        {
            return Outcome.NotMine;
        }

        Activity? activity;
        try
        {
            activity = JsonSerializer.Deserialize(message.ActivityJson, BotJsonContext.Default.Activity);
        }
        catch (JsonException)
        {
            activity = null;
        }

        if (activity is null)
        {
            await _outbox.ParkAsync(message, "The stored activity is not valid JSON.", CancellationToken.None);
            return Outcome.Parked;
        }

        try
        {
            var response = await _connector.SendAsync(message.ServiceUrl, message.ConversationId, activity, CancellationToken.None);
            await _outbox.MarkSentAsync(message, _time.GetUtcNow(), response.Id, CancellationToken.None);
            return Outcome.Sent;
        }
        catch (ConversationUnreachableException ex)
        {
            var reason = ex.Reason == UnreachableReason.BlockedByUser ? "blocked" : "conversation-gone";
            await _users.MarkUnreachableAsync(message.PartitionKey, message.RecipientUserKey, reason, CancellationToken.None);
            await _outbox.ParkAsync(message, $"The recipient cannot be reached ({ex.Reason}).", CancellationToken.None);
            return Outcome.Parked;
        }
        catch (Exception ex) when (ex is UntrustedServiceUrlException or ActivityTooLargeException or ConnectorAuthenticationException || ex is ConnectorRequestException { IsTransient: false } and not ConnectorThrottledException)
        {
            await _outbox.ParkAsync(message, ex.Message, CancellationToken.None);
            return Outcome.Parked;
        }
        catch (Exception ex) when (ex is ConnectorException or HttpRequestException or TaskCanceledException)
        {
            if (message.Attempts >= MaxAttempts)
            {
                await _outbox.ParkAsync(message, $"Gave up after {message.Attempts} attempts: {ex.Message}", CancellationToken.None);
                return Outcome.Parked;
            }

            var backoff = ex is ConnectorThrottledException { RetryAfter: { } after } ? after : TimeSpan.FromSeconds(Math.Min(600, 5 * Math.Pow(2, message.Attempts)));
            LogRetry(_logger, message.RowKey, backoff.TotalSeconds, ex.Message);
            await _outbox.ReleaseForRetryAsync(message, _time.GetUtcNow() + backoff, CancellationToken.None);
            return Outcome.Retry;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox message {MessageId} will be retried in {Seconds} s: {Reason}")]
    private static partial void LogRetry(ILogger logger, string messageId, double seconds, string reason);
}

/// <summary>
/// The recurring drain. One active sender across all hosts: Hangfire's distributed lock (PostgreSQL in
/// scale-out) keeps a second drain from starting while one runs, so the process limiter's global pace holds
/// for the whole deployment; the ETag claim guards each row besides.
/// </summary>
public sealed class OutboxDrainJob
{
    public const string RecurringJobId = "outbox-drain";
    private readonly OutboxSender _sender;

    public OutboxDrainJob(OutboxSender sender) => _sender = sender;

    [DisableConcurrentExecution(timeoutInSeconds: 10)]
    [AutomaticRetry(Attempts = 0)]
    public Task RunAsync(CancellationToken cancellationToken) => _sender.DrainAsync(stopping: cancellationToken);
}
