using System.Text.Json.Nodes;
using AimsBot.Assessments.Approval;
using AimsBot.Domain.Access;
using AimsBot.Domain.Assessments;
using Microsoft.Extensions.DependencyInjection;

namespace AimsBot.Host.Tests.Assessments.Approval;

/// <summary>
/// Approval of a submitted impact assessment through the host: the card the risk approver receives, each viewer's
/// refresh, Approve and Return, and what approval does. Graph is off here (the manager's policy is the default, so
/// the card says the manager could not be looked up); <see cref="ApprovalGraphTests"/> has the manager.
/// </summary>
public sealed class ApprovalTests : ApprovalHost
{
    private const string ReturnComment = "Please describe how officers override a refusal, and who checks the overrides.";

    [Fact]
    public async Task The_risk_approver_gets_the_card_and_approving_records_evidence_proposes_the_high_impact_and_sets_the_next_due()
    {
        var (submitted, sent) = await SubmitAsync();

        // The owner is a risk approver too, but assessed it: only the other risk approver gets the card.
        Assert.Equal([Approver], sent.SentTo.Select(a => a.UserKey));
        Assert.Contains("Alex Approver", sent.Message, StringComparison.Ordinal);
        Assert.Contains("Microsoft Graph is off", sent.Message, StringComparison.Ordinal);
        Assert.Empty(Received(Owner));
        var card = ApprovalCardOf(Approver);
        var shown = Text(card);
        foreach (var expected in new[] { "Impact assessment to approve", "Credit Scorer, version 1", "Olive Owner", "Cora Colleague", "severity 4 × likelihood 4: **high**", "severity 2 × likelihood 2: **low**", "Benefit" })
        {
            Assert.Contains(expected, shown, StringComparison.Ordinal);
        }

        Assert.Equal(["29:" + Owner, "29:" + Approver], card["refresh"]!["userIds"]!.AsArray().Select(n => (string)n!));
        Assert.True(HasButton(card, ApprovalCards.ApproveVerb));

        // Before the decision the assessor sees the status, read-only; the approver sees the buttons.
        var refresh = Button(card, ApprovalCards.RefreshVerb);
        var assessorView = CardOf(await PressAsync(ApprovalCards.RefreshVerb, refresh, Owner, "Olive Owner"));
        Assert.Contains("waiting for approval", Text(assessorView), StringComparison.Ordinal);
        Assert.False(HasButton(assessorView, ApprovalCards.ApproveVerb));
        Assert.True(HasButton(CardOf(await PressAsync(ApprovalCards.RefreshVerb, refresh, Approver, "Alex Approver")), ApprovalCards.ApproveVerb));

        var approved = CardOf(await PressAsync(ApprovalCards.ApproveVerb, Button(card, ApprovalCards.ApproveVerb), Approver, "Alex Approver"));

        Assert.Contains("Approved. Evidence recorded on A.5.2, A.5.3, A.5.4, A.5.5; 1 high impact proposed for the risk register; next reassessment due 2027-05-23.", Text(approved), StringComparison.Ordinal);
        var stored = await StoredAsync();
        Assert.Equal((AssessmentStatus.Approved, ImpactLevel.High, new DateOnly(2027, 5, 23), Approver), (stored.Status, stored.ApprovedLevel!.Value, stored.NextReassessmentDue!.Value, stored.Approval!.DecidedBy));
        Assert.Equal(submitted.Revision + 1, stored.Revision);

        // Evidence on A.5.2 (the organisation's process, which the system inherits) and the system's A.5.3–A.5.5; their schedules move.
        foreach (var (control, scope) in new[] { ("A.5.2", "org"), ("A.5.3", SystemId), ("A.5.4", SystemId), ("A.5.5", SystemId) })
        {
            var evidence = Assert.Single(await EvidenceAsync(control, scope));
            Assert.Contains("Impact assessment v1 of Credit Scorer approved by Alex Approver", evidence.Description, StringComparison.Ordinal);
            Assert.Contains("assessment Credit Scorer 1", evidence.Description, StringComparison.Ordinal);
            var instance = (await ControlOfAsync(control, scope))!.Instance;
            Assert.Equal(Clock.GetUtcNow(), instance.LastEvidenceAt);
            Assert.Equal(new DateOnly(2027, 11, 23), instance.NextDue);
        }

        var risk = Assert.Single(await Risks.ListForSystemAsync(Tenant, SystemId));
        Assert.Equal(
            ("credit-scorer|0001|01", "Applicants from thin-file groups refused more often.", "Applicants with short credit histories", 4, 4, "high", "Monthly bias review; officers can override.", "impact-assessment", "proposed"),
            (risk.RowKey, risk.Title, risk.AffectedParties, risk.Severity, risk.Likelihood, risk.Level, risk.ExistingMeasures, risk.Source, risk.Status));
        Assert.Equal(["assessment.approve"], await LedgerActionsAsync("credit-scorer/v1"));
        Assert.Equal(["risk.propose"], await LedgerActionsAsync("credit-scorer/v1/1"));

        // After the decision everyone sees it: who, when, the next due date; nobody gets buttons.
        foreach (var (viewer, name) in new[] { (Owner, "Olive Owner"), (Approver, "Alex Approver"), (Colleague, "Cora Colleague") })
        {
            var view = CardOf(await PressAsync(ApprovalCards.RefreshVerb, refresh, viewer, name));
            Assert.Contains("Impact assessment approved", Text(view), StringComparison.Ordinal);
            Assert.Contains("Alex Approver, 2026-11-23 10:00 UTC", Text(view), StringComparison.Ordinal);
            Assert.False(HasButton(view, ApprovalCards.ApproveVerb));
        }

        await DrainAsync();
        Assert.Contains("Impact assessment approved", Shown(Assert.Single(Received(Owner))), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Someone_who_may_not_read_the_assessment_opening_a_forwarded_approval_card_is_refused_and_sees_no_answers()
    {
        await SubmitAsync();
        var card = ApprovalCardOf(Approver);
        const string stranger = "0a550000-0000-4000-8000-000000000099";

        var answer = await PressAsync(ApprovalCards.RefreshVerb, Button(card, ApprovalCards.RefreshVerb), stranger, "Sam Stranger");

        Assert.Equal(403, (int)answer["statusCode"]!);
        Assert.Contains("Impact assessments are shown to compliance leads, risk approvers, auditors", Text(answer), StringComparison.Ordinal);
        Assert.DoesNotContain("thin-file", Text(answer), StringComparison.Ordinal);
        Assert.Equal(AssessmentStatus.Submitted, (await StoredAsync()).Status);
    }

    [Fact]
    public async Task Returned_with_a_comment_the_assessor_is_told_and_the_resubmission_goes_out_again_and_is_approved()
    {
        await SubmitAsync();
        var card = ApprovalCardOf(Approver);

        var returned = CardOf(await PressAsync(ApprovalCards.ReturnVerb, Button(card, ApprovalCards.ReturnVerb, (ApprovalCards.CommentInput, ReturnComment)), Approver, "Alex Approver"));

        Assert.Contains("Returned to the assessor with your comment.", Text(returned), StringComparison.Ordinal);
        Assert.Equal(AssessmentStatus.Returned, (await StoredAsync()).Status);
        Assert.Equal(["assessment.return"], await LedgerActionsAsync("credit-scorer/v1"));
        await DrainAsync();
        var toOwner = Shown(Assert.Single(Received(Owner)));
        Assert.Contains("returned for changes", toOwner, StringComparison.Ordinal);
        Assert.Contains(ReturnComment, toOwner, StringComparison.Ordinal);
        Assert.Contains("assess Credit Scorer", toOwner, StringComparison.Ordinal);

        // The old card's Approve no longer decides anything.
        var stale = await PressAsync(ApprovalCards.ApproveVerb, Button(card, ApprovalCards.ApproveVerb), Approver, "Alex Approver");
        Assert.Contains("already returned", Text(stale), StringComparison.Ordinal);
        Assert.Equal(AssessmentStatus.Returned, (await StoredAsync()).Status);

        // The owner changes the step and submits again: a second card goes out, and approving it works.
        var system = (await Systems.GetAsync(Tenant, SystemId))!.System;
        var loaded = (await Approvals.LoadAsync(Tenant, SystemId, 1, CancellationToken.None)).Value!;
        var saved = loaded.Assessment.SaveSection(system, "deployment", new Dictionary<string, string?>
        {
            ["environment"] = "UK consumer lending, branch and online.",
            ["oversight"] = "in-the-loop",
            ["oversight-description"] = "A credit officer decides every application; a senior officer checks overrides weekly.",
            ["can-contest"] = "no",
        }, Actor.Create(Owner)).Value!;
        var written = await Assessments.ReplaceAsync(Tenant, saved.ToState(), loaded.ETag);

        // A press on the old card a while later (the return long done) completes nothing twice: the owner hears of the return once.
        Clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Contains("already returned", Text(await PressAsync(ApprovalCards.ApproveVerb, Button(card, ApprovalCards.ApproveVerb), Approver, "Alex Approver")), StringComparison.Ordinal);
        await DrainAsync();
        Assert.Single(Received(Owner));
        Assert.Equal(["assessment.return"], await LedgerActionsAsync("credit-scorer/v1"));

        var changed = saved.Submit(system, Actor.Create(Owner), Clock).Value!;
        await Assessments.ReplaceAsync(Tenant, changed.ToState(), written.ETag);
        await Approvals.SendForApprovalAsync(Tenant, (await Systems.GetAsync(Tenant, SystemId))!, changed, CancellationToken.None);
        await DrainAsync();
        var second = ApprovalCardOf(Approver);
        Assert.Contains("Returned by", Text(second), StringComparison.Ordinal);

        CardOf(await PressAsync(ApprovalCards.ApproveVerb, Button(second, ApprovalCards.ApproveVerb), Approver, "Alex Approver"));

        Assert.Equal(AssessmentStatus.Approved, (await StoredAsync()).Status);
        Assert.Equal(["assessment.return", "assessment.approve"], await LedgerActionsAsync("credit-scorer/v1"));
    }

    [Fact]
    public async Task Submitted_on_the_step_card_the_owner_sees_who_has_it_and_a_returned_assessment_resumes_with_assess()
    {
        await AnsweredDraftAsync();
        var step = (await SayAsAsync("assess Credit Scorer", Owner, "Olive Owner"))["attachments"]![0]!["content"]!;

        var submitted = CardOf(await PressAsync("assessment.step.submit", ButtonWithInputs(step, "assessment.step.submit"), Owner, "Olive Owner"));

        Assert.Contains("It is with Alex Approver for approval.", Text(submitted), StringComparison.Ordinal);
        Assert.Equal(AssessmentStatus.Submitted, (await StoredAsync()).Status);
        await DrainAsync();
        var card = ApprovalCardOf(Approver);
        Assert.Contains("Impact assessment to approve", Text(card), StringComparison.Ordinal);

        // Shown again (assess while it waits), it is routed again: nothing is sent twice.
        await SayAsAsync("assess Credit Scorer", Owner, "Olive Owner");
        await DrainAsync();
        Assert.Single(Received(Approver));

        CardOf(await PressAsync(ApprovalCards.ReturnVerb, Button(card, ApprovalCards.ReturnVerb, (ApprovalCards.CommentInput, ReturnComment)), Approver, "Alex Approver"));
        var resumed = (await SayAsAsync("assess Credit Scorer", Owner, "Olive Owner"))["attachments"]![0]!["content"]!;

        Assert.Equal(AssessmentStatus.Returned, (await StoredAsync()).Status);
        Assert.Contains("Alex Approver", Text(resumed), StringComparison.Ordinal);

        // Resubmitted from the resumed card, it goes out again, and this time it is approved.
        var again = CardOf(await PressAsync("assessment.step.submit", ButtonWithInputs(resumed, "assessment.step.submit"), Owner, "Olive Owner"));
        Assert.Contains("It is with Alex Approver for approval.", Text(again), StringComparison.Ordinal);
        await DrainAsync();
        Assert.Equal(2, Received(Approver).Count);
        var second = ApprovalCardOf(Approver);
        Assert.Contains(ReturnComment, Text(second), StringComparison.Ordinal);
        CardOf(await PressAsync(ApprovalCards.ApproveVerb, Button(second, ApprovalCards.ApproveVerb), Approver, "Alex Approver"));
        Assert.Equal(AssessmentStatus.Approved, (await StoredAsync()).Status);
        Assert.Equal(["assessment.submit", "assessment.return", "assessment.submit", "assessment.approve"], (await LedgerActionsAsync("credit-scorer/v1")).Where(a => a is not "assessment.save").ToList());
    }

    [Fact]
    public async Task The_assessor_and_a_contributor_pressing_Approve_are_refused_with_the_reason_and_nothing_changes()
    {
        var (submitted, _) = await SubmitAsync();
        var approve = Button(ApprovalCardOf(Approver), ApprovalCards.ApproveVerb);

        var byAssessor = await PressAsync(ApprovalCards.ApproveVerb, approve, Owner, "Olive Owner");
        var byColleague = await PressAsync(ApprovalCards.ReturnVerb, Button(ApprovalCardOf(Approver), ApprovalCards.ReturnVerb, (ApprovalCards.CommentInput, ReturnComment)), Colleague, "Cora Colleague");

        Assert.Equal(403, (int)byAssessor["statusCode"]!);
        Assert.Contains("You are the assessor of this impact assessment", (string)byAssessor["value"]!["message"]!, StringComparison.Ordinal);
        Assert.Equal(403, (int)byColleague["statusCode"]!);
        Assert.Contains("You answered part of this impact assessment", (string)byColleague["value"]!["message"]!, StringComparison.Ordinal);
        var stored = await StoredAsync();
        Assert.Equal((AssessmentStatus.Submitted, submitted.Revision), (stored.Status, stored.Revision));
        Assert.Empty(await LedgerActionsAsync("credit-scorer/v1"));
        Assert.Empty(await Risks.ListAsync(Tenant));
    }

    [Fact]
    public async Task Twenty_parallel_approve_presses_make_one_decision_and_one_ledger_event()
    {
        await SubmitAsync();
        var approve = Button(ApprovalCardOf(Approver), ApprovalCards.ApproveVerb);

        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => PressAsync(ApprovalCards.ApproveVerb, approve, Approver, "Alex Approver")));

        // Every press is answered with the decided card; one of them made the decision.
        Assert.All(answers, a => Assert.Contains("Impact assessment approved", Text(CardOf(a)), StringComparison.Ordinal));
        Assert.Single(answers, a => Text(a).Contains("Approved. Evidence recorded", StringComparison.Ordinal));
        Assert.Equal(["assessment.approve"], await LedgerActionsAsync("credit-scorer/v1"));
        var stored = await StoredAsync();
        Assert.Single(stored.Decisions);
        Assert.Single(await EvidenceAsync("A.5.4", SystemId));
        Assert.Single(await Risks.ListAsync(Tenant));
    }

