using AimsBot.Graph;
using AimsBot.Host.Tests.Support;
using AimsBot.Testing;

namespace AimsBot.Host.Tests.Graph;

/// <summary>The directory workflows will use: managers, finding people, installing the bot, scheduling meetings.</summary>
public sealed class GraphDirectoryTests : IAsyncLifetime
{
    private const string TeamsAppId = "7ea0a000-0000-4000-8000-0000000000a1";
    private static readonly StubUser Dana = new("d0000000-0000-4000-8000-00000000da7a", "Dana Owner", "dana@contoso.example", "dana.owner@contoso.example");
    private static readonly StubUser Mo = new("b0000000-0000-4000-8000-0000000000b0", "Mo Manager", "mo@contoso.example", "mo@contoso.example");
    private static readonly StubUser Oneil = new("0e11e000-0000-4000-8000-000000000001", "Pat O'Neil", "pat.o'neil@contoso.example");
    private GraphTestHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = await GraphTestHost.StartAsync();
        _host.Stub.AddUser(Dana);
        _host.Stub.AddUser(Mo);
        _host.Stub.AddUser(Oneil);
        _host.Stub.SetManager(Dana.Id, Mo.Id);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private IDirectory Directory => _host.Get<IDirectory>();

    [Fact]
    public async Task The_manager_of_a_person_is_found_with_their_name_and_addresses()
    {
        var manager = await Directory.GetManagerAsync(Dana.Id);

        Assert.Equal(new DirectoryUser(Mo.Id, "Mo Manager", "mo@contoso.example", "mo@contoso.example"), manager);
        var request = Assert.Single(_host.Stub.Requests);
        Assert.Equal($"/v1.0/users/{Dana.Id}/manager", request.Path);
        Assert.Equal($"Bearer {GraphTestHost.Token}", request.Authorization);
    }

    [Fact]
    public async Task A_person_without_a_manager_has_none_rather_than_an_error()
    {
        Assert.Null(await Directory.GetManagerAsync(Mo.Id));
    }

    [Theory]
    [InlineData("dana@contoso.example")]
    [InlineData("  DANA.OWNER@contoso.example ")]
    public async Task A_person_is_found_by_user_principal_name_or_mail(string address)
    {
        var user = await Directory.FindUserAsync(address);

        Assert.NotNull(user);
        Assert.Equal(Dana.Id, user.Id);
        Assert.Equal("Dana Owner", user.DisplayName);
        var request = Assert.Single(_host.Stub.Requests);
        Assert.Equal("/v1.0/users", request.Path);
        Assert.Contains("userPrincipalName eq '", request.Query["$filter"], StringComparison.Ordinal);
        Assert.Contains(" or mail eq '", request.Query["$filter"], StringComparison.Ordinal);
        Assert.Equal("id,displayName,userPrincipalName,mail", request.Query["$select"]);
    }

