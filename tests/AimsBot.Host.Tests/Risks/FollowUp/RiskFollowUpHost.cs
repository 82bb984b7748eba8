using System.Net;
using System.Text.Json.Nodes;
using AimsBot.Commands;
using AimsBot.Domain.Access;
using AimsBot.Domain.Register;
using AimsBot.Domain.Risks;
using AimsBot.Host.Tests.Nudges;
using AimsBot.Host.Tests.Support;
using AimsBot.Register;
using AimsBot.Risks.FollowUp;
using AimsBot.Storage.Ledger;
using AimsBot.Storage.Register;
using AimsBot.Storage.Risks;
using AimsBot.Teams.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace AimsBot.Host.Tests.Risks.FollowUp;

/// <summary>
/// The production host on a fake clock started at <see cref="NudgeScanHost.Start"/> (Monday 23 November 2026, 10:00
/// UTC; the outbox drained by the test), an AI system owned by <see cref="RiskOwner"/>, people with 1:1 chats, and
/// helpers that store approved risks built through the domain, and press the action card's buttons as someone.
/// </summary>
public abstract class RiskFollowUpHost : NudgeScanHost
{
    protected const string RiskOwner = "0f000000-0000-4000-8000-000000000001";
    protected const string ActionOwner = "0f000000-0000-4000-8000-000000000002";
    protected const string Approver = "0f000000-0000-4000-8000-000000000003";
    protected const string Colleague = "0f000000-0000-4000-8000-000000000004";
    protected const string Auditor = ProtocolHarness.AuditorId;
    protected const string SystemName = "Credit Scorer";
    protected const string SystemId = "credit-scorer";
    protected static readonly TimeZoneInfo London = Domain.Scheduling.TimeZones.FindOrUtc("Europe/London");

    protected RiskFollowUpHost(IDictionary<string, string?>? settings = null)
        : base(WithDefaults(settings))
    {
    }