    [Fact]
    public async Task A_return_comment_too_short_is_refused_on_the_card_with_what_was_typed_and_changes_nothing()
    {
        var (submitted, _) = await SubmitAsync();

        var answer = CardOf(await PressAsync(ApprovalCards.ReturnVerb, Button(ApprovalCardOf(Approver), ApprovalCards.ReturnVerb, (ApprovalCards.CommentInput, "Fix it")), Approver, "Alex Approver"));

        Assert.Contains("Please fix:", Text(answer), StringComparison.Ordinal);
        Assert.Contains("at least 10", Text(answer), StringComparison.Ordinal);
        var input = Executes(answer).Any() ? answer.ToJsonString() : "";
        Assert.Contains("\"value\":\"Fix it\"", input, StringComparison.Ordinal);
        var stored = await StoredAsync();
        Assert.Equal((AssessmentStatus.Submitted, submitted.Revision), (stored.Status, stored.Revision));
        Assert.Empty(await LedgerActionsAsync("credit-scorer/v1"));
    }

    [Fact]
    public async Task A_retry_after_a_crash_between_the_decision_and_its_effects_completes_them_once()
    {
        var (submitted, _) = await SubmitAsync();
        var approve = Button(ApprovalCardOf(Approver), ApprovalCards.ApproveVerb);

        // The first press wrote the decision and stopped there: no ledger event, no evidence, no proposed risk.
        var system = (await Systems.GetAsync(Tenant, SystemId))!.System;
        var loaded = (await Approvals.LoadAsync(Tenant, SystemId, 1, CancellationToken.None)).Value!;
        var options = Bot.Factory.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<AimsBot.Assessments.AssessmentOptions>>().Value;
        var decided = loaded.Assessment.Approve(system, Actor.Create(Approver, Role.RiskApprover), null, ImpactApproval.RiskApproversOnly, options.Scoring, options.Reassessment, TimeZoneInfo.Utc, Clock).Value!;
        await Assessments.ReplaceAsync(Tenant, decided.ToState(), loaded.ETag);
        Clock.Advance(TimeSpan.FromMinutes(2));

        var retry = await PressAsync(ApprovalCards.ApproveVerb, approve, Approver, "Alex Approver");
        var again = await PressAsync(ApprovalCards.ApproveVerb, approve, Approver, "Alex Approver");

        Assert.Contains("already approved", Text(retry), StringComparison.Ordinal);
        Assert.Contains("already approved", Text(again), StringComparison.Ordinal);
        Assert.Equal(["assessment.approve"], await LedgerActionsAsync("credit-scorer/v1"));
        Assert.Equal(["risk.propose"], await LedgerActionsAsync("credit-scorer/v1/1"));
        foreach (var (control, scope) in new[] { ("A.5.2", "org"), ("A.5.3", SystemId), ("A.5.4", SystemId), ("A.5.5", SystemId) })
        {
            Assert.Single(await EvidenceAsync(control, scope));
        }

        Assert.Single(await Risks.ListAsync(Tenant));
        Assert.Equal(submitted.Revision + 1, (await StoredAsync()).Revision);
    }
}

