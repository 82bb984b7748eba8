using System.Text.Json;
using System.Text.Json.Serialization;

namespace AimsBot.Teams.Activities;

/// <summary>
/// An activity entity. Mentions use <see cref="Mentioned"/> and <see cref="Text"/>; every other
/// entity kind (clientInfo, schema.org things...) keeps its fields in <see cref="Extra"/>.
/// </summary>
public sealed class Entity
{
    /// <summary>For example <c>mention</c> or <c>clientInfo</c> (see <see cref="EntityTypes"/>).</summary>
    public string? Type { get; set; }

    /// <summary>For a mention: who is mentioned.</summary>
    public ChannelAccount? Mentioned { get; set; }

    /// <summary>For a mention: the exact text of the mention in the message, e.g. <c>&lt;at&gt;Bot&lt;/at&gt;</c>.</summary>
    public string? Text { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }

    /// <summary>Builds a mention entity for <paramref name="account"/> whose text is <c>&lt;at&gt;name&lt;/at&gt;</c>.</summary>
    public static Entity Mention(ChannelAccount account)
    {
        ArgumentNullException.ThrowIfNull(account);
        return new Entity
        {
            Type = EntityTypes.Mention,
            Mentioned = new ChannelAccount { Id = account.Id, Name = account.Name },
            Text = $"<at>{account.Name}</at>",
        };
    }
}
