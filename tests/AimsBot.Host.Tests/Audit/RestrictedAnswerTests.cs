using System.Net;
using System.Text.Json.Nodes;
using AimsBot.Teams.Tests.Support;
using AimsBot.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace AimsBot.Host.Tests.Audit;

/// <summary>
/// Role-restricted answers never appear where others read along: asked in a channel or group chat, the answer goes to
/// the caller's 1:1 chat and the channel hears only where it went.
/// </summary>
public sealed class RestrictedAnswerTests : AuditHostTest
{
    public RestrictedAnswerTests()
        : base(new RunningClock(TestClock.Default))
    {
    }

    private const string ChannelConversation = "19:aims-team-general@thread.tacv2";
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task An_auditors_evidence_query_in_a_channel_answers_in_a_new_1to1_chat_and_the_channel_gets_only_a_pointer()
    {
        var ids = await SeedEvidenceAsync(Tenant, "org", "A.6.2.6", 3, Start, TimeSpan.FromDays(1));

        var pointer = await SayAsync("evidence A.6.2.6", userAadId: Auditor, edit: InChannel);

        Assert.Null(pointer.Card);
        Assert.Equal("I answered **evidence** in our 1:1 chat, so that only you can read it.", pointer.Text);
        Assert.All(ids, id => Assert.DoesNotContain(id, pointer.Shown, StringComparison.Ordinal));
        var create = Assert.Single(Bot.Connector.Requests, r => r.Method == "POST" && r.Path.EndsWith("/v3/conversations", StringComparison.Ordinal));
        Assert.Equal("29:user-" + Auditor, (string?)create.Json!["members"]![0]!["id"]);
        Assert.Equal(Tenant, (string?)create.Json!["channelData"]!["tenant"]!["id"]);
        var privateAnswer = Assert.Single(await Bot.WaitForRequestsAsync(r => r.Method == "POST" && r.Path.Contains("/v3/conversations/a:created-", StringComparison.Ordinal)));
        var table = privateAnswer.Json!["attachments"]![0]!["content"]!;
        Assert.Equal(ids, Ids(table));
        Assert.DoesNotContain(Bot.Connector.Requests, r => r.Path.Contains(ChannelConversation, StringComparison.Ordinal) && r.Body.Contains("\"Table\"", StringComparison.Ordinal));

        // The chat is remembered: the next restricted answer goes straight there.
        var remembered = await Bot.Users.GetAsync(Tenant, Auditor);
        Assert.StartsWith("a:created-", remembered!.ConversationId, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_stored_1to1_chat_is_used_when_there_is_one_and_a_group_chat_is_treated_like_a_channel()
    {
        await Bot.Users.RecordSightingAsync(new(Tenant, Auditor, "29:user-" + Auditor, "Avery Auditor", null, "28:bot", "a:auditor-personal", Bot.ServiceUrl, "UTC", Start), installed: true);
        await SeedEvidenceAsync(Tenant, "org", "A.6.2.6", 2, Start, TimeSpan.FromDays(1));

        var pointer = await SayAsync("ncs", userAadId: Auditor, edit: a => a["conversation"] = new JsonObject { ["id"] = "19:group-chat@thread.v2", ["conversationType"] = "groupChat", ["isGroup"] = true, ["tenantId"] = Tenant });

        Assert.Contains("answered **ncs** in our 1:1 chat", pointer.Text, StringComparison.Ordinal);
        var privateAnswer = Assert.Single(await Bot.WaitForRequestsAsync(r => r.Method == "POST" && r.Path.Contains("/v3/conversations/a:auditor-personal/activities", StringComparison.Ordinal)));
        Assert.Contains("No nonconformities have been recorded.", privateAnswer.Body, StringComparison.Ordinal);
        Assert.DoesNotContain(Bot.Connector.Requests, r => r.Method == "POST" && r.Path.EndsWith("/v3/conversations", StringComparison.Ordinal));
    }

    [Fact]
    public async Task When_the_1to1_chat_cannot_be_opened_the_channel_is_told_to_open_one_and_nothing_restricted_is_sent_or_run()
    {
        var ids = await SeedEvidenceAsync(Tenant, "org", "A.6.2.6", 2, Start, TimeSpan.FromDays(1));
        Bot.Connector.Responder = r => r.Method == "POST" && r.Path.EndsWith("/v3/conversations", StringComparison.Ordinal)
            ? FakeResponse.Error((int)HttpStatusCode.Forbidden, "Forbidden", "The bot is not installed for the user.")
            : null;

        var answer = await SayAsync("evidence A.6.2.6", userAadId: Auditor, edit: InChannel);

        Assert.Contains("I can't reach you there yet. Open a chat with me", answer.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(Bot.Connector.Requests, r => ids.Exists(id => r.Body.Contains(id, StringComparison.Ordinal)));
        Assert.DoesNotContain(Bot.Connector.Requests, r => r.Body.Contains("\"Table\"", StringComparison.Ordinal));
        Assert.Empty(Ledger.Events); // the query never ran, so there is no auditor query to record
    }

    [Fact]
    public async Task More_pressed_on_an_evidence_card_in_a_channel_is_refused_there()
    {
        await SeedEvidenceAsync(Tenant, "org", "A.6.2.6", 30, Start, TimeSpan.FromHours(1));
        var first = await SayAsync("evidence A.6.2.6", userAadId: Auditor);
        var more = More(first.Card)!;

        var press = InvokeActivity("audit.evidence.more", more, Auditor);
        InChannel(press);
        var response = await Bot.PostAsync(press);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(403, (int)body["statusCode"]!);
        Assert.Contains("only in our 1:1 chat", (string?)body["value"]!["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_restricted_command_says_so_and_answers_that_need_no_role_stay_in_the_channel()
    {
        foreach (var command in new[] { "evidence", "ncs", "ledger", "verify ledger", "export" })
        {
            var match = Bot.Factory.Services.GetRequiredService<AimsBot.Commands.CommandRouter>().Match(command + " x").Command;
            Assert.True(match?.PersonalChatOnly, $"{command} must be declared PersonalChatOnly");
        }

        var controls = await SayAsync("controls", userAadId: Auditor, edit: InChannel);
        Assert.NotNull(controls.Card);
        Assert.DoesNotContain(Bot.Connector.Requests, r => r.Method == "POST" && r.Path.EndsWith("/v3/conversations", StringComparison.Ordinal));
    }

    private static void InChannel(JsonObject activity)
    {
        activity["conversation"] = new JsonObject { ["id"] = ChannelConversation, ["conversationType"] = "channel", ["isGroup"] = true, ["tenantId"] = Tenant };
        activity["channelData"] = new JsonObject
        {
            ["tenant"] = new JsonObject { ["id"] = Tenant },
            ["team"] = new JsonObject { ["id"] = "19:aims-team@thread.tacv2" },
            ["channel"] = new JsonObject { ["id"] = ChannelConversation },
        };
    }
}