/// <summary>Nobody can approve: the submitter is told who must be configured.</summary>
public sealed class ApprovalWithoutApproversTests : ApprovalHost
{
    public ApprovalWithoutApproversTests()
        : base(new Dictionary<string, string?> { ["Roles:RiskApprovers"] = Owner })
    {
    }

    [Fact]
    public async Task When_the_only_risk_approver_is_the_assessor_the_submitter_is_told_to_add_someone_to_the_setting()
    {
        var (_, sent) = await SubmitAsync();

        Assert.Empty(sent.SentTo);
        Assert.Contains("It is submitted, but I could not send it to anyone for approval.", sent.Message, StringComparison.Ordinal);
        Assert.Contains("every risk approver the bot can reach took part in this assessment", sent.Message, StringComparison.Ordinal);
        Assert.Contains("Roles:RiskApprovers", sent.Message, StringComparison.Ordinal);
        Assert.Empty(Received(Approver));
        Assert.Empty(Received(Owner));
    }
}

/// <summary>No risk approver configured at all.</summary>
public sealed class ApprovalWithNoRiskApproversTests : ApprovalHost
{
    public ApprovalWithNoRiskApproversTests()
        : base(new Dictionary<string, string?> { ["Roles:RiskApprovers"] = "" })
    {
    }

    [Fact]
    public async Task With_no_risk_approver_configured_the_submitter_is_told_to_set_Roles_RiskApprovers()
    {
        var (_, sent) = await SubmitAsync();

        Assert.Empty(sent.SentTo);
        Assert.Contains("no risk approver is configured. Ask your AimsBot administrator to set Roles:RiskApprovers", sent.Message, StringComparison.Ordinal);
    }
}
