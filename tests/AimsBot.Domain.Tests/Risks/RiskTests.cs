using System.Globalization;
using AimsBot.Domain.Access;
using AimsBot.Domain.Assessments;
using AimsBot.Domain.Register;
using AimsBot.Domain.Risks;
using AimsBot.Domain.Scheduling;
using AimsBot.Domain.Tests.Assessments;
using AimsBot.Domain.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace AimsBot.Domain.Tests.Risks;

public class RiskTests
{
    private static readonly RiskCriteriaOptions Criteria = new();
    private static readonly Actor Owner = Actors.Owner;
    private static readonly Actor Manager = Actor.Create("manager-1");
    private static readonly Actor Boss = Actor.Create("ceo-1", Role.TopManagement);
    private static readonly DateOnly ActionDue = new(2026, 12, 15);

    private FakeTimeProvider _clock = Build.Clock("2026-11-23T10:00:00Z");

    private static DateTimeOffset At(string instant) => DateTimeOffset.Parse(instant, CultureInfo.InvariantCulture);

    private AiSystem System(string owner = "owner-1") => AssessmentTestData.System(_clock, owner: owner);

    private Risk Draft(AiSystem? system, Actor? by = null) =>
        Build.Ok(Risk.Create(new RiskId(12), system, Details(), RiskSource.Manual, by ?? Owner, _clock));

    private static RiskDetails Details(string title = "Shortlists disadvantage older applicants", string description = "The ranking may learn to prefer recent graduates.", string? owner = "owner-1") =>
        new(title, description, owner);

    private static TreatmentPlanDraft Plan(
        int residualLikelihood = 2,
        int residualConsequence = 2,
        string[]? controls = null,
        TreatmentActionDraft[]? actions = null,
        TreatmentOption? option = TreatmentOption.Reduce) =>
        new(option, controls ?? ["A.6.2.4", "a7.4"], actions ?? [new(null, "Run a bias audit of the ranking", "owner-2", ActionDue)], residualLikelihood, residualConsequence);

    /// <summary>Rated 4 × 4 (high) with the given plan, by the system's owner.</summary>
    private Risk Planned(AiSystem system, TreatmentPlanDraft? plan = null)
    {
        var rated = Build.Ok(Draft(system).Rate(system, 4, 4, Criteria, Owner));
        return Build.Ok(rated.ChangePlan(system, plan ?? Plan(), Criteria, Owner, Zones.Utc, _clock));
    }

    private Risk Submitted(AiSystem system, TreatmentPlanDraft? plan = null, Actor? by = null) =>
        Build.Ok(Planned(system, plan).Submit(system, Criteria, by ?? Owner, _clock));

    private Result<Risk> Approve(Risk risk, AiSystem? system, Actor approver, string? manager = "manager-1", int? planRevision = null, RiskCriteriaOptions? criteria = null, TimeZoneInfo? zone = null) =>
        risk.Approve(system, approver, planRevision ?? risk.PlanRevision, "Agreed.", manager, criteria ?? Criteria, zone ?? Zones.Utc, _clock);

    private Risk Approved(AiSystem system, TreatmentPlanDraft? plan = null) => Build.Ok(Approve(Submitted(system, plan), system, Manager));

    [Fact]
    public void The_systems_owner_adds_a_draft_risk_to_their_system_and_only_a_lead_adds_one_for_the_organisation()
    {
        var system = System();

        var risk = Draft(system);

        Assert.Equal("R-12", risk.Id.ToString());
        Assert.Equal((system.Id, RiskStatus.Draft, 0, 0), (risk.SystemId, risk.Status, risk.Revision, risk.PlanRevision));
        Assert.Equal(("Shortlists disadvantage older applicants", "owner-1", "owner-1"), (risk.Title, risk.OwnerUserId, risk.CreatedBy));
        Assert.Equal(RiskSource.Manual, risk.Source);
        Assert.Equal(_clock.GetUtcNow(), risk.CreatedAt);
        Assert.Null(risk.Inherent);
        Assert.Equal(TreatmentPlan.Empty, risk.Plan);

        Assert.Equal("Only the risk's owner, the AI system's owner or a compliance lead can add or change a risk and its treatment plan.",
            Build.Fails(Risk.Create(new RiskId(13), system, Details(owner: "someone-else"), RiskSource.Manual, Actors.Stranger, _clock), "access.refused").Message);
        Assert.Contains("read-only", Build.Fails(Risk.Create(new RiskId(13), system, Details(), RiskSource.Manual, Actors.Auditor, _clock), "access.refused").Message, StringComparison.Ordinal);
        Assert.StartsWith("Only a compliance lead can add an organisation-wide risk",
            Build.Fails(Risk.Create(new RiskId(13), null, Details(), RiskSource.Manual, Owner, _clock), "access.refused").Message, StringComparison.Ordinal);

        var organisation = Build.Ok(Risk.Create(new RiskId(14), null, Details(), Build.Ok(RiskSource.Create(RiskSourceKind.Audit, "Internal audit 2026-Q3, finding 4")), Actors.Lead, _clock));
        Assert.Null(organisation.SystemId);
        Assert.Equal(new RiskSource(RiskSourceKind.Audit, "Internal audit 2026-Q3, finding 4"), organisation.Source);
        Build.Fails(RiskSource.Create(RiskSourceKind.Nonconformity, " "), "risk.source.required");

        var retired = Build.Ok(system.ChangeStatus(SystemStatus.Retired, Actors.Lead));
        Build.Fails(Risk.Create(new RiskId(15), retired, Details(), RiskSource.Manual, Owner, _clock), "risk.system-retired");
    }

