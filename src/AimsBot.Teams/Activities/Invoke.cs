using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace AimsBot.Teams.Activities;

/// <summary>
/// The <c>value</c> of an <c>adaptiveCard/action</c> invoke:
/// <c>{"action":{"type":"Action.Execute","verb":"...","data":{...}},"trigger":"manual"}</c>.
/// </summary>
public sealed class AdaptiveCardInvokeValue
{
    public AdaptiveCardInvokeAction? Action { get; set; }

    public JsonElement? Authentication { get; set; }

    public string? State { get; set; }

    /// <summary><c>manual</c> or <c>automatic</c> (refresh).</summary>
    public string? Trigger { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>The <c>action</c> of an <see cref="AdaptiveCardInvokeValue"/>.</summary>
public sealed class AdaptiveCardInvokeAction
{
    /// <summary>Normally <c>Action.Execute</c>.</summary>
    public string? Type { get; set; }

    public string? Id { get; set; }

    public string? Verb { get; set; }

    public JsonElement? Data { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>
/// The body a bot returns for an <c>adaptiveCard/action</c> invoke (HTTP status 200 carries it;
/// <see cref="StatusCode"/> tells Teams the outcome).
/// </summary>
public sealed class AdaptiveCardInvokeResponse
{
    public int StatusCode { get; set; }

    public string? Type { get; set; }

    public JsonNode? Value { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }

    /// <summary>Replace the card with <paramref name="card"/>.</summary>
    public static AdaptiveCardInvokeResponse Card(JsonNode card)
    {
        ArgumentNullException.ThrowIfNull(card);
        return new AdaptiveCardInvokeResponse { StatusCode = 200, Type = ContentTypes.AdaptiveCard, Value = card };
    }

    /// <summary>Show <paramref name="message"/> to the user and leave the card as it is.</summary>
    public static AdaptiveCardInvokeResponse Message(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return new AdaptiveCardInvokeResponse { StatusCode = 200, Type = ContentTypes.ActivityMessage, Value = JsonValue.Create(message) };
    }

    /// <summary>Report an error with <paramref name="statusCode"/> (4xx/5xx), a code and a message.</summary>
    public static AdaptiveCardInvokeResponse Error(int statusCode, string code, string message)
    {
        ArgumentNullException.ThrowIfNull(code);
        ArgumentNullException.ThrowIfNull(message);
        return new AdaptiveCardInvokeResponse
        {
            StatusCode = statusCode,
            Type = ContentTypes.Error,
            Value = new JsonObject { ["code"] = code, ["message"] = message },
        };
    }
}

/// <summary>
/// What the bot's HTTP endpoint answers to an invoke activity: an HTTP status and a JSON body.
/// </summary>
public sealed class InvokeResponse
{
    public int Status { get; set; }

    public JsonNode? Body { get; set; }

    /// <summary>HTTP 200 carrying an adaptive card invoke response.</summary>
    public static InvokeResponse From(AdaptiveCardInvokeResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return new InvokeResponse
        {
            Status = 200,
            Body = JsonSerializer.SerializeToNode(response, BotJsonContext.Default.AdaptiveCardInvokeResponse),
        };
    }
}
