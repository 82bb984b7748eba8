using System.Diagnostics;
using AimsBot.Access;
using AimsBot.Graph;
using AimsBot.Host.Tests.Support;
using Azure.Core;
using Microsoft.Extensions.Logging;
using Moq;

namespace AimsBot.Host.Tests.Graph;

/// <summary>Transitive group membership from Graph: what is asked, paging, caching, and degrading on failure.</summary>
public sealed class GraphGroupMembershipTests : IAsyncLifetime
{
    private const string UserId = "6f1c2d3e-0000-4000-8000-000000000001";
    private GraphTestHost _host = null!;

    public async Task InitializeAsync() => _host = await GraphTestHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private IGroupMembership Groups => _host.Get<IGroupMembership>();

    [Fact]
    public void The_graph_membership_replaces_the_direct_ids_only_default_when_the_bot_has_an_identity()
    {
        Assert.IsType<GraphGroupMembership>(Groups);
    }

    [Fact]
    public async Task Asks_graph_for_the_users_transitive_groups_by_id_only_as_an_advanced_query_with_the_bots_token_and_reads_every_page()
    {
        _host.Stub.SetGroups(UserId, "g-1", "g-2", "g-3", "g-4", "g-5");

        var groups = await Groups.GetGroupIdsAsync(UserId, CancellationToken.None);

        Assert.Equal(["g-1", "g-2", "g-3", "g-4", "g-5"], groups.Order());
        var requests = _host.Stub.Requests.ToList();
        Assert.Equal(3, requests.Count); // pages of 2, 2 and 1: every @odata.nextLink followed
        Assert.All(requests, r =>
        {
            Assert.Equal("GET", r.Method);
            Assert.Equal($"/v1.0/users/{UserId}/transitiveMemberOf/microsoft.graph.group", r.Path);
            Assert.Equal("id", r.Query["$select"]);
            Assert.Equal("true", r.Query["$count"]);
            Assert.Equal("eventual", r.ConsistencyLevel);
            Assert.Equal($"Bearer {GraphTestHost.Token}", r.Authorization);
        });
        Assert.Contains("?$select=id&$count=true", requests[0].RawTarget, StringComparison.Ordinal);
        Assert.Equal(["2", "4"], requests.Skip(1).Select(r => r.Query["$skiptoken"]));
        var authority = new Uri(_host.Stub.BaseUrl).GetLeftPart(UriPartial.Authority);
        _host.Credential.Verify(c => c.GetTokenAsync(It.Is<TokenRequestContext>(t => t.Scopes.SequenceEqual(new[] { authority + "/.default" })), It.IsAny<CancellationToken>()), Times.AtLeastOnce());
    }

    [Fact]
    public async Task A_second_lookup_is_answered_from_the_cache_without_asking_graph()
    {
        _host.Stub.SetGroups(UserId, "g-1");
        await Groups.GetGroupIdsAsync(UserId, CancellationToken.None);
        _host.Stub.ClearRequests();

        var again = await Groups.GetGroupIdsAsync(UserId.ToUpperInvariant(), CancellationToken.None);

        Assert.Equal(["g-1"], again);
        Assert.Empty(_host.Stub.Requests);
    }

    [Fact]
    public async Task Group_ids_match_whatever_their_letter_case()
    {
        _host.Stub.SetGroups(UserId, "ABCDEF00-0000-4000-8000-000000000001");

        var groups = await Groups.GetGroupIdsAsync(UserId, CancellationToken.None);

        Assert.Contains("abcdef00-0000-4000-8000-000000000001", groups);
    }

    [Fact]
    public async Task When_graph_fails_the_answer_is_no_groups_the_failure_is_logged_and_not_cached()
    {
        _host.Stub.SetGroups(UserId, "g-1");
        _host.Stub.Script(StubGraphResponse.Error(500, "generalException", "Something broke."));

        var degraded = await Groups.GetGroupIdsAsync(UserId, CancellationToken.None);

        Assert.Empty(degraded);
        Assert.Contains(_host.Logs.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains(UserId, StringComparison.Ordinal));

        var recovered = await Groups.GetGroupIdsAsync(UserId, CancellationToken.None);
        Assert.Equal(["g-1"], recovered);
        Assert.Equal(2, _host.Stub.Requests.Count);
    }

