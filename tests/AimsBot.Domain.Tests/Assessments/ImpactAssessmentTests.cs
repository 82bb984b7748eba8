using System.Globalization;
using AimsBot.Domain.Access;
using AimsBot.Domain.Assessments;
using AimsBot.Domain.Register;
using AimsBot.Domain.Scheduling;
using AimsBot.Domain.Tests.Support;
using Microsoft.Extensions.Time.Testing;
using static AimsBot.Domain.Tests.Assessments.AssessmentTestData;

namespace AimsBot.Domain.Tests.Assessments;

public class ImpactAssessmentTests
{
    private static readonly Questionnaire Q = QuestionnaireLoader.Shipped;
    private static readonly Actor Owner = Actors.Owner;
    private static readonly Actor Colleague = Actor.Create("colleague-1");
    private static readonly ImpactScoringOptions Scoring = new();
    private static readonly ReassessmentOptions Cadence = new();

    private readonly FakeTimeProvider _clock = Build.Clock("2026-11-23T10:00:00Z");

    private AiSystem System(RiskTier tier = RiskTier.Limited) => AssessmentTestData.System(_clock, tier);

    private ImpactAssessment Started(AiSystem system, Actor? assessor = null) => Build.Ok(ImpactAssessment.Start(system, Q, assessor ?? Owner, _clock));

    private ImpactAssessment Submitted(AiSystem system, Actor? assessor = null)
    {
        var actor = assessor ?? Owner;
        return Build.Ok(Complete(Started(system, actor), system, actor).Submit(system, actor, _clock));
    }

    private Result<ImpactAssessment> Approve(ImpactAssessment assessment, AiSystem system, Actor approver, ImpactApproval? approval = null, TimeZoneInfo? zone = null) =>
        assessment.Approve(system, approver, "Agreed.", approval ?? ImpactApproval.RiskApproversOnly, Scoring, Cadence, zone ?? Zones.Utc, _clock);

    [Fact]
    public void The_systems_owner_starts_an_assessment_with_the_register_fields_already_answered()
    {
        var system = System();

        var assessment = Started(system);

        Assert.Equal((1, AssessmentStatus.Draft, 0), (assessment.Version, assessment.Status, assessment.Revision));
        Assert.Equal("impact-assessment@1.0", assessment.Questionnaire.Key);
        Assert.Equal("owner-1", assessment.AssessorUserId);
        Assert.Equal(system.Id, assessment.SystemId);
        Assert.Equal(_clock.GetUtcNow(), assessment.StartedAt);
        Assert.Equal(32, assessment.Id.Length);
        var first = assessment.AnswersFor("system")!.Single;
        Assert.Equal("CV screening assistant", first["system-name"]);
        Assert.Equal("Helps recruiters shortlist applicants; a recruiter reads every application it ranks.", first["intended-use"]);
        Assert.Equal("deployer/user, developer", first["organisation-role"]);
        Assert.Equal("design", first["life-cycle-stage"]);
        Assert.Null(first["sensitive-uses"]);
        Assert.Null(assessment.NextReassessmentDue);
        Assert.Equal(DueState.NotScheduled, assessment.ReassessmentStatus(_clock, Zones.Utc).State);
    }

    [Fact]
    public void A_compliance_lead_may_start_one_and_anyone_else_is_refused()
    {
        var system = System();
        Assert.Equal("lead-1", Started(system, Actors.Lead).AssessorUserId);

        var stranger = Build.Fails(ImpactAssessment.Start(system, Q, Actors.Stranger, _clock), "access.refused");
        Assert.Equal("Only the AI system's owner or a compliance lead can start, change or submit its impact assessment.", stranger.Message);
        Assert.Contains("read-only", Build.Fails(ImpactAssessment.Start(system, Q, Actors.Auditor, _clock), "access.refused").Message, StringComparison.Ordinal);

        var retired = Build.Ok(system.ChangeStatus(SystemStatus.Retired, Actors.Lead));
        Build.Fails(ImpactAssessment.Start(retired, Q, Owner, _clock), "assessment.system-retired");
    }

    [Fact]
    public void Each_saved_step_counts_a_revision_and_leaves_the_earlier_value_unchanged()
    {
        var system = System();
        var start = Started(system);

        var saved = Build.Ok(start.SaveSection(system, "misuse", Values(("misuse-foreseen", "no")), Owner));

        Assert.Equal(1, saved.Revision);
        Assert.Equal("no", saved.AnswersFor("misuse")!.Single["misuse-foreseen"]);
        Assert.Null(start.AnswersFor("misuse"));
        Assert.Equal(["owner-1"], saved.AnsweredBy["misuse"]);
    }

