using System.Text.Json;
using System.Text.Json.Nodes;
using AimsBot.Teams.Activities;

namespace AimsBot.Teams.Tests.Activities;

public class ActivityHelperTests
{
    private static Activity Parse(string json) => JsonSerializer.Deserialize(json, BotJsonContext.Default.Activity)!;

    [Fact]
    public void Create_reply_swaps_from_and_recipient_and_targets_the_activity()
    {
        var incoming = Parse(TeamsSamples.ChannelMessageWithMention);

        var reply = incoming.CreateReply("Here are the open risks");

        Assert.Equal(ActivityTypes.Message, reply.Type);
        Assert.Equal("Here are the open risks", reply.Text);
        Assert.Equal(TeamsSamples.BotId, reply.From!.Id);
        Assert.Equal("AimsBot", reply.From.Name);
        Assert.Equal("29:1ghi-user", reply.Recipient!.Id);
        Assert.Equal("Grace Hopper", reply.Recipient.Name);
        Assert.Equal(incoming.Conversation!.Id, reply.Conversation!.Id);
        Assert.Equal(incoming.Id, reply.ReplyToId);
        Assert.Equal(incoming.ServiceUrl, reply.ServiceUrl);
        Assert.Equal("msteams", reply.ChannelId);
        Assert.Equal("en-US", reply.Locale);
        Assert.Null(reply.Id);
        Assert.NotSame(incoming.Conversation, reply.Conversation);
    }

    [Fact]
    public void Mention_of_the_bot_is_stripped()
    {
        var activity = Parse(TeamsSamples.ChannelMessageWithMention);

        Assert.Equal("show open risks", activity.GetTextWithoutMentions());
        Assert.Equal("<at>AimsBot</at> show open risks\n", activity.Text); // not changed

        Assert.Equal("show open risks", activity.RemoveMentionOf(TeamsSamples.BotId));
        Assert.Equal("show open risks", activity.Text);
    }

    [Theory]
    [InlineData("hey <at>AimsBot</at> what's due?", "hey what's due?")]
    [InlineData("<at>AimsBot</at>what's due?", "what's due?")]
    [InlineData("what's due <at>AimsBot</at>", "what's due")]
    [InlineData("<at>AimsBot</at> ping <at>AimsBot</at> again", "ping again")]
    [InlineData("<at>aimsbot</at> case", "case")]
    public void Mention_stripping_handles_positions_and_repeats(string text, string expected)
    {
        var activity = MessageMentioning(text, mentionText: "<at>AimsBot</at>", mentionedId: TeamsSamples.BotId);

        Assert.Equal(expected, activity.GetTextWithoutMentions());
    }

    [Fact]
    public void Mentions_of_other_people_are_kept()
    {
        var activity = MessageMentioning("<at>AimsBot</at> assign to <at>Grace Hopper</at>", "<at>AimsBot</at>", TeamsSamples.BotId);
        activity.Entities!.Add(new Entity
        {
            Type = EntityTypes.Mention,
            Mentioned = new ChannelAccount { Id = "29:grace", Name = "Grace Hopper" },
            Text = "<at>Grace Hopper</at>",
        });

        Assert.Equal("assign to <at>Grace Hopper</at>", activity.GetTextWithoutMentions());
    }

    [Fact]
    public void Bare_app_id_matches_the_bot_channel_id()
    {
        var activity = MessageMentioning("<at>AimsBot</at> hi", "<at>AimsBot</at>", TeamsSamples.BotId);

        Assert.Equal("hi", activity.RemoveMentionOf(TeamsSamples.BotId["28:".Length..]));
    }

    [Fact]
    public void Mention_is_found_by_name_when_entity_text_differs()
    {
        var activity = MessageMentioning("<at>AimsBot</at> hi", "<at>Aims Bot (preview)</at>", TeamsSamples.BotId);

        Assert.Equal("hi", activity.GetTextWithoutMentions());
    }

    [Theory]
    [InlineData("x<at>AimsBot</at><at>AimsBot</at>y", "x y")]
    [InlineData("<at>AimsBot</at>\n\t <at>AimsBot</at>", "")]
    [InlineData("what's\n<at>AimsBot</at>\ndue", "what's\ndue")]
    [InlineData("<at>AimsBot fan</at> hi", "<at>AimsBot fan</at> hi")]
    [InlineData("<at>AimsBot</at<at>AimsBot</at> hi", "<at>AimsBot</at hi")]
    [InlineData("<AT>AIMSBOT</AT> hi", "hi")]
    [InlineData("", "")]
    public void Mention_stripping_edge_cases(string text, string expected)
    {
        var activity = MessageMentioning(text, "<at>AimsBot</at>", TeamsSamples.BotId);

        Assert.Equal(expected, activity.GetTextWithoutMentions());
    }