    [Fact]
    public async Task A_throttled_lookup_waits_as_long_as_retry_after_says_and_then_succeeds()
    {
        _host.Stub.SetGroups(UserId, "g-1");
        _host.Stub.Script(StubGraphResponse.Error(429, "TooManyRequests", "Slow down.", retryAfter: "1"));
        var clock = Stopwatch.StartNew();

        var groups = await Groups.GetGroupIdsAsync(UserId, CancellationToken.None);

        Assert.Equal(["g-1"], groups);
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(900), $"retried after {clock.Elapsed}, before Retry-After");
        Assert.Equal([429, 200], _host.Stub.Requests.Select(r => r.Status));
    }

    [Fact]
    public async Task A_service_unavailable_answer_is_retried_a_bounded_number_of_times()
    {
        _host.Stub.SetGroups(UserId, "g-1");
        _host.Stub.Responder = _ => StubGraphResponse.Error(503, "serviceNotAvailable", "Try later.", retryAfter: "0");

        var groups = await Groups.GetGroupIdsAsync(UserId, CancellationToken.None);

        Assert.Empty(groups);
        Assert.Equal(1 + new GraphOptions().MaxRetries, _host.Stub.Requests.Count);
    }

    [Fact]
    public async Task A_retry_after_longer_than_the_bot_waits_fails_at_once_and_degrades()
    {
        _host.Stub.SetGroups(UserId, "g-1");
        _host.Stub.Script(StubGraphResponse.Error(429, "TooManyRequests", "Slow down.", retryAfter: "3600"));
        var clock = Stopwatch.StartNew();

        var groups = await Groups.GetGroupIdsAsync(UserId, CancellationToken.None);

        Assert.Empty(groups);
        Assert.Single(_host.Stub.Requests);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task A_lookup_slower_than_the_timeout_degrades_instead_of_holding_the_persons_request()
    {
        await using var host = await GraphTestHost.StartAsync(new Dictionary<string, string?>
        {
            ["Graph:GroupLookupTimeout"] = "00:00:00.500",
            ["Graph:MaxRetries"] = "0",
        });
        host.Stub.SetGroups(UserId, "g-1");
        host.Stub.Responder = _ => new StubGraphResponse(200, """{"value":[{"id":"g-1"}]}""", Delay: TimeSpan.FromSeconds(10));
        var clock = Stopwatch.StartNew();

        var groups = await host.Get<IGroupMembership>().GetGroupIdsAsync(UserId, CancellationToken.None);

        Assert.Empty(groups);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task A_person_graph_does_not_know_has_no_groups_and_is_not_asked_about_again()
    {
        var stranger = "0d0d0d0d-0000-4000-8000-000000000001";

        Assert.Empty(await Groups.GetGroupIdsAsync(stranger, CancellationToken.None));
        Assert.Empty(await Groups.GetGroupIdsAsync(stranger, CancellationToken.None));

        Assert.Equal([404], _host.Stub.Requests.Select(r => r.Status));
    }

    [Fact]
    public async Task An_id_that_is_not_an_entra_object_id_is_never_sent_to_graph()
    {
        var groups = await Groups.GetGroupIdsAsync("../../groups?$top=999", CancellationToken.None);

        Assert.Empty(groups);
        Assert.Empty(_host.Stub.Requests);
    }

    [Fact]
    public async Task A_next_link_to_another_host_is_not_followed_and_the_partial_answer_is_not_cached()
    {
        var first = new StubGraphResponse(200, """
            {"value":[{"id":"g-1"}],"@odata.nextLink":"http://127.0.0.2:9/v1.0/users/x/transitiveMemberOf/microsoft.graph.group?$skiptoken=1"}
            """);
        _host.Stub.Script(first);

        var groups = await Groups.GetGroupIdsAsync(UserId, CancellationToken.None);

        Assert.Equal(["g-1"], groups);
        Assert.Single(_host.Stub.Requests);
        _host.Stub.SetGroups(UserId, "g-1", "g-2");
        Assert.Equal(2, (await Groups.GetGroupIdsAsync(UserId, CancellationToken.None)).Count);
    }

    [Fact]
    public async Task After_the_cache_duration_the_groups_are_read_again()
    {
        await using var host = await GraphTestHost.StartAsync(new Dictionary<string, string?> { ["Graph:GroupCacheDuration"] = "00:00:00.300" });
        host.Stub.SetGroups(UserId, "g-1");
        var groups = host.Get<IGroupMembership>();
        await groups.GetGroupIdsAsync(UserId, CancellationToken.None);
        host.Stub.SetGroups(UserId, "g-1", "g-new");

        await Task.Delay(600);
        var later = await groups.GetGroupIdsAsync(UserId, CancellationToken.None);

        Assert.Contains("g-new", later);
        Assert.Equal(2, host.Stub.Requests.Count);
    }
}