    [Fact]
    public void A_refused_step_changes_nothing()
    {
        var system = System();
        var start = Started(system);

        var result = start.SaveSection(system, "model", Values(("decision-logic", "Scores."), ("model-type", "quantum")), Owner);

        Assert.Equal(["answer.choice.not-offered", "answer.too-short"], result.Errors.Select(e => e.Code));
        Assert.Null(start.AnswersFor("model"));
        Assert.Equal(0, start.Revision);
        Build.Fails(start.SaveSection(system, "no-such-step", Values(), Owner), "assessment.section.unknown");
    }

    [Fact]
    public void A_colleague_asked_to_answer_one_step_answers_that_step_only_and_their_answers_join_the_same_assessment()
    {
        var system = System();
        var asked = Build.Ok(Started(system).AskContributor(system, "data", "colleague-1", Owner));

        var answered = Build.Ok(asked.SaveSection(system, "data", Values(("data-sources", "The applicant tracking system's export.")), Colleague));
        var other = Build.Fails(answered.SaveSection(system, "model", Values(("model-type", "rules")), Colleague), "access.refused");

        Assert.Equal("The applicant tracking system's export.", answered.AnswersFor("data")!.Single["data-sources"]);
        Assert.Equal("Only the AI system's owner, a compliance lead or the colleague asked to answer this step can answer it.", other.Message);
        Assert.Equal("colleague-1", answered.AskedContributors["data"]);
        Assert.Equal(["colleague-1", "owner-1"], answered.Participants.Order());
        Build.Fails(Started(system).SaveSection(system, "data", Values(("data-sources", "Somewhere else entirely.")), Colleague), "access.refused");
        Build.Fails(asked.AskContributor(system, "data", "Pending.Person@Example.com", Owner), "assessment.contributor.unknown");
        Build.Fails(asked.AskContributor(system, "data", " ", Owner), "assessment.contributor.required");
        Build.Fails(asked.AskContributor(system, "data", "colleague-2", Colleague), "access.refused");
    }

    [Fact]
    public void Submitting_with_required_answers_missing_lists_every_one_and_keeps_what_was_typed()
    {
        var system = System();
        var typed = Build.Ok(Started(system).SaveSection(system, "data", Values(("data-sources", "Applications from the careers site."), ("personal-data", "yes")), Owner));

        var result = typed.Submit(system, Owner, _clock);

        Assert.True(result.IsFailure);
        Assert.All(result.Errors, e => Assert.Equal("assessment.answer.missing", e.Code));
        Assert.Equal("Step 1 (The system and its intended use): 'Is the system used in any of these areas?' needs an answer.", result.Errors[0].Message);
        Assert.Contains(result.Errors, e => e.Message == "Step 3 (Data): 'Which kinds of personal data?' needs an answer.");
        Assert.Contains(result.Errors, e => e.Message == "Step 7 (Impacts): at least 1 impact needed.");
        Assert.Equal(result.Errors.Count, typed.Missing().Count);
        Assert.Equal(AssessmentStatus.Draft, typed.Status);
        Assert.Equal("Applications from the careers site.", typed.AnswersFor("data")!.Single["data-sources"]);
    }

    [Fact]
    public void A_complete_assessment_is_submitted_and_approved_by_a_risk_approver_who_took_no_part()
    {
        var system = System(RiskTier.Limited);
        var submitted = Submitted(system);
        Assert.Equal((AssessmentStatus.Submitted, _clock.GetUtcNow()), (submitted.Status, submitted.SubmittedAt!.Value));

        _clock.Advance(TimeSpan.FromDays(2));
        var approved = Build.Ok(Approve(submitted, system, Actors.Approver));

        Assert.Equal(AssessmentStatus.Approved, approved.Status);
        Assert.Equal(ImpactLevel.Low, approved.ApprovedLevel);
        var approval = approved.Approval!;
        Assert.Equal(("approver-1", _clock.GetUtcNow(), "Agreed."), (approval.DecidedBy, approval.DecidedAt, approval.Comment));
        Assert.Equal(new DateOnly(2027, 11, 25), approved.NextReassessmentDue);
        Assert.Equal(submitted.Revision + 1, approved.Revision);
    }