    [Fact]
    public async Task A_quote_in_an_address_is_escaped_not_able_to_change_the_filter()
    {
        var user = await Directory.FindUserAsync("pat.o'neil@contoso.example");

        Assert.Equal(Oneil.Id, user?.Id);
        Assert.Equal("userPrincipalName eq 'pat.o''neil@contoso.example' or mail eq 'pat.o''neil@contoso.example'", Assert.Single(_host.Stub.Requests).Query["$filter"]);
        Assert.Null(await Directory.FindUserAsync("x' or startswith(displayName,'a')@contoso.example"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("dana")]
    [InlineData("dana @contoso.example")]
    [InlineData("@contoso.example")]
    public async Task Text_that_is_no_address_finds_nobody_without_asking_graph(string text)
    {
        Assert.Null(await Directory.FindUserAsync(text));
        Assert.Empty(_host.Stub.Requests);
    }

    [Fact]
    public async Task An_unknown_address_finds_nobody()
    {
        Assert.Null(await Directory.FindUserAsync("nobody@contoso.example"));
    }

    [Fact]
    public async Task Installing_the_bot_for_a_person_binds_the_catalog_app_and_a_second_install_is_not_an_error()
    {
        var first = await Directory.InstallAppForUserAsync(Dana.Id, TeamsAppId);
        var second = await Directory.InstallAppForUserAsync(Dana.Id, TeamsAppId);

        Assert.Equal(AppInstallOutcome.Installed, first);
        Assert.Equal(AppInstallOutcome.AlreadyInstalled, second);
        var requests = _host.Stub.Requests.ToList();
        Assert.Equal([201, 409], requests.Select(r => r.Status));
        Assert.All(requests, r => Assert.Equal(("POST", $"/v1.0/users/{Dana.Id}/teamwork/installedApps"), (r.Method, r.Path)));
        Assert.Equal($"{_host.Stub.BaseUrl}/appCatalogs/teamsApps/{TeamsAppId}", (string?)requests[0].Json!["teamsApp@odata.bind"]);
    }

    [Fact]
    public async Task Installing_for_an_unknown_person_says_so()
    {
        var error = await Assert.ThrowsAsync<DirectoryException>(() => Directory.InstallAppForUserAsync("00000000-0000-4000-8000-00000000dead", TeamsAppId));

        Assert.Equal(DirectoryFailure.NotFound, error.Failure);
        Assert.Contains("doesn't know that person", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_graph_permission_is_explained_with_the_permission_to_grant()
    {
        _host.Stub.Script(StubGraphResponse.Error(403, "Authorization_RequestDenied", "Insufficient privileges to complete the operation."));

        var error = await Assert.ThrowsAsync<DirectoryException>(() => Directory.InstallAppForUserAsync(Dana.Id, TeamsAppId));

        Assert.Equal(DirectoryFailure.Forbidden, error.Failure);
        Assert.Contains("TeamsAppInstallation.ReadWriteSelfForUser.All", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_meeting_is_created_as_a_teams_meeting_in_the_organisers_calendar_and_its_join_link_returned()
    {
        var start = new DateTimeOffset(2026, 3, 9, 10, 0, 0, TimeSpan.FromHours(1));

        var meeting = await Directory.CreateMeetingAsync(
            Mo.Id, "AIMS management review", start, start.AddHours(1), ["dana@contoso.example", "mo@contoso.example"], "<p>Inputs pack attached</p>", "review-2026-q1");

        Assert.False(string.IsNullOrEmpty(meeting.EventId));
        Assert.Equal($"https://teams.example.test/l/meetup-join/{meeting.EventId}", meeting.JoinUrl);
        var request = Assert.Single(_host.Stub.Requests);
        Assert.Equal(("POST", $"/v1.0/users/{Mo.Id}/events"), (request.Method, request.Path));
        var body = request.Json!;
        Assert.Equal("AIMS management review", (string?)body["subject"]);
        Assert.True((bool?)body["isOnlineMeeting"]);
        Assert.Equal("teamsForBusiness", (string?)body["onlineMeetingProvider"]);
        Assert.Equal("2026-03-09T09:00:00", (string?)body["start"]!["dateTime"]);
        Assert.Equal("UTC", (string?)body["start"]!["timeZone"]);
        Assert.Equal("2026-03-09T10:00:00", (string?)body["end"]!["dateTime"]);
        Assert.Equal("html", (string?)body["body"]!["contentType"]);
        Assert.Equal("<p>Inputs pack attached</p>", (string?)body["body"]!["content"]);
        Assert.Equal("review-2026-q1", (string?)body["transactionId"]);
        Assert.Equal(["dana@contoso.example", "mo@contoso.example"], body["attendees"]!.AsArray().Select(a => (string?)a!["emailAddress"]!["address"]));
        Assert.All(body["attendees"]!.AsArray(), a => Assert.Equal("required", (string?)a!["type"]));
    }

    [Fact]
    public async Task A_meeting_request_retried_after_a_busy_graph_is_sent_whole_and_creates_one_event()
    {
        _host.Stub.Script(StubGraphResponse.Error(503, "serviceNotAvailable", "Busy.", retryAfter: "0"));
        var start = TestClock.Default.AddDays(1);

        var meeting = await Directory.CreateMeetingAsync(Mo.Id, "Review", start, start.AddMinutes(30), ["dana@contoso.example"], null);

        var requests = _host.Stub.Requests.ToList();
        Assert.Equal([503, 201], requests.Select(r => r.Status));
        Assert.Equal(requests[0].Body, requests[1].Body);
        Assert.False(string.IsNullOrEmpty((string?)requests[1].Json!["transactionId"]));
        Assert.Single(_host.Stub.CreatedEvents);
        Assert.NotNull(meeting.JoinUrl);
    }

    [Fact]
    public async Task Repeating_a_meeting_request_with_its_transaction_id_does_not_create_a_second_event()
    {
        var start = TestClock.Default.AddDays(1);
        var first = await Directory.CreateMeetingAsync(Mo.Id, "Review", start, start.AddMinutes(30), [], null, "same-job-run");
        var again = await Directory.CreateMeetingAsync(Mo.Id, "Review", start, start.AddMinutes(30), [], null, "same-job-run");

        Assert.Equal(first.EventId, again.EventId);
        Assert.Single(_host.Stub.CreatedEvents);
    }

    [Fact]
    public async Task A_meeting_that_ends_before_it_starts_is_refused_before_anything_is_sent()
    {
        var start = TestClock.Default.AddDays(1);

        var error = await Assert.ThrowsAsync<DirectoryException>(() => Directory.CreateMeetingAsync(Mo.Id, "Review", start, start.AddMinutes(-30), [], null));

        Assert.Equal(DirectoryFailure.InvalidRequest, error.Failure);
        Assert.Equal("A meeting must end after it starts.", error.Message);
        Assert.Empty(_host.Stub.Requests);
    }

    [Fact]
    public async Task An_attendee_that_is_no_address_is_named_in_the_refusal()
    {
        var start = TestClock.Default.AddDays(1);

        var error = await Assert.ThrowsAsync<DirectoryException>(() => Directory.CreateMeetingAsync(Mo.Id, "Review", start, start.AddHours(1), ["dana@contoso.example", "not an address"], null));

        Assert.Contains("'not an address' is not a mail address", error.Message, StringComparison.Ordinal);
        Assert.Empty(_host.Stub.Requests);
    }

    [Fact]
    public async Task When_graph_stays_unavailable_the_error_says_to_try_later()
    {
        _host.Stub.Responder = _ => StubGraphResponse.Error(503, "serviceNotAvailable", "Busy.", retryAfter: "0");

        var error = await Assert.ThrowsAsync<DirectoryException>(() => Directory.GetManagerAsync(Dana.Id));

        Assert.Equal(DirectoryFailure.Unavailable, error.Failure);
        Assert.Contains("try again later", error.Message, StringComparison.Ordinal);
        Assert.Equal(1 + new GraphOptions().MaxRetries, _host.Stub.Requests.Count);
    }
}
