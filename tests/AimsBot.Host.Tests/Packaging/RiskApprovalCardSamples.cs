using System.Globalization;
using System.Text.Json.Nodes;
using AimsBot.Commands;
using AimsBot.Domain.Access;
using AimsBot.Domain.Register;
using AimsBot.Domain.Risks;
using AimsBot.Register;
using AimsBot.Risks;
using AimsBot.Risks.Approval;
using AimsBot.Storage.Risks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AimsBot.Host.Tests.Packaging;

/// <summary>
/// The approval card of a risk treatment plan and what its buttons turn it into, run in order against the sample
/// host: "Claims Triage" is owned by someone else than the sample person, who decides as a risk approver; its first risk
/// has changes requested, is changed and approved; its second is rejected; a third has the largest plan there can be
/// (20 actions, 10 controls, every text at its longest) to show the card stays under 28 KB.
/// </summary>
public static class RiskApprovalCardSamples
{
    private const string ProposerId = "aad-sample-risk-owner";
    private const string Comment = "Please name who reviews the triage model's thresholds each quarter.";
    private const string Reason = "The residual rating ignores the claims backlog the model creates.";

    // The samples' risks, found by title: other samples add risks to the same host first, so their numbers vary.
    private const string First = "Claims routed to the wrong team";
    private const string Second = "Fraudulent claims fast-tracked";
    private const string Largest = "Claims";

    public static IReadOnlyList<CardSample> All { get; } =
    [
        new("risk-approval-to-approve", ["verb:" + RiskApprovalCards.RefreshVerb, "RiskApprovalCards.Card"], async h =>
        {
            await SystemAsync(h);
            await SubmittedAsync(h, First, actions: 2, controls: 2, longest: false);
            return await h.PressAsync(RiskApprovalCards.RefreshVerb, Approver(h), new JsonObject { [RiskApprovalCards.RiskKey] = (await IdOfAsync(h, First)).ToString() });
        }),
        new("risk-approval-as-requester", ["verb:" + RiskApprovalCards.RefreshVerb, "RiskApprovalCards.Card"], async h =>
            await h.PressAsync(RiskApprovalCards.RefreshVerb, Proposer(), new JsonObject { [RiskApprovalCards.RiskKey] = (await IdOfAsync(h, First)).ToString() })),
        new("risk-approval-comment-missing", ["verb:" + RiskApprovalCards.RequestChangesVerb, "RiskApprovalCards.Card"], async h =>
            await h.PressAsync(RiskApprovalCards.RequestChangesVerb, Approver(h), await IdsAsync(h, First))),
        new("risk-approval-changes-requested", ["verb:" + RiskApprovalCards.RequestChangesVerb, "RiskApprovalCards.Card"], async h =>
            await h.PressAsync(RiskApprovalCards.RequestChangesVerb, Approver(h), With(await IdsAsync(h, First), RiskApprovalCards.CommentInput, Comment))),
        new("risk-changes-requested-to-requester", ["RiskApprovalCards.DecisionForRequester"], async h =>
            RiskApprovalCards.DecisionForRequester(await ViewAsync(h, First), RiskApprovals.EditButton(await RiskAsync(h, First)))),
        new("risk-approval-approved", ["verb:" + RiskApprovalCards.ApproveVerb, "RiskApprovalCards.Card"], async h =>
        {
            await ResubmitAsync(h, First);
            return await h.PressAsync(RiskApprovalCards.ApproveVerb, Approver(h), await IdsAsync(h, First));
        }),
        new("risk-approved-to-requester", ["RiskApprovalCards.DecisionForRequester"], async h =>
            RiskApprovalCards.DecisionForRequester(await ViewAsync(h, First), RiskApprovals.EditButton(await RiskAsync(h, First)))),
        new("risk-approval-rejected", ["verb:" + RiskApprovalCards.RejectVerb, "RiskApprovalCards.Card"], async h =>
        {
            await SubmittedAsync(h, Second, actions: 1, controls: 1, longest: false);
            return await h.PressAsync(RiskApprovalCards.RejectVerb, Approver(h), With(await IdsAsync(h, Second), RiskApprovalCards.ReasonInput, Reason));
        }),
        new("risk-rejected-to-requester", ["RiskApprovalCards.DecisionForRequester"], async h =>
            RiskApprovalCards.DecisionForRequester(await ViewAsync(h, Second), RiskApprovals.EditButton(await RiskAsync(h, Second)))),
        new("risk-approval-largest", ["RiskApprovalCards.Card"], async h =>
        {
            await SubmittedAsync(h, Largest, actions: Risk.MaxActions, controls: 10, longest: true);
            return RiskApprovalCards.Card(await ViewAsync(h, Largest), RiskApprovalViewer.Decider);
        }),
    ];

    private static Caller Approver(CardSampleHost host) => host.Person(Role.RiskApprover);

    private static Caller Proposer() => new(CardSampleHost.Tenant, ProposerId, "29:sample-risk-owner", "Rita Owner", new HashSet<Role>());

    private static RiskCriteriaOptions Criteria(CardSampleHost host) => host.Services.GetRequiredService<IOptions<RiskOptions>>().Value.Criteria;

    private static TimeZoneInfo London => TimeZoneInfo.FindSystemTimeZoneById("Europe/London");

    /// <summary>The id of the sample's risk whose title starts with <paramref name="title"/> (the largest one's is padded).</summary>
    private static async Task<RiskId> IdOfAsync(CardSampleHost host, string title) =>
        (await host.Services.GetRequiredService<RiskRepository>().ListAsync(CardSampleHost.Tenant))
            .Single(r => r.SystemId == "claims-triage" && (r.Title == title || (title == Largest && r.Title.StartsWith(Largest + "xx", StringComparison.Ordinal)))).Id;

