using System.Text.Json;
using AimsBot.Teams.Activities;

namespace AimsBot.Teams.Tests.Activities;

public class ActivityParsingTests
{
    private static Activity Parse(string json) =>
        JsonSerializer.Deserialize(json, BotJsonContext.Default.Activity) ?? throw new InvalidOperationException("null activity");

    [Fact]
    public void Personal_message_fields_are_read()
    {
        var activity = Parse(TeamsSamples.PersonalMessage);

        Assert.Equal(ActivityTypes.Message, activity.Type);
        Assert.Equal("1741083330123", activity.Id);
        Assert.Equal(new DateTimeOffset(2025, 3, 4, 10, 15, 30, TimeSpan.Zero).AddTicks(1234567), activity.Timestamp);
        Assert.Equal(TimeSpan.FromHours(1), activity.LocalTimestamp!.Value.Offset);
        Assert.Equal("Europe/London", activity.LocalTimezone);
        Assert.Equal("https://smba.trafficmanager.net/emea/", activity.ServiceUrl);
        Assert.Equal("msteams", activity.ChannelId);
        Assert.Equal("29:1abcDEF-user", activity.From!.Id);
        Assert.Equal("Ada Lovelace", activity.From.Name);
        Assert.Equal("6f1c3a4e-0000-4000-8000-000000000001", activity.From.AadObjectId);
        Assert.Equal("a:1xYz_personal-conversation", activity.Conversation!.Id);
        Assert.Equal(ConversationTypes.Personal, activity.Conversation.ConversationType);
        Assert.Equal(TeamsSamples.BotId, activity.Recipient!.Id);
        Assert.Equal("What is my next review?", activity.Text);
        Assert.Equal("plain", activity.TextFormat);
        Assert.Equal("en-GB", activity.Locale);
        var attachment = Assert.Single(activity.Attachments!);
        Assert.Equal("text/html", attachment.ContentType);
        Assert.Equal("<p>What is my next review?</p>", attachment.Content!.GetValue<string>());
        var clientInfo = Assert.Single(activity.Entities!);
        Assert.Equal(EntityTypes.ClientInfo, clientInfo.Type);
        Assert.Equal("Web", clientInfo.Extra!["platform"].GetString());
        Assert.Equal(TeamsSamples.TenantId, activity.ChannelData!.Tenant!.Id);
        Assert.Equal(TeamsSamples.TenantId, activity.GetTenantId());
        Assert.False(activity.IsFromChannelOrGroup);
        Assert.Null(activity.Value);
    }

    [Fact]
    public void Channel_message_with_mention_fields_are_read()
    {
        var activity = Parse(TeamsSamples.ChannelMessageWithMention);

        Assert.True(activity.IsFromChannelOrGroup);
        Assert.Equal(ConversationTypes.Channel, activity.Conversation!.ConversationType);
        Assert.True(activity.Conversation.IsGroup);
        Assert.Equal("19:abc123@thread.tacv2;messageid=1741083600000", activity.Conversation.Id);
        Assert.Equal("19:abc123@thread.tacv2", activity.ChannelData!.Channel!.Id);
        Assert.Equal("Risk reviews", activity.ChannelData.Channel.Name);
        Assert.Equal("19:team456@thread.tacv2", activity.ChannelData.Team!.Id);
        Assert.Equal("Quality", activity.ChannelData.Team.Name);
        Assert.Equal("0a0b0c0d-0000-4000-8000-000000000003", activity.ChannelData.Team.AadGroupId);
        Assert.Equal("19:team456@thread.tacv2", activity.ChannelData.Extra!["teamsTeamId"].GetString());
        var mention = Assert.Single(activity.GetMentions());
        Assert.Equal(TeamsSamples.BotId, mention.Mentioned!.Id);
        Assert.Equal("<at>AimsBot</at>", mention.Text);
    }

