using System.Net;
using System.Text.Json.Nodes;
using AimsBot.Assessments.Approval;
using AimsBot.Commands;
using AimsBot.Domain.Access;
using AimsBot.Domain.Assessments;
using AimsBot.Domain.Catalogue;
using AimsBot.Domain.Register;
using AimsBot.Host.Tests.Nudges;
using AimsBot.Register;
using AimsBot.Storage.Assessments;
using AimsBot.Storage.Ledger;
using AimsBot.Storage.Register;
using AimsBot.Storage.Risks;
using AimsBot.Teams.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace AimsBot.Host.Tests.Assessments.Approval;

/// <summary>
/// The production host on a fake clock (<see cref="NudgeScanHost"/>: outbox drained by the test, people with 1:1
/// chats), a risk approver, and an AI system owned by <see cref="Owner"/> with a completed impact assessment to submit;
/// helpers to read the approval card each person received and press its buttons as them.
/// </summary>
public abstract class ApprovalHost : NudgeScanHost
{
    protected const string Owner = "0a550000-0000-4000-8000-000000000001";
    protected const string Approver = "0a550000-0000-4000-8000-000000000002";
    protected const string SecondApprover = "0a550000-0000-4000-8000-000000000003";
    protected const string Colleague = "0a550000-0000-4000-8000-000000000004";
    protected const string Manager = "0a550000-0000-4000-8000-000000000005";
    protected const string SystemName = "Credit Scorer";
    protected const string SystemId = "credit-scorer";

