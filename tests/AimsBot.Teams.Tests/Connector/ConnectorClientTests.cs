using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using AimsBot.Teams.Activities;
using AimsBot.Teams.Connector;
using AimsBot.Teams.Pacing;
using AimsBot.Teams.Tests.Support;
using AimsBot.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Activity = AimsBot.Teams.Activities.Activity;

namespace AimsBot.Teams.Tests.Connector;

public sealed class ConnectorClientTests : IAsyncLifetime
{
    private const string Token = "test-token-123";
    private const string ConversationId = "a:1xYz_personal;conversation@id";
    private const string ChannelThreadId = "19:abc123@thread.tacv2;messageid=1741083600000";

    private FakeConnector fake = null!;
    private readonly StaticTokenProvider tokens = new(Token);
    private readonly TrustedServiceUrlRegistry trusted = new();
    private readonly RecordingLimiter limiter = new();
    private readonly HttpClient http = new();

    public async Task InitializeAsync()
    {
        fake = await FakeConnector.StartAsync();
        trusted.Learn(fake.ServiceUrl);
    }

    public async Task DisposeAsync()
    {
        http.Dispose();
        await fake.DisposeAsync();
    }

    private ConnectorClient Client(IConnectorTokenProvider? tokenProvider = null, Action<ConnectorOptions>? configure = null, TimeProvider? clock = null)
    {
        var options = new ConnectorOptions
        {
            AppId = "00000000-0000-0000-0000-00000000b0b0",
            RetryBaseDelay = TimeSpan.FromMilliseconds(10),
            MaxRetryDelay = TimeSpan.FromMilliseconds(50),
        };
        configure?.Invoke(options);
        return new ConnectorClient(http, tokenProvider ?? tokens, trusted, limiter, Options.Create(options), clock ?? TimeProvider.System, NullLogger<ConnectorClient>.Instance);
    }

