using System.Text.Json;
using System.Text.Json.Serialization;

namespace AimsBot.Teams.Activities;

/// <summary>The Teams-specific <c>channelData</c> of an activity.</summary>
public sealed class TeamsChannelData
{
    public TenantInfo? Tenant { get; set; }

    public TeamInfo? Team { get; set; }

    public ChannelInfo? Channel { get; set; }

    /// <summary>For conversationUpdate: e.g. <c>teamMemberAdded</c>, <c>channelCreated</c>, <c>teamRenamed</c>.</summary>
    public string? EventType { get; set; }

    public TeamsChannelDataSettings? Settings { get; set; }

    public NotificationInfo? Notification { get; set; }

    public MeetingInfo? Meeting { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

public sealed class TenantInfo
{
    public string? Id { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

public sealed class TeamInfo
{
    public string? Id { get; set; }

    public string? Name { get; set; }

    public string? AadGroupId { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

public sealed class ChannelInfo
{
    public string? Id { get; set; }

    public string? Name { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

public sealed class TeamsChannelDataSettings
{
    public ChannelInfo? SelectedChannel { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

public sealed class NotificationInfo
{
    public bool? Alert { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

public sealed class MeetingInfo
{
    public string? Id { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}