    [Fact]
    public void Titles_descriptions_and_owners_are_checked_and_a_refused_edit_changes_nothing()
    {
        var system = System();
        var risk = Draft(system);

        Assert.Equal("The title needs at least 5 characters (it has 4).", Build.Fails(risk.Edit(system, Details(title: "Bias"), Owner), "risk.title.too-short").Message);
        Assert.Equal("The title can be at most 120 characters (it has 121).", Build.Fails(risk.Edit(system, Details(title: new string('x', 121)), Owner), "risk.title.too-long").Message);
        Build.Fails(risk.Edit(system, Details(title: "Two\nlines of title"), Owner), "risk.title.control-characters");
        Assert.Equal("The description can be at most 4000 characters (it has 4001).", Build.Fails(risk.Edit(system, Details(description: new string('d', 4001)), Owner), "risk.description.too-long").Message);
        Build.Fails(risk.Edit(system, Details(owner: " "), Owner), "risk.owner.required");
        Assert.Equal("ada@example.com is not known to the bot yet, so they can't own a risk; ask them to say hello to the bot first.",
            Build.Fails(risk.Edit(system, Details(owner: "ada@example.com"), Owner), "risk.owner.unknown").Message);
        Build.Ok(risk.Edit(system, Details(title: new string('x', 120), description: "Line one.\nLine two."), Owner));

        // A refused edit returns an error and leaves the risk as it was; an unchanged one counts no revision.
        Assert.Equal((0, "Shortlists disadvantage older applicants"), (risk.Revision, risk.Title));
        Assert.Same(risk, Build.Ok(risk.Edit(system, Details(), Owner)));
        var renamed = Build.Ok(risk.Edit(system, Details(title: "Older applicants ranked lower"), Owner));
        Assert.Equal((1, 0), (renamed.Revision, renamed.PlanRevision));
    }

    [Fact]
    public void A_rating_records_its_level_and_criteria_version_and_is_not_a_plan_change()
    {
        var system = System();

        var rated = Build.Ok(Draft(system).Rate(system, 4, 4, Criteria, Owner));

        Assert.Equal(new RiskRating(4, 4, RiskLevel.High, "1"), rated.Inherent);
        Assert.Equal(RiskLevel.High, rated.CurrentLevel);
        Assert.Equal((1, 0), (rated.Revision, rated.PlanRevision));
        Build.Fails(rated.Rate(system, 6, 1, Criteria, Owner), "risk.rating.likelihood");
    }