    protected RiskRepository Risks => Bot.Factory.Services.GetRequiredService<RiskRepository>();
    protected RiskFollowUpStore FollowUps => Bot.Factory.Services.GetRequiredService<RiskFollowUpStore>();
    protected ILedgerStore Ledger => Bot.Factory.Services.GetRequiredService<ILedgerStore>();
    protected AiSystemRepository Systems => Bot.Factory.Services.GetRequiredService<AiSystemRepository>();

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await PersonAsync(RiskOwner, "Rita Riskowner");
        await PersonAsync(ActionOwner, "Arun Actionowner");
        await PersonAsync(Approver, "Alex Approver");
        await PersonAsync(Colleague, "Cora Colleague");
        var lead = new Caller(Tenant, Lead, "29:" + Lead, "Lee Lead", new HashSet<Role> { Role.ComplianceLead });
        var added = await Bot.Factory.Services.GetRequiredService<RegisterService>().AddSystemAsync(
            lead,
            new AiSystemDetails(SystemName, "Scores consumer loan applications.", "Decision support for credit officers.", [OrganizationRole.DeployerUser], LifecycleStage.Operation, RiskOwner, RiskTier.High),
            "Rita Riskowner",
            Guid.NewGuid(),
            null,
            CancellationToken.None);
        Assert.True(added.IsSuccess, added.ErrorMessage);
    }

    /// <summary>
    /// A risk of the system, rated 4 × 4, treated by <paramref name="controls"/> with one action per due date (owned by
    /// <see cref="ActionOwner"/>), submitted by a compliance lead and approved by the risk approver now; stored.
    /// </summary>
    protected async Task<Risk> ApprovedRiskAsync(string title, IReadOnlyList<DateOnly> actionsDue, string[]? controls = null, RiskCriteriaOptions? criteria = null)
    {
        criteria ??= new RiskCriteriaOptions();
        var system = (await Systems.GetAsync(Tenant, SystemId))!.System;
        var lead = Actor.Create(Lead, Role.ComplianceLead);
        var id = await Risks.NextIdAsync(Tenant);
        var risk = Ok(Risk.Create(id, system, new RiskDetails(title, "Applicants with short credit histories are refused more often.", RiskOwner), RiskSource.Manual, lead, Clock));
        risk = Ok(risk.Rate(system, 4, 4, criteria, lead));
        var actions = actionsDue.Select((due, i) => new TreatmentActionDraft(null, $"Treatment step {i + 1} for {title}", ActionOwner, due)).ToList();
        risk = Ok(risk.ChangePlan(system, new TreatmentPlanDraft(TreatmentOption.Reduce, controls ?? ["A.6.2.6"], actions, 2, 2), criteria, lead, London, Clock));
        risk = Ok(risk.Submit(system, criteria, lead, Clock));
        risk = Ok(risk.Approve(system, Actor.Create(Approver, Role.RiskApprover), risk.PlanRevision, null, null, criteria, London, Clock));
        await Risks.AddAsync(Tenant, risk.ToState());
        return risk;
    }

    protected async Task<Risk> StoredAsync(RiskId id) => Risk.Restore((await Risks.GetAsync(Tenant, id))!.State).Value!;

    /// <summary>Runs the due scan and drains the outbox.</summary>
    protected async Task ScanAsync()
    {
        await Scan.RunAsync();
        await DrainAsync();
    }

    /// <summary>The action cards a person received (with the Done button or the refresh).</summary>
    protected IReadOnlyList<JsonNode> ActionCards(string aadId) =>
        Received(aadId).Where(r => Shown(r).Contains(RiskFollowUpCards.RefreshVerb, StringComparison.Ordinal)).Select(r => r["attachments"]![0]!["content"]!).ToList();

    protected IReadOnlyList<JsonNode> ReceivedWith(string aadId, string text) =>
        Received(aadId).Where(r => Shown(r).Contains(text, StringComparison.Ordinal)).ToList();

    /// <summary>Presses an Action.Execute as <paramref name="aadId"/> and returns the invoke answer.</summary>
    protected async Task<JsonNode> PressAsync(string verb, JsonObject data, string aadId, string name)
    {
        var invoke = Bot.Activity("invoke", userAadId: aadId, conversationId: Conversation(aadId));
        invoke["from"] = new JsonObject { ["id"] = "29:" + aadId, ["name"] = name, ["aadObjectId"] = aadId };
        invoke["name"] = "adaptiveCard/action";
        invoke["value"] = new JsonObject
        {
            ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = verb, ["data"] = data.DeepClone() },
            ["trigger"] = verb == RiskFollowUpCards.RefreshVerb ? "automatic" : "manual",
        };
        var response = await Bot.PostAsync(invoke, TestTokens.Create(Bot.EndorsedKey, Clock.GetUtcNow(), serviceUrl: Bot.ServiceUrl));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    /// <summary>The data of the card's button with <paramref name="verb"/> (in show-cards too), with inputs as Teams merges them.</summary>
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

    protected static string Text(JsonNode node) => node.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    protected async Task<IReadOnlyList<string>> LedgerActionsAsync(string entityId) =>
        (await Ledger.ForEntityAsync(Tenant, entityId)).Select(e => e.Action).ToList();

    protected static T Ok<T>(Domain.Result<T> result)
    {
        Assert.True(result.IsSuccess, result.IsSuccess ? "" : result.ErrorMessage);
        return result.Value!;
    }

    private static Dictionary<string, string?> WithDefaults(IDictionary<string, string?>? settings)
    {
        var all = new Dictionary<string, string?>
        {
            ["Roles:RiskApprovers"] = Approver,
            ["Register:OrganizationTimeZone"] = "Europe/London",
            // The fake connector stands in for OneDrive's upload session: plain http on loopback, allowed like a test stub.
            ["Import:AllowHttpDownloadHosts:0"] = "127.0.0.1",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        return all;
    }
}
