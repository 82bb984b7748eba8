using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using AimsBot.Teams.Activities;
using AimsBot.Teams.Pacing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AimsBot.Teams.Connector;

/// <summary>The <see cref="IConnectorClient"/> over a typed <see cref="HttpClient"/>.</summary>
public sealed partial class ConnectorClient : IConnectorClient
{
    /// <summary>Name of the typed HttpClient registration.</summary>
    public const string HttpClientName = "AimsBot.Teams.Connector";

    private static readonly MediaTypeHeaderValue JsonContentType = new("application/json") { CharSet = "utf-8" };

    private readonly HttpClient http;
    private readonly IConnectorTokenProvider tokens;
    private readonly ITrustedServiceUrlRegistry trustedUrls;
    private readonly IOutboundRateLimiter limiter;
    private readonly ConnectorOptions options;
    private readonly TimeProvider time;
    private readonly ILogger<ConnectorClient> logger;

    public ConnectorClient(
        HttpClient http,
        IConnectorTokenProvider tokens,
        ITrustedServiceUrlRegistry trustedUrls,
        IOutboundRateLimiter limiter,
        IOptions<ConnectorOptions> options,
        TimeProvider time,
        ILogger<ConnectorClient> logger)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(tokens);
        ArgumentNullException.ThrowIfNull(trustedUrls);
        ArgumentNullException.ThrowIfNull(limiter);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        this.http = http;
        this.tokens = tokens;
        this.trustedUrls = trustedUrls;
        this.limiter = limiter;
        this.options = options.Value;
        this.time = time;
        this.logger = logger;
    }

    private enum Operation
    {
        Reply,
        Send,
        Update,
        CreateConversation,
        GetMember,
    }

    public async Task<ResourceResponse> ReplyAsync(string serviceUrl, string conversationId, string replyToId, Activity activity, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(conversationId);
        ArgumentException.ThrowIfNullOrEmpty(replyToId);
        ArgumentNullException.ThrowIfNull(activity);
        var body = Serialize(activity, BotJsonContext.Default.Activity);
        var uri = BuildUri(serviceUrl, "v3", "conversations", conversationId, "activities", replyToId);
        var response = await ExecuteAsync(Operation.Reply, HttpMethod.Post, serviceUrl, uri, conversationId, body, cancellationToken);
        return Deserialize(response, BotJsonContext.Default.ResourceResponse) ?? new ResourceResponse();
    }

    public async Task<ResourceResponse> SendAsync(string serviceUrl, string conversationId, Activity activity, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(conversationId);
        ArgumentNullException.ThrowIfNull(activity);
        var body = Serialize(activity, BotJsonContext.Default.Activity);
        var uri = BuildUri(serviceUrl, "v3", "conversations", conversationId, "activities");
        var response = await ExecuteAsync(Operation.Send, HttpMethod.Post, serviceUrl, uri, conversationId, body, cancellationToken);
        return Deserialize(response, BotJsonContext.Default.ResourceResponse) ?? new ResourceResponse();
    }

    public async Task<ResourceResponse> UpdateAsync(string serviceUrl, string conversationId, string activityId, Activity activity, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(conversationId);
        ArgumentException.ThrowIfNullOrEmpty(activityId);
        ArgumentNullException.ThrowIfNull(activity);
        var body = Serialize(activity, BotJsonContext.Default.Activity);
        var uri = BuildUri(serviceUrl, "v3", "conversations", conversationId, "activities", activityId);
        var response = await ExecuteAsync(Operation.Update, HttpMethod.Put, serviceUrl, uri, conversationId, body, cancellationToken);
        return Deserialize(response, BotJsonContext.Default.ResourceResponse) ?? new ResourceResponse { Id = activityId };
    }

    public async Task<ConversationResourceResponse> CreateConversationAsync(string serviceUrl, ConversationParameters parameters, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var body = Serialize(parameters, BotJsonContext.Default.ConversationParameters);
        var uri = BuildUri(serviceUrl, "v3", "conversations");
        var response = await ExecuteAsync(Operation.CreateConversation, HttpMethod.Post, serviceUrl, uri, conversationId: null, body, cancellationToken);
        return Deserialize(response, BotJsonContext.Default.ConversationResourceResponse) is { Id.Length: > 0 } created
            ? created
            : throw new ConnectorRequestException(
                "Create conversation succeeded but the response carried no conversation id.",
                HttpStatusCode.OK,
                errorCode: null,
                errorMessage: null,
                isTransient: false,
                attempts: 1);
    }

    public async Task<TeamsChannelAccount?> GetMemberAsync(string serviceUrl, string conversationId, string userId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(conversationId);
        ArgumentException.ThrowIfNullOrEmpty(userId);
        var uri = BuildUri(serviceUrl, "v3", "conversations", conversationId, "members", userId);
        var response = await ExecuteAsync(Operation.GetMember, HttpMethod.Get, serviceUrl, uri, conversationId, body: null, cancellationToken);
        return response is null ? null : Deserialize(response, BotJsonContext.Default.TeamsChannelAccount);
    }

    /// <summary>
    /// The pacing key of a conversation: its id without the <c>;messageid=</c> suffix of a channel
    /// thread, so all threads of a channel share one budget (conservative).
    /// </summary>
    public static string ConversationKey(string conversationId)
    {
        ArgumentNullException.ThrowIfNull(conversationId);
        var index = conversationId.IndexOf(";messageid=", StringComparison.OrdinalIgnoreCase);
        return index >= 0 ? conversationId[..index] : conversationId;
    }

    /// <summary>Builds <c>{serviceUrl}/seg1/seg2...</c> with each segment URL-escaped.</summary>
    internal static Uri BuildUri(string serviceUrl, params string[] segments)
    {
        if (string.IsNullOrWhiteSpace(serviceUrl)
            || !Uri.TryCreate(serviceUrl.Trim(), UriKind.Absolute, out var baseUri)
            || (baseUri.Scheme != Uri.UriSchemeHttps && baseUri.Scheme != Uri.UriSchemeHttp))
        {
            throw new ArgumentException($"Service url '{serviceUrl}' is not an absolute http(s) url.", nameof(serviceUrl));
        }

        var builder = new StringBuilder(baseUri.GetLeftPart(UriPartial.Path).TrimEnd('/'));
        foreach (var segment in segments)
        {
            builder.Append('/').Append(Uri.EscapeDataString(segment));
        }

        return new Uri(builder.ToString(), UriKind.Absolute);
    }

    private byte[] Serialize<T>(T value, JsonTypeInfo<T> typeInfo)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(value, typeInfo);
        if (body.Length > options.MaxActivityBytes)
        {
            throw new ActivityTooLargeException(
                $"The activity is {body.Length} bytes of JSON, over the limit of {options.MaxActivityBytes} bytes; it was not sent. Split it or trim its attachments.",
                body.Length,
                options.MaxActivityBytes);
        }

        return body;
    }

    private static T? Deserialize<T>(byte[]? body, JsonTypeInfo<T> typeInfo)
        where T : class
    {
        if (body is null || body.Length == 0)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(body, typeInfo);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// Sends one logical request with pacing and retries. Returns the success body, or null for a
    /// GetMember 404 (member not in conversation).
    /// </summary>
    private async Task<byte[]?> ExecuteAsync(
        Operation operation,
        HttpMethod method,
        string serviceUrl,
        Uri uri,
        string? conversationId,
        byte[]? body,
        CancellationToken cancellationToken)
    {
        if (!tokens.IsAnonymous && !trustedUrls.IsTrusted(serviceUrl))
        {
            throw new UntrustedServiceUrlException(
                $"Refusing to send the bot's token to '{serviceUrl}': this service url was not learnt from an authenticated inbound activity or a stored conversation reference.",
                serviceUrl);
        }

        var conversationKey = conversationId is null ? null : ConversationKey(conversationId);
        for (var attempt = 1; ; attempt++)
        {
            var delay = TimeSpan.Zero;
            using (await limiter.WaitAsync(conversationKey, cancellationToken))
            {
                var token = tokens.IsAnonymous ? null : await tokens.GetTokenAsync(cancellationToken);
                using var request = new HttpRequestMessage(method, uri);
                if (token is not null)
                {
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                }

                if (body is not null)
                {
                    request.Content = new ByteArrayContent(body);
                    request.Content.Headers.ContentType = JsonContentType;
                }

                HttpResponseMessage? response = null;
                try
                {
                    response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
                }
                catch (HttpRequestException ex) when (IsConnectFailure(ex) && attempt <= options.MaxRetries)
                {
                    // Nothing reached the server: safe to repeat.
                    delay = Backoff(attempt);
                    LogRetry(logger, operation, method.Method, uri.Host, "connection failure", attempt, delay);
                }
                catch (HttpRequestException ex)
                {
                    throw new ConnectorRequestException(
                        $"{operation} to {uri.GetLeftPart(UriPartial.Authority)} failed after {attempt} attempt(s): {ex.Message}",
                        statusCode: null,
                        errorCode: null,
                        errorMessage: ex.Message,
                        isTransient: true,
                        attempts: attempt,
                        innerException: ex);
                }
                catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
                {
                    // HttpClient.Timeout elapsed. The request may have been delivered: do not repeat it.
                    throw new ConnectorRequestException(
                        $"{operation} to {uri.GetLeftPart(UriPartial.Authority)} timed out after {http.Timeout.TotalSeconds:0.#} s (attempt {attempt}); it may or may not have been delivered.",
                        statusCode: null,
                        errorCode: null,
                        errorMessage: ex.Message,
                        isTransient: true,
                        attempts: attempt,
                        innerException: ex);
                }

                if (response is not null)
                {
                    using (response)
                    {
                        var content = await response.Content.ReadAsByteArrayAsync(cancellationToken);
                        if (response.IsSuccessStatusCode)
                        {
                            return content;
                        }

                        var status = response.StatusCode;
                        var error = Deserialize(content, BotJsonContext.Default.ErrorResponse)?.Error;
                        var retryAfter = GetRetryAfter(response);
                        if (status == HttpStatusCode.TooManyRequests)
                        {
                            if (retryAfter > options.MaxRetryAfter || attempt > options.MaxRetries)
                            {
                                var reason = attempt > options.MaxRetries
                                    ? $"still throttled after {attempt} attempts"
                                    : $"Retry-After {retryAfter!.Value.TotalSeconds:0.#} s exceeds the in-line limit of {options.MaxRetryAfter.TotalSeconds:0.#} s";
                                LogGiveUp(logger, operation, method.Method, uri.Host, (int)status, attempt);
                                throw new ConnectorThrottledException(
                                    $"{operation} was throttled by Teams (429): {reason}. Park the work and retry later.",
                                    retryAfter,
                                    error?.Code,
                                    error?.Message,
                                    attempt);
                            }

                            delay = retryAfter ?? Backoff(attempt);
                        }
                        else if (IsTransient(status))
                        {
                            if (attempt > options.MaxRetries)
                            {
                                LogGiveUp(logger, operation, method.Method, uri.Host, (int)status, attempt);
                                throw new ConnectorRequestException(
                                    $"{operation} gave up after {attempt} attempts: the connector kept answering {(int)status} {status}{Describe(error)}.",
                                    status,
                                    error?.Code,
                                    error?.Message,
                                    isTransient: true,
                                    attempts: attempt);
                            }

                            delay = retryAfter is { } ra && ra <= options.MaxRetryAfter ? ra : Backoff(attempt);
                        }
                        else
                        {
                            if (operation == Operation.GetMember && status == HttpStatusCode.NotFound
                                && !string.Equals(error?.Code, "ConversationNotFound", StringComparison.OrdinalIgnoreCase))
                            {
                                return null;
                            }

                            throw Classify(operation, status, error, content, conversationId, attempt);
                        }

                        LogRetry(logger, operation, method.Method, uri.Host, ((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture), attempt, delay);
                    }
                }
            }

            await Task.Delay(delay, time, cancellationToken);
        }
    }

    private static ConnectorException Classify(Operation operation, HttpStatusCode status, ErrorDetail? error, byte[] content, string? conversationId, int attempt)
    {
        var code = error?.Code;
        UnreachableReason? reason = null;
        if (status == HttpStatusCode.Forbidden)
        {
            if (content.AsSpan().IndexOf("MessageWritesBlocked"u8) >= 0
                || Is(code, "ConversationBlockedByUser") || Is(code, "BotDisabledByUser"))
            {
                reason = UnreachableReason.BlockedByUser;
            }
            else if (Is(code, "BotNotInConversationRoster"))
            {
                reason = UnreachableReason.BotNotInConversation;
            }
            else if (Is(code, "BotDisabledByAdmin"))
            {
                reason = UnreachableReason.BotDisabledByAdmin;
            }
        }
        else if (status == HttpStatusCode.NotFound && operation != Operation.CreateConversation)
        {
            reason = UnreachableReason.ConversationNotFound;
        }

        if (reason is { } r)
        {
            return new ConversationUnreachableException(
                $"Conversation '{conversationId}' is unreachable ({r}): {(int)status}{Describe(error)}. Do not retry.",
                r,
                conversationId,
                status,
                code ?? (r == UnreachableReason.BlockedByUser ? "MessageWritesBlocked" : null));
        }

        return new ConnectorRequestException(
            $"{operation} failed with {(int)status} {status}{Describe(error)}.",
            status,
            code,
            error?.Message,
            isTransient: (int)status >= 500,
            attempts: attempt);

        static bool Is(string? code, string expected) => string.Equals(code, expected, StringComparison.OrdinalIgnoreCase);
    }

    private static string Describe(ErrorDetail? error) =>
        error is null ? string.Empty : $" ({error.Code}: {error.Message})";

    private static bool IsTransient(HttpStatusCode status) => status
        is HttpStatusCode.PreconditionFailed
        or HttpStatusCode.BadGateway
        or HttpStatusCode.ServiceUnavailable
        or HttpStatusCode.GatewayTimeout;

    /// <summary>Failures before the request could have reached the server: safe to repeat.</summary>
    private static bool IsConnectFailure(HttpRequestException ex) =>
        ex.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError;

    private TimeSpan? GetRetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        }

        if (header?.Date is { } date)
        {
            var wait = date - time.GetUtcNow();
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }

        return null;
    }

    /// <summary>Exponential backoff with "equal jitter": half fixed, half random, capped.</summary>
    private TimeSpan Backoff(int attempt)
    {
        var exponential = options.RetryBaseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempt - 1, 16));
        var capped = Math.Min(exponential, options.MaxRetryDelay.TotalMilliseconds);
        var jitter = RandomNumberGenerator.GetInt32(0, 1001) / 1000.0;
        return TimeSpan.FromMilliseconds((capped / 2) + (capped / 2 * jitter));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Connector {Operation} {Method} {Host}: {Reason} on attempt {Attempt}; retrying in {Delay}.")]
    private static partial void LogRetry(ILogger logger, Operation operation, string method, string host, string reason, int attempt, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Error, Message = "Connector {Operation} {Method} {Host}: giving up with status {Status} after {Attempt} attempts.")]
    private static partial void LogGiveUp(ILogger logger, Operation operation, string method, string host, int status, int attempt);
}
