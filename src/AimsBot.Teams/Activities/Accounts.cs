using System.Text.Json;
using System.Text.Json.Serialization;

namespace AimsBot.Teams.Activities;

/// <summary>A user or bot in a conversation (<c>from</c>, <c>recipient</c>, members).</summary>
public sealed class ChannelAccount
{
    /// <summary>Channel id: <c>29:...</c> for Teams users, <c>28:&lt;appId&gt;</c> for bots.</summary>
    public string? Id { get; set; }

    public string? Name { get; set; }

    /// <summary>The Entra object id of the user, when Teams sends it.</summary>
    public string? AadObjectId { get; set; }

    /// <summary><c>user</c> or <c>bot</c>.</summary>
    public string? Role { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }

    /// <summary>A shallow copy of the account's identity fields (id, name, aadObjectId, role).</summary>
    public ChannelAccount CloneIdentity() => new() { Id = Id, Name = Name, AadObjectId = AadObjectId, Role = Role };
}

/// <summary>The conversation an activity belongs to.</summary>
public sealed class ConversationAccount
{
    /// <summary>Conversation id (may contain <c>:</c>, <c>@</c>, <c>;</c>).</summary>
    public string? Id { get; set; }

    public string? Name { get; set; }

    /// <summary><c>personal</c>, <c>groupChat</c> or <c>channel</c> (see <see cref="ConversationTypes"/>).</summary>
    public string? ConversationType { get; set; }

    public bool? IsGroup { get; set; }

    public string? TenantId { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }

    /// <summary>A shallow copy of the conversation's identity fields.</summary>
    public ConversationAccount CloneIdentity() => new()
    {
        Id = Id,
        Name = Name,
        ConversationType = ConversationType,
        IsGroup = IsGroup,
        TenantId = TenantId,
    };
}

/// <summary>A conversation member as returned by the Teams member endpoints.</summary>
public sealed class TeamsChannelAccount
{
    public string? Id { get; set; }

    public string? Name { get; set; }

    public string? AadObjectId { get; set; }

    public string? ObjectId { get; set; }

    public string? UserPrincipalName { get; set; }

    public string? Email { get; set; }

    public string? TenantId { get; set; }

    public string? GivenName { get; set; }

    public string? Surname { get; set; }

    public string? UserRole { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}
