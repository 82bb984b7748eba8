using System.Net;
using System.Text.Json.Nodes;
using AimsBot.Commands;
using AimsBot.Domain.Access;
using AimsBot.Domain.Register;
using AimsBot.Domain.Risks;
using AimsBot.Graph;
using AimsBot.Host.Tests.Nudges;
using AimsBot.Host.Tests.Support;
using AimsBot.Register;
using AimsBot.Risks;
using AimsBot.Risks.Approval;
using AimsBot.Storage.Ledger;
using AimsBot.Storage.Register;
using AimsBot.Storage.Risks;
using AimsBot.Teams.Tests.Support;
using Azure.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Moq;

namespace AimsBot.Host.Tests.Risks.Approval;

/// <summary>
/// The production host on a fake clock (<see cref="NudgeScanHost"/>: outbox drained by the test, people with 1:1
/// chats) with Microsoft Graph answered by <see cref="StubGraphServer"/> (the risk owner's manager is
/// <see cref="Manager"/>), a risk approver, top management, and an AI system owned by <see cref="Owner"/>, who owns
/// and proposes its risk; helpers to submit a plan, read the approval card each person received and press its buttons
/// as them.
/// </summary>
public abstract class RiskApprovalHost : NudgeScanHost
{
    protected const string Owner = "0a660000-0000-4000-8000-000000000001";
    protected const string Approver = "0a660000-0000-4000-8000-000000000002";
    protected const string Top = "0a660000-0000-4000-8000-000000000003";
    protected const string Colleague = "0a660000-0000-4000-8000-000000000004";
    protected const string Manager = "0a660000-0000-4000-8000-000000000005";
    protected const string Stranger = "0a660000-0000-4000-8000-0000000000ff";
    protected const string SystemName = "Credit Scorer";
    protected const string SystemId = "credit-scorer";
    protected const string RiskTitle = "Thin-file applicants refused more often";

    private static readonly Mock<TokenCredential> Credential = GraphCredentials.Fixed();

    protected RiskApprovalHost(IDictionary<string, string?>? settings = null)
        : this(StubGraphServer.StartAsync().GetAwaiter().GetResult(), settings)
    {
    }

    private RiskApprovalHost(StubGraphServer graph, IDictionary<string, string?>? settings)
        : base(WithDefaults(graph, settings), services => services.AddKeyedSingleton(GraphClientProvider.CredentialKey, Credential.Object))
    {
        Graph = graph;
    }

    protected StubGraphServer Graph { get; }

