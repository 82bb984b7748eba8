using System.Text.Json;
using System.Text.Json.Nodes;
using AimsBot.Teams.Activities;

namespace AimsBot.Teams.Tests.Activities;

public class RoundTripTests
{
    public static TheoryData<string> Samples =>
    [
        TeamsSamples.PersonalMessage,
        TeamsSamples.ChannelMessageWithMention,
        TeamsSamples.AdaptiveCardActionInvoke,
        TeamsSamples.ActionSubmitMessage,
        TeamsSamples.ConversationUpdateMembersAdded,
        TeamsSamples.InstallationUpdateAdd,
        TeamsSamples.InstallationUpdateRemove,
    ];

    [Theory]
    [MemberData(nameof(Samples))]
    public void Serialize_round_trip_preserves_every_field(string json)
    {
        var activity = JsonSerializer.Deserialize(json, BotJsonContext.Default.Activity)!;
        var written = JsonSerializer.Serialize(activity, BotJsonContext.Default.Activity);

        var original = JsonNode.Parse(json)!.AsObject();
        var roundTripped = JsonNode.Parse(written)!.AsObject();

        // Timestamps are re-formatted (ISO 8601 "O"), so compare them as instants...
        foreach (var name in new[] { "timestamp", "localTimestamp" })
        {
            if (original[name] is { } value)
            {
                Assert.Equal(DateTimeOffset.Parse(value.GetValue<string>()), DateTimeOffset.Parse(roundTripped[name]!.GetValue<string>()));
                Assert.Equal(DateTimeOffset.Parse(value.GetValue<string>()).Offset, DateTimeOffset.Parse(roundTripped[name]!.GetValue<string>()).Offset);
            }

            original.Remove(name);
            roundTripped.Remove(name);
        }

        // ...and everything else, known or unknown, must be exactly what came in.
        Assert.True(JsonNode.DeepEquals(original, roundTripped), $"Round trip changed the activity:\n{original}\n---\n{roundTripped}");
    }

    [Fact]
    public void Unknown_fields_at_every_level_survive()
    {
        const string json = """
        {
          "type": "message",
          "futureTopLevel": { "nested": [1, 2, 3] },
          "from": { "id": "29:u", "futureAccountField": "x" },
          "conversation": { "id": "a:1", "futureConversationField": true },
          "entities": [ { "type": "mention", "mentioned": { "id": "28:b" }, "text": "<at>b</at>", "futureEntityField": 1 } ],
          "attachments": [ { "contentType": "application/vnd.microsoft.card.adaptive", "content": { "type": "AdaptiveCard", "body": [] }, "futureAttachmentField": "y" } ],
          "channelData": { "tenant": { "id": "t", "futureTenantField": "z" }, "futureChannelDataField": { "a": null } }
        }
        """;

        var activity = JsonSerializer.Deserialize(json, BotJsonContext.Default.Activity)!;
        Assert.True(activity.Extra!.ContainsKey("futureTopLevel"));

        var written = JsonNode.Parse(JsonSerializer.Serialize(activity, BotJsonContext.Default.Activity))!;
        Assert.Equal(3, written["futureTopLevel"]!["nested"]!.AsArray().Count);
        Assert.Equal("x", written["from"]!["futureAccountField"]!.GetValue<string>());
        Assert.True(written["conversation"]!["futureConversationField"]!.GetValue<bool>());
        Assert.Equal(1, written["entities"]![0]!["futureEntityField"]!.GetValue<int>());
        Assert.Equal("y", written["attachments"]![0]!["futureAttachmentField"]!.GetValue<string>());
        Assert.Equal("AdaptiveCard", written["attachments"]![0]!["content"]!["type"]!.GetValue<string>());
        Assert.Equal("z", written["channelData"]!["tenant"]!["futureTenantField"]!.GetValue<string>());
        Assert.True(written["channelData"]!.AsObject().ContainsKey("futureChannelDataField"));
    }

    [Fact]
    public void Writing_uses_camel_case_and_omits_nulls()
    {
        var activity = Activity.CreateMessage("hello");
        activity.Conversation = new ConversationAccount { Id = "a:1" };

        var json = JsonSerializer.Serialize(activity, BotJsonContext.Default.Activity);

        Assert.Equal("""{"type":"message","conversation":{"id":"a:1"},"text":"hello"}""", json);
    }
}
