using System.Text.Json;
using System.Text.Json.Serialization;

namespace AimsBot.Teams.Activities;

/// <summary>Response of send/reply/update: the id of the activity.</summary>
public sealed class ResourceResponse
{
    public string? Id { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>Body of <c>POST v3/conversations</c> (create a conversation, e.g. proactive 1:1).</summary>
public sealed class ConversationParameters
{
    public bool? IsGroup { get; set; }

    public ChannelAccount? Bot { get; set; }

    public List<ChannelAccount>? Members { get; set; }

    public string? TopicName { get; set; }

    public Activity? Activity { get; set; }

    public TeamsChannelData? ChannelData { get; set; }

    public string? TenantId { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }

    /// <summary>
    /// Parameters for a proactive 1:1 chat between the bot and one user of a tenant.
    /// </summary>
    /// <param name="botId">The bot's channel id (<c>28:&lt;appId&gt;</c>); a bare app id is prefixed.</param>
    /// <param name="userId">The user's channel id (<c>29:...</c>).</param>
    /// <param name="tenantId">The user's tenant id.</param>
    public static ConversationParameters PersonalChat(string botId, string userId, string tenantId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(botId);
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        ArgumentException.ThrowIfNullOrWhiteSpace(tenantId);
        return new ConversationParameters
        {
            Bot = new ChannelAccount { Id = botId.StartsWith("28:", StringComparison.Ordinal) ? botId : "28:" + botId },
            Members = [new ChannelAccount { Id = userId }],
            ChannelData = new TeamsChannelData { Tenant = new TenantInfo { Id = tenantId } },
            TenantId = tenantId,
            IsGroup = false,
        };
    }
}

/// <summary>Response of <c>POST v3/conversations</c>.</summary>
public sealed class ConversationResourceResponse
{
    public string? Id { get; set; }

    public string? ActivityId { get; set; }

    public string? ServiceUrl { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>What is needed to message a conversation later (store it when an activity arrives).</summary>
public sealed class ConversationReference
{
    public string? ActivityId { get; set; }

    public ChannelAccount? User { get; set; }

    public ChannelAccount? Bot { get; set; }

    public ConversationAccount? Conversation { get; set; }

    public string? ChannelId { get; set; }

    public string? ServiceUrl { get; set; }

    public string? Locale { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>The error body the connector returns: <c>{"error":{"code":"...","message":"..."}}</c>.</summary>
public sealed class ErrorResponse
{
    public ErrorDetail? Error { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>The <c>error</c> object of an <see cref="ErrorResponse"/>.</summary>
public sealed class ErrorDetail
{
    public string? Code { get; set; }

    public string? Message { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}
