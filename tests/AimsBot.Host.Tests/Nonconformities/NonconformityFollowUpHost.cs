using System.Net;
using System.Text.Json.Nodes;
using AimsBot.Commands;
using AimsBot.Domain.Access;
using AimsBot.Domain.Nonconformities;
using AimsBot.Domain.Register;
using AimsBot.Host.Tests.Nudges;
using AimsBot.Host.Tests.Support;
using AimsBot.Nonconformities;
using AimsBot.Register;
using AimsBot.Storage.Ledger;
using AimsBot.Storage.Nonconformities;
using AimsBot.Teams.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace AimsBot.Host.Tests.Nonconformities;

/// <summary>
/// The production host on a fake clock started at <see cref="NudgeScanHost.Start"/> (Monday 23 November 2026, 10:00
/// UTC; the outbox drained by the test), an AI system "Credit Scorer", people with 1:1 chats in London, and helpers that
/// take nonconformities through their steps with <see cref="NonconformityService"/> (as the step cards do).
/// </summary>
public abstract class NonconformityFollowUpHost : NudgeScanHost
{
    protected const string NcOwner = "0e000000-0000-4000-8000-000000000001";
    protected const string ActionOwner = "0e000000-0000-4000-8000-000000000002";
    protected const string Raiser = "0e000000-0000-4000-8000-000000000003";
    protected const string Stranger = "0e000000-0000-4000-8000-000000000004";
    protected const string Manager = "0e000000-0000-4000-8000-000000000005";
    protected const string Auditor = ProtocolHarness.AuditorId;
    protected const string SystemName = "Credit Scorer";
    protected const string SystemId = "credit-scorer";

    protected NonconformityFollowUpHost(IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
        : base(WithDefaults(settings), services)
    {
    }

    protected NonconformityService Service => Bot.Factory.Services.GetRequiredService<NonconformityService>();
    protected NonconformityRepository Repository => Bot.Factory.Services.GetRequiredService<NonconformityRepository>();
    protected ILedgerStore Ledger => Bot.Factory.Services.GetRequiredService<ILedgerStore>();

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await PersonAsync(NcOwner, "Nia Owner");
        await PersonAsync(ActionOwner, "Arun Actionowner");
        await PersonAsync(Raiser, "Ravi Raiser");
        await PersonAsync(Stranger, "Sam Stranger");
        await PersonAsync(Manager, "Mona Manager");
        await PersonAsync(Auditor, "Audrey Auditor");
        var added = await Bot.Factory.Services.GetRequiredService<RegisterService>().AddSystemAsync(
            LeadCaller,
            new AiSystemDetails(SystemName, "Scores consumer loan applications.", "Decision support for credit officers.", [OrganizationRole.DeployerUser], LifecycleStage.Operation, NcOwner, RiskTier.High),
            "Nia Owner",
            Guid.NewGuid(),
            null,
            CancellationToken.None);
        Assert.True(added.IsSuccess, added.ErrorMessage);
    }

    /// <summary>The fake clock's day (UTC; London's date at 10:00 UTC).</summary>
    protected DateOnly ClockToday => DateOnly.FromDateTime(Clock.GetUtcNow().UtcDateTime);

    protected static Caller LeadCaller => new(Tenant, Lead, "29:" + Lead, "Lee Lead", new HashSet<Role> { Role.ComplianceLead });

    protected static Caller Person(string aadId, string name) => new(Tenant, aadId, "29:" + aadId, name, new HashSet<Role>());

    /// <summary>Raised by <see cref="Raiser"/> now: a control failure of <paramref name="controls"/>, of the system unless <paramref name="organisation"/>.</summary>
    protected async Task<NonconformityId> RaiseAsync(string title, NonconformitySeverity severity = NonconformitySeverity.Major, string[]? controls = null, bool organisation = false, string? raisedBy = null)
    {
        var raised = await Service.RaiseAsync(
            Person(raisedBy ?? Raiser, raisedBy is null ? "Ravi Raiser" : "Someone"),
            new NonconformityDetails(title, $"What was seen: {title}.", NonconformitySource.ControlFailure, organisation ? null : SystemId, controls ?? ["A.6.2.6"], severity, "https://contoso.example/tickets/42"),
            Guid.NewGuid().ToString("N"),
            null,
            CancellationToken.None);
        Assert.True(raised.IsSuccess, raised.IsSuccess ? "" : raised.ErrorMessage);
        return raised.Value!.Nc.Id;
    }

