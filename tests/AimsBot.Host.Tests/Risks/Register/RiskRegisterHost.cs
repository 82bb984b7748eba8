using System.Text.Json.Nodes;
using AimsBot.Domain.Access;
using AimsBot.Domain.Risks;
using AimsBot.Host.Tests.Assessments.Approval;
using AimsBot.Host.Tests.Support;
using AimsBot.Risks;
using AimsBot.Risks.Register;
using AimsBot.Storage.Risks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AimsBot.Host.Tests.Risks.Register;

/// <summary>
/// The production host on a fake clock (Monday 23 November 2026, 10:00 UTC) with the approval host's people and
/// "Credit Scorer" owned by <see cref="ApprovalHost.Owner"/>; helpers to fill in and send the risk form as a person.
/// </summary>
public abstract class RiskRegisterHost : ApprovalHost
{
    protected const string Auditor = ProtocolHarness.AuditorId;

    protected RiskRegisterHost(IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
        : base(settings, services)
    {
    }

    protected RiskRepository Register => Bot.Factory.Services.GetRequiredService<RiskRepository>();

    protected RiskService Service => Bot.Factory.Services.GetRequiredService<RiskService>();

    protected RiskCriteriaOptions Criteria => Bot.Factory.Services.GetRequiredService<IOptions<RiskOptions>>().Value.Criteria;

    /// <summary>A complete form: rated high (4 × 4), reduced by two controls and an action, residual low (2 × 2).</summary>
    protected static (string Name, string Value)[] Complete(string title, params (string Name, string Value)[] overrides)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [RiskForm.Title] = title,
            [RiskForm.Description] = "Applicants from thin-file groups may be refused more often.",
            [RiskForm.Likelihood] = "4",
            [RiskForm.Consequence] = "4",
            [RiskForm.Option] = "reduce",
            [RiskForm.Controls] = "A.6.2.6, a7.4",
            [RiskForm.ActionTitle(0)] = "Retrain the model on balanced data",
            [RiskForm.ActionOwner(0)] = Colleague,
            [RiskForm.ActionDue(0)] = "2027-01-29",
            [RiskForm.ResidualLikelihood] = "2",
            [RiskForm.ResidualConsequence] = "2",
        };
        foreach (var (name, value) in overrides)
        {
            values[name] = value;
        }

        return values.Select(v => (v.Key, v.Value)).ToArray();
    }

    /// <summary>Says <c>risk add …</c> as the person and returns the form card.</summary>
    protected async Task<JsonNode> FormAsync(string aadId, string name, string command = "risk add system Credit Scorer")
    {
        var reply = await SayAsAsync(command, aadId, name);
        return reply["attachments"]?[0]?["content"] ?? throw new InvalidOperationException("No form: " + Text(reply));
    }

    /// <summary>Opens the form and sends it with <paramref name="inputs"/>; returns the invoke answer.</summary>
    protected async Task<JsonNode> AddAsync(string aadId, string name, params (string Name, string Value)[] inputs)
    {
        var form = await FormAsync(aadId, name);
        return await PressAsync(RiskCards.AddVerb, Button(form, RiskCards.AddVerb, inputs), aadId, name);
    }

    protected async Task<StoredRisk> StoredRiskAsync(int number) => (await Register.GetAsync(Tenant, new RiskId(number)))!;

    /// <summary>The data a risk card's buttons carry for the risk as it stands.</summary>
    protected async Task<JsonObject> CardDataAsync(int number) => new()
    {
        ["riskId"] = new RiskId(number).ToString(),
        ["revision"] = (await StoredRiskAsync(number)).State.Revision,
    };

    /// <summary>Approves the risk's plan through the domain and the repository, as the approval workflow would: submitted by the owner, approved by a risk approver.</summary>
    protected async Task ApproveAsync(int number)
    {
        var system = (await Systems.GetAsync(Tenant, SystemId))!.System;
        var stored = await StoredRiskAsync(number);
        var risk = Risk.Restore(stored.State).Value!;
        if (risk.Status != RiskStatus.AwaitingApproval)
        {
            risk = Ok(risk.Submit(system, Criteria, Actor.Create(Owner), Clock));
        }

        var approver = new Actor(Approver, new HashSet<Role> { Role.RiskApprover });
        risk = Ok(risk.Approve(system, approver, risk.PlanRevision, "Fine as planned.", null, Criteria, TimeZoneInfo.Utc, Clock));
        await Register.ReplaceAsync(Tenant, risk.ToState(), stored.ETag);
    }

    protected static string Words(JsonNode node) => Text(node);

    private static T Ok<T>(Domain.Result<T> result)
    {
        Assert.True(result.IsSuccess, result.IsSuccess ? "" : result.ErrorMessage);
        return result.Value!;
    }
}