    [Fact]
    public void The_assessor_may_not_approve_even_as_a_risk_approver()
    {
        var system = AssessmentTestData.System(_clock, owner: "owner-approver");
        var ownerWhoApprovesRisks = Actor.Create("owner-approver", Role.RiskApprover);
        var submitted = Submitted(system, ownerWhoApprovesRisks);

        var error = Build.Fails(Approve(submitted, system, ownerWhoApprovesRisks), "access.refused");
        Assert.Equal("You are the assessor of this impact assessment, so someone who neither assessed nor answered it must approve or return it (separation of duties).", error.Message);
        Build.Fails(submitted.Return(system, Actor.Create("OWNER-APPROVER ", Role.RiskApprover), "Please add the data retention.", ImpactApproval.RiskApproversOnly, _clock), "access.refused");
    }

    [Fact]
    public void A_contributor_may_not_approve_even_as_a_risk_approver_and_being_asked_is_enough()
    {
        var system = System();
        var approverColleague = Actor.Create("approver-2", Role.RiskApprover);
        var answered = Build.Ok(Started(system).SaveSection(system, "data", Values(("data-sources", "The applicant tracking system's export.")), Actors.Lead));
        var asked = Build.Ok(answered.AskContributor(system, "model", "approver-2", Owner));
        var submitted = Build.Ok(Complete(asked, system, Owner).Submit(system, Owner, _clock));

        var askedError = Build.Fails(Approve(submitted, system, approverColleague), "access.refused");
        Assert.Equal("You answered part of this impact assessment, so someone who neither assessed nor answered it must approve or return it (separation of duties).", askedError.Message);
        Build.Fails(Approve(submitted, system, Actor.Create("lead-1", Role.ComplianceLead, Role.RiskApprover)), "access.refused");
        Build.Ok(Approve(submitted, system, Actors.Approver));
    }

    [Fact]
    public void Only_a_risk_approver_or_by_policy_the_owners_manager_approves()
    {
        var system = System();
        var submitted = Submitted(system);
        var manager = Actor.Create("manager-1");

        Assert.Equal(
            "Only a risk approver (or the system owner's manager, when the approval policy allows) can approve or return an impact assessment.",
            Build.Fails(Approve(submitted, system, Actors.Lead), "access.refused").Message);
        Build.Fails(Approve(submitted, system, manager, new ImpactApproval(ImpactApproverPolicy.RiskApprovers, "manager-1")), "access.refused");
        Build.Fails(Approve(submitted, system, manager, new ImpactApproval(ImpactApproverPolicy.RiskApproversOrOwnersManager, null)), "access.refused");
        Build.Ok(Approve(submitted, system, manager, new ImpactApproval(ImpactApproverPolicy.RiskApproversOrOwnersManager, "manager-1")));
        Build.Ok(Approve(submitted, system, Actors.Approver, new ImpactApproval(ImpactApproverPolicy.RiskApproversOrOwnersManager, "manager-1")));
    }

    [Fact]
    public void Approving_twice_or_approving_a_draft_is_refused()
    {
        var system = System();
        var approved = Build.Ok(Approve(Submitted(system), system, Actors.Approver));

        var twice = Build.Fails(Approve(approved, system, Actors.OtherApprover), "assessment.already-decided");
        Assert.Equal("Version 1 of this impact assessment was already approved on 2026-11-23; it can't be decided again.", twice.Message);
        Build.Fails(approved.Return(system, Actors.OtherApprover, "Too late to change this one.", ImpactApproval.RiskApproversOnly, _clock), "assessment.already-decided");

        var draft = Build.Fails(Approve(Complete(Started(system), system, Owner), system, Actors.Approver), "assessment.not-submitted");
        Assert.Equal("This impact assessment is a draft, not submitted, so there is nothing to decide yet.", draft.Message);
    }