    [Fact]
    public void Mention_stripping_ignores_case_beyond_ascii()
    {
        var activity = MessageMentioning("<at>Ärger Bot</at> status", "<at>ärger bot</at>", TeamsSamples.BotId);

        Assert.Equal("status", activity.GetTextWithoutMentions());
    }

    [Fact]
    public void A_repeated_mention_whose_text_is_gone_falls_back_to_the_name()
    {
        // Teams sends one entity per mention; once the first has removed its text, the second removes <at>name</at>.
        var activity = MessageMentioning("<at>Aims</at> due <at>AimsBot</at> now", "<at>Aims</at>", TeamsSamples.BotId);
        activity.Entities!.Add(new Entity { Type = EntityTypes.Mention, Mentioned = new ChannelAccount { Id = TeamsSamples.BotId, Name = "AimsBot" }, Text = "<at>Aims</at>" });

        Assert.Equal("due now", activity.GetTextWithoutMentions());
    }

    [Fact]
    public void A_mention_without_text_or_name_removes_nothing()
    {
        var activity = MessageMentioning("<at>AimsBot</at> hi", "", TeamsSamples.BotId);
        activity.Entities![0].Mentioned!.Name = null;

        Assert.Equal("<at>AimsBot</at> hi", activity.GetTextWithoutMentions());
    }

    [Fact]
    public void Thousands_of_distinct_mentions_of_the_bot_are_all_removed_and_others_kept()
    {
        var activity = MessageMentioning("", "<at>AimsBot</at>", TeamsSamples.BotId);
        var text = new System.Text.StringBuilder();
        for (var i = 0; i < 5000; i++)
        {
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"<at>Bot {i}</at> w{i} <at>Grace {i}</at> ");
            activity.Entities!.Add(new Entity { Type = EntityTypes.Mention, Mentioned = new ChannelAccount { Id = TeamsSamples.BotId, Name = "AimsBot" }, Text = $"<at>Bot {i}</at>" });
            activity.Entities.Add(new Entity { Type = EntityTypes.Mention, Mentioned = new ChannelAccount { Id = "29:grace", Name = "Grace" }, Text = $"<at>Grace {i}</at>" });
        }

        activity.Text = text.ToString();
        var stripped = activity.GetTextWithoutMentions()!;

        Assert.DoesNotContain("<at>Bot ", stripped, StringComparison.Ordinal);
        Assert.StartsWith("w0 <at>Grace 0</at> w1 <at>Grace 1</at>", stripped, StringComparison.Ordinal);
        Assert.EndsWith("w4999 <at>Grace 4999</at>", stripped, StringComparison.Ordinal);
    }

    [Fact]
    public void Conversation_reference_captures_what_proactive_sends_need()
    {
        var reference = Parse(TeamsSamples.PersonalMessage).GetConversationReference();

        Assert.Equal("a:1xYz_personal-conversation", reference.Conversation!.Id);
        Assert.Equal("https://smba.trafficmanager.net/emea/", reference.ServiceUrl);
        Assert.Equal("29:1abcDEF-user", reference.User!.Id);
        Assert.Equal(TeamsSamples.BotId, reference.Bot!.Id);
        Assert.Equal(TeamsSamples.TenantId, reference.Conversation.TenantId);
    }

    [Fact]
    public void Personal_chat_parameters_have_the_proactive_shape()
    {
        var parameters = ConversationParameters.PersonalChat("00000000-0000-0000-0000-00000000b0b0", "29:1abcDEF-user", TeamsSamples.TenantId);

        var json = JsonNode.Parse(JsonSerializer.Serialize(parameters, BotJsonContext.Default.ConversationParameters))!;
        var expected = JsonNode.Parse($$$"""
        {"isGroup":false,"bot":{"id":"{{{TeamsSamples.BotId}}}"},"members":[{"id":"29:1abcDEF-user"}],
         "channelData":{"tenant":{"id":"{{{TeamsSamples.TenantId}}}"}},"tenantId":"{{{TeamsSamples.TenantId}}}"}
        """);
        Assert.True(JsonNode.DeepEquals(expected, json), json.ToJsonString());
    }

    private static Activity MessageMentioning(string text, string mentionText, string mentionedId) => new()
    {
        Type = ActivityTypes.Message,
        Text = text,
        Recipient = new ChannelAccount { Id = TeamsSamples.BotId, Name = "AimsBot" },
        Entities =
        [
            new Entity { Type = EntityTypes.Mention, Mentioned = new ChannelAccount { Id = mentionedId, Name = "AimsBot" }, Text = mentionText },
        ],
    };
}