    private static async Task<JsonObject> IdsAsync(CardSampleHost host, string title)
    {
        var id = await IdOfAsync(host, title);
        var stored = (await host.Services.GetRequiredService<RiskRepository>().GetAsync(CardSampleHost.Tenant, id))!;
        return new JsonObject
        {
            [RiskApprovalCards.RiskKey] = id.ToString(),
            [RiskApprovalCards.PlanRevisionKey] = stored.State.PlanRevision.ToString(CultureInfo.InvariantCulture),
        };
    }

    private static JsonObject With(JsonObject data, string input, string text)
    {
        data[input] = text;
        return data;
    }

    private static async Task<Risk> RiskAsync(CardSampleHost host, string title) =>
        (await host.Services.GetRequiredService<RiskApprovals>().LoadAsync(CardSampleHost.Tenant, await IdOfAsync(host, title), CancellationToken.None)).Value!.Risk;

    private static async Task<RiskApprovalView> ViewAsync(CardSampleHost host, string title)
    {
        var loaded = (await host.Services.GetRequiredService<RiskApprovals>().LoadAsync(CardSampleHost.Tenant, await IdOfAsync(host, title), CancellationToken.None)).Value!;
        var names = new Dictionary<string, string> { [ProposerId] = "Rita Owner", ["aad-sample-0001"] = "Dana Owner" };
        var today = DateOnly.FromDateTime(host.Services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime);
        return RiskApprovalViews.Build(loaded.Risk, loaded.System?.System.Name, Criteria(host), id => names.GetValueOrDefault(id, id), today, ["29:sample-risk-owner", "29:sample-0001"]);
    }

    private static async Task SystemAsync(CardSampleHost host)
    {
        var added = await host.Services.GetRequiredService<RegisterService>().AddSystemAsync(
            host.Person(Role.ComplianceLead),
            new AiSystemDetails("Claims Triage", "Routes insurance claims to handling teams.", "Decision support for claims handlers.", [OrganizationRole.DeployerUser], LifecycleStage.Operation, ProposerId, RiskTier.Limited),
            "Rita Owner",
            Guid.NewGuid(),
            null,
            CancellationToken.None);
        Assert.True(added.IsSuccess, added.ErrorMessage);
    }

    /// <summary>A risk of Claims Triage owned and submitted by the proposer: high before treatment, low after, texts at their longest when asked.</summary>
    private static async Task SubmittedAsync(CardSampleHost host, string title, int actions, int controls, bool longest)
    {
        var clock = host.Services.GetRequiredService<TimeProvider>();
        var repository = host.Services.GetRequiredService<RiskRepository>();
        var system = (await host.Services.GetRequiredService<AimsBot.Storage.Register.AiSystemRepository>().GetAsync(CardSampleHost.Tenant, "claims-triage"))!.System;
        var owner = Actor.Create(ProposerId);
        string Text(int length, string start) => longest ? start + new string('x', length - start.Length) : start;
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var risk = Risk.Create(await repository.NextIdAsync(CardSampleHost.Tenant), system, new RiskDetails(Text(Risk.TitleMax, title), Text(Risk.DescriptionMax, "Claims go to a team that can't handle them, so payments are late."), ProposerId), RiskSource.Manual, owner, clock).Value!;
        risk = risk.Rate(system, 4, 4, Criteria(host), owner).Value!;
        var plan = new TreatmentPlanDraft(
            TreatmentOption.Reduce,
            [.. Domain.Catalogue.AnnexA.Controls.Take(controls).Select(c => c.Id)],
            [.. Enumerable.Range(1, actions).Select(i => new TreatmentActionDraft(null, Text(Risk.ActionTitleMax, $"Action {i}: review the routing thresholds"), ProposerId, today.AddDays(30 + i)))],
            2,
            2);
        risk = risk.ChangePlan(system, plan, Criteria(host), owner, London, clock).Value!;
        risk = risk.Submit(system, Criteria(host), owner, clock).Value!;
        await repository.AddAsync(CardSampleHost.Tenant, risk.ToState());
    }

    /// <summary>The risk with changes requested, its first action retitled and submitted again by its owner.</summary>
    private static async Task ResubmitAsync(CardSampleHost host, string title)
    {
        var loaded = (await host.Services.GetRequiredService<RiskApprovals>().LoadAsync(CardSampleHost.Tenant, await IdOfAsync(host, title), CancellationToken.None)).Value!;
        var clock = host.Services.GetRequiredService<TimeProvider>();
        var system = loaded.System!.System;
        var owner = Actor.Create(ProposerId);
        var plan = loaded.Risk.Plan;
        var draft = new TreatmentPlanDraft(
            plan.Option,
            [.. plan.Controls.Select(c => c.Value)],
            [.. plan.Actions.Select(a => new TreatmentActionDraft(a.Number, a.Number == 1 ? "Review the routing thresholds each quarter (the claims lead)" : a.Title, a.OwnerUserId, a.Due))],
            plan.Residual!.Likelihood,
            plan.Residual.Consequence);
        var next = loaded.Risk.ChangePlan(system, draft, Criteria(host), owner, London, clock).Value!.Submit(system, Criteria(host), owner, clock).Value!;
        await host.Services.GetRequiredService<RiskRepository>().ReplaceAsync(CardSampleHost.Tenant, next.ToState(), loaded.ETag);
    }
}