    [Fact]
    public void Returned_with_a_comment_changed_and_resubmitted_then_approved_keeps_every_decision()
    {
        var system = System();
        var submitted = Submitted(system);
        Build.Fails(submitted.Return(system, Actors.Approver, "  ", ImpactApproval.RiskApproversOnly, _clock), "assessment.comment.required");
        Build.Fails(submitted.Return(system, Actors.Approver, "Why?", ImpactApproval.RiskApproversOnly, _clock), "assessment.comment.too-short");

        var returned = Build.Ok(submitted.Return(system, Actors.Approver, "Please describe how long CVs are kept.", ImpactApproval.RiskApproversOnly, _clock));
        Assert.Equal(AssessmentStatus.Returned, returned.Status);
        Build.Fails(Approve(returned, system, Actors.OtherApprover), "assessment.not-submitted");

        _clock.Advance(TimeSpan.FromDays(1));
        var changed = Build.Ok(returned.SaveSection(system, "data", Values(
            ("data-sources", "Applications submitted through the careers site."),
            ("personal-data", "no"),
            ("data-provenance", "Applicants submit their own documents under the privacy notice."),
            ("data-quality", "CVs are deleted six months after the role closes.")), Owner));
        var resubmitted = Build.Ok(changed.Submit(system, Owner, _clock));
        Assert.Equal(_clock.GetUtcNow(), resubmitted.SubmittedAt);
        var approved = Build.Ok(Approve(resubmitted, system, Actors.Approver));

        Assert.Equal([AssessmentDecisionKind.Returned, AssessmentDecisionKind.Approved], approved.Decisions.Select(d => d.Kind));
        Assert.Equal("Please describe how long CVs are kept.", approved.Decisions[0].Comment);
    }

    [Fact]
    public void A_submitted_assessment_waits_and_an_approved_one_never_changes()
    {
        var system = System();
        var submitted = Submitted(system);
        Assert.Equal(
            "This impact assessment is waiting for approval, so it can't change now; the approver can return it for changes.",
            Build.Fails(submitted.SaveSection(system, "misuse", Values(("misuse-foreseen", "yes")), Owner), "assessment.submitted").Message);
        Build.Fails(submitted.Submit(system, Owner, _clock), "assessment.already-submitted");

        var approved = Build.Ok(Approve(submitted, system, Actors.Approver));
        var edit = Build.Fails(approved.SaveSection(system, "misuse", Values(("misuse-foreseen", "yes")), Owner), "assessment.approved");
        Assert.Equal("Version 1 of this impact assessment is approved and can't change; start a new version to change it.", edit.Message);
        Build.Fails(approved.AddItem(system, "impacts", Owner), "assessment.approved");
        Build.Fails(approved.RemoveItem(system, "impacts", 1, Owner), "assessment.approved");
        Build.Fails(approved.AskContributor(system, "data", "colleague-1", Owner), "assessment.approved");
        Build.Fails(approved.Submit(system, Owner, _clock), "assessment.approved");
        Build.Fails(approved.SaveSection(system, "misuse", Values(("misuse-foreseen", "yes")), Actors.Lead), "assessment.approved");
    }

    [Fact]
    public void A_change_after_approval_starts_a_new_version_from_the_approved_answers()
    {
        var system = System();
        var approved = Build.Ok(Approve(Submitted(system), system, Actors.Approver));
        _clock.Advance(TimeSpan.FromDays(30));

        var next = Build.Ok(approved.StartNewVersion(system, Q, Owner, _clock));

        Assert.Equal((2, AssessmentStatus.Draft, 0), (next.Version, next.Status, next.Revision));
        Assert.NotEqual(approved.Id, next.Id);
        Assert.Equal(_clock.GetUtcNow(), next.StartedAt);
        Assert.Null(next.ApprovedLevel);
        Assert.Empty(next.Decisions);
        Assert.Empty(next.Missing());
        Assert.Equal(approved.AnswersFor("impacts")!.Items[0].Values, next.AnswersFor("impacts")!.Items[0].Values);
        Assert.Equal(AssessmentStatus.Approved, approved.Status);

        Build.Fails(next.StartNewVersion(system, Q, Owner, _clock), "assessment.not-approved");
        Build.Fails(approved.StartNewVersion(system, Q, Actors.Stranger, _clock), "access.refused");
    }

    [Fact]
    public void A_running_assessment_keeps_its_questionnaire_version_and_the_next_version_takes_the_new_one_keeping_what_still_fits()
    {
        var system = System();
        var approved = Build.Ok(Approve(Build.Ok(Build.Ok(Complete(Started(system), system, Owner)
            .SaveSection(system, "model", Values(
                ("model-type", "generative"), ("model-origin", "in-house"), ("decision-role", "recommends"),
                ("decision-logic", "Scores skills matched against the role profile."),
                ("performance", "Precision at 20 measured quarterly against recruiter choices.")), Owner))
            .Submit(system, Owner, _clock)), system, Actors.Approver));
        var v11 = Build.Ok(LoadEdited(root =>
        {
            root["version"] = "1.1";
            var options = Question(root, "model", "model-type")["options"]!.AsArray();
            options.RemoveAt(3);
        }));

        var next = Build.Ok(approved.StartNewVersion(system, v11, Owner, _clock));

        Assert.Equal("impact-assessment@1.0", approved.Questionnaire.Key);
        Assert.Equal("impact-assessment@1.1", next.Questionnaire.Key);
        var model = next.AnswersFor("model")!.Single;
        Assert.Null(model["model-type"]);
        Assert.Equal("recommends", model["decision-role"]);
        Assert.Equal(["model-type"], next.Missing().Select(m => m.QuestionId));
    }

