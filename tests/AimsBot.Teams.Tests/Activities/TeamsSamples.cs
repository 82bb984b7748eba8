namespace AimsBot.Teams.Tests.Activities;

/// <summary>Activities shaped like what Teams posts to a bot (ids made up).</summary>
internal static class TeamsSamples
{
    public const string BotId = "28:00000000-0000-0000-0000-00000000b0b0";
    public const string TenantId = "72f988bf-86f1-41af-91ab-2d7cd011db47";

    public const string PersonalMessage = """
    {
      "text": "What is my next review?",
      "textFormat": "plain",
      "attachments": [ { "contentType": "text/html", "content": "<p>What is my next review?</p>" } ],
      "type": "message",
      "timestamp": "2025-03-04T10:15:30.1234567Z",
      "localTimestamp": "2025-03-04T11:15:30.1234567+01:00",
      "id": "1741083330123",
      "channelId": "msteams",
      "serviceUrl": "https://smba.trafficmanager.net/emea/",
      "from": { "id": "29:1abcDEF-user", "name": "Ada Lovelace", "aadObjectId": "6f1c3a4e-0000-4000-8000-000000000001" },
      "conversation": { "conversationType": "personal", "tenantId": "72f988bf-86f1-41af-91ab-2d7cd011db47", "id": "a:1xYz_personal-conversation" },
      "recipient": { "id": "28:00000000-0000-0000-0000-00000000b0b0", "name": "AimsBot" },
      "entities": [ { "locale": "en-GB", "country": "GB", "platform": "Web", "timezone": "Europe/London", "type": "clientInfo" } ],
      "channelData": { "tenant": { "id": "72f988bf-86f1-41af-91ab-2d7cd011db47" } },
      "locale": "en-GB",
      "localTimezone": "Europe/London"
    }
    """;

    public const string ChannelMessageWithMention = """
    {
      "text": "<at>AimsBot</at> show open risks\n",
      "textFormat": "plain",
      "type": "message",
      "timestamp": "2025-03-04T10:20:00.000Z",
      "id": "1741083600000",
      "channelId": "msteams",
      "serviceUrl": "https://smba.trafficmanager.net/emea/",
      "from": { "id": "29:1ghi-user", "name": "Grace Hopper", "aadObjectId": "6f1c3a4e-0000-4000-8000-000000000002" },
      "conversation": {
        "isGroup": true,
        "conversationType": "channel",
        "tenantId": "72f988bf-86f1-41af-91ab-2d7cd011db47",
        "id": "19:abc123@thread.tacv2;messageid=1741083600000"
      },
      "recipient": { "id": "28:00000000-0000-0000-0000-00000000b0b0", "name": "AimsBot" },
      "entities": [
        { "mentioned": { "id": "28:00000000-0000-0000-0000-00000000b0b0", "name": "AimsBot" }, "text": "<at>AimsBot</at>", "type": "mention" },
        { "locale": "en-US", "country": "US", "platform": "Windows", "timezone": "America/New_York", "type": "clientInfo" }
      ],
      "channelData": {
        "teamsChannelId": "19:abc123@thread.tacv2",
        "teamsTeamId": "19:team456@thread.tacv2",
        "channel": { "id": "19:abc123@thread.tacv2", "name": "Risk reviews" },
        "team": { "id": "19:team456@thread.tacv2", "name": "Quality", "aadGroupId": "0a0b0c0d-0000-4000-8000-000000000003" },
        "tenant": { "id": "72f988bf-86f1-41af-91ab-2d7cd011db47" }
      },
      "locale": "en-US"
    }
    """;

    public const string AdaptiveCardActionInvoke = """
    {
      "name": "adaptiveCard/action",
      "type": "invoke",
      "timestamp": "2025-03-04T10:25:00.000Z",
      "localTimestamp": "2025-03-04T11:25:00.000+01:00",
      "id": "f:7c4a-invoke",
      "channelId": "msteams",
      "serviceUrl": "https://smba.trafficmanager.net/emea/",
      "from": { "id": "29:1abcDEF-user", "name": "Ada Lovelace", "aadObjectId": "6f1c3a4e-0000-4000-8000-000000000001" },
      "conversation": { "conversationType": "personal", "tenantId": "72f988bf-86f1-41af-91ab-2d7cd011db47", "id": "a:1xYz_personal-conversation" },
      "recipient": { "id": "28:00000000-0000-0000-0000-00000000b0b0", "name": "AimsBot" },
      "entities": [ { "locale": "en-GB", "country": "GB", "platform": "Web", "timezone": "Europe/London", "type": "clientInfo" } ],
      "channelData": { "tenant": { "id": "72f988bf-86f1-41af-91ab-2d7cd011db47" }, "source": { "name": "message" }, "legacy": { "replyToId": "1:1abc" } },
      "replyToId": "1741083330999",
      "value": {
        "action": { "type": "Action.Execute", "title": "Approve", "verb": "approveReview", "data": { "reviewId": "R-42", "comment": "ok" } },
        "trigger": "manual"
      },
      "locale": "en-GB",
      "localTimezone": "Europe/London"
    }
    """;