    [Fact]
    public void Adaptive_card_action_invoke_value_is_read()
    {
        var activity = Parse(TeamsSamples.AdaptiveCardActionInvoke);

        Assert.Equal(ActivityTypes.Invoke, activity.Type);
        Assert.Equal(InvokeNames.AdaptiveCardAction, activity.Name);
        Assert.Equal("1741083330999", activity.ReplyToId);
        Assert.Equal(JsonValueKind.Object, activity.Value!.Value.ValueKind);

        var value = activity.GetAdaptiveCardInvokeValue();
        Assert.NotNull(value);
        Assert.Equal("manual", value.Trigger);
        Assert.Equal("Action.Execute", value.Action!.Type);
        Assert.Equal("approveReview", value.Action.Verb);
        Assert.Equal("R-42", value.Action.Data!.Value.GetProperty("reviewId").GetString());
        Assert.Equal("Approve", value.Action.Extra!["title"].GetString());
        Assert.Equal("message", activity.ChannelData!.Extra!["source"].GetProperty("name").GetString());
    }

    [Fact]
    public void Action_submit_message_value_is_read()
    {
        var activity = Parse(TeamsSamples.ActionSubmitMessage);

        Assert.Equal(ActivityTypes.Message, activity.Type);
        Assert.Null(activity.Text);
        var value = activity.Value!.Value;
        Assert.Equal("submitFinding", value.GetProperty("action").GetString());
        Assert.Equal("high", value.GetProperty("severity").GetString());
        Assert.Equal(3, value.GetProperty("count").GetInt32());
        // "action" here is a string, not an Action.Execute object: no adaptive card invoke value.
        Assert.Null(activity.GetAdaptiveCardInvokeValue()?.Action);
    }

    [Fact]
    public void Conversation_update_members_added_is_read()
    {
        var activity = Parse(TeamsSamples.ConversationUpdateMembersAdded);

        Assert.Equal(ActivityTypes.ConversationUpdate, activity.Type);
        Assert.Equal(2, activity.MembersAdded!.Count);
        Assert.Equal(TeamsSamples.BotId, activity.MembersAdded[0].Id);
        Assert.Equal("6f1c3a4e-0000-4000-8000-000000000001", activity.MembersAdded[1].AadObjectId);
        Assert.Null(activity.MembersRemoved);
        Assert.Equal("teamMemberAdded", activity.ChannelData!.EventType);
        Assert.Equal("19:general@thread.tacv2", activity.ChannelData.Settings!.SelectedChannel!.Id);
        Assert.Equal("Quality", activity.ChannelData.Team!.Name);
        Assert.True(activity.IsFromChannelOrGroup);
    }

    [Theory]
    [InlineData(TeamsSamples.InstallationUpdateAdd, InstallationUpdateActions.Add)]
    [InlineData(TeamsSamples.InstallationUpdateRemove, InstallationUpdateActions.Remove)]
    public void Installation_update_action_is_read(string json, string action)
    {
        var activity = Parse(json);

        Assert.Equal(ActivityTypes.InstallationUpdate, activity.Type);
        Assert.Equal(action, activity.Action);
        Assert.Equal(TeamsSamples.TenantId, activity.GetTenantId());
        Assert.Equal("a:1xYz_personal-conversation", activity.Conversation!.Id);
    }

    [Fact]
    public void Odd_fields_do_not_make_the_activity_unreadable()
    {
        const string json = """
        {"Type":"message","timestamp":"not a date","localTimestamp":42,"conversation":{"id":"a:1","isGroup":false},
         "channelData":{"tenant":{"id":"t1"}},"value":"plain string value"}
        """;

        var activity = Parse(json);

        Assert.Equal("message", activity.Type);
        Assert.Null(activity.Timestamp);
        Assert.Null(activity.LocalTimestamp);
        Assert.Equal(JsonValueKind.String, activity.Value!.Value.ValueKind);
        Assert.Null(activity.GetAdaptiveCardInvokeValue());
    }

    [Fact]
    public void Tenant_falls_back_to_conversation_tenant()
    {
        var activity = new Activity { Conversation = new ConversationAccount { Id = "a:1", TenantId = "from-conversation" } };
        Assert.Equal("from-conversation", activity.GetTenantId());

        activity.ChannelData = new TeamsChannelData { Tenant = new TenantInfo { Id = "from-channel-data" } };
        Assert.Equal("from-channel-data", activity.GetTenantId());
    }

    [Fact]
    public void Group_chat_is_from_channel_or_group()
    {
        var activity = new Activity { Conversation = new ConversationAccount { Id = "19:x@thread.v2", ConversationType = ConversationTypes.GroupChat } };
        Assert.True(activity.IsFromChannelOrGroup);
        Assert.False(new Activity().IsFromChannelOrGroup);
    }
}
