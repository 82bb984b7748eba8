using System.Text.Json;
using System.Text.Json.Nodes;
using AimsBot.Teams.Activities;

namespace AimsBot.Teams.Tests.Activities;

public class InvokeResponseTests
{
    private static JsonNode Write(AdaptiveCardInvokeResponse response) =>
        JsonNode.Parse(JsonSerializer.Serialize(response, BotJsonContext.Default.AdaptiveCardInvokeResponse))!;

    [Fact]
    public void Card_response_has_the_adaptive_card_shape()
    {
        var card = new JsonObject { ["type"] = "AdaptiveCard", ["version"] = "1.5", ["body"] = new JsonArray() };

        var json = Write(AdaptiveCardInvokeResponse.Card(card));

        var expected = JsonNode.Parse("""{"statusCode":200,"type":"application/vnd.microsoft.card.adaptive","value":{"type":"AdaptiveCard","version":"1.5","body":[]}}""");
        Assert.True(JsonNode.DeepEquals(expected, json), json.ToJsonString());
    }

    [Fact]
    public void Message_response_has_the_message_shape()
    {
        var json = Write(AdaptiveCardInvokeResponse.Message("Saved."));

        var expected = JsonNode.Parse("""{"statusCode":200,"type":"application/vnd.microsoft.activity.message","value":"Saved."}""");
        Assert.True(JsonNode.DeepEquals(expected, json), json.ToJsonString());
    }

    [Fact]
    public void Error_response_has_the_error_shape()
    {
        var json = Write(AdaptiveCardInvokeResponse.Error(400, "BadRequest", "Unknown verb"));

        var expected = JsonNode.Parse("""{"statusCode":400,"type":"application/vnd.microsoft.error","value":{"code":"BadRequest","message":"Unknown verb"}}""");
        Assert.True(JsonNode.DeepEquals(expected, json), json.ToJsonString());
    }

    [Fact]
    public void Invoke_response_wraps_the_body_with_http_200()
    {
        var response = InvokeResponse.From(AdaptiveCardInvokeResponse.Message("ok"));

        Assert.Equal(200, response.Status);
        Assert.Equal("application/vnd.microsoft.activity.message", response.Body!["type"]!.GetValue<string>());
    }
}