    public const string ActionSubmitMessage = """
    {
      "type": "message",
      "timestamp": "2025-03-04T10:26:00.000Z",
      "id": "1741083960000",
      "channelId": "msteams",
      "serviceUrl": "https://smba.trafficmanager.net/emea/",
      "from": { "id": "29:1abcDEF-user", "name": "Ada Lovelace", "aadObjectId": "6f1c3a4e-0000-4000-8000-000000000001" },
      "conversation": { "conversationType": "personal", "tenantId": "72f988bf-86f1-41af-91ab-2d7cd011db47", "id": "a:1xYz_personal-conversation" },
      "recipient": { "id": "28:00000000-0000-0000-0000-00000000b0b0", "name": "AimsBot" },
      "channelData": { "tenant": { "id": "72f988bf-86f1-41af-91ab-2d7cd011db47" }, "source": { "name": "message" } },
      "replyToId": "1741083330999",
      "value": { "action": "submitFinding", "severity": "high", "count": 3 },
      "locale": "en-GB"
    }
    """;

    public const string ConversationUpdateMembersAdded = """
    {
      "membersAdded": [
        { "id": "28:00000000-0000-0000-0000-00000000b0b0" },
        { "id": "29:1abcDEF-user", "aadObjectId": "6f1c3a4e-0000-4000-8000-000000000001" }
      ],
      "type": "conversationUpdate",
      "timestamp": "2025-03-04T09:00:00.000Z",
      "id": "f:update-1",
      "channelId": "msteams",
      "serviceUrl": "https://smba.trafficmanager.net/emea/",
      "from": { "id": "29:1abcDEF-user", "aadObjectId": "6f1c3a4e-0000-4000-8000-000000000001" },
      "conversation": { "isGroup": true, "conversationType": "channel", "tenantId": "72f988bf-86f1-41af-91ab-2d7cd011db47", "id": "19:general@thread.tacv2" },
      "recipient": { "id": "28:00000000-0000-0000-0000-00000000b0b0", "name": "AimsBot" },
      "channelData": {
        "team": { "aadGroupId": "0a0b0c0d-0000-4000-8000-000000000003", "name": "Quality", "id": "19:general@thread.tacv2" },
        "eventType": "teamMemberAdded",
        "tenant": { "id": "72f988bf-86f1-41af-91ab-2d7cd011db47" },
        "settings": { "selectedChannel": { "id": "19:general@thread.tacv2" } }
      }
    }
    """;

    public const string InstallationUpdateAdd = """
    {
      "action": "add",
      "type": "installationUpdate",
      "timestamp": "2025-03-04T08:59:59.000Z",
      "id": "f:install-add",
      "channelId": "msteams",
      "serviceUrl": "https://smba.trafficmanager.net/emea/",
      "from": { "id": "29:1abcDEF-user", "aadObjectId": "6f1c3a4e-0000-4000-8000-000000000001" },
      "conversation": { "conversationType": "personal", "tenantId": "72f988bf-86f1-41af-91ab-2d7cd011db47", "id": "a:1xYz_personal-conversation" },
      "recipient": { "id": "28:00000000-0000-0000-0000-00000000b0b0", "name": "AimsBot" },
      "entities": [ { "locale": "en-GB", "platform": "Web", "type": "clientInfo" } ],
      "channelData": { "settings": { "source": { "name": "message" } }, "source": { "name": "message" }, "tenant": { "id": "72f988bf-86f1-41af-91ab-2d7cd011db47" } },
      "locale": "en-GB"
    }
    """;

    public const string InstallationUpdateRemove = """
    {
      "action": "remove",
      "type": "installationUpdate",
      "timestamp": "2025-03-05T08:00:00.000Z",
      "id": "f:install-remove",
      "channelId": "msteams",
      "serviceUrl": "https://smba.trafficmanager.net/emea/",
      "from": { "id": "29:1abcDEF-user", "aadObjectId": "6f1c3a4e-0000-4000-8000-000000000001" },
      "conversation": { "conversationType": "personal", "tenantId": "72f988bf-86f1-41af-91ab-2d7cd011db47", "id": "a:1xYz_personal-conversation" },
      "recipient": { "id": "28:00000000-0000-0000-0000-00000000b0b0", "name": "AimsBot" },
      "channelData": { "tenant": { "id": "72f988bf-86f1-41af-91ab-2d7cd011db47" } },
      "locale": "en-GB"
    }
    """;
}