    [Fact]
    public void Impacts_are_added_one_at_a_time_up_to_the_limit_and_removed_by_position()
    {
        var system = System();
        var assessment = Build.Ok(Started(system).SaveSection(system, "impacts", [Harm("1", "1"), Harm("2", "2"), Harm("3", "3")], Owner));

        var removed = Build.Ok(assessment.RemoveItem(system, "impacts", 2, Owner));
        Assert.Equal(["1", "3"], removed.AnswersFor("impacts")!.Items.Select(i => i["severity"]));
        Build.Fails(assessment.RemoveItem(system, "impacts", 4, Owner), "answer.items.unknown");
        Build.Fails(assessment.RemoveItem(system, "data", 1, Owner), "answer.items.unknown");
        Build.Fails(assessment.AddItem(system, "data", Owner), "answer.items.not-repeatable");

        var added = Build.Ok(removed.AddItem(system, "impacts", Owner));
        Assert.Equal(3, added.AnswersFor("impacts")!.Items.Count);
        Assert.True(added.AnswersFor("impacts")!.Items[2].IsEmpty);
        Assert.Contains(added.Missing(), m => m.SectionId == "impacts" && m.Item == 3 && m.QuestionId == "effect");

        var full = added;
        while (full.AnswersFor("impacts")!.Items.Count < 20)
        {
            full = Build.Ok(full.AddItem(system, "impacts", Owner));
        }

        Assert.Equal("'Impacts' can have at most 20 impacts; remove one first.", Build.Fails(full.AddItem(system, "impacts", Owner), "answer.items.too-many").Message);
    }

    [Fact]
    public void A_sensitive_use_makes_the_approved_level_high()
    {
        var system = System();
        var complete = Complete(Started(system), system, Owner);
        var sensitive = Build.Ok(complete.SaveSection(system, "system", Values(
            ("system-name", "CV screening assistant"),
            ("system-description", "Ranks job applications against the role's criteria."),
            ("intended-use", "Helps recruiters shortlist applicants."),
            ("organisation-role", "deployer/user"),
            ("life-cycle-stage", "design"),
            ("sensitive-uses", "employment")), Owner));

        Assert.Equal(ImpactLevel.Low, Build.Ok(complete.Score(Scoring)).Overall);
        Assert.Equal(ImpactLevel.High, Build.Ok(sensitive.Score(Scoring)).Overall);
        var approved = Build.Ok(Approve(Build.Ok(sensitive.Submit(system, Owner, _clock)), system, Actors.Approver));
        Assert.Equal(ImpactLevel.High, approved.ApprovedLevel);
    }

    public static TheoryData<string, RiskTier, string, string> DueDates => new()
    {
        // approved at (UTC), tier, zone, next reassessment due
        { "2028-02-29T10:00:00Z", RiskTier.Limited, "UTC", "2029-02-28" },
        { "2028-02-29T10:00:00Z", RiskTier.High, "UTC", "2028-08-29" },
        { "2028-02-29T10:00:00Z", RiskTier.Minimal, "UTC", "2030-02-28" },
        { "2027-08-31T10:00:00Z", RiskTier.High, "UTC", "2028-02-29" },
        { "2026-08-31T10:00:00Z", RiskTier.High, "UTC", "2027-02-28" },
        { "2026-11-30T10:00:00Z", RiskTier.Unacceptable, "UTC", "2027-02-28" },
        { "2026-12-31T10:00:00Z", RiskTier.Unacceptable, "UTC", "2027-03-31" },
        { "2027-01-31T10:00:00Z", RiskTier.Unacceptable, "UTC", "2027-04-30" },
        { "2026-11-23T10:00:00Z", RiskTier.Minimal, "UTC", "2028-11-23" },
        // 11:30 UTC on 31 December is already 1 January in Auckland and still 31 December in Los Angeles.
        { "2026-12-31T11:30:00Z", RiskTier.Limited, "Pacific/Auckland", "2028-01-01" },
        { "2026-12-31T11:30:00Z", RiskTier.Limited, "America/Los_Angeles", "2027-12-31" },
    };

