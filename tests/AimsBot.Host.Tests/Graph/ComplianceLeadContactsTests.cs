using AimsBot.Access;
using AimsBot.Graph;
using AimsBot.Host.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace AimsBot.Host.Tests.Graph;

/// <summary>
/// Who the proactive workflows (escalations, unreachable owners, reassignment requests) tell as compliance
/// leads: configured people, and people in a configured group (Graph), who have a chat with the bot and have
/// not blocked it.
/// </summary>
public sealed class ComplianceLeadContactsTests : IAsyncLifetime
{
    private const string LeadGroup = "1ead0000-0000-4000-8000-00000000001e";
    private const string DirectLead = "1ead0000-0000-4000-8000-000000000001";
    private const string GroupLead = "1ead0000-0000-4000-8000-000000000002";
    private const string BlockedGroupLead = "1ead0000-0000-4000-8000-000000000003";
    private const string Outsider = "1ead0000-0000-4000-8000-000000000004";
    private StubGraphServer _graph = null!;
    private ProtocolHarness _bot = null!;

    public async Task InitializeAsync()
    {
        _graph = await StubGraphServer.StartAsync();
        _graph.SetGroups(GroupLead, LeadGroup);
        _graph.SetGroups(BlockedGroupLead, LeadGroup);
        _graph.SetGroups(Outsider, "0e7e0000-0000-4000-8000-000000000000");
        var credential = GraphCredentials.Fixed();
        _bot = new ProtocolHarness
        {
            Settings =
            {
                ["Graph:Enabled"] = "true",
                ["Graph:BaseUrl"] = _graph.BaseUrl,
                ["Roles:ComplianceLeads"] = $"{DirectLead},{LeadGroup}",
            },
            ConfigureServices = services => services.AddKeyedSingleton(GraphClientProvider.CredentialKey, credential.Object),
        };
        await _bot.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await _bot.DisposeAsync();
        await _graph.DisposeAsync();
    }

    [Fact]
    public async Task Leads_configured_directly_or_through_a_group_are_reached_but_not_outsiders_or_those_who_blocked_the_bot()
    {
        foreach (var person in new[] { DirectLead, GroupLead, BlockedGroupLead, Outsider })
        {
            var hello = _bot.Activity("message", "whoami", userAadId: person, conversationId: "a:1to1-" + person);
            await _bot.PostAsync(hello);
            await _bot.WaitForRequestsAsync(r => r.Path.EndsWith("/activities/" + hello["id"], StringComparison.Ordinal));
        }

        await _bot.Users.MarkUnreachableAsync(ProtocolHarness.Tenant, BlockedGroupLead, "blocked");

        var leads = await _bot.Factory.Services.GetRequiredService<ComplianceLeadContacts>().ReachableAsync(ProtocolHarness.Tenant, CancellationToken.None);

        Assert.Equal([DirectLead, GroupLead], leads.Select(l => l.RowKey));
        Assert.All(leads, l => Assert.Equal("a:1to1-" + l.RowKey, l.ConversationId));
    }
}
