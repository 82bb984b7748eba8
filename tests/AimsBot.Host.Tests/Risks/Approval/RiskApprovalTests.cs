using System.Text.Json.Nodes;
using AimsBot.Domain.Risks;
using AimsBot.Host.Tests.Support;
using AimsBot.Risks.Approval;
using AimsBot.Risks.Register;

namespace AimsBot.Host.Tests.Risks.Approval;

/// <summary>
/// Approval of a submitted treatment plan through the host, with the risk owner's manager from the stub Graph: the
/// cards the approvers receive, each viewer's refresh, Approve, Reject and Request changes, first decision wins, a card
/// that predates a plan change, and the proposer refused.
/// </summary>
public sealed class RiskApprovalTests : RiskApprovalHost
{
    private const string Reason = "The residual rating ignores the bureau's own thin-file flag.";
    private const string Comment = "Please name who reviews the thin-file model before it goes live.";

    [Fact]
    public async Task Within_the_threshold_the_managers_approval_refreshes_the_card_for_both_and_tells_the_requester()
    {
        var (_, sent) = await SubmitAsync(residualLikelihood: 2, residualConsequence: 2);

        // Within the threshold: the risk approver and the owner's manager (Graph), never the proposer (a risk approver too).
        Assert.Equal([Approver, Manager], sent.SentTo.Select(a => a.UserKey));
        Assert.Contains("Max Manager (the risk owner's manager)", sent.Message, StringComparison.Ordinal);
        Assert.Contains(Graph.Requests, r => r.Method == "GET" && r.Path == $"/v1.0/users/{Owner}/manager");
        Assert.DoesNotContain(Received(Owner), r => Shown(r).Contains(RiskApprovalCards.ApproveVerb, StringComparison.Ordinal));
        var card = ApprovalCardOf(Manager);
        var shown = Text(card);
        foreach (var expected in new[]
        {
            "Risk treatment plan to approve", "R-1 · " + RiskTitle, SystemName, "Olive Owner", "**high** (likelihood 4 × consequence 4)", "reduce",
            "**A.6.2.6**", "1. Add a thin-file model — Cora Colleague, due 2027-01-22", "**low** (likelihood 2 × consequence 2), within the acceptance threshold (medium)",
            "2027-11-23 (if approved today)",
        })
        {
            Assert.Contains(expected, shown, StringComparison.Ordinal);
        }

        Assert.Equal(["29:" + Owner, "29:" + Approver, "29:" + Manager], RefreshUsers(card));
        Assert.True(HasButton(card, RiskApprovalCards.ApproveVerb));

        // Before the decision: the requester sees the status; the manager (no role) the buttons.
        var requesterView = await RefreshAsAsync(card, Owner, "Olive Owner");
        Assert.Contains("Risk treatment plan waiting for approval", Text(requesterView), StringComparison.Ordinal);
        Assert.False(HasButton(requesterView, RiskApprovalCards.ApproveVerb));
        Assert.True(HasButton(await RefreshAsAsync(card, Manager, "Max Manager"), RiskApprovalCards.ApproveVerb));

        var approved = CardOf(await PressAsync(RiskApprovalCards.ApproveVerb, Button(card, RiskApprovalCards.ApproveVerb), Manager, "Max Manager"));

        Assert.Contains("You approved the plan: the residual risk is accepted until 2027-11-23.", Text(approved), StringComparison.Ordinal);
        var stored = await StoredAsync();
        Assert.Equal((RiskStatus.Approved, new DateOnly(2027, 11, 23), Manager), (stored.Status, stored.AcceptedUntil!.Value, stored.LastDecision!.DecidedBy));
        Assert.Equal(["risk.approve"], await LedgerActionsAsync("R-1"));

        // After the decision everyone who may read it sees who decided and when, without buttons.
        foreach (var (viewer, name) in new[] { (Owner, "Olive Owner"), (Manager, "Max Manager"), (Approver, "Alex Approver"), (Colleague, "Cora Colleague") })
        {
            var view = await RefreshAsAsync(card, viewer, name);
            Assert.Contains("Risk treatment plan approved", Text(view), StringComparison.Ordinal);
            Assert.Contains("Max Manager, 2026-11-23 10:00 UTC", Text(view), StringComparison.Ordinal);
            Assert.False(HasButton(view, RiskApprovalCards.ApproveVerb));
        }

        // Someone the risk does not concern, without a role that reads risks, is refused.
        Assert.Contains("Risks are shown to", Refusal(await PressAsync(RiskApprovalCards.RefreshVerb, Button(card, RiskApprovalCards.RefreshVerb), Stranger, "Nick Nobody")), StringComparison.Ordinal);

        await DrainAsync();
        var toOwner = Shown(Assert.Single(Received(Owner)));
        Assert.Contains("Risk treatment plan approved", toOwner, StringComparison.Ordinal);
        Assert.Contains("accepted the residual risk until 2027-11-23", toOwner, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Above_the_threshold_only_top_management_gets_the_card_and_may_approve()
    {
        var (_, sent) = await SubmitAsync(residualLikelihood: 4, residualConsequence: 3);

        Assert.Equal([Top], sent.SentTo.Select(a => a.UserKey));
        Assert.Contains("top management", sent.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Graph.Requests, r => r.Path.EndsWith("/manager", StringComparison.Ordinal));
        var card = ApprovalCardOf(Top);
        Assert.Contains("above the acceptance threshold (medium): top management decides", Text(card), StringComparison.Ordinal);

        // A risk approver (and the owner's manager) may not: the reason says why.
        var refused = Refusal(await PressAsync(RiskApprovalCards.ApproveVerb, Button(card, RiskApprovalCards.ApproveVerb), Approver, "Alex Approver"));
        Assert.Contains("only top management can approve it", refused, StringComparison.Ordinal);
        Assert.False(HasButton(await RefreshAsAsync(card, Approver, "Alex Approver"), RiskApprovalCards.ApproveVerb));
        Assert.Equal(RiskStatus.AwaitingApproval, (await StoredAsync()).Status);

        var approved = CardOf(await PressAsync(RiskApprovalCards.ApproveVerb, Button(card, RiskApprovalCards.ApproveVerb), Top, "Tara Top"));
        Assert.Contains("Tara Top, 2026-11-23 10:00 UTC", Text(approved), StringComparison.Ordinal);
        Assert.Equal(RiskStatus.Approved, (await StoredAsync()).Status);
    }

    [Fact]
    public async Task Reject_needs_a_reason_and_tells_the_requester_the_reason()
    {
        await SubmitAsync();
        var card = ApprovalCardOf(Approver);

        // No reason: refused on the card, nothing changes.
        var missing = CardOf(await PressAsync(RiskApprovalCards.RejectVerb, Button(card, RiskApprovalCards.RejectVerb), Approver, "Alex Approver"));
        Assert.Contains("Say why the plan is rejected.", Text(missing), StringComparison.Ordinal);
        var tooShort = CardOf(await PressAsync(RiskApprovalCards.RejectVerb, Button(card, RiskApprovalCards.RejectVerb, (RiskApprovalCards.ReasonInput, "No.")), Approver, "Alex Approver"));
        Assert.Contains("at least 10", Text(tooShort), StringComparison.Ordinal);
        Assert.Contains("\"value\":\"No.\"", Text(tooShort), StringComparison.Ordinal);
        Assert.Equal(RiskStatus.AwaitingApproval, (await StoredAsync()).Status);
        Assert.Empty(await LedgerActionsAsync("R-1"));

        var rejected = CardOf(await PressAsync(RiskApprovalCards.RejectVerb, Button(card, RiskApprovalCards.RejectVerb, (RiskApprovalCards.ReasonInput, Reason)), Approver, "Alex Approver"));

        Assert.Contains("You rejected the plan with your reason.", Text(rejected), StringComparison.Ordinal);
        Assert.Contains(Reason, Text(rejected), StringComparison.Ordinal);
        var stored = await StoredAsync();
        Assert.Equal((RiskStatus.Rejected, Reason), (stored.Status, stored.LastDecision!.Comment));
        Assert.Equal(["risk.reject"], await LedgerActionsAsync("R-1"));
        await DrainAsync();
        var toOwner = Shown(Assert.Single(Received(Owner)));
        Assert.Contains("Risk treatment plan rejected", toOwner, StringComparison.Ordinal);
        Assert.Contains(Reason, toOwner, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Changes_requested_the_requester_edits_and_resubmits_and_the_new_card_is_approved()
    {
        await SubmitAsync();
        var first = ApprovalCardOf(Approver);

        var answer = CardOf(await PressAsync(RiskApprovalCards.RequestChangesVerb, Button(first, RiskApprovalCards.RequestChangesVerb, (RiskApprovalCards.CommentInput, Comment)), Approver, "Alex Approver"));

        Assert.Contains("You asked for changes with your comment.", Text(answer), StringComparison.Ordinal);
        Assert.Equal(RiskStatus.ChangesRequested, (await StoredAsync()).Status);
        Assert.Equal(["risk.changes.request"], await LedgerActionsAsync("R-1"));
        await DrainAsync();
        var toOwner = Shown(Assert.Single(Received(Owner)));
        Assert.Contains("Changes requested to a risk treatment plan", toOwner, StringComparison.Ordinal);
        Assert.Contains(Comment, toOwner, StringComparison.Ordinal);

        // The requester's card's Edit opens the register's edit form; the owner changes the action as asked, saves, and
        // submits again from the risk card: a new approval card goes out, and approving it works.
        var toOwnerCard = Received(Owner)[^1]["attachments"]![0]!["content"]!;
        var form = CardOf(await PressAsync(RiskCards.EditVerb, Button(toOwnerCard, RiskCards.EditVerb), Owner, "Olive Owner"));
        var save = ButtonWithInputs(form, RiskCards.SaveVerb);
        save[RiskForm.ActionTitle(0)] = "Add a thin-file model, reviewed by the model risk team";
        var saved = CardOf(await PressAsync(RiskCards.SaveVerb, save, Owner, "Olive Owner"));
        Assert.Contains("Saved R-1.", Text(saved), StringComparison.Ordinal);
        var submitted = CardOf(await PressAsync(RiskCards.SubmitVerb, Button(saved, RiskCards.SubmitVerb), Owner, "Olive Owner"));
        Assert.Contains("The treatment plan of R-1 is submitted for approval. It went to Alex Approver and Max Manager (the risk owner's manager) for approval.", Text(submitted), StringComparison.Ordinal);
        await DrainAsync();
        var resubmitted = await StoredAsync();
        var second = ApprovalCardOf(Approver);
        Assert.Contains("reviewed by the model risk team", Text(second), StringComparison.Ordinal);

        // The first card's Approve decides nothing: its plan was the one sent back, and the answer shows the new one.
        Assert.Contains("The plan for R-1 changed since this card was sent", Text(CardOf(await PressAsync(RiskApprovalCards.ApproveVerb, Button(first, RiskApprovalCards.ApproveVerb), Approver, "Alex Approver"))), StringComparison.Ordinal);
        Assert.Equal(RiskStatus.AwaitingApproval, (await StoredAsync()).Status);

        CardOf(await PressAsync(RiskApprovalCards.ApproveVerb, Button(second, RiskApprovalCards.ApproveVerb), Approver, "Alex Approver"));
        var stored = await StoredAsync();
        Assert.Equal((RiskStatus.Approved, resubmitted.PlanRevision), (stored.Status, stored.LastDecision!.PlanRevision));
        Assert.Equal(["risk.changes.request", "risk.plan.change", "risk.submit", "risk.approve"], await LedgerActionsAsync("R-1"));
    }

    [Fact]
    public async Task Twenty_parallel_approve_presses_make_one_decision_and_one_ledger_event()
    {
        await SubmitAsync();
        var approve = Button(ApprovalCardOf(Approver), RiskApprovalCards.ApproveVerb);

        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => PressAsync(RiskApprovalCards.ApproveVerb, approve, Approver, "Alex Approver")));

        // Every press is answered with the decided card; one of them made the decision, the others say it was made.
        Assert.All(answers, a => Assert.Contains("Risk treatment plan approved", Text(CardOf(a)), StringComparison.Ordinal));
        Assert.Single(answers, a => Text(a).Contains("You approved the plan: the residual risk is accepted until", StringComparison.Ordinal));
        Assert.Equal(19, answers.Count(a => Text(a).Contains("already approved this plan", StringComparison.Ordinal)));
        Assert.Single((await StoredAsync()).Decisions);
        Assert.Equal(["risk.approve"], await LedgerActionsAsync("R-1"));
        await DrainAsync();
        Assert.Single(Received(Owner));
    }

    [Fact]
    public async Task A_card_that_predates_a_plan_change_answers_that_the_plan_changed_with_the_current_plan()
    {
        await SubmitAsync();
        var card = ApprovalCardOf(Approver);

        // The owner changes the plan while it waits (the register's edit form): the approvers get the plan as it is now.
        var form = CardOf(await PressAsync(RiskCards.EditVerb, new JsonObject { ["riskId"] = "R-1" }, Owner, "Olive Owner"));
        var save = ButtonWithInputs(form, RiskCards.SaveVerb);
        save[RiskForm.ActionTitle(0)] = "Retrain with bureau thin-file flags";
        var saved = Text(CardOf(await PressAsync(RiskCards.SaveVerb, save, Owner, "Olive Owner")));
        Assert.Contains("It went to Alex Approver and Max Manager (the risk owner's manager) for approval.", saved, StringComparison.Ordinal);
        await DrainAsync();
        Assert.Contains("Retrain with bureau thin-file flags", Text(ApprovalCardOf(Approver)), StringComparison.Ordinal);

        var answer = CardOf(await PressAsync(RiskApprovalCards.ApproveVerb, Button(card, RiskApprovalCards.ApproveVerb), Approver, "Alex Approver"));

        Assert.Contains("The plan for R-1 changed since this card was sent, so nothing was decided; here is the current plan.", Text(answer), StringComparison.Ordinal);
        Assert.Contains("Retrain with bureau thin-file flags", Text(answer), StringComparison.Ordinal);
        var stored = await StoredAsync();
        Assert.Equal(RiskStatus.AwaitingApproval, stored.Status);
        Assert.Empty(stored.Decisions);
        Assert.Equal(["risk.plan.change"], await LedgerActionsAsync("R-1"));

        // The answer's buttons carry the current plan: they decide.
        CardOf(await PressAsync(RiskApprovalCards.ApproveVerb, Button(answer, RiskApprovalCards.ApproveVerb), Approver, "Alex Approver"));
        Assert.Equal(RiskStatus.Approved, (await StoredAsync()).Status);
    }

    [Fact]
    public async Task The_proposer_pressing_approve_is_refused_though_they_are_a_risk_approver()
    {
        await SubmitAsync();
        var card = ApprovalCardOf(Approver);

        var refused = Refusal(await PressAsync(RiskApprovalCards.ApproveVerb, Button(card, RiskApprovalCards.ApproveVerb), Owner, "Olive Owner"));

        Assert.Contains("You proposed or changed this risk treatment plan, so someone else must decide on it", refused, StringComparison.Ordinal);
        Assert.Equal(RiskStatus.AwaitingApproval, (await StoredAsync()).Status);
        Assert.Empty(await LedgerActionsAsync("R-1"));
    }

    [Fact]
    public async Task With_Graph_down_it_goes_to_the_risk_approvers_and_the_submitter_is_told_why()
    {
        Graph.Responder = _ => StubGraphResponse.Error(503, "serviceNotAvailable", "Service unavailable.");

        var (_, sent) = await SubmitAsync();

        Assert.Equal([Approver], sent.SentTo.Select(a => a.UserKey));
        Assert.Contains("The risk owner's manager could not be looked up in Microsoft 365", sent.Message, StringComparison.Ordinal);
        Assert.Contains("so it went to the risk approvers only", sent.Message, StringComparison.Ordinal);
        Assert.Empty(Received(Manager));

        // The manager pressing a forwarded card is refused (Graph can't say they are the manager), with why.
        var refused = Refusal(await PressAsync(RiskApprovalCards.ApproveVerb, Button(ApprovalCardOf(Approver), RiskApprovalCards.ApproveVerb), Manager, "Max Manager"));
        Assert.Contains("could not be looked up", refused, StringComparison.Ordinal);
        Assert.Equal(RiskStatus.AwaitingApproval, (await StoredAsync()).Status);
    }
}

/// <summary>Approval with nobody configured as top management: the submitter is told what to configure.</summary>
public sealed class RiskApprovalNobodyTests : RiskApprovalHost
{
    public RiskApprovalNobodyTests()
        : base(new Dictionary<string, string?> { ["Roles:TopManagement"] = null })
    {
    }

    [Fact]
    public async Task Above_the_threshold_with_no_top_management_the_submitter_is_told_what_to_configure()
    {
        var (_, sent) = await SubmitAsync(residualLikelihood: 4, residualConsequence: 3);

        Assert.Empty(sent.SentTo);
        Assert.Contains("Nobody can approve it yet", sent.Message, StringComparison.Ordinal);
        Assert.Contains("set Roles:TopManagement", sent.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Received(Approver), r => Shown(r).Contains(RiskApprovalCards.ApproveVerb, StringComparison.Ordinal));
    }
}