    [Theory]
    [MemberData(nameof(DueDates))]
    public void The_next_reassessment_falls_due_by_risk_tier_from_the_approval_date_clamped_to_month_ends(string approvedAt, RiskTier tier, string zoneId, string due)
    {
        // Submitted the day before, approved at the stated instant.
        var approvedInstant = DateTimeOffset.Parse(approvedAt, CultureInfo.InvariantCulture);
        var clock = new FakeTimeProvider(approvedInstant.AddDays(-1));
        var system = AssessmentTestData.System(clock, tier);
        var started = Build.Ok(ImpactAssessment.Start(system, Q, Owner, clock));
        var submitted = Build.Ok(Complete(started, system, Owner).Submit(system, Owner, clock));
        clock.SetUtcNow(approvedInstant);
        var zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);

        var approved = Build.Ok(submitted.Approve(system, Actors.Approver, null, ImpactApproval.RiskApproversOnly, Scoring, Cadence, zone, clock));

        Assert.Equal(DateOnly.Parse(due, CultureInfo.InvariantCulture), approved.NextReassessmentDue);
    }

    [Fact]
    public void The_reassessment_is_due_on_its_day_and_overdue_the_day_after_by_the_organisations_date()
    {
        var system = System(RiskTier.High);
        var approved = Build.Ok(Approve(Submitted(system), system, Actors.Approver));
        Assert.Equal(new DateOnly(2027, 5, 23), approved.NextReassessmentDue);
        Assert.Equal(new DueStatus(DueState.Upcoming, 181), approved.ReassessmentStatus(_clock, Zones.Utc));

        _clock.SetUtcNow(new DateTimeOffset(2027, 5, 23, 23, 59, 0, TimeSpan.Zero));
        Assert.Equal(DueState.DueToday, approved.ReassessmentStatus(_clock, Zones.Utc).State);
        _clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(new DueStatus(DueState.Overdue, -1), approved.ReassessmentStatus(_clock, Zones.Utc));
    }

    [Fact]
    public void Reassessment_cadences_are_checked()
    {
        Assert.Equal((24, 12, 6, 3), (Cadence.MonthsFor(RiskTier.Minimal), Cadence.MonthsFor(RiskTier.Limited), Cadence.MonthsFor(RiskTier.High), Cadence.MonthsFor(RiskTier.Unacceptable)));
        Assert.Equal(
            ["HighMonths is 0; set it to 1–60 months.", "UnacceptableMonths is 61; set it to 1–60 months."],
            new ReassessmentOptions { HighMonths = 0, UnacceptableMonths = 61 }.Problems());
        Assert.Empty(Cadence.Problems());
    }

    [Fact]
    public void A_stored_assessment_comes_back_as_it_was_and_stored_answers_are_checked_again()
    {
        var system = System();
        var returned = Build.Ok(Submitted(system).Return(system, Actors.Approver, "Please describe how long CVs are kept.", ImpactApproval.RiskApproversOnly, _clock));
        var asked = Build.Ok(returned.AskContributor(system, "data", "colleague-1", Owner));

        var restored = Build.Ok(ImpactAssessment.Restore(asked.ToState(), Q));

        Assert.Equal(asked.ToState() with { Answers = null!, AskedContributors = null!, AnsweredBy = null! }, restored.ToState() with { Answers = null!, AskedContributors = null!, AnsweredBy = null! });
        Assert.Equal(asked.AskedContributors, restored.AskedContributors);
        Assert.Equal(asked.Participants.Order(), restored.Participants.Order());
        Assert.Equal(asked.AnswersFor("impacts")!.Items[0].Values, restored.AnswersFor("impacts")!.Items[0].Values);
        Assert.Empty(restored.Missing());

        var state = asked.ToState();
        var tampered = state with
        {
            Answers = new Dictionary<string, IReadOnlyList<IReadOnlyDictionary<string, string>>>(state.Answers)
            {
                ["model"] = [new Dictionary<string, string> { ["model-type"] = "quantum" }],
            },
        };
        Build.Fails(ImpactAssessment.Restore(tampered, Q), "state.answer.choice.not-offered");
        Build.Fails(ImpactAssessment.Restore(state, Build.Ok(LoadEdited(root => root["version"] = "1.1"))), "state.questionnaire");
        Build.Fails(ImpactAssessment.Restore(state with { Status = AssessmentStatus.Approved }, Q), "state.status");
    }
}
