using System.Net;
using System.Text.Json.Nodes;
using AimsBot.Host.Tests.Audit;
using AimsBot.Testing;

namespace AimsBot.Host.Tests.Access;

/// <summary>
/// A person is their Entra object id (<c>from.aadObjectId</c>). Without one — guests, anonymous meeting participants —
/// they get the answers that need no identity (help, whoami) and change nothing; the Teams user id alone grants nothing.
/// </summary>
public sealed class UnidentifiedCallerTests : AuditHostTest
{
    public UnidentifiedCallerTests()
        : base(new RunningClock(TestClock.Default))
    {
    }

    private const string GuestTeamsId = "29:guest-without-entra-id";
    private static readonly DateTimeOffset Start = new(2026, 4, 1, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Help_and_whoami_answer_and_help_lists_only_them()
    {
        var help = await SayAsync("help", edit: Unidentified(GuestTeamsId));
        var whoami = await SayAsync("whoami", edit: Unidentified(GuestTeamsId));

        Assert.Contains("whoami", help.Shown, StringComparison.Ordinal);
        Assert.DoesNotContain("systems", help.Shown, StringComparison.Ordinal);
        Assert.DoesNotContain("evidence", help.Shown, StringComparison.Ordinal);
        Assert.Contains("(not provided)", whoami.Shown, StringComparison.Ordinal);
        Assert.Contains("Teams did not give me your Microsoft Entra identity", whoami.Shown, StringComparison.Ordinal);
        Assert.Null(await Bot.Users.GetAsync(Tenant, GuestTeamsId));
        Assert.Null(await Bot.Users.GetAsync(Tenant, ""));
    }

    [Theory]
    [InlineData("systems")]
    [InlineData("system add Credit Scorer")]
    [InlineData("evidence A.2.2")]
    [InlineData("evidence add A.2.2")]
    [InlineData("owner A.2.2 dana@contoso.com")]
    [InlineData("nudge now")]
    [InlineData("export soa")]
    public async Task Every_other_command_is_refused_with_a_friendly_message_and_nothing_is_written(string command)
    {
        var reply = await SayAsync(command, edit: Unidentified(GuestTeamsId));

        Assert.Null(reply.Card);
        Assert.StartsWith("I can't tell who you are", reply.Text, StringComparison.Ordinal);
        Assert.Contains("Nothing was changed.", reply.Text, StringComparison.Ordinal);
        Assert.Empty(await UsersAsync());
        Assert.Empty(Ledger.Events);
        Assert.Empty(await Systems.ListAsync(Tenant));
    }

    [Fact]
    public async Task A_teams_id_that_spells_an_owners_object_id_is_not_that_owner()
    {
        // Before: the user key fell back to from.id, so a client choosing its own Teams id became whoever it named.
        await SeedOwnedControlAsync("A.2.2", Owner);
        await SeedEvidenceAsync(Tenant, "org", "A.2.2", 2, Start, TimeSpan.FromDays(1));

        var reply = await SayAsync("evidence A.2.2", edit: Unidentified(Owner));

        Assert.Null(reply.Card);
        Assert.StartsWith("I can't tell who you are", reply.Text, StringComparison.Ordinal);
        Assert.Empty(await UsersAsync());
    }

    [Fact]
    public async Task Card_buttons_are_refused_whether_pressed_as_execute_or_submit_and_nothing_is_written()
    {
        var form = await SayAsync("system add");
        var data = Submit(form.Card!, ("name", "Credit Scorer"), ("description", "Scores loan applications"), ("intendedUse", "Decision support"), ("roles", "Developer"), ("stage", "Operation"), ("riskTier", "High"), ("owner", ""));
        var usersBefore = await UsersAsync();

        var invoke = InvokeActivity("register.system.add", data);
        Unidentified(GuestTeamsId)(invoke);
        var response = await Bot.PostAsync(invoke);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(403, (int)body["statusCode"]!);
        Assert.StartsWith("I can't tell who you are", (string?)body["value"]!["message"], StringComparison.Ordinal);

        data["verb"] = "register.system.add";
        var submit = Bot.Activity("message", userAadId: null);
        submit["value"] = data;
        Unidentified(GuestTeamsId)(submit);
        await Bot.PostAsync(submit);
        var answer = Assert.Single(await Bot.WaitForRequestsAsync(r => r.Path.EndsWith("/activities/" + submit["id"], StringComparison.Ordinal)));
        // No card of the bot's uses Action.Submit: a submitted form is never acted on, whoever sends it.
        Assert.StartsWith("This card is out of date", (string?)answer.Json!["text"], StringComparison.Ordinal);

        Assert.Empty(await Systems.ListAsync(Tenant));
        Assert.Equal(usersBefore.Select(u => u.RowKey), (await UsersAsync()).Select(u => u.RowKey));
        Assert.Empty(Ledger.Events);
    }

    [Fact]
    public async Task Installing_and_removing_the_app_without_an_identity_records_nobody()
    {
        foreach (var action in new[] { "add", "remove" })
        {
            var install = Bot.Activity("installationUpdate", userAadId: null);
            install["action"] = action;
            Unidentified(GuestTeamsId)(install);
            Assert.Equal(HttpStatusCode.OK, (await Bot.PostAsync(install)).StatusCode);
        }

        Assert.Empty(await UsersAsync());
        Assert.DoesNotContain(Bot.Connector.Requests, r => r.Body.Contains("Welcome", StringComparison.Ordinal));
    }

    /// <summary>An activity from someone Teams names only by a Teams user id.</summary>
    private static Action<JsonObject> Unidentified(string teamsId) => activity =>
    {
        var from = activity["from"]!.AsObject();
        from.Remove("aadObjectId");
        from["id"] = teamsId;
    };

    private async Task<List<AimsBot.Storage.Users.UserRecord>> UsersAsync()
    {
        var users = new List<AimsBot.Storage.Users.UserRecord>();
        await foreach (var user in Bot.Users.ListAsync(Tenant))
        {
            users.Add(user);
        }

        return users;
    }
}