    [Fact]
    public void Unknown_controls_are_refused_naming_every_one_and_known_ids_are_stored_canonically()
    {
        var system = System();
        var rated = Build.Ok(Draft(system).Rate(system, 4, 4, Criteria, Owner));

        var error = Build.Fails(rated.ChangePlan(system, Plan(controls: ["A.6.2.6", "A.6.2.99", "banana", "A.6"]), Criteria, Owner, Zones.Utc, _clock), "risk.controls.unknown");

        Assert.Contains("'A.6.2.99'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'banana'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'A.6'", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("'A.6.2.6'", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("are not Annex A control ids. Ids look like A.6.2.6; try 'controls' to list them.", error.Message, StringComparison.Ordinal);
        Assert.Equivalent(TreatmentPlan.Empty, rated.Plan, strict: true);

        var planned = Build.Ok(rated.ChangePlan(system, Plan(controls: ["a7.4", "A.6.2.4", "A.7.4"]), Criteria, Owner, Zones.Utc, _clock));
        Assert.Equal(["A.6.2.4", "A.7.4"], planned.Plan.Controls.Select(c => c.Value));
    }

    [Fact]
    public void Actions_need_a_title_a_known_owner_and_a_due_date_not_yet_passed()
    {
        var system = System();
        var rated = Build.Ok(Draft(system).Rate(system, 4, 4, Criteria, Owner));

        var result = rated.ChangePlan(system, Plan(actions:
        [
            new(null, "Do", "owner-2", ActionDue),
            new(null, "Retrain the model", "bob@example.com", new DateOnly(2026, 11, 22)),
            new(null, "Publish the audit", " ", null),
            new(7, "An action from an old card", "owner-2", ActionDue),
        ]), Criteria, Owner, Zones.Utc, _clock);

        Assert.Equal("New action 1's title needs at least 3 characters (it has 2).", Build.Fails(result, "risk.action.title.too-short").Message);
        Assert.Equal("New action 2's owner bob@example.com is not known to the bot yet; ask them to say hello to the bot first.", Build.Fails(result, "risk.action.owner.unknown").Message);
        Assert.Equal("New action 2's due date 2026-11-22 has passed; choose today or later.", Build.Fails(result, "risk.action.due.past").Message);
        Build.Fails(result, "risk.action.owner.required");
        Build.Fails(result, "risk.action.due.required");
        Assert.Equal("Action 7 is not part of this plan any more; the card may be out of date.", Build.Fails(result, "risk.action.unknown").Message);

        var tooMany = Enumerable.Range(1, 21).Select(i => new TreatmentActionDraft(null, $"Action number {i}", "owner-2", ActionDue)).ToArray();
        Build.Fails(rated.ChangePlan(system, Plan(actions: tooMany), Criteria, Owner, Zones.Utc, _clock), "risk.actions.too-many");

        // Due today is fine; the numbers given out are never reused.
        var planned = Build.Ok(rated.ChangePlan(system, Plan(actions: [new(null, "Check today", "owner-2", new DateOnly(2026, 11, 23)), new(null, "Check later", "owner-2", ActionDue)]), Criteria, Owner, Zones.Utc, _clock));
        var removed = Build.Ok(planned.ChangePlan(system, Plan(actions: [new(2, "Check later", "owner-2", ActionDue)]), Criteria, Owner, Zones.Utc, _clock));
        var added = Build.Ok(removed.ChangePlan(system, Plan(actions: [new(2, "Check later", "owner-2", ActionDue), new(null, "Another check", "owner-2", ActionDue)]), Criteria, Owner, Zones.Utc, _clock));
        Assert.Equal([2, 3], added.Plan.Actions.Select(a => a.Number));
    }

    [Fact]
    public void Submission_lists_everything_missing_and_refuses_a_residual_above_the_risk_before_treatment()
    {
        var system = System();

        var missing = Draft(system).Submit(system, Criteria, Owner, _clock);

        Assert.Equal(["risk.missing.rating", "risk.missing.option", "risk.missing.residual"], missing.Errors.Select(e => e.Code));
        var rated = Build.Ok(Draft(system).Rate(system, 4, 4, Criteria, Owner));
        Build.Fails(Build.Ok(rated.ChangePlan(system, Plan(controls: [], actions: []), Criteria, Owner, Zones.Utc, _clock)).Submit(system, Criteria, Owner, _clock), "risk.missing.treatment");
        Assert.Equal("To share the risk, add at least one treatment action saying how.",
            Build.Fails(Build.Ok(rated.ChangePlan(system, Plan(actions: [], option: TreatmentOption.Share), Criteria, Owner, Zones.Utc, _clock)).Submit(system, Criteria, Owner, _clock), "risk.missing.actions").Message);
        Build.Ok(Build.Ok(rated.ChangePlan(system, Plan(4, 4, controls: [], actions: [], option: TreatmentOption.Accept), Criteria, Owner, Zones.Utc, _clock)).Submit(system, Criteria, Owner, _clock));

        var worse = Build.Ok(rated.ChangePlan(system, Plan(5, 5), Criteria, Owner, Zones.Utc, _clock));
        Assert.StartsWith("The residual risk (very high) is above the risk before treatment (high)", Build.Fails(worse.Submit(system, Criteria, Owner, _clock), "risk.residual.above-inherent").Message, StringComparison.Ordinal);

        var planned = Planned(system);
        var submitted = Build.Ok(planned.Submit(system, Criteria, Owner, _clock));
        Assert.Equal((RiskStatus.AwaitingApproval, planned.PlanRevision + 1, planned.Revision + 1), (submitted.Status, submitted.PlanRevision, submitted.Revision));
        Assert.Equal(["owner-1"], submitted.ProposedBy);
        Assert.Equal(_clock.GetUtcNow(), submitted.SubmittedAt);
        Build.Fails(submitted.Submit(system, Criteria, Owner, _clock), "risk.already-submitted");
    }

    [Theory]
    [InlineData(2, 2, RiskLevel.Low)]
    [InlineData(3, 3, RiskLevel.Medium)]
    public void Within_or_at_the_threshold_the_risk_owners_manager_or_a_risk_approver_decides(int likelihood, int consequence, RiskLevel level)
    {
        var system = System();
        var risk = Submitted(system, Plan(likelihood, consequence));

        var route = risk.Route(Criteria, "manager-1")!;

        Assert.Equal(new RiskApprovalRoute(RiskApproverKind.OwnersManagerOrRiskApprover, level, RiskLevel.Medium, "manager-1"), route);
        Assert.Equal(Role.RiskApprover, route.ApproverRole);
        Assert.Equal(RiskStatus.Approved, Build.Ok(Approve(risk, system, Manager)).Status);
        Assert.Equal(RiskStatus.Approved, Build.Ok(Approve(risk, system, Actors.Approver, manager: null)).Status);
        Assert.Equal("Only a risk approver (or the risk owner's manager) can decide on this risk treatment plan.", Build.Fails(Approve(risk, system, Manager, manager: null), "access.refused").Message);
        Build.Fails(Approve(risk, system, Boss), "access.refused");
        Build.Fails(Approve(risk, system, Actors.Lead), "access.refused");
    }

    [Fact]
    public void Above_the_threshold_only_top_management_decides()
    {
        var system = System();
        var risk = Submitted(system, Plan(4, 3));

        var route = risk.Route(Criteria, "manager-1")!;

        Assert.Equal(new RiskApprovalRoute(RiskApproverKind.TopManagement, RiskLevel.High, RiskLevel.Medium, null), route);
        Assert.Equal(Role.TopManagement, route.ApproverRole);
        const string onlyTop = "This plan leaves a residual risk above the acceptance threshold, so only top management can approve it.";
        Assert.Equal(onlyTop, Build.Fails(Approve(risk, system, Manager), "access.refused").Message);
        Assert.Equal(onlyTop, Build.Fails(Approve(risk, system, Actors.Approver), "access.refused").Message);
        var approved = Build.Ok(Approve(risk, system, Boss));
        Assert.Equal((RiskDecisionKind.Approved, "ceo-1", RiskApproverKind.TopManagement, RiskLevel.High), (approved.LastDecision!.Kind, approved.LastDecision.DecidedBy, approved.LastDecision.Route, approved.LastDecision.ResidualLevel));

        // A higher threshold in the criteria lets the manager accept the same residual risk.
        var lenient = new RiskCriteriaOptions { AcceptanceThreshold = "high" };
        Assert.Equal(RiskApproverKind.OwnersManagerOrRiskApprover, risk.Route(lenient, "manager-1")!.Kind);
        Build.Ok(Approve(risk, system, Manager, criteria: lenient));
    }

    [Fact]
    public void Nobody_who_proposed_or_changed_the_plan_decides_on_it_whatever_their_role()
    {
        var system = System();
        var ownerApprover = Actor.Create("owner-1", Role.RiskApprover, Role.TopManagement);
        var risk = Submitted(system);

        Assert.Equal("You proposed or changed this risk treatment plan, so someone else must decide on it (separation of duties).",
            Build.Fails(Approve(risk, system, ownerApprover), "access.refused").Message);
        Build.Fails(risk.Reject(system, ownerApprover, risk.PlanRevision, "Not convinced at all.", "manager-1", Criteria, Zones.Utc, _clock), "access.refused");

        // A compliance lead who is also a risk approver changes the waiting plan: they join the proposers.
        var leadApprover = Actor.Create("lead-9", Role.ComplianceLead, Role.RiskApprover);
        var changed = Build.Ok(risk.ChangePlan(system, Plan(controls: ["A.6.2.4"]), Criteria, leadApprover, Zones.Utc, _clock));
        Assert.Equal(["owner-1", "lead-9"], changed.ProposedBy);
        Assert.Contains("separation of duties", Build.Fails(Approve(changed, system, leadApprover), "access.refused").Message, StringComparison.Ordinal);

        // The owner's manager who changed the plan is not named by the route, so a risk approver must decide.
        var managerAsLead = Actor.Create("manager-1", Role.ComplianceLead);
        var byManager = Build.Ok(risk.ChangePlan(system, Plan(controls: ["A.7.4"]), Criteria, managerAsLead, Zones.Utc, _clock));
        Assert.Null(byManager.Route(Criteria, "manager-1")!.NamedApproverUserId);
        Build.Fails(Approve(byManager, system, Manager), "access.refused");
        Build.Ok(Approve(byManager, system, Actors.Approver));
    }

    [Fact]
    public void The_first_decision_wins_and_a_later_press_names_who_decided_and_when()
    {
        var system = System();
        var risk = Submitted(system);
        var approved = Build.Ok(Approve(risk, system, Manager));
        _clock.Advance(TimeSpan.FromMinutes(5));
        string Names(string id) => id == "manager-1" ? "Grace Hopper" : id;

        var second = approved.Approve(system, Actors.Approver, risk.PlanRevision, null, "manager-1", Criteria, Zones.Utc, _clock, Names);
        var reject = approved.Reject(system, Actors.Approver, risk.PlanRevision, "Too little, too late.", "manager-1", Criteria, Zones.Utc, _clock, Names);

        const string message = "Grace Hopper already approved this plan for R-12 on 2026-11-23 10:00 UTC; it can't be decided again.";
        Assert.Equal(message, Build.Fails(second, "risk.already-decided").Message);
        Assert.Equal(message, Build.Fails(reject, "risk.already-decided").Message);
        Assert.Single(approved.Decisions);
    }

    [Fact]
    public void A_decision_on_a_plan_revision_that_is_not_the_current_one_is_refused()
    {
        var system = System();
        var risk = Submitted(system);
        var cardRevision = risk.PlanRevision;
        var changed = Build.Ok(risk.ChangePlan(system, Plan(actions: [new(1, "Run a bias audit of the ranking", "owner-2", ActionDue.AddDays(14))]), Criteria, Owner, Zones.Utc, _clock));

        var stale = Approve(changed, system, Manager, planRevision: cardRevision);

        Assert.Equal("The plan for R-12 changed since this card was sent, so nothing was decided; here is the current plan.", Build.Fails(stale, "risk.plan-changed").Message);
        Assert.Equal(RiskStatus.AwaitingApproval, changed.Status);
        Assert.Equal(cardRevision + 1, changed.PlanRevision);
        Build.Ok(Approve(changed, system, Manager, planRevision: cardRevision + 1));

        // A title change is not a plan change, so the card stays current.
        var retitled = Build.Ok(changed.Edit(system, Details(title: "Older applicants ranked lower"), Owner));
        Build.Ok(Approve(retitled, system, Manager, planRevision: changed.PlanRevision));
    }

    [Fact]
    public void Rejection_needs_a_reason_a_request_for_changes_a_comment_and_the_plan_is_then_edited_and_submitted_again()
    {
        var system = System();
        var risk = Submitted(system);

        Assert.Equal("Say why the plan is rejected.", Build.Fails(risk.Reject(system, Manager, risk.PlanRevision, "  ", "manager-1", Criteria, Zones.Utc, _clock), "risk.reason.required").Message);
        Assert.Equal("The reason needs at least 10 characters (it has 2).", Build.Fails(risk.Reject(system, Manager, risk.PlanRevision, "No", "manager-1", Criteria, Zones.Utc, _clock), "risk.reason.too-short").Message);
        Build.Fails(risk.Reject(system, Manager, risk.PlanRevision, new string('r', 1001), "manager-1", Criteria, Zones.Utc, _clock), "risk.reason.too-long");
        Assert.Equal("Say what needs to change.", Build.Fails(risk.RequestChanges(system, Manager, risk.PlanRevision, null, "manager-1", Criteria, Zones.Utc, _clock), "risk.comment.required").Message);
        Build.Fails(risk.Approve(system, Manager, risk.PlanRevision, new string('c', 1001), "manager-1", Criteria, Zones.Utc, _clock), "risk.comment.too-long");

        var returned = Build.Ok(risk.RequestChanges(system, Manager, risk.PlanRevision, "Add a control on data quality.", "manager-1", Criteria, Zones.Utc, _clock));
        Assert.Equal((RiskStatus.ChangesRequested, "Add a control on data quality.", (DateOnly?)null), (returned.Status, returned.LastDecision!.Comment, returned.AcceptedUntil));
        Assert.Empty(returned.ProposedBy);
        Assert.Equal(["owner-1"], returned.LastDecision.ProposedBy);

        var edited = Build.Ok(returned.ChangePlan(system, Plan(controls: ["A.6.2.4", "A.7.4", "A.7.3"]), Criteria, Owner, Zones.Utc, _clock));
        Assert.Equal(RiskStatus.ChangesRequested, edited.Status);
        var again = Build.Ok(edited.Submit(system, Criteria, Owner, _clock));
        var rejected = Build.Ok(again.Reject(system, Manager, again.PlanRevision, "Avoid it instead: stop ranking.", "manager-1", Criteria, Zones.Utc, _clock));
        Assert.Equal(RiskStatus.Rejected, rejected.Status);
        Assert.Equal([RiskDecisionKind.ChangesRequested, RiskDecisionKind.Rejected], rejected.Decisions.Select(d => d.Kind));
        var avoided = Build.Ok(rejected.ChangePlan(system, Plan(1, 1, controls: [], option: TreatmentOption.Avoid), Criteria, Owner, Zones.Utc, _clock));
        Build.Ok(Approve(Build.Ok(avoided.Submit(system, Criteria, Owner, _clock)), system, Manager));
    }

    [Theory]
    [InlineData("controls")]
    [InlineData("action added")]
    [InlineData("action removed")]
    [InlineData("action due date")]
    [InlineData("action owner")]
    [InlineData("residual")]
    [InlineData("option")]
    public void A_change_to_an_approved_plan_sends_it_back_for_approval_saying_what_changed(string change)
    {
        var system = System();
        var approved = Approved(system);
        var action = new TreatmentActionDraft(1, "Run a bias audit of the ranking", "owner-2", ActionDue);
        TreatmentActionDraft[] same = [action];
        var (draft, part) = change switch
        {
            "controls" => (Plan(controls: ["A.6.2.4"], actions: same), "the controls"),
            "action added" => (Plan(actions: [action, new(null, "Publish the audit", "owner-2", ActionDue)]), "the treatment actions"),
            "action removed" => (Plan(actions: []), "the treatment actions"),
            "action due date" => (Plan(actions: [action with { Due = ActionDue.AddMonths(1) }]), "the treatment actions"),
            "action owner" => (Plan(actions: [action with { OwnerUserId = "owner-3" }]), "the treatment actions"),
            "residual" => (Plan(3, 2, actions: same), "the residual risk"),
            _ => (Plan(option: TreatmentOption.Share, actions: same), "the treatment option"),
        };

        var changed = Build.Ok(approved.ChangePlan(system, draft, Criteria, Owner, Zones.Utc, _clock));

        Assert.Equal(RiskStatus.AwaitingApproval, changed.Status);
        Assert.Equal($"The approved plan changed ({part}), so it needs approval again.", changed.ReapprovalReason);
        Assert.Equal((approved.PlanRevision + 1, approved.Revision + 1), (changed.PlanRevision, changed.Revision));
        Assert.Equal(["owner-1"], changed.ProposedBy);
        Assert.Equal(DueState.NotScheduled, changed.AcceptanceStatus(_clock, Zones.Utc).State);
        var reapproved = Build.Ok(Approve(changed, system, Actors.Approver));
        Assert.Null(reapproved.ReapprovalReason);
        Assert.Equal(2, reapproved.Decisions.Count);
    }

    [Fact]
    public void Wording_ownership_a_done_action_or_the_same_plan_again_keep_an_approved_plan_approved()
    {
        var system = System();
        var approved = Approved(system);

        var retitled = Build.Ok(approved.Edit(system, Details(title: "Older applicants ranked lower", description: "Reworded.", owner: "owner-3"), Owner));
        var done = Build.Ok(approved.CompleteAction(system, 1, Actor.Create("owner-2"), _clock));
        var same = Build.Ok(approved.ChangePlan(system, Plan(controls: ["A.7.4", "A.6.2.4"], actions: [new(1, " Run a bias audit of the ranking ", "OWNER-2", ActionDue)]), Criteria, Owner, Zones.Utc, _clock));
        var rerated = Build.Ok(approved.Rate(system, 5, 4, Criteria, Owner));

        Assert.All(new[] { retitled, done, same, rerated }, r => Assert.Equal((RiskStatus.Approved, approved.PlanRevision, (string?)null), (r.Status, r.PlanRevision, r.ReapprovalReason)));
        Assert.Same(approved, same);
        Assert.Equal(approved.Revision + 1, done.Revision);

        var ownerChange = Build.Ok(done.ChangePlan(system, Plan(actions: [new(1, "Run a bias audit of the ranking", "owner-2", ActionDue)]), Criteria, Owner, Zones.Utc, _clock));
        Assert.True(ownerChange.Plan.Action(1)!.IsDone);
        Assert.Equal(RiskStatus.Approved, ownerChange.Status);
    }

    [Fact]
    public void The_people_a_risk_concerns_read_it_and_its_actions_stay_open_while_a_changed_plan_waits()
    {
        var system = System();
        var approved = Approved(system);

        Assert.True(Permissions.Can(Actor.Create("owner-2"), DomainAction.ViewRisks, approved.ViewContext(system)).IsAllowed);
        Assert.True(Permissions.Can(Manager, DomainAction.ViewRisks, approved.ViewContext(system)).IsAllowed);
        Assert.False(Permissions.Can(Actors.Stranger, DomainAction.ViewRisks, approved.ViewContext(system)).IsAllowed);
        Assert.True(Permissions.Can(Actors.Stranger, DomainAction.ViewRisks, approved.ViewContext(system, namedApproverUserId: "someone-else")).IsAllowed);
        Assert.False(Permissions.Can(Actor.Create("owner-2"), DomainAction.ManageRisks, approved.ManageContext(system)).IsAllowed);
        Assert.Throws<ArgumentException>(() => approved.ManageContext(null));

        var changed = Build.Ok(approved.ChangePlan(system, Plan(controls: ["A.6.2.4"], actions: [new(1, "Run a bias audit of the ranking", "owner-2", ActionDue)]), Criteria, Owner, Zones.Utc, _clock));
        Assert.Equal(1, Assert.Single(changed.OpenActions(_clock, Zones.Utc)).Action.Number);
        var rejected = Build.Ok(changed.Reject(system, Manager, changed.PlanRevision, "Keep the data quality control.", "manager-1", Criteria, Zones.Utc, _clock));
        Assert.Empty(rejected.OpenActions(_clock, Zones.Utc));
        Assert.Null(rejected.AcceptedUntil);
    }

    [Fact]
    public void An_approved_plan_must_stay_complete()
    {
        var system = System();
        var approved = Approved(system);

        var emptied = approved.ChangePlan(system, Plan(controls: [], actions: []), Criteria, Owner, Zones.Utc, _clock);

        Assert.Equal("The approved plan must stay complete: To reduce the risk, name the Annex A controls that treat it or add a treatment action.", Build.Fails(emptied, "risk.missing.treatment").Message);
    }

    [Fact]
    public void An_acceptance_approved_on_29_February_holds_until_28_February_and_is_overdue_on_1_March()
    {
        _clock = Build.Clock("2028-02-10T09:00:00Z");
        var system = System();
        var risk = Build.Ok(Planned(system, Plan(actions: [new(null, "Run a bias audit of the ranking", "owner-2", new DateOnly(2028, 3, 31))])).Submit(system, Criteria, Owner, _clock));
        _clock.SetUtcNow(At("2028-02-29T10:00:00Z"));

        var approved = Build.Ok(Approve(risk, system, Manager));

        Assert.Equal(new DateOnly(2029, 2, 28), approved.AcceptedUntil);
        _clock.SetUtcNow(At("2029-02-27T23:59:00Z"));
        Assert.Equal(new DueStatus(DueState.Upcoming, 1), approved.AcceptanceStatus(_clock, Zones.Utc));
        _clock.SetUtcNow(At("2029-02-28T12:00:00Z"));
        Assert.Equal(new DueStatus(DueState.DueToday, 0), approved.AcceptanceStatus(_clock, Zones.Utc));
        _clock.SetUtcNow(At("2029-03-01T00:00:00Z"));
        Assert.Equal(new DueStatus(DueState.Overdue, -1), approved.AcceptanceStatus(_clock, Zones.Utc));
        // It is still 28 February in Los Angeles, so the re-review is due today there.
        Assert.Equal(new DueStatus(DueState.DueToday, 0), approved.AcceptanceStatus(_clock, Zones.LosAngeles));
    }

    [Fact]
    public void The_acceptance_starts_from_the_approvals_date_in_the_organisations_zone()
    {
        _clock = Build.Clock("2028-02-10T09:00:00Z");
        var system = System();
        var risk = Build.Ok(Planned(system, Plan(actions: [new(null, "Run a bias audit of the ranking", "owner-2", new DateOnly(2028, 3, 31))])).Submit(system, Criteria, Owner, _clock));
        // 29 February 12:00 UTC is already 1 March 01:00 in Auckland.
        _clock.SetUtcNow(At("2028-02-29T12:00:00Z"));

        Assert.Equal(new DateOnly(2029, 2, 28), Build.Ok(Approve(risk, system, Manager, zone: Zones.Utc)).AcceptedUntil);
        Assert.Equal(new DateOnly(2029, 3, 1), Build.Ok(Approve(risk, system, Manager, zone: Zones.Auckland)).AcceptedUntil);
    }

    [Fact]
    public void A_six_month_acceptance_approved_on_31_August_ends_on_the_last_day_of_February()
    {
        _clock = Build.Clock("2026-08-31T15:00:00Z");
        var halfYear = new RiskCriteriaOptions { AcceptanceValidMonths = 6 };
        var system = System();
        var risk = Build.Ok(Planned(system).Submit(system, halfYear, Owner, _clock));

        var approved = Build.Ok(Approve(risk, system, Manager, criteria: halfYear));

        Assert.Equal(new DateOnly(2027, 2, 28), approved.AcceptedUntil);
        _clock.SetUtcNow(At("2027-03-01T08:00:00Z"));
        Assert.Equal(new DueStatus(DueState.Overdue, -1), approved.AcceptanceStatus(_clock, Zones.Utc));
    }

    [Fact]
    public void An_approved_plan_is_submitted_again_for_its_re_review_and_is_not_scheduled_while_it_waits()
    {
        var system = System();
        var approved = Approved(system);
        Assert.Equal(new DueStatus(DueState.Upcoming, 365), approved.AcceptanceStatus(_clock, Zones.Utc));
        Assert.Equal(new DateOnly(2027, 11, 23), approved.ReviewDue);

        var review = Build.Ok(approved.Submit(system, Criteria, Owner, _clock));

        Assert.Equal(RiskStatus.AwaitingApproval, review.Status);
        Assert.Equal("The acceptance is up for re-review; the plan was submitted again to renew it.", review.ReapprovalReason);
        Assert.Equal(DueState.NotScheduled, review.AcceptanceStatus(_clock, Zones.Utc).State);
        Assert.Null(review.ReviewDue);
        _clock.Advance(TimeSpan.FromDays(30));
        Assert.Equal(new DateOnly(2027, 12, 23), Build.Ok(Approve(review, system, Manager)).AcceptedUntil);
    }

    [Fact]
    public void Treatment_actions_fall_due_and_overdue_in_the_owners_zone_until_done()
    {
        var system = System();
        var draft = Planned(system);
        Assert.Empty(draft.OpenActions(_clock, Zones.Utc));
        var approved = Approved(system);

        _clock.SetUtcNow(At("2026-12-14T20:00:00Z"));
        Assert.Equal(new DueStatus(DueState.Upcoming, 1), Assert.Single(approved.OpenActions(_clock, Zones.Utc)).Status);
        // Already 15 December in Auckland.
        Assert.Equal(new DueStatus(DueState.DueToday, 0), Assert.Single(approved.OpenActions(_clock, Zones.Auckland)).Status);
        _clock.SetUtcNow(At("2026-12-16T09:00:00Z"));
        Assert.Equal(new DueStatus(DueState.Overdue, -1), Assert.Single(approved.OpenActions(_clock, Zones.Utc)).Status);

        Assert.Null(draft.NextActionDue);
        Assert.Equal(ActionDue, approved.NextActionDue);
        var done = Build.Ok(approved.CompleteAction(system, 1, Actor.Create("OWNER-2"), _clock));
        Assert.Null(done.NextActionDue);

        Assert.Empty(done.OpenActions(_clock, Zones.Utc));
        Assert.Equal(DueState.NotScheduled, done.Plan.Action(1)!.Status(_clock, Zones.Utc).State);
        Assert.Equal((_clock.GetUtcNow(), "OWNER-2"), (done.Plan.Action(1)!.DoneAt, done.Plan.Action(1)!.DoneBy));
        Assert.Equal("Action 1 of R-12 was already marked done on 2026-12-16.", Build.Fails(done.CompleteAction(system, 1, Owner, _clock), "risk.action.already-done").Message);
        Build.Fails(approved.CompleteAction(system, 1, Actors.Stranger, _clock), "access.refused");
        Assert.Contains("read-only", Build.Fails(approved.CompleteAction(system, 1, Actor.Create("owner-2", Role.Auditor), _clock), "access.refused").Message, StringComparison.Ordinal);
        Build.Fails(approved.CompleteAction(system, 9, Owner, _clock), "risk.action.unknown");
    }

    [Fact]
    public void Ratings_made_under_earlier_criteria_are_rated_again_at_submission_or_refused_when_they_no_longer_fit()
    {
        var system = System();
        var planned = Planned(system);

        var reworded = new RiskCriteriaOptions { Version = "2" };
        var submitted = Build.Ok(planned.Submit(system, reworded, Owner, _clock));
        Assert.Equal(new RiskRating(4, 4, RiskLevel.High, "2"), submitted.Inherent);
        Assert.Equal("2", submitted.Plan.Residual!.CriteriaVersion);

        var smaller = RiskCriteriaTests.ThreeByThree();
        var refused = planned.Submit(system, smaller, Owner, _clock);
        Assert.Equal("The rating before treatment was made under risk criteria 1 and does not fit the current criteria (2026.1); rate it again.", refused.Errors[0].Message);
        Assert.All(refused.Errors, e => Assert.Equal("risk.rating.outdated", e.Code));
    }

    [Fact]
    public void A_proposed_risk_becomes_a_draft_for_the_systems_owner_with_severity_as_consequence()
    {
        var system = System();
        var proposal = new ProposedRisk(new ProposedRiskRef(system.Id, 2, 3), "Qualified applicants over 50 ranked lower", "Older applicants may be ranked lower than equally qualified younger ones.",
            "fairness", "Applicants over 50", Severity: 4, Likelihood: 3, "high", RaisedForSensitiveUse: true, "A recruiter reads every ranked application.");

        var risk = Build.Ok(Risk.FromProposal(new RiskId(3), proposal, system, Criteria, "approver-1", _clock));

        Assert.Equal((RiskStatus.Draft, "owner-1", "approver-1"), (risk.Status, risk.OwnerUserId, risk.CreatedBy));
        Assert.Equal(new RiskSource(RiskSourceKind.ImpactAssessment, $"{system.Id}/v2/3"), risk.Source);
        Assert.Equal(new RiskRating(3, 4, RiskLevel.High, "1"), risk.Inherent);
        Assert.Equal("Qualified applicants over 50 ranked lower", risk.Title);
        Assert.Equal(
            "Older applicants may be ranked lower than equally qualified younger ones.\nArea: fairness\nWho is affected: Applicants over 50\n"
            + "Existing measures: A recruiter reads every ranked application.\nImpact assessment v2, impact 3: severity 4, likelihood 3 of 5, level high (raised for a sensitive use).",
            risk.Description);
        Assert.Equal(["risk.missing.option", "risk.missing.residual"], risk.Missing().Select(e => e.Code));

        // On 3-point criteria the points map end to end, rounding up.
        Assert.Equal(new RiskRating(2, 3, RiskLevel.High, "2026.1"), Build.Ok(Risk.FromProposal(new RiskId(4), proposal, system, RiskCriteriaTests.ThreeByThree(), "approver-1", _clock)).Inherent);

        // A long title is shortened; a system owner not known yet leaves the draft without an owner.
        var pendingSystem = System(owner: "ada@example.com");
        var longTitle = Build.Ok(Risk.FromProposal(new RiskId(5), proposal with { Title = new string('t', 300) }, pendingSystem, Criteria, "approver-1", _clock));
        Assert.Equal(120, longTitle.Title.Length);
        Assert.EndsWith("…", longTitle.Title, StringComparison.Ordinal);
        Assert.Null(longTitle.OwnerUserId);
        Assert.Contains(longTitle.Missing(), e => e.Code == "risk.missing.owner");
    }

    [Fact]
    public void A_closed_risk_keeps_its_reason_and_changes_no_more()
    {
        var system = System();
        var risk = Submitted(system);

        Build.Fails(risk.Close(system, "", Owner, _clock), "risk.reason.required");
        var closed = Build.Ok(risk.Close(system, "The system no longer ranks applicants.", Owner, _clock));

        Assert.Equal((RiskStatus.Closed, "The system no longer ranks applicants."), (closed.Status, closed.ClosedReason));
        Assert.Equal("R-12 was closed on 2026-11-23, so it can't change.", Build.Fails(closed.Edit(system, Details(title: "Something else entirely"), Owner), "risk.closed").Message);
        Build.Fails(Approve(closed, system, Manager), "risk.closed");
        Build.Fails(closed.Close(system, "Closing it a second time.", Owner, _clock), "risk.closed");
        Assert.Empty(closed.OpenActions(_clock, Zones.Utc));
    }

    [Fact]
    public void Every_change_counts_a_revision()
    {
        var system = System();
        var steps = new List<Risk> { Draft(system) };
        steps.Add(Build.Ok(steps[^1].Rate(system, 4, 4, Criteria, Owner)));
        steps.Add(Build.Ok(steps[^1].ChangePlan(system, Plan(), Criteria, Owner, Zones.Utc, _clock)));
        steps.Add(Build.Ok(steps[^1].Submit(system, Criteria, Owner, _clock)));
        steps.Add(Build.Ok(Approve(steps[^1], system, Manager)));
        steps.Add(Build.Ok(steps[^1].CompleteAction(system, 1, Owner, _clock)));
        steps.Add(Build.Ok(steps[^1].Edit(system, Details(title: "Older applicants ranked lower"), Owner)));
        steps.Add(Build.Ok(steps[^1].Close(system, "Replaced by a wider risk.", Actors.Lead, _clock)));

        Assert.Equal(Enumerable.Range(0, steps.Count), steps.Select(s => s.Revision));
        Assert.Equal([0, 0, 1, 2, 2, 2, 2, 2], steps.Select(s => s.PlanRevision));
    }

    [Fact]
    public void The_state_round_trips_and_stored_nonsense_is_refused()
    {
        var system = System();
        var approved = Build.Ok(Approved(system).CompleteAction(system, 1, Owner, _clock));

        var restored = Build.Ok(Risk.Restore(approved.ToState()));

        Assert.Equivalent(approved.ToState(), restored.ToState(), strict: true);
        Assert.Equal(approved.Plan.Controls, restored.Plan.Controls);
        Build.Fails(Risk.Restore(approved.ToState() with { Controls = ["A.6.2.99"] }), "state.risk.control");
        Build.Fails(Risk.Restore(approved.ToState() with { Decisions = [] }), "state.risk.status");
        Build.Fails(Risk.Restore(approved.ToState() with { Number = 0 }), "state.risk.id");
        Build.Fails(Risk.Restore(approved.ToState() with { NextActionNumber = 1 }), "state.risk.actions");
        Build.Fails(Risk.Restore(approved.ToState() with { Title = "" }), "state.risk.title.required");
    }
}
