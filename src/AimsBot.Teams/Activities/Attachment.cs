using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace AimsBot.Teams.Activities;

/// <summary>An attachment (adaptive card, file, image...).</summary>
public sealed class Attachment
{
    public string? ContentType { get; set; }

    public string? ContentUrl { get; set; }

    /// <summary>The attachment's JSON content, e.g. an adaptive card.</summary>
    public JsonNode? Content { get; set; }

    public string? Name { get; set; }

    public string? ThumbnailUrl { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }

    /// <summary>An adaptive card attachment wrapping <paramref name="card"/>.</summary>
    public static Attachment AdaptiveCard(JsonNode card)
    {
        ArgumentNullException.ThrowIfNull(card);
        return new Attachment { ContentType = ContentTypes.AdaptiveCard, Content = card };
    }
}

/// <summary>Suggested actions (quick replies) shown with a message.</summary>
public sealed class SuggestedActions
{
    public List<string>? To { get; set; }

    public List<CardAction>? Actions { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>A clickable action (used by suggested actions and hero cards).</summary>
public sealed class CardAction
{
    public string? Type { get; set; }

    public string? Title { get; set; }

    public string? Image { get; set; }

    public string? Text { get; set; }

    public string? DisplayText { get; set; }

    public JsonElement? Value { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}
