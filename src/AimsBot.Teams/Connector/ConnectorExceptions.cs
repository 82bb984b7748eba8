using System.Net;

namespace AimsBot.Teams.Connector;

/// <summary>Base of every failure the connector client reports.</summary>
public class ConnectorException : Exception
{
    public ConnectorException()
    {
    }

    public ConnectorException(string message)
        : base(message)
    {
    }

    public ConnectorException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>The connector answered with an error that is not a permanent "unreachable" outcome.</summary>
public class ConnectorRequestException : ConnectorException
{
    public ConnectorRequestException()
    {
    }

    public ConnectorRequestException(string message)
        : base(message)
    {
    }

    public ConnectorRequestException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    public ConnectorRequestException(
        string message,
        HttpStatusCode? statusCode,
        string? errorCode,
        string? errorMessage,
        bool isTransient,
        int attempts,
        Exception? innerException = null)
        : base(message, innerException)
    {
        StatusCode = statusCode;
        ErrorCode = errorCode;
        ErrorMessage = errorMessage;
        IsTransient = isTransient;
        Attempts = attempts;
    }

    /// <summary>HTTP status of the last response; null when no response arrived.</summary>
    public HttpStatusCode? StatusCode { get; }

    /// <summary><c>error.code</c> of the response body, when present.</summary>
    public string? ErrorCode { get; }

    /// <summary><c>error.message</c> of the response body, when present.</summary>
    public string? ErrorMessage { get; }

    /// <summary>True when trying again later may succeed (throttling, 5xx, network).</summary>
    public bool IsTransient { get; }

    /// <summary>How many HTTP requests were made.</summary>
    public int Attempts { get; }
}

/// <summary>
/// Teams throttled the request (429) longer than the client waits in-line, or retries ran out.
/// Retryable: park the work and try again after <see cref="RetryAfter"/>.
/// </summary>
public class ConnectorThrottledException : ConnectorRequestException
{
    public ConnectorThrottledException()
    {
    }

    public ConnectorThrottledException(string message)
        : base(message)
    {
    }

    public ConnectorThrottledException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    public ConnectorThrottledException(string message, TimeSpan? retryAfter, string? errorCode, string? errorMessage, int attempts)
        : base(message, HttpStatusCode.TooManyRequests, errorCode, errorMessage, isTransient: true, attempts)
    {
        RetryAfter = retryAfter;
    }

    /// <summary>What Teams asked us to wait, when it said.</summary>
    public TimeSpan? RetryAfter { get; }
}

/// <summary>Why a conversation cannot be reached. All reasons are permanent: do not retry.</summary>
public enum UnreachableReason
{
    /// <summary>403 MessageWritesBlocked (or ConversationBlockedByUser): the user blocked or uninstalled the bot.</summary>
    BlockedByUser,

    /// <summary>404: the conversation does not exist (any more).</summary>
    ConversationNotFound,

    /// <summary>403 BotNotInConversationRoster: the bot was removed from the chat or team.</summary>
    BotNotInConversation,

    /// <summary>403 BotDisabledByAdmin: the tenant admin blocked the app.</summary>
    BotDisabledByAdmin,
}

/// <summary>
/// Permanent: the conversation cannot be written to (the user blocked or uninstalled the bot, or
/// the conversation is gone). Record the user as unreachable and never retry.
/// </summary>
public class ConversationUnreachableException : ConnectorException
{
    public ConversationUnreachableException()
    {
    }

    public ConversationUnreachableException(string message)
        : base(message)
    {
    }

    public ConversationUnreachableException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    public ConversationUnreachableException(string message, UnreachableReason reason, string? conversationId, HttpStatusCode statusCode, string? errorCode)
        : base(message)
    {
        Reason = reason;
        ConversationId = conversationId;
        StatusCode = statusCode;
        ErrorCode = errorCode;
    }

    public UnreachableReason Reason { get; }

    public string? ConversationId { get; }

    public HttpStatusCode StatusCode { get; }

    public string? ErrorCode { get; }
}

/// <summary>
/// The client refused to send a bot token to a service url it did not learn from an authenticated
/// inbound activity (or a stored conversation reference). No request was made.
/// </summary>
public class UntrustedServiceUrlException : ConnectorException
{
    public UntrustedServiceUrlException()
    {
    }

    public UntrustedServiceUrlException(string message)
        : base(message)
    {
    }

    public UntrustedServiceUrlException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    public UntrustedServiceUrlException(string message, string serviceUrl)
        : base(message)
    {
        ServiceUrl = serviceUrl;
    }

    public string? ServiceUrl { get; }
}

/// <summary>The serialized activity is larger than <see cref="ConnectorOptions.MaxActivityBytes"/>; nothing was sent.</summary>
public class ActivityTooLargeException : ConnectorException
{
    public ActivityTooLargeException()
    {
    }

    public ActivityTooLargeException(string message)
        : base(message)
    {
    }

    public ActivityTooLargeException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    public ActivityTooLargeException(string message, int sizeBytes, int limitBytes)
        : base(message)
    {
        SizeBytes = sizeBytes;
        LimitBytes = limitBytes;
    }

    public int SizeBytes { get; }

    public int LimitBytes { get; }
}

/// <summary>The bot's outbound token could not be obtained (bad secret, certificate or identity).</summary>
public class ConnectorAuthenticationException : ConnectorException
{
    public ConnectorAuthenticationException()
    {
    }

    public ConnectorAuthenticationException(string message)
        : base(message)
    {
    }

    public ConnectorAuthenticationException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
