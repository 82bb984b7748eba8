using AimsBot.Teams.Activities;

namespace AimsBot.Teams.Connector;

/// <summary>
/// Outbound Bot Connector (v3) calls. Every call is paced by the outbound rate limiter and retried
/// on 429/412/502/503/504. Permanent failures throw <see cref="ConversationUnreachableException"/>;
/// other errors <see cref="ConnectorRequestException"/> (<see cref="ConnectorThrottledException"/> when
/// throttled for longer than the client waits).
/// </summary>
public interface IConnectorClient
{
    /// <summary><c>POST {serviceUrl}/v3/conversations/{conversationId}/activities/{replyToId}</c>.</summary>
    Task<ResourceResponse> ReplyAsync(string serviceUrl, string conversationId, string replyToId, Activity activity, CancellationToken cancellationToken = default);

    /// <summary><c>POST {serviceUrl}/v3/conversations/{conversationId}/activities</c>.</summary>
    Task<ResourceResponse> SendAsync(string serviceUrl, string conversationId, Activity activity, CancellationToken cancellationToken = default);

    /// <summary><c>PUT {serviceUrl}/v3/conversations/{conversationId}/activities/{activityId}</c>.</summary>
    Task<ResourceResponse> UpdateAsync(string serviceUrl, string conversationId, string activityId, Activity activity, CancellationToken cancellationToken = default);

    /// <summary><c>POST {serviceUrl}/v3/conversations</c>, e.g. to open a proactive 1:1 chat.</summary>
    Task<ConversationResourceResponse> CreateConversationAsync(string serviceUrl, ConversationParameters parameters, CancellationToken cancellationToken = default);

    /// <summary>
    /// <c>GET {serviceUrl}/v3/conversations/{conversationId}/members/{userId}</c>; null when the
    /// member is not in the conversation.
    /// </summary>
    Task<TeamsChannelAccount?> GetMemberAsync(string serviceUrl, string conversationId, string userId, CancellationToken cancellationToken = default);
}
