using AimsBot.Graph;
using AimsBot.Host.Tests.Support;
using Azure.Core;
using Microsoft.Extensions.DependencyInjection;
using Moq;

namespace AimsBot.Host.Tests.Graph;

/// <summary>
/// End to end through /api/messages: a role configured for an Entra GROUP reaches a person because Graph says
/// they are (transitively) in it — and when Graph fails, the person still gets an answer with their direct roles.
/// </summary>
public sealed class GroupRolesThroughGraphTests : IAsyncLifetime
{
    private const string AuditorGroup = "a0d17000-0000-4000-8000-00000000a0d1";
    private const string Auditor = "5e1f0000-0000-4000-8000-000000000001";
    private const string Outsider = "5e1f0000-0000-4000-8000-000000000002";
    private StubGraphServer _graph = null!;
    private ProtocolHarness _bot = null!;
    private readonly Mock<TokenCredential> _credential = GraphCredentials.Fixed();

    public async Task InitializeAsync()
    {
        _graph = await StubGraphServer.StartAsync();
        _graph.SetGroups(Auditor, "0e7e0000-0000-4000-8000-000000000000", AuditorGroup);
        _graph.SetGroups(Outsider, "0e7e0000-0000-4000-8000-000000000000");
        _bot = new ProtocolHarness
        {
            Settings =
            {
                ["Graph:Enabled"] = "true",
                ["Graph:BaseUrl"] = _graph.BaseUrl,
                ["Graph:RetryBaseDelay"] = "00:00:00.050",
                ["Roles:Auditors"] = AuditorGroup.ToUpperInvariant(),
                ["Roles:ComplianceLeads"] = $"{ProtocolHarness.ComplianceLeadId},{Outsider}",
            },
            ConfigureServices = services => services.AddKeyedSingleton(GraphClientProvider.CredentialKey, _credential.Object),
        };
        await _bot.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await _bot.DisposeAsync();
        await _graph.DisposeAsync();
    }

    [Fact]
    public async Task Whoami_shows_the_auditor_role_granted_through_a_group_the_person_is_in()
    {
        await _bot.PostAsync(_bot.Activity("message", "whoami", userAadId: Auditor));

        var reply = Assert.Single(await _bot.WaitForRequestsAsync(r => r.Method == "POST"));
        var card = reply.Json!["attachments"]![0]!["content"]!.ToJsonString();
        Assert.Contains("auditor", card, StringComparison.Ordinal);
        var lookup = Assert.Single(_graph.Requests);
        Assert.Equal($"/v1.0/users/{Auditor}/transitiveMemberOf/microsoft.graph.group", lookup.Path);
        Assert.Equal("Bearer graph-token-for-the-bot", lookup.Authorization);
    }

    [Fact]
    public async Task A_person_outside_the_group_does_not_get_its_role()
    {
        await _bot.PostAsync(_bot.Activity("message", "whoami", userAadId: Outsider));

        var reply = Assert.Single(await _bot.WaitForRequestsAsync(r => r.Method == "POST"));
        var card = reply.Json!["attachments"]![0]!["content"]!.ToJsonString();
        Assert.Contains("compliance lead", card, StringComparison.Ordinal);
        Assert.DoesNotContain("auditor", card, StringComparison.Ordinal);
    }

    [Fact]
    public async Task When_graph_is_down_the_person_still_gets_an_answer_with_their_direct_roles()
    {
        _graph.Responder = _ => StubGraphResponse.Error(500, "generalException", "Graph is having a bad day.");

        var response = await _bot.PostAsync(_bot.Activity("message", "whoami", userAadId: Outsider));

        Assert.True(response.IsSuccessStatusCode);
        var reply = Assert.Single(await _bot.WaitForRequestsAsync(r => r.Method == "POST"));
        var card = reply.Json!["attachments"]![0]!["content"]!.ToJsonString();
        Assert.Contains("compliance lead", card, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_group_lookup_is_cached_across_messages()
    {
        await _bot.PostAsync(_bot.Activity("message", "whoami", userAadId: Auditor));
        await _bot.PostAsync(_bot.Activity("message", "help", userAadId: Auditor));

        await _bot.WaitForRequestsAsync(r => r.Method == "POST", count: 2);
        Assert.Single(_graph.Requests);
    }
}