    protected RiskApprovals Approvals => Bot.Factory.Services.GetRequiredService<RiskApprovals>();
    protected RiskRepository Risks => Bot.Factory.Services.GetRequiredService<RiskRepository>();
    protected AiSystemRepository Systems => Bot.Factory.Services.GetRequiredService<AiSystemRepository>();
    protected ILedgerStore Ledger => Bot.Factory.Services.GetRequiredService<ILedgerStore>();
    protected RiskCriteriaOptions Criteria => Bot.Factory.Services.GetRequiredService<IOptions<RiskOptions>>().Value.Criteria;
    protected static TimeZoneInfo London => TimeZoneInfo.FindSystemTimeZoneById("Europe/London");

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await PersonAsync(Owner, "Olive Owner");
        await PersonAsync(Approver, "Alex Approver");
        await PersonAsync(Top, "Tara Top");
        await PersonAsync(Colleague, "Cora Colleague");
        await PersonAsync(Manager, "Max Manager");
        await PersonAsync(Stranger, "Nick Nobody");
        Graph.AddUser(new StubUser(Owner, "Olive Owner", "olive@contoso.example"));
        Graph.AddUser(new StubUser(Manager, "Max Manager", "max@contoso.example"));
        Graph.SetManager(Owner, Manager);
        var lead = new Caller(Tenant, Lead, "29:" + Lead, "Lee Lead", new HashSet<Role> { Role.ComplianceLead });
        var added = await Bot.Factory.Services.GetRequiredService<RegisterService>().AddSystemAsync(
            lead,
            new AiSystemDetails(SystemName, "Scores consumer loan applications.", "Decision support for credit officers.", [OrganizationRole.DeployerUser], LifecycleStage.Operation, Owner, RiskTier.High),
            "Olive Owner",
            Guid.NewGuid(),
            null,
            CancellationToken.None);
        Assert.True(added.IsSuccess, added.ErrorMessage);
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Graph.DisposeAsync();
    }

    /// <summary>
    /// The owner's risk (likelihood 4 × consequence 4: high before treatment) with a plan — reduce, A.6.2.6, one action
    /// for the colleague due in 60 days, the residual rating given — stored as submitted and sent for approval as a
    /// submission does.
    /// </summary>
    protected async Task<(Risk Submitted, RiskApprovalRequestSent Sent)> SubmitAsync(int residualLikelihood = 2, int residualConsequence = 2)
    {
        var system = (await Systems.GetAsync(Tenant, SystemId))!;
        var owner = Actor.Create(Owner);
        var id = await Risks.NextIdAsync(Tenant);
        var risk = Ok(Risk.Create(id, system.System, new RiskDetails(RiskTitle, "Applicants with short credit histories are refused more often than others.", Owner), RiskSource.Manual, owner, Clock));
        risk = Ok(risk.Rate(system.System, 4, 4, Criteria, owner));
        risk = Ok(risk.ChangePlan(system.System, Plan(residualLikelihood, residualConsequence), Criteria, owner, London, Clock));
        risk = Ok(risk.Submit(system.System, Criteria, owner, Clock));
        await Risks.AddAsync(Tenant, risk.ToState());
        var sent = await Approvals.SendForApprovalAsync(Tenant, system, risk, CancellationToken.None);
        await DrainAsync();
        return (risk, sent);
    }

    /// <summary>The plan the host submits, with the residual rating given.</summary>
    protected static TreatmentPlanDraft Plan(int residualLikelihood, int residualConsequence) =>
        new(TreatmentOption.Reduce, ["A.6.2.6"], [new TreatmentActionDraft(null, "Add a thin-file model", Colleague, Today.AddDays(60))], residualLikelihood, residualConsequence);

    protected async Task<Risk> StoredAsync(int number = 1) =>
        (await Approvals.LoadAsync(Tenant, new RiskId(number), CancellationToken.None)).Value!.Risk;

    /// <summary>The approval card the person received last.</summary>
    protected JsonNode ApprovalCardOf(string aadId) =>
        Received(aadId).Last(r => Shown(r).Contains(RiskApprovalCards.RefreshVerb, StringComparison.Ordinal))["attachments"]![0]!["content"]!;

    /// <summary>Presses an Action.Execute as <paramref name="aadId"/> (the Teams user id is <c>29:{aadId}</c>) and returns the invoke answer.</summary>
    protected async Task<JsonNode> PressAsync(string verb, JsonObject data, string aadId, string name)
    {
        var invoke = Bot.Activity("invoke", userAadId: aadId, conversationId: Conversation(aadId));
        invoke["from"] = new JsonObject { ["id"] = "29:" + aadId, ["name"] = name, ["aadObjectId"] = aadId };
        invoke["name"] = "adaptiveCard/action";
        invoke["value"] = new JsonObject
        {
            ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = verb, ["data"] = data.DeepClone() },
            ["trigger"] = verb == RiskApprovalCards.RefreshVerb ? "automatic" : "manual",
        };
        var response = await Bot.PostAsync(invoke, TestTokens.Create(Bot.EndorsedKey, Clock.GetUtcNow(), serviceUrl: Bot.ServiceUrl));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    /// <summary>The refresh of <paramref name="card"/> as <paramref name="aadId"/>: the card they see now.</summary>
    protected async Task<JsonNode> RefreshAsAsync(JsonNode card, string aadId, string name) =>
        CardOf(await PressAsync(RiskApprovalCards.RefreshVerb, Button(card, RiskApprovalCards.RefreshVerb), aadId, name));

    /// <summary>The data of the card's button with <paramref name="verb"/> (in show-cards too, and the refresh), with inputs merged as Teams does.</summary>
    protected static JsonObject Button(JsonNode card, string verb, params (string Name, string Value)[] inputs)
    {
        var action = Executes(card).FirstOrDefault(a => (string?)a["verb"] == verb) ?? throw new InvalidOperationException($"The card has no '{verb}' button.");
        var data = action["data"]!.DeepClone().AsObject();
        foreach (var (name, value) in inputs)
        {
            data[name] = value;
        }

        return data;
    }

    /// <summary>The data of a button with every input's current value merged in, as Teams sends it when nothing is retyped.</summary>
    protected static JsonObject ButtonWithInputs(JsonNode card, string verb)
    {
        var data = Button(card, verb);
        foreach (var input in Inputs(card))
        {
            data[(string)input["id"]!] ??= input["value"]?.DeepClone();
        }

        return data;
    }

    private static IEnumerable<JsonObject> Inputs(JsonNode? node) => node switch
    {
        JsonObject o => (((string?)o["type"])?.StartsWith("Input.", StringComparison.Ordinal) == true && o["id"] is not null ? [o] : Enumerable.Empty<JsonObject>()).Concat(o.SelectMany(p => Inputs(p.Value))),
        JsonArray a => a.SelectMany(Inputs),
        _ => [],
    };

    protected static IEnumerable<JsonObject> Executes(JsonNode? node) => node switch
    {
        JsonObject o => ((string?)o["type"] == "Action.Execute" ? [o] : Enumerable.Empty<JsonObject>()).Concat(o.SelectMany(p => Executes(p.Value))),
        JsonArray a => a.SelectMany(Executes),
        _ => [],
    };

    /// <summary>Whether the card offers a button with <paramref name="verb"/> (its refresh does not count).</summary>
    protected static bool HasButton(JsonNode card, string verb) => Executes(card["actions"]).Any(a => (string?)a["verb"] == verb);

    /// <summary>The card of an invoke answer (fails on a refusal, showing it).</summary>
    protected static JsonNode CardOf(JsonNode answer)
    {
        Assert.True((string?)answer["type"] == "application/vnd.microsoft.card.adaptive", answer.ToJsonString());
        return answer["value"]!;
    }

    /// <summary>The message of a refused invoke, checking its status.</summary>
    protected static string Refusal(JsonNode answer, int status = 403)
    {
        Assert.True((int?)answer["statusCode"] == status, answer.ToJsonString());
        return (string)answer["value"]!["message"]!;
    }

    protected static string Text(JsonNode node) => node.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    protected static IReadOnlyList<string> RefreshUsers(JsonNode card) => card["refresh"]!["userIds"]!.AsArray().Select(n => (string)n!).ToList();

    protected async Task<IReadOnlyList<string>> LedgerActionsAsync(string entityId) =>
        (await Ledger.ForEntityAsync(Tenant, entityId)).Select(e => e.Action).ToList();

    protected static T Ok<T>(Domain.Result<T> result)
    {
        Assert.True(result.IsSuccess, result.IsSuccess ? "" : result.ErrorMessage);
        return result.Value!;
    }

    private static Dictionary<string, string?> WithDefaults(StubGraphServer graph, IDictionary<string, string?>? settings)
    {
        var all = new Dictionary<string, string?>
        {
            // The owner is a risk approver too, so the separation of duties (not a missing role) refuses them.
            ["Roles:RiskApprovers"] = $"{Approver},{Owner}",
            ["Roles:TopManagement"] = Top,
            ["Register:OrganizationTimeZone"] = "Europe/London",
            ["Graph:Enabled"] = "true",
            ["Graph:BaseUrl"] = graph.BaseUrl,
            ["Graph:MaxRetries"] = "0",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        return all;
    }
}