    /// <summary>Triaged by the lead: <see cref="NcOwner"/> owns it; correction, root cause and actions due in 3, 10 and 20 days.</summary>
    protected Task TriageAsync(NonconformityId id, int correctionDays = 3, int rootCauseDays = 10, int actionsDays = 20) =>
        ChangeAsync(id, (nc, rev) => Service.TriageAsync(LeadCaller, nc, rev, new NonconformityTriage(NonconformitySeverity.Major, NcOwner, ClockToday.AddDays(correctionDays), ClockToday.AddDays(rootCauseDays), ClockToday.AddDays(actionsDays)), "Nia Owner", null, CancellationToken.None));

    protected Task CorrectAsync(NonconformityId id) =>
        ChangeAsync(id, (nc, rev) => Service.RecordCorrectionAsync(Person(NcOwner, "Nia Owner"), nc, rev, "Paused automated decisions and re-ran last month's drift check.", "Three refused applicants were re-scored by hand.", null, CancellationToken.None));

    protected Task RootCauseAsync(NonconformityId id, string why = "The drift job failed silently after a library upgrade.") =>
        ChangeAsync(id, (nc, rev) => Service.RecordRootCauseAsync(Person(NcOwner, "Nia Owner"), nc, rev, "The monthly drift check did not run in March.", why, CauseCategory.Technology, "Same job in Fraud Detector, see NC-1", null, CancellationToken.None));

    protected Task PlanAsync(NonconformityId id, int dueInDays = 14) =>
        ChangeAsync(id, (nc, rev) => Service.PlanActionsAsync(Person(NcOwner, "Nia Owner"), nc, rev, [new CorrectiveActionDraft(null, "Alert on a missed drift run", ActionOwner, ClockToday.AddDays(dueInDays))], null, CancellationToken.None));

    protected Task CompleteAsync(NonconformityId id) =>
        ChangeAsync(id, (nc, rev) => Service.CompleteActionAsync(Person(ActionOwner, "Arun Actionowner"), nc, rev, 1, "Alert rule AR-12 fires when no drift run lands by the 3rd.", null, CancellationToken.None));

    protected Task ImplementAsync(NonconformityId id) =>
        ChangeAsync(id, (nc, rev) => Service.MarkImplementedAsync(Person(NcOwner, "Nia Owner"), nc, rev, "Alert tested on 1 December: it paged the on-call engineer.", null, CancellationToken.None));

    protected Task ReviewAsync(NonconformityId id, bool effective, string comment) =>
        ChangeAsync(id, (nc, rev) => Service.ReviewAsync(Person(NcOwner, "Nia Owner"), nc, rev, effective, comment, null, null, CancellationToken.None));

    protected Task ReopenAsync(NonconformityId id, string reason) =>
        ChangeAsync(id, (nc, rev) => Service.ReopenAsync(LeadCaller, nc, rev, reason, null, null, CancellationToken.None));

    protected async Task<Nonconformity> StoredAsync(NonconformityId id) => (await Service.GetAsync(Tenant, id, CancellationToken.None))!.Nc;

    protected async Task<IReadOnlyList<string>> LedgerActionsAsync(string entityId) =>
        (await Ledger.ForEntityAsync(Tenant, entityId)).Select(e => e.Action).ToList();

    /// <summary>What a chat reply shows: its text, and its card as JSON.</summary>
    protected static string ShownReply(JsonNode reply) => Shown(reply);

    /// <summary>Presses an Action.Execute as <paramref name="aadId"/> and returns the invoke answer.</summary>
    protected async Task<JsonNode> PressAsync(string verb, JsonObject data, string aadId, string name, string trigger = "manual")
    {
        var invoke = Bot.Activity("invoke", userAadId: aadId, conversationId: Conversation(aadId));
        invoke["from"] = new JsonObject { ["id"] = "29:" + aadId, ["name"] = name, ["aadObjectId"] = aadId };
        invoke["name"] = "adaptiveCard/action";
        invoke["value"] = new JsonObject
        {
            ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = verb, ["data"] = data.DeepClone() },
            ["trigger"] = trigger,
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

    protected static string Text(JsonNode node) => node.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    private async Task ChangeAsync(NonconformityId id, Func<NonconformityId, int, Task<Domain.Result<NonconformityChange>>> change)
    {
        var revision = (await StoredAsync(id)).Revision;
        var changed = await change(id, revision);
        Assert.True(changed.IsSuccess, changed.IsSuccess ? "" : changed.ErrorMessage);
    }

    private static Dictionary<string, string?> WithDefaults(IDictionary<string, string?>? settings)
    {
        var all = new Dictionary<string, string?>
        {
            ["Register:OrganizationTimeZone"] = "Europe/London",
            ["Import:AllowHttpDownloadHosts:0"] = "127.0.0.1",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        return all;
    }
}
