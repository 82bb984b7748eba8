using System.Text.Json;
using System.Text.Json.Serialization;

namespace AimsBot.Teams.Activities;

/// <summary>
/// Source-generated System.Text.Json metadata for the Bot Framework wire types: camelCase,
/// nulls omitted when writing, property names matched case-insensitively when reading.
/// </summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    PropertyNameCaseInsensitive = true,
    AllowTrailingCommas = true,
    ReadCommentHandling = JsonCommentHandling.Skip,
    NumberHandling = JsonNumberHandling.AllowReadingFromString)]
[JsonSerializable(typeof(Activity))]
[JsonSerializable(typeof(List<Activity>))]
[JsonSerializable(typeof(ResourceResponse))]
[JsonSerializable(typeof(ConversationParameters))]
[JsonSerializable(typeof(ConversationResourceResponse))]
[JsonSerializable(typeof(ConversationReference))]
[JsonSerializable(typeof(TeamsChannelAccount))]
[JsonSerializable(typeof(List<TeamsChannelAccount>))]
[JsonSerializable(typeof(ErrorResponse))]
[JsonSerializable(typeof(AdaptiveCardInvokeValue))]
[JsonSerializable(typeof(AdaptiveCardInvokeResponse))]
[JsonSerializable(typeof(InvokeResponse))]
[JsonSerializable(typeof(TeamsChannelData))]
public sealed partial class BotJsonContext : JsonSerializerContext;