    [Fact]
    public async Task Reply_posts_to_the_escaped_reply_path_with_the_bearer_token()
    {
        var reply = Activity.CreateMessage("Your next review is on Friday.");

        var response = await Client().ReplyAsync(fake.ServiceUrl, ConversationId, "1741083330123", reply);

        Assert.StartsWith("1:reply-", response.Id);
        var request = Assert.Single(fake.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/emea/v3/conversations/a%3A1xYz_personal%3Bconversation%40id/activities/1741083330123", request.RawTarget);
        Assert.Equal($"/emea/v3/conversations/{ConversationId}/activities/1741083330123", request.Path);
        Assert.Equal($"Bearer {Token}", request.Authorization);
        Assert.Equal("message", request.Json!["type"]!.GetValue<string>());
        Assert.Equal("Your next review is on Friday.", request.Json["text"]!.GetValue<string>());
        Assert.Equal([ConversationId], limiter.Keys);
    }

    [Fact]
    public async Task Send_posts_to_the_activities_path()
    {
        var response = await Client().SendAsync(fake.ServiceUrl, ConversationId, Activity.CreateMessage("Reminder"));

        Assert.StartsWith("1:sent-", response.Id);
        var request = Assert.Single(fake.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal($"/emea/v3/conversations/{ConversationId}/activities", request.Path);
        Assert.Equal("Reminder", request.Json!["text"]!.GetValue<string>());
        Assert.Equal($"Bearer {Token}", request.Authorization);
    }

    [Fact]
    public async Task Update_puts_to_the_activity_path()
    {
        var card = new JsonObject { ["type"] = "AdaptiveCard", ["version"] = "1.5" };
        var update = new Activity { Type = ActivityTypes.Message, Id = "1:42", Attachments = [Attachment.AdaptiveCard(card)] };

        var response = await Client().UpdateAsync(fake.ServiceUrl, ChannelThreadId, "1:42", update);

        Assert.Equal("1:42", response.Id);
        var request = Assert.Single(fake.Requests);
        Assert.Equal("PUT", request.Method);
        Assert.Equal($"/emea/v3/conversations/{ChannelThreadId}/activities/1:42", request.Path);
        Assert.Contains("%3Bmessageid%3D", request.RawTarget, StringComparison.Ordinal);
        Assert.Equal(ContentTypes.AdaptiveCard, request.Json!["attachments"]![0]!["contentType"]!.GetValue<string>());
        Assert.Equal("AdaptiveCard", request.Json["attachments"]![0]!["content"]!["type"]!.GetValue<string>());
        // All threads of a channel share one pacing budget.
        Assert.Equal(["19:abc123@thread.tacv2"], limiter.Keys);
    }

    [Fact]
    public async Task Create_conversation_posts_the_proactive_parameters_with_a_global_only_permit()
    {
        var parameters = ConversationParameters.PersonalChat("00000000-0000-0000-0000-00000000b0b0", "29:1abcDEF-user", "tenant-1");

        var response = await Client().CreateConversationAsync(fake.ServiceUrl, parameters);

        Assert.StartsWith("a:created-", response.Id);
        var request = Assert.Single(fake.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/emea/v3/conversations", request.Path);
        var expected = JsonNode.Parse("""
        {"isGroup":false,"bot":{"id":"28:00000000-0000-0000-0000-00000000b0b0"},"members":[{"id":"29:1abcDEF-user"}],
         "channelData":{"tenant":{"id":"tenant-1"}},"tenantId":"tenant-1"}
        """);
        Assert.True(JsonNode.DeepEquals(expected, request.Json), request.Body);
        Assert.Equal([null], limiter.Keys);
    }

    [Fact]
    public async Task Create_conversation_without_an_id_in_the_response_fails_clearly()
    {
        fake.Script(new FakeResponse(201, "{}"));

        var error = await Assert.ThrowsAsync<ConnectorRequestException>(() => Client().CreateConversationAsync(fake.ServiceUrl, ConversationParameters.PersonalChat("b", "29:u", "t")));

        Assert.Contains("no conversation id", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Client_resolved_from_the_service_collection_sends_through_the_typed_http_client()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddBotConnector();
        await using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<IConnectorClient>();

        var response = await client.SendAsync(fake.ServiceUrl, ConversationId, Activity.CreateMessage("via DI"));

        Assert.StartsWith("1:sent-", response.Id);
        var request = Assert.Single(fake.Requests);
        Assert.Null(request.Authorization); // no AppId: anonymous
        Assert.Equal("via DI", request.Json!["text"]!.GetValue<string>());
    }

    [Fact]
    public async Task Get_member_reads_the_member()
    {
        var member = await Client().GetMemberAsync(fake.ServiceUrl, ConversationId, "29:1abcDEF-user");

        var request = Assert.Single(fake.Requests);
        Assert.Equal("GET", request.Method);
        Assert.Equal($"/emea/v3/conversations/{ConversationId}/members/29:1abcDEF-user", request.Path);
        Assert.Equal($"Bearer {Token}", request.Authorization);
        Assert.NotNull(member);
        Assert.Equal("29:1abcDEF-user", member.Id);
        Assert.Equal("6f1c3a4e-0000-4000-8000-000000000001", member.ObjectId);
        Assert.Equal("ada@contoso.example", member.UserPrincipalName);
        Assert.Equal("ada@contoso.example", member.Email);
        Assert.Equal("72f988bf-86f1-41af-91ab-2d7cd011db47", member.TenantId);
        Assert.Equal("Ada Lovelace", member.Name);
        Assert.Equal("Ada", member.GivenName);
        Assert.Equal("Lovelace", member.Surname);
    }

    [Fact]
    public async Task Get_member_not_in_conversation_is_null()
    {
        fake.Script(FakeResponse.Error(404, "MemberNotFoundInConversation", "The member is not in the conversation."));

        var member = await Client().GetMemberAsync(fake.ServiceUrl, ConversationId, "29:someone-else");

        Assert.Null(member);
        Assert.Single(fake.Requests);
    }

    [Fact]
    public async Task Untrusted_service_url_is_refused_without_a_request()
    {
        var otherUrl = fake.ServiceUrl.Replace("/emea/", "/evil/", StringComparison.Ordinal);

        var error = await Assert.ThrowsAsync<UntrustedServiceUrlException>(() => Client().SendAsync(otherUrl, ConversationId, Activity.CreateMessage("hi")));

        Assert.Equal(otherUrl, error.ServiceUrl);
        Assert.Contains("not learnt from an authenticated inbound activity", error.Message, StringComparison.Ordinal);
        Assert.Empty(fake.Requests);
        Assert.Equal(0, tokens.Calls);
        Assert.Empty(limiter.Keys);
    }

    [Fact]
    public async Task Service_url_seeded_from_a_stored_reference_is_trusted()
    {
        var stored = new TrustedServiceUrlRegistry();
        stored.Trust(fake.ServiceUrl.ToUpperInvariant().Replace("HTTP:", "http:", StringComparison.Ordinal).TrimEnd('/'));
        var client = new ConnectorClient(http, tokens, stored, limiter, Options.Create(new ConnectorOptions { AppId = "x" }), TimeProvider.System, NullLogger<ConnectorClient>.Instance);

        await client.SendAsync(fake.ServiceUrl, ConversationId, Activity.CreateMessage("hi"));

        Assert.Equal($"Bearer {Token}", Assert.Single(fake.Requests).Authorization);
    }

    [Fact]
    public async Task Anonymous_mode_sends_no_token_and_needs_no_trust()
    {
        var playgroundLike = fake.ServiceUrl.Replace("/emea/", "/_connector/", StringComparison.Ordinal);

        await Client(new AnonymousConnectorTokenProvider(), o => o.AppId = null).SendAsync(playgroundLike, ConversationId, Activity.CreateMessage("hi"));

        var request = Assert.Single(fake.Requests);
        Assert.Null(request.Authorization);
        Assert.Equal($"/_connector/v3/conversations/{ConversationId}/activities", request.Path);
    }

    [Fact]
    public async Task Throttled_with_retry_after_waits_that_long_then_succeeds()
    {
        fake.Script(FakeResponse.Throttled("1"));
        var watch = Stopwatch.StartNew();

        var response = await Client().SendAsync(fake.ServiceUrl, ConversationId, Activity.CreateMessage("hi"));

        watch.Stop();
        Assert.StartsWith("1:sent-", response.Id);
        Assert.Equal(2, fake.Requests.Count);
        Assert.InRange(watch.Elapsed, TimeSpan.FromMilliseconds(950), TimeSpan.FromSeconds(5));
        var requests = fake.Requests.ToList();
        Assert.InRange(requests[1].ArrivedAt - requests[0].ArrivedAt, TimeSpan.FromMilliseconds(950), TimeSpan.FromSeconds(5));
        Assert.Equal(2, limiter.Keys.Count); // the retry is paced too
        Assert.Equal(2, limiter.Released);
    }

    [Fact]
    public async Task Throttled_with_an_http_date_retry_after_waits_until_then()
    {
        // The date is read against the client's clock: one at a stated instant that runs on in real time.
        var clock = new RunningClock(TestClock.Default);
        fake.Script(FakeResponse.Throttled(clock.GetUtcNow().AddSeconds(2).ToString("R")));
        var watch = Stopwatch.StartNew();

        await Client(clock: clock).SendAsync(fake.ServiceUrl, ConversationId, Activity.CreateMessage("hi"));

        // HTTP dates have whole seconds: the wait is between 1 and 2 s.
        Assert.InRange(watch.Elapsed, TimeSpan.FromMilliseconds(950), TimeSpan.FromSeconds(5));
        Assert.Equal(2, fake.Requests.Count);
    }

    [Fact]
    public async Task Retry_after_longer_than_the_cap_fails_fast_with_a_retryable_exception()
    {
        fake.Script(FakeResponse.Throttled("120"));
        var watch = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<ConnectorThrottledException>(() => Client().SendAsync(fake.ServiceUrl, ConversationId, Activity.CreateMessage("hi")));

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5));
        Assert.Equal(TimeSpan.FromSeconds(120), error.RetryAfter);
        Assert.True(error.IsTransient);
        Assert.Equal(HttpStatusCode.TooManyRequests, error.StatusCode);
        Assert.Single(fake.Requests);
    }

    [Fact]
    public async Task Service_unavailable_twice_then_ok_succeeds()
    {
        fake.Script(FakeResponse.Error(503, "ServiceUnavailable", "busy"), FakeResponse.Error(503, "ServiceUnavailable", "busy"));

        var response = await Client().SendAsync(fake.ServiceUrl, ConversationId, Activity.CreateMessage("hi"));

        Assert.StartsWith("1:sent-", response.Id);
        Assert.Equal([503, 503, 201], fake.Requests.Select(r => r.Status));
    }

    [Theory]
    [InlineData(412)]
    [InlineData(502)]
    [InlineData(504)]
    public async Task Other_transient_statuses_are_retried(int status)
    {
        fake.Script(new FakeResponse(status));

        await Client().SendAsync(fake.ServiceUrl, ConversationId, Activity.CreateMessage("hi"));

        Assert.Equal([status, 201], fake.Requests.Select(r => r.Status));
    }

    [Fact]
    public async Task Persistent_service_unavailable_gives_up_after_max_retries()
    {
        fake.Responder = _ => FakeResponse.Error(503, "ServiceUnavailable", "down for maintenance");

        var error = await Assert.ThrowsAsync<ConnectorRequestException>(() => Client().SendAsync(fake.ServiceUrl, ConversationId, Activity.CreateMessage("hi")));

        Assert.Equal(6, fake.Requests.Count); // first attempt + MaxRetries (5)
        Assert.Equal(6, error.Attempts);
        Assert.Equal(6, limiter.Released);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, error.StatusCode);
        Assert.True(error.IsTransient);
        Assert.Equal("ServiceUnavailable", error.ErrorCode);
        Assert.Contains("gave up after 6 attempts", error.Message, StringComparison.Ordinal);
        Assert.Contains("503", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Persistent_throttling_gives_up_with_a_throttled_exception()
    {
        fake.Responder = _ => FakeResponse.Throttled("0");

        var error = await Assert.ThrowsAsync<ConnectorThrottledException>(() => Client(configure: o => o.MaxRetries = 2).SendAsync(fake.ServiceUrl, ConversationId, Activity.CreateMessage("hi")));

        Assert.Equal(3, fake.Requests.Count);
        Assert.Equal(3, error.Attempts);
    }

    [Fact]
    public async Task Message_writes_blocked_is_unreachable_after_one_request()
    {
        fake.Script(FakeResponse.Error(403, "MessageWritesBlocked", "Thread is blocked for message writes."));

        var error = await Assert.ThrowsAsync<ConversationUnreachableException>(() => Client().SendAsync(fake.ServiceUrl, ConversationId, Activity.CreateMessage("hi")));

        Assert.Equal(UnreachableReason.BlockedByUser, error.Reason);
        Assert.Equal(ConversationId, error.ConversationId);
        Assert.Equal(HttpStatusCode.Forbidden, error.StatusCode);
        Assert.Equal("MessageWritesBlocked", error.ErrorCode);
        Assert.Single(fake.Requests);
        Assert.Equal(1, limiter.Released);
    }

    [Fact]
    public async Task Message_writes_blocked_as_a_sub_code_is_unreachable()
    {
        fake.Script(new FakeResponse(403, """{"error":{"code":"Forbidden","message":"Blocked","subCode":"MessageWritesBlocked"}}"""));

        var error = await Assert.ThrowsAsync<ConversationUnreachableException>(() => Client().ReplyAsync(fake.ServiceUrl, ConversationId, "1:1", Activity.CreateMessage("hi")));

        Assert.Equal(UnreachableReason.BlockedByUser, error.Reason);
        Assert.Single(fake.Requests);
    }

    [Fact]
    public async Task Bot_removed_from_the_conversation_is_unreachable()
    {
        fake.Script(FakeResponse.Error(403, "BotNotInConversationRoster", "The bot is not part of the conversation roster."));

        var error = await Assert.ThrowsAsync<ConversationUnreachableException>(() => Client().SendAsync(fake.ServiceUrl, ConversationId, Activity.CreateMessage("hi")));

        Assert.Equal(UnreachableReason.BotNotInConversation, error.Reason);
        Assert.Single(fake.Requests);
    }

    [Fact]
    public async Task Conversation_not_found_is_unreachable_after_one_request()
    {
        fake.Script(FakeResponse.Error(404, "ConversationNotFound", "Conversation not found."));

        var error = await Assert.ThrowsAsync<ConversationUnreachableException>(() => Client().SendAsync(fake.ServiceUrl, ConversationId, Activity.CreateMessage("hi")));

        Assert.Equal(UnreachableReason.ConversationNotFound, error.Reason);
        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
        Assert.Single(fake.Requests);
    }

    [Fact]
    public async Task Other_forbidden_is_a_request_error_not_unreachable()
    {
        fake.Script(new FakeResponse(403));

        var error = await Assert.ThrowsAsync<ConnectorRequestException>(() => Client().SendAsync(fake.ServiceUrl, ConversationId, Activity.CreateMessage("hi")));

        Assert.Equal(HttpStatusCode.Forbidden, error.StatusCode);
        Assert.False(error.IsTransient);
        Assert.Single(fake.Requests);
    }

    [Fact]
    public async Task Bad_request_carries_status_and_error_code()
    {
        fake.Script(FakeResponse.Error(400, "BadArgument", "Activity.From field is required"));

        var error = await Assert.ThrowsAsync<ConnectorRequestException>(() => Client().SendAsync(fake.ServiceUrl, ConversationId, Activity.CreateMessage("hi")));

        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Equal("BadArgument", error.ErrorCode);
        Assert.Equal("Activity.From field is required", error.ErrorMessage);
        Assert.False(error.IsTransient);
        Assert.Contains("BadArgument", error.Message, StringComparison.Ordinal);
        Assert.Single(fake.Requests);
    }

    [Fact]
    public async Task Oversized_activity_is_refused_before_sending()
    {
        var huge = Activity.CreateMessage(new string('x', 81 * 1024));

        var error = await Assert.ThrowsAsync<ActivityTooLargeException>(() => Client().SendAsync(fake.ServiceUrl, ConversationId, huge));

        Assert.Equal(80 * 1024, error.LimitBytes);
        Assert.True(error.SizeBytes > error.LimitBytes);
        Assert.Contains("over the limit", error.Message, StringComparison.Ordinal);
        Assert.Empty(fake.Requests);
        Assert.Empty(limiter.Keys);
        Assert.Equal(0, tokens.Calls);
    }

    [Fact]
    public async Task Connection_failure_is_retried_then_reported()
    {
        var deadUrl = "http://127.0.0.1:1/emea/";
        trusted.Learn(deadUrl);

        var error = await Assert.ThrowsAsync<ConnectorRequestException>(() => Client(configure: o => o.MaxRetries = 2).SendAsync(deadUrl, ConversationId, Activity.CreateMessage("hi")));

        Assert.Null(error.StatusCode);
        Assert.True(error.IsTransient);
        Assert.Equal(3, error.Attempts);
        Assert.Equal(3, limiter.Keys.Count);
        Assert.Equal(3, limiter.Released);
    }

    [Fact]
    public async Task Cancellation_is_honoured_during_a_retry_wait()
    {
        fake.Script(FakeResponse.Throttled("30"));
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Client().SendAsync(fake.ServiceUrl, ConversationId, Activity.CreateMessage("hi"), cts.Token));

        Assert.Single(fake.Requests);
    }

    [Fact]
    public async Task Paces_through_the_real_limiter()
    {
        using var realLimiter = new OutboundRateLimiter(new PacingOptions { WindowMargin = TimeSpan.Zero }, TimeProvider.System);
        var client = new ConnectorClient(http, tokens, trusted, realLimiter, Options.Create(new ConnectorOptions { AppId = "x" }), TimeProvider.System, NullLogger<ConnectorClient>.Instance);

        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, 8).Select(i => client.SendAsync(fake.ServiceUrl, ConversationId, Activity.CreateMessage($"m{i}"))));

        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(990), $"8 sends on one conversation took only {watch.Elapsed}");
        Assert.Equal(8, fake.Requests.Count);
    }
}
