using AimsBot.Graph;
using AimsBot.Host.Tests.Support;
using Azure.Core;
using Microsoft.Extensions.DependencyInjection;
using Moq;

namespace AimsBot.Host.Tests.Nudges;

/// <summary>The due scan with Microsoft Graph on (the stub Graph): managers for escalation, app installation for owners without a chat.</summary>
public sealed class DueScanGraphTests : NudgeScanHost
{
    private const string Owner = "0a0e0000-0000-4000-8000-000000000001";
    private const string Manager = "0a0e0000-0000-4000-8000-000000000002";
    private const string Newcomer = "0a0e0000-0000-4000-8000-000000000003";
    private const string CatalogId = "5b1e0000-0000-4000-8000-00000000000a";
    private static readonly Mock<TokenCredential> Credential = GraphCredentials.Fixed();

    private DueScanGraphTests(StubGraphServer graph)
        : base(
            new Dictionary<string, string?>
            {
                ["Graph:Enabled"] = "true",
                ["Graph:BaseUrl"] = graph.BaseUrl,
                ["Graph:MaxRetries"] = "0",
                ["Nudges:TeamsAppCatalogId"] = CatalogId,
            },
            services => services.AddKeyedSingleton(GraphClientProvider.CredentialKey, Credential.Object))
    {
        Graph = graph;
    }

    public DueScanGraphTests()
        : this(StubGraphServer.StartAsync().GetAwaiter().GetResult())
    {
    }

    private StubGraphServer Graph { get; }

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Graph.AddUser(new StubUser(Owner, "Olive Owner", "olive@contoso.example"));
        Graph.AddUser(new StubUser(Manager, "Max Manager", "max@contoso.example"));
        Graph.AddUser(new StubUser(Newcomer, "Nia Newcomer", "nia@contoso.example"));
        Graph.SetManager(Owner, Manager);
        await PersonAsync(Owner, "Olive Owner");
        await PersonAsync(Manager, "Max Manager");
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Graph.DisposeAsync();
    }

    [Fact]
    public async Task Seven_days_overdue_the_manager_and_the_leads_get_an_escalation_once_and_level_two_at_21_days()
    {
        await ControlAsync("A.6.2.6", Owner, Today.AddDays(-7));

        var first = await Scan.RunAsync();
        var rerun = await Scan.RunAsync();
        await DrainAsync();

        Assert.Equal((1, 0), (first.Escalated, rerun.Escalated));
        var toManager = Shown(Assert.Single(Received(Manager)));
        Assert.Contains("Overdue evidence in your team", toManager, StringComparison.Ordinal);
        Assert.Contains("Olive Owner", toManager, StringComparison.Ordinal);
        var toLead = Shown(Assert.Single(Received(Lead)));
        Assert.Contains("Escalation level 1", toLead, StringComparison.Ordinal);
        Assert.Contains("Max Manager", toLead, StringComparison.Ordinal);
        Assert.Contains(Graph.Requests, r => r.Method == "GET" && r.Path == $"/v1.0/users/{Owner}/manager");

        Clock.Advance(TimeSpan.FromDays(14));
        var level2 = await Scan.RunAsync();
        await Scan.RunAsync();
        await DrainAsync();

        Assert.Equal(1, level2.Escalated);
        Assert.Equal(2, Received(Manager).Count);
        Assert.Equal(2, Received(Lead).Count);
        Assert.Contains("Escalation level 2", Shown(Received(Lead)[1]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_owner_without_a_chat_gets_the_app_installed_and_the_card_once_the_chat_exists()
    {
        await ControlAsync("A.6.2.6", Newcomer, Today.AddDays(2), ownerName: "Nia Newcomer");

        var report = await Scan.RunAsync();

        Assert.Equal((1, 0, 0), (report.Installing, report.Queued, report.Unreachable));
        var install = Assert.Single(Graph.Requests, r => r.Method == "POST" && r.Path == $"/v1.0/users/{Newcomer}/teamwork/installedApps");
        Assert.Contains(CatalogId, install.Body, StringComparison.Ordinal);
        await DrainAsync();
        Assert.Empty(Received(Lead));

        // Teams announces the installation; the bot learns the chat, and the next scan sends the card.
        await PersonAsync(Newcomer, "Nia Newcomer");
        var next = await Scan.RunAsync();
        await DrainAsync();
        Assert.Equal(1, next.Queued);
        Assert.Contains("A.6.2.6", Shown(Assert.Single(Received(Newcomer))), StringComparison.Ordinal);
    }
}
