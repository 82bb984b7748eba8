using AimsBot.Assessments.Approval;
using AimsBot.Domain.Assessments;
using AimsBot.Graph;
using AimsBot.Host.Tests.Support;
using Azure.Core;
using Microsoft.Extensions.DependencyInjection;
using Moq;

namespace AimsBot.Host.Tests.Assessments.Approval;

/// <summary>Approval under the default policy with Microsoft Graph on (the stub Graph): the system owner's manager approves too.</summary>
public sealed class ApprovalGraphTests : ApprovalHost
{
    private static readonly Mock<TokenCredential> Credential = GraphCredentials.Fixed();

    private ApprovalGraphTests(StubGraphServer graph)
        : base(
            new Dictionary<string, string?>
            {
                ["Graph:Enabled"] = "true",
                ["Graph:BaseUrl"] = graph.BaseUrl,
                ["Graph:MaxRetries"] = "0",
            },
            services => services.AddKeyedSingleton(GraphClientProvider.CredentialKey, Credential.Object))
    {
        Graph = graph;
    }

    public ApprovalGraphTests()
        : this(StubGraphServer.StartAsync().GetAwaiter().GetResult())
    {
    }

    private StubGraphServer Graph { get; }

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Graph.AddUser(new StubUser(Owner, "Olive Owner", "olive@contoso.example"));
        Graph.AddUser(new StubUser(Manager, "Max Manager", "max@contoso.example"));
        Graph.SetManager(Owner, Manager);
        await PersonAsync(Manager, "Max Manager");
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Graph.DisposeAsync();
    }

    [Fact]
    public async Task The_owners_manager_from_Graph_gets_the_card_too_and_may_approve_without_a_role()
    {
        var (_, sent) = await SubmitAsync();

        Assert.Equal([Approver, Manager], sent.SentTo.Select(a => a.UserKey));
        Assert.Contains("Max Manager (the system owner's manager)", sent.Message, StringComparison.Ordinal);
        Assert.Contains(Graph.Requests, r => r.Method == "GET" && r.Path == $"/v1.0/users/{Owner}/manager");
        var card = ApprovalCardOf(Manager);
        Assert.Contains("29:" + Manager, card["refresh"]!["userIds"]!.AsArray().Select(n => (string)n!));

        // The manager's refresh shows the buttons, as it does for the risk approver.
        Assert.True(HasButton(CardOf(await PressAsync(ApprovalCards.RefreshVerb, Button(card, ApprovalCards.RefreshVerb), Manager, "Max Manager")), ApprovalCards.ApproveVerb));
        var approved = CardOf(await PressAsync(ApprovalCards.ApproveVerb, Button(card, ApprovalCards.ApproveVerb), Manager, "Max Manager"));

        Assert.Contains("Max Manager, 2026-11-23 10:00 UTC", Text(approved), StringComparison.Ordinal);
        var stored = await StoredAsync();
        Assert.Equal((AssessmentStatus.Approved, Manager), (stored.Status, stored.Approval!.DecidedBy));
        Assert.Equal(["assessment.approve"], await LedgerActionsAsync("credit-scorer/v1"));
    }

    [Fact]
    public async Task A_manager_who_answered_part_of_it_gets_no_card_and_the_submitter_is_told_why()
    {
        Graph.AddUser(new StubUser(Colleague, "Cora Colleague", "cora@contoso.example"));
        Graph.SetManager(Owner, Colleague);

        var (_, sent) = await SubmitAsync();

        Assert.Equal([Approver], sent.SentTo.Select(a => a.UserKey));
        Assert.Contains("The system owner's manager, Cora Colleague, took part in this assessment, so they can't approve it.", sent.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Received(Colleague), r => Shown(r).Contains(ApprovalCards.ApproveVerb, StringComparison.Ordinal));
    }

    [Fact]
    public async Task With_Graph_down_it_still_goes_to_the_risk_approvers_and_the_submitter_is_told_why_only_them()
    {
        Graph.Responder = _ => StubGraphResponse.Error(503, "serviceNotAvailable", "Service unavailable.");

        var (_, sent) = await SubmitAsync();

        Assert.Equal([Approver], sent.SentTo.Select(a => a.UserKey));
        Assert.Contains("The system owner's manager could not be looked up in Microsoft 365", sent.Message, StringComparison.Ordinal);
        Assert.Contains("so it went to the risk approvers only", sent.Message, StringComparison.Ordinal);
        Assert.Empty(Received(Manager));
        Assert.Single(Received(Approver));
    }

    [Fact]
    public async Task Someone_who_is_neither_risk_approver_nor_the_owners_manager_is_refused()
    {
        await SubmitAsync();
        await PersonAsync("0a550000-0000-4000-8000-0000000000ff", "Nick Nobody");

        var answer = await PressAsync(ApprovalCards.ApproveVerb, Button(ApprovalCardOf(Approver), ApprovalCards.ApproveVerb), "0a550000-0000-4000-8000-0000000000ff", "Nick Nobody");

        Assert.Equal(403, (int)answer["statusCode"]!);
        Assert.Contains("Only a risk approver (or the system owner's manager", (string)answer["value"]!["message"]!, StringComparison.Ordinal);
        Assert.Equal(AssessmentStatus.Submitted, (await StoredAsync()).Status);
    }
}