    protected ApprovalHost(IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
        : base(WithDefaults(settings), services)
    {
    }

    protected AssessmentApprovals Approvals => Bot.Factory.Services.GetRequiredService<AssessmentApprovals>();
    protected ImpactAssessmentRepository Assessments => Bot.Factory.Services.GetRequiredService<ImpactAssessmentRepository>();
    protected ProposedRiskRepository Risks => Bot.Factory.Services.GetRequiredService<ProposedRiskRepository>();
    protected EvidenceRepository Evidence => Bot.Factory.Services.GetRequiredService<EvidenceRepository>();
    protected ILedgerStore Ledger => Bot.Factory.Services.GetRequiredService<ILedgerStore>();

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await PersonAsync(Owner, "Olive Owner");
        await PersonAsync(Approver, "Alex Approver");
        await PersonAsync(Colleague, "Cora Colleague");
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

    /// <summary>The owner's assessment with every required answer, stored as a draft (to submit through the step card).</summary>
    protected async Task<ImpactAssessment> AnsweredDraftAsync()
    {
        var system = (await Systems.GetAsync(Tenant, SystemId))!;
        var owner = Actor.Create(Owner);
        var a = Ok(ImpactAssessment.Start(system.System, QuestionnaireLoader.Shipped, owner, Clock));
        a = Ok(a.AskContributor(system.System, "data", Colleague, owner));
        a = Complete(a, system.System, owner, Actor.Create(Colleague), "none");
        await Assessments.AddAsync(Tenant, a.ToState());
        return a;
    }

    /// <summary>Says something in the person's own 1:1 chat (so the chat the bot knows for them stays that one) and returns the reply.</summary>
    protected async Task<JsonNode> SayAsAsync(string text, string aadId, string name)
    {
        var activity = Bot.Activity("message", text, userAadId: aadId, conversationId: Conversation(aadId));
        activity["from"] = new JsonObject { ["id"] = "29:" + aadId, ["name"] = name, ["aadObjectId"] = aadId };
        var response = await Bot.PostAsync(activity, TestTokens.Create(Bot.EndorsedKey, Clock.GetUtcNow(), serviceUrl: Bot.ServiceUrl));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var id = activity["id"]!.ToString();
        var replies = await Bot.WaitForRequestsAsync(r => r.Method == "POST" && r.Path.EndsWith("/activities/" + id, StringComparison.Ordinal), timeout: TimeSpan.FromSeconds(30));
        return Assert.Single(replies).Json!;
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

    /// <summary>
    /// The owner's assessment with every required answer, stored as submitted, and sent for approval as a submission
    /// does: a harm of severity 4 × likelihood 4 (high), a low harm, a benefit; the colleague answered the data step.
    /// </summary>
    protected async Task<(ImpactAssessment Submitted, ApprovalRequestSent Sent)> SubmitAsync(string sensitiveUse = "none")
    {
        var system = (await Systems.GetAsync(Tenant, SystemId))!;
        var owner = Actor.Create(Owner);
        var a = Ok(ImpactAssessment.Start(system.System, QuestionnaireLoader.Shipped, owner, Clock));
        a = Ok(a.AskContributor(system.System, "data", Colleague, owner));
        a = Complete(a, system.System, owner, Actor.Create(Colleague), sensitiveUse);
        var stored = await Assessments.AddAsync(Tenant, a.ToState());
        var submitted = Ok(a.Submit(system.System, owner, Clock));
        await Assessments.ReplaceAsync(Tenant, submitted.ToState(), stored.ETag);
        var sent = await Approvals.SendForApprovalAsync(Tenant, system, submitted, CancellationToken.None);
        await DrainAsync();
        return (submitted, sent);
    }

    protected AiSystemRepository Systems => Bot.Factory.Services.GetRequiredService<AiSystemRepository>();

    protected async Task<ImpactAssessment> StoredAsync(int version = 1)
    {
        var loaded = await Approvals.LoadAsync(Tenant, SystemId, version, CancellationToken.None);
        return loaded.Value!.Assessment;
    }

    /// <summary>The approval card the person received last.</summary>
    protected JsonNode ApprovalCardOf(string aadId) =>
        Received(aadId).Last(r => Shown(r).Contains(ApprovalCards.ApproveVerb, StringComparison.Ordinal) || Shown(r).Contains(ApprovalCards.RefreshVerb, StringComparison.Ordinal))["attachments"]![0]!["content"]!;

    /// <summary>Presses an Action.Execute as <paramref name="aadId"/> (the Teams user id is <c>29:{aadId}</c>) and returns the invoke answer.</summary>
    protected async Task<JsonNode> PressAsync(string verb, JsonObject data, string aadId, string name)
    {
        var invoke = Bot.Activity("invoke", userAadId: aadId, conversationId: Conversation(aadId));
        invoke["from"] = new JsonObject { ["id"] = "29:" + aadId, ["name"] = name, ["aadObjectId"] = aadId };
        invoke["name"] = "adaptiveCard/action";
        invoke["value"] = new JsonObject
        {
            ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = verb, ["data"] = data.DeepClone() },
            ["trigger"] = verb == ApprovalCards.RefreshVerb ? "automatic" : "manual",
        };
        var response = await Bot.PostAsync(invoke, TestTokens.Create(Bot.EndorsedKey, Clock.GetUtcNow(), serviceUrl: Bot.ServiceUrl));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

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

    /// <summary>The evidence of a control instance, newest first (scope <c>org</c> or a system id).</summary>
    protected Task<IReadOnlyList<StoredEvidence>> EvidenceAsync(string controlId, string scope) =>
        Evidence.LatestAsync(Tenant, Scope(scope), ControlId.Parse(controlId), take: 50);

    protected Task<StoredControl?> ControlOfAsync(string controlId, string scope) =>
        Controls.GetAsync(Tenant, Scope(scope), ControlId.Parse(controlId));

    private static ControlScope Scope(string scope) => scope == "org" ? ControlScope.Organization : ControlScope.ForSystem(scope);

    private static ImpactAssessment Complete(ImpactAssessment assessment, AiSystem system, Actor owner, Actor colleague, string sensitiveUse)
    {
        var a = Ok(assessment.SaveSection(system, "system", Values(("sensitive-uses", sensitiveUse)).Concat(assessment.AnswersFor("system")!.Single.Values.Select(p => KeyValuePair.Create(p.Key, (string?)p.Value))).ToDictionary(), owner));
        a = Ok(a.SaveSection(system, "misuse", Values(("misuse-foreseen", "no"), ("misuse-reasoning", "Only credit officers can reach it, inside the loan system.")), owner));
        a = Ok(a.SaveSection(system, "data", Values(
            ("data-sources", "Applications and the credit bureau's file."),
            ("personal-data", "no"),
            ("data-provenance", "The bureau's contract and the application's consent text.")), colleague));
        a = Ok(a.SaveSection(system, "model", Values(
            ("model-type", "machine-learning"),
            ("model-origin", "in-house"),
            ("decision-role", "recommends"),
            ("decision-logic", "Gradient-boosted trees over bureau and application features."),
            ("performance", "Gini and calibration measured monthly against outcomes.")), owner));
        a = Ok(a.SaveSection(system, "deployment", Values(
            ("environment", "UK consumer lending, branch and online."),
            ("oversight", "in-the-loop"),
            ("oversight-description", "A credit officer decides every application."),
            ("can-contest", "no")), owner));
        a = Ok(a.SaveSection(system, "parties", Values(("individuals", "Loan applicants and credit officers."), ("vulnerable", "no")), owner));
        a = Ok(a.SaveSection(system, "impacts", [
            Values(
                ("effect", "harm"), ("area", "fairness"), ("impact-description", "Applicants from thin-file groups refused more often.\nSee the bias review."),
                ("affected", "Applicants with short credit histories"), ("severity", "4"), ("likelihood", "4"), ("reversibility", "with-effort"),
                ("existing-measures", "Monthly bias review; officers can override.")),
            Values(
                ("effect", "harm"), ("area", "privacy"), ("impact-description", "Bureau data kept longer than needed."),
                ("affected", "Applicants"), ("severity", "2"), ("likelihood", "2"), ("reversibility", "reversible"),
                ("existing-measures", "Retention job deletes after 90 days.")),
            Values(
                ("effect", "benefit"), ("area", "economic"), ("impact-description", "Decisions in a day instead of a week."),
                ("affected", "Applicants"), ("severity", "3"), ("likelihood", "5")),
        ], owner));
        a = Ok(a.SaveSection(system, "conclusions", Values(("conclusion", "acceptable-with-measures"), ("further-measures", "Add a thin-file model by Q2; the data team."), ("summary", "High fairness risk, managed by review and override.")), owner));
        return a;
    }

    private static Dictionary<string, string?> Values(params (string Question, string? Value)[] values) =>
        values.ToDictionary(v => v.Question, v => v.Value, StringComparer.Ordinal);

    private static T Ok<T>(Domain.Result<T> result)
    {
        Assert.True(result.IsSuccess, result.IsSuccess ? "" : result.ErrorMessage);
        return result.Value!;
    }

    private static Dictionary<string, string?> WithDefaults(IDictionary<string, string?>? settings)
    {
        var all = new Dictionary<string, string?>
        {
            ["Roles:RiskApprovers"] = $"{Approver},{Owner}",
            // The A.5 controls get a schedule, so evidence visibly moves their next due date.
            ["Register:DefaultCadence"] = "yearly",
            ["Register:OrganizationTimeZone"] = "Europe/London",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        return all;
    }
}
