using System.Net;
using System.Text.Json.Nodes;
using AimsBot.Host.Tests.Support;
using AimsBot.Teams.Tests.Support;

namespace AimsBot.Host.Tests.Protocol;

/// <summary>POST /api/messages end to end: authentication, tenant policy, de-duplication, routing, replies.</summary>
public sealed class MessagesEndpointTests : IAsyncLifetime
{
    private readonly ProtocolHarness _bot = new();

    public Task InitializeAsync() => _bot.InitializeAsync();

    public Task DisposeAsync() => _bot.DisposeAsync();

    [Fact]
    public async Task Help_from_an_authenticated_user_is_answered_through_the_connector_with_a_bearer_token()
    {
        var activity = _bot.Activity("message", "help");
        var response = await _bot.PostAsync(activity);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var replies = await _bot.WaitForRequestsAsync(r => r.Method == "POST" && r.Path.Contains("/activities/", StringComparison.Ordinal));
        var reply = Assert.Single(replies);
        Assert.Equal($"/emea/v3/conversations/a:personal-1/activities/{activity["id"]}", Uri.UnescapeDataString(reply.Path));
        Assert.Equal($"Bearer {ProtocolHarness.OutboundToken}", reply.Authorization);
        var card = reply.Json!["attachments"]![0]!;
        Assert.Equal("application/vnd.microsoft.card.adaptive", (string?)card["contentType"]);
        Assert.Contains("whoami", card["content"]!.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(activity["id"]!.ToString(), (string?)reply.Json["replyToId"]);
    }

    [Fact]
    public async Task Whoami_shows_the_roles_configured_for_the_caller()
    {
        await _bot.PostAsync(_bot.Activity("message", "WhoAmI", userAadId: ProtocolHarness.ComplianceLeadId));
        var reply = Assert.Single(await _bot.WaitForRequestsAsync(r => r.Method == "POST"));
        var content = reply.Json!["attachments"]![0]!["content"]!.ToJsonString();
        Assert.Contains("compliance lead", content, StringComparison.Ordinal);
        Assert.Contains(ProtocolHarness.ComplianceLeadId, content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_message_records_how_to_reach_its_sender()
    {
        await _bot.PostAsync(_bot.Activity("message", "help", userAadId: "aad-user-7"));
        var user = await _bot.Users.GetAsync(ProtocolHarness.Tenant, "aad-user-7");
        Assert.NotNull(user);
        Assert.Equal("29:user-aad-user-7", user.TeamsUserId);
        Assert.Equal("a:personal-1", user.ConversationId);
        Assert.Equal(_bot.ServiceUrl, user.ServiceUrl);
        Assert.Equal("Europe/Berlin", user.TimeZone);
        Assert.True(user.Reachable);
    }

    [Fact]
    public async Task An_unknown_command_gets_a_suggestion_not_an_error()
    {
        await _bot.PostAsync(_bot.Activity("message", "halp me"));
        var reply = Assert.Single(await _bot.WaitForRequestsAsync(r => r.Method == "POST"));
        Assert.Contains("Did you mean **help**", (string?)reply.Json!["text"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_mention_of_the_bot_in_a_channel_is_stripped_before_routing()
    {
        var activity = _bot.Activity("message", "<at>AimsBot</at> whoami", conversationId: "19:channel@thread.tacv2");
        activity["conversation"]!["conversationType"] = "channel";
        activity["conversation"]!["isGroup"] = true;
        activity["entities"] = new JsonArray(new JsonObject
        {
            ["type"] = "mention",
            ["text"] = "<at>AimsBot</at>",
            ["mentioned"] = new JsonObject { ["id"] = activity["recipient"]!["id"]!.ToString(), ["name"] = "AimsBot" },
        });
        await _bot.PostAsync(activity);
        var reply = Assert.Single(await _bot.WaitForRequestsAsync(r => r.Method == "POST"));
        Assert.Contains("Who you are to me", reply.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_message_of_about_250_kb_full_of_mentions_of_the_bot_is_answered()
    {
        const string mention = "<at>AimsBot</at> ";
        var text = string.Concat(Enumerable.Repeat(mention, 250 * 1024 / mention.Length)) + "help";
        var activity = _bot.Activity("message", text);
        activity["entities"] = new JsonArray(new JsonObject
        {
            ["type"] = "mention",
            ["text"] = "<at>AimsBot</at>",
            ["mentioned"] = new JsonObject { ["id"] = activity["recipient"]!["id"]!.ToString(), ["name"] = "AimsBot" },
        });
        // As Teams sends it: '<' and '>' unescaped.
        var body = activity.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        Assert.InRange(System.Text.Encoding.UTF8.GetByteCount(body), 250 * 1024, 256 * 1024);

        var response = await _bot.PostRawAsync(body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var reply = Assert.Single(await _bot.WaitForRequestsAsync(r => r.Method == "POST"));
        Assert.Contains("whoami", reply.Body, StringComparison.Ordinal); // the help card: the command was found
    }

    [Fact]
    public async Task The_same_activity_delivered_twice_gets_the_same_status_and_one_reply()
    {
        var activity = _bot.Activity("message", "help");
        var first = await _bot.PostAsync(activity);
        var second = await _bot.PostAsync(activity);

        Assert.Equal(first.StatusCode, second.StatusCode);
        await Task.Delay(500);
        Assert.Single(_bot.Connector.Requests, r => r.Method == "POST");
    }

    [Fact]
    public async Task The_same_invoke_delivered_twice_at_once_gets_the_same_answer()
    {
        var invoke = _bot.Activity("invoke");
        invoke["name"] = "adaptiveCard/action";
        invoke["value"] = new JsonObject { ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = "onboarding.help", ["data"] = new JsonObject() }, ["trigger"] = "manual" };

        var both = await Task.WhenAll(_bot.PostAsync(invoke), _bot.PostAsync(invoke));
        var bodies = await Task.WhenAll(both.Select(r => r.Content.ReadAsStringAsync()));
        Assert.All(both, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(bodies[0], bodies[1]);
        Assert.Contains("application/vnd.microsoft.card.adaptive", bodies[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_card_action_invoke_answers_with_the_replacement_card()
    {
        var invoke = _bot.Activity("invoke");
        invoke["name"] = "adaptiveCard/action";
        invoke["value"] = new JsonObject { ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = "onboarding.help", ["data"] = new JsonObject() }, ["trigger"] = "manual" };

        var response = await _bot.PostAsync(invoke);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(200, (int)body["statusCode"]!);
        Assert.Equal("application/vnd.microsoft.card.adaptive", (string?)body["type"]);
        Assert.Equal("AdaptiveCard", (string?)body["value"]!["type"]);
        Assert.Equal("1.5", (string?)body["value"]!["version"]);
    }

    [Fact]
    public async Task An_action_submit_is_never_dispatched_even_with_a_known_verb()
    {
        // The bot's cards use Action.Execute only: a submitted form names a verb the client chose, and is not acted on.
        var submit = _bot.Activity("message");
        submit["replyToId"] = "card-activity-1";
        submit["value"] = new JsonObject { ["verb"] = "onboarding.help" };

        Assert.Equal(HttpStatusCode.OK, (await _bot.PostAsync(submit)).StatusCode);
        var reply = Assert.Single(await _bot.WaitForRequestsAsync(r => r.Method == "POST"));
        Assert.Contains("out of date", reply.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("What you can ask me", reply.Body, StringComparison.Ordinal);
        Assert.DoesNotContain(_bot.Connector.Requests, r => r.Method == "PUT");
    }

    [Fact]
    public async Task An_action_submit_with_an_unknown_verb_is_answered_politely()
    {
        var submit = _bot.Activity("message");
        submit["replyToId"] = "card-activity-2";
        submit["value"] = new JsonObject { ["verb"] = "gone.verb", ["x"] = "1" };

        Assert.Equal(HttpStatusCode.OK, (await _bot.PostAsync(submit)).StatusCode);
        var reply = Assert.Single(await _bot.WaitForRequestsAsync(r => r.Method == "POST"));
        Assert.Contains("out of date", reply.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_verb_gets_the_documented_error_shape_not_a_500()
    {
        var invoke = _bot.Activity("invoke");
        invoke["name"] = "adaptiveCard/action";
        invoke["value"] = new JsonObject { ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = "no.such.verb" } };

        var response = await _bot.PostAsync(invoke);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("application/vnd.microsoft.error", (string?)body["type"]);
        Assert.Equal(400, (int)body["statusCode"]!);
        Assert.Equal("UnknownVerb", (string?)body["value"]!["code"]);
        Assert.DoesNotContain("Exception", body.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Installing_welcomes_the_person_once_even_when_teams_announces_it_twice()
    {
        var install = _bot.Activity("installationUpdate");
        install["action"] = "add";
        var joined = _bot.Activity("conversationUpdate");
        joined["membersAdded"] = new JsonArray(new JsonObject { ["id"] = joined["recipient"]!["id"]!.ToString() });

        await Task.WhenAll(_bot.PostAsync(install), _bot.PostAsync(joined));
        var sends = await _bot.WaitForRequestsAsync(r => r.Method == "POST" && r.Path.EndsWith("/activities", StringComparison.Ordinal), count: 2, timeout: TimeSpan.FromSeconds(3));
        var welcome = Assert.Single(sends);
        Assert.Contains("Welcome to AimsBot", welcome.Body, StringComparison.Ordinal);
        Assert.Contains("Show commands", welcome.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_welcome_says_what_the_bot_does_for_the_callers_roles()
    {
        var install = _bot.Activity("installationUpdate", userAadId: ProtocolHarness.ComplianceLeadId);
        install["action"] = "add";
        await _bot.PostAsync(install);
        var welcome = Assert.Single(await _bot.WaitForRequestsAsync(r => r.Method == "POST"));
        Assert.Contains("As a compliance lead", welcome.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("As an auditor", welcome.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Uninstalling_marks_the_person_unreachable_and_a_reinstall_welcomes_again()
    {
        var install = _bot.Activity("installationUpdate", userAadId: "aad-leaver");
        install["action"] = "add";
        await _bot.PostAsync(install);
        var remove = _bot.Activity("installationUpdate", userAadId: "aad-leaver");
        remove["action"] = "remove";
        await _bot.PostAsync(remove);

        var user = await _bot.Users.GetAsync(ProtocolHarness.Tenant, "aad-leaver");
        Assert.False(user!.Reachable);
        Assert.Equal("uninstalled", user.UnreachableReason);

        var again = _bot.Activity("installationUpdate", userAadId: "aad-leaver");
        again["action"] = "add";
        await _bot.PostAsync(again);
        Assert.Equal(2, (await _bot.WaitForRequestsAsync(r => r.Method == "POST", count: 2)).Count);
        Assert.True((await _bot.Users.GetAsync(ProtocolHarness.Tenant, "aad-leaver"))!.Reachable);
    }

    [Fact]
    public async Task A_tenant_not_allowed_gets_403_and_nothing_is_written()
    {
        var response = await _bot.PostAsync(_bot.Activity("message", "help", userAadId: "aad-outsider", tenant: "99999999-0000-0000-0000-000000000000"));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Null(await _bot.Users.GetAsync("99999999-0000-0000-0000-000000000000", "aad-outsider"));
        await Task.Delay(200);
        Assert.Empty(_bot.Connector.Requests);
    }

    [Theory]
    [InlineData(null, HttpStatusCode.Unauthorized)]
    [InlineData("not.a.jwt", HttpStatusCode.Unauthorized)]
    [InlineData("unendorsed", HttpStatusCode.Forbidden)]
    [InlineData("wrong-serviceurl", HttpStatusCode.Unauthorized)]
    public async Task Unauthenticated_requests_are_refused_and_write_nothing(string? tokenKind, HttpStatusCode expected)
    {
        var token = tokenKind switch
        {
            null => null,
            "unendorsed" => _bot.Token(_bot.UnendorsedKey),
            "wrong-serviceurl" => _bot.Token(serviceUrl: "https://attacker.example/"),
            _ => tokenKind,
        };
        var response = await _bot.PostAsync(_bot.Activity("message", "help", userAadId: "aad-anon"), token);

        Assert.Equal(expected, response.StatusCode);
        Assert.Null(await _bot.Users.GetAsync(ProtocolHarness.Tenant, "aad-anon"));
        await Task.Delay(200);
        Assert.Empty(_bot.Connector.Requests);
    }

    [Fact]
    public async Task A_body_over_256_kb_gets_413_and_malformed_json_gets_400()
    {
        var big = _bot.Activity("message", new string('x', 300 * 1024));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await _bot.PostAsync(big)).StatusCode);

        var malformed = await _bot.PostRawAsync("{\"type\": \"message\", ");
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Contains("not a valid activity", await malformed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(_bot.Connector.Requests);
    }

    [Fact]
    public async Task A_user_who_blocked_the_bot_is_recorded_as_unreachable()
    {
        _bot.Connector.Script(FakeResponse.Error(403, "MessageWritesBlocked", "The user blocked the bot"));
        await _bot.PostAsync(_bot.Activity("message", "help", userAadId: "aad-blocker"));

        var user = await _bot.Users.GetAsync(ProtocolHarness.Tenant, "aad-blocker");
        Assert.False(user!.Reachable);
        Assert.Equal("blocked", user.UnreachableReason);
        Assert.Single(_bot.Connector.Requests);
    }
}
