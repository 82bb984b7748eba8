using AimsBot.Domain.Access;
using AimsBot.Domain.Nonconformities;
using AimsBot.Domain.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace AimsBot.Domain.Tests.Nonconformities;

public class NonconformityTests
{
    private static readonly NonconformityId Nc7 = new(7);
    private static readonly Actor Owner = Actors.Owner;
    private static readonly Actor Fixer = Actor.Create("fixer-1");
    private static readonly Actor Reporter = Actor.Create("reporter-1");
    private static readonly DateOnly Today = new(2026, 11, 23);

    private readonly FakeTimeProvider _clock = Build.Clock("2026-11-23T10:00:00Z");

    private static NonconformityDetails Details(
        string? title = "Drift monitoring of Credit Scorer skipped in March",
        string? description = "The monthly drift check was not run and nobody noticed.",
        NonconformitySource? source = NonconformitySource.ControlFailure,
        string[]? controls = null,
        NonconformitySeverity? severity = NonconformitySeverity.Major,
        string? link = "https://contoso.sharepoint.com/drift/march") =>
        new(title, description, source, "credit-scorer", controls ?? ["a6.2.6"], severity, link);

    private static NonconformityTriage TriageInput(string? owner = "owner-1", DateOnly? correction = null, DateOnly? rootCause = null, DateOnly? actions = null) =>
        new(NonconformitySeverity.Minor, owner, correction ?? Today.AddDays(7), rootCause ?? Today.AddDays(21), actions ?? Today.AddDays(30));

    private Nonconformity Raised() => Build.Ok(Nonconformity.Raise(Nc7, Details(), Reporter, _clock));

    private Nonconformity Triaged() => Build.Ok(Raised().Triage(TriageInput(), Actors.Lead, Zones.Utc, _clock));

    private Nonconformity Corrected() => Build.Ok(Triaged().RecordCorrection("Ran the March drift check by hand; no drift found.", "None: the scores were within bounds.", Owner, _clock));

    private Nonconformity RootCaused() => Build.Ok(Corrected().RecordRootCause(
        "The scheduled drift job failed silently after the platform upgrade.",
        "Job failures raise no alert, and the owner was on leave.",
        CauseCategory.Technology,
        "Maybe NC-3 and https://wiki.contoso.com/jobs",
        Owner,
        _clock));

    private Nonconformity Planned() => Build.Ok(RootCaused().PlanActions(
        [new(null, "Alert on failed scheduled jobs", "fixer-1", Today.AddDays(14)), new(null, "Name a deputy for the drift check", "owner-1", Today.AddDays(10))],
        Owner,
        Zones.Utc,
        _clock));

    private Nonconformity AllDone()
    {
        var one = Build.Ok(Planned().CompleteAction(1, "Alert rule AL-12 fires on any failed job.", Fixer, _clock));
        return Build.Ok(one.CompleteAction(2, "Deputy named in the RACI: Sam.", Owner, _clock));
    }

    private Nonconformity Implemented() => Build.Ok(AllDone().MarkImplemented("Both actions in place since 2026-11-23.", 30, Owner, Zones.Utc, _clock));

    private Nonconformity Closed()
    {
        var implemented = Implemented();
        _clock.Advance(TimeSpan.FromDays(30));
        return Build.Ok(implemented.ReviewEffectiveness(true, "No missed drift checks in the 30 days since.", null, Actors.Lead, Zones.Utc, _clock));
    }

    [Fact]
    public void Anyone_in_the_tenant_raises_a_nonconformity_and_it_waits_for_triage()
    {
        var nc = Build.Ok(Nonconformity.Raise(Nc7, Details(controls: ["a6.2.6", "A.6.2.6", "A.2.2"]), Reporter, _clock));

        Assert.Equal(NonconformityStage.Raised, nc.Stage);
        Assert.Equal("NC-7", nc.Id.ToString());
        Assert.Equal(["A.2.2", "A.6.2.6"], nc.ControlIds);
        Assert.Equal("reporter-1", nc.RaisedBy);
        Assert.Null(nc.OwnerUserId);
        Assert.Null(nc.StageDueOn);
        Assert.True(nc.IsOpen);
        Assert.Equal(0, nc.Revision);
    }

    [Fact]
    public void A_read_only_auditor_cannot_raise_one()
    {
        var refused = Build.Fails(Nonconformity.Raise(Nc7, Details(), Actors.Auditor, _clock), "access.refused");
        Assert.Contains("Auditors have read-only access", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_raise_with_bad_input_names_every_problem()
    {
        var result = Nonconformity.Raise(Nc7, Details(title: "Bad", description: "", source: null, controls: ["A.99.1"], severity: null, link: "ftp://x"), Reporter, _clock);

        Assert.Contains("needs at least 5", Build.Fails(result, "nc.title.too-short").Message, StringComparison.Ordinal);
        Build.Fails(result, "nc.description.required");
        Assert.Contains("internal audit, control failure", Build.Fails(result, "nc.source.required").Message, StringComparison.Ordinal);
        Assert.Contains("major, minor or observation", Build.Fails(result, "nc.severity.required").Message, StringComparison.Ordinal);
        Assert.Contains("A.99.1", Build.Fails(result, "nc.controls.unknown").Message, StringComparison.Ordinal);
        Assert.Contains("https://", Build.Fails(result, "nc.link.invalid").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_lead_triages_it_into_correction_with_an_owner_and_due_dates()
    {
        var nc = Triaged();

        Assert.Equal(NonconformityStage.Correction, nc.Stage);
        Assert.Equal(NonconformitySeverity.Minor, nc.Severity);
        Assert.Equal("owner-1", nc.OwnerUserId);
        Assert.Equal("lead-1", nc.TriagedBy);
        Assert.Equal(Today.AddDays(7), nc.StageDueOn);
        Assert.Equal(1, nc.Revision);
    }

    [Fact]
    public void Only_a_lead_triages_and_dates_must_be_today_or_later_in_order()
    {
        var raised = Raised();

        Assert.Contains("Only a compliance lead can triage", Build.Fails(raised.Triage(TriageInput(), Owner, Zones.Utc, _clock), "access.refused").Message, StringComparison.Ordinal);
        Assert.Contains("2026-11-22", Build.Fails(raised.Triage(TriageInput(correction: Today.AddDays(-1)), Actors.Lead, Zones.Utc, _clock), "nc.due.past").Message, StringComparison.Ordinal);
        var order = raised.Triage(TriageInput(correction: Today.AddDays(10), rootCause: Today.AddDays(5)), Actors.Lead, Zones.Utc, _clock);
        Assert.Equal("The root cause can't be due before the correction.", Build.Fails(order, "nc.due.order").Message);
        Assert.Equal("Choose the owner who will deal with it.", Build.Fails(raised.Triage(TriageInput(owner: " "), Actors.Lead, Zones.Utc, _clock), "nc.person.required").Message);

        // Today is allowed: a lead may want the correction today.
        Build.Ok(raised.Triage(TriageInput(correction: Today), Actors.Lead, Zones.Utc, _clock));
    }

    [Fact]
    public void A_lead_declines_one_that_is_not_a_nonconformity_with_the_reason_and_it_is_closed()
    {
        var declined = Build.Ok(Raised().Decline("This is the documented behaviour, not a failure.", Actors.Lead, _clock));

        Assert.Equal(NonconformityStage.Declined, declined.Stage);
        Assert.False(declined.IsOpen);
        Assert.Equal("This is the documented behaviour, not a failure.", declined.Steps.DeclinedReason);
        Build.Fails(Raised().Decline("no", Actors.Lead, _clock), "nc.reason.too-short");
        Build.Fails(Raised().Decline("This is the documented behaviour.", Owner, _clock), "access.refused");
        Assert.Equal("NC-7 is at step: correction and containment, so it can't be declined now.", Build.Fails(Triaged().Decline("Not a nonconformity after all.", Actors.Lead, _clock), "nc.stage").Message);
        Assert.Equal("NC-7 is declined (not a nonconformity), so it can't be reopened now.", Build.Fails(declined.Reopen("It happened again last week.", Today.AddDays(14), Actors.Lead, Zones.Utc, _clock), "nc.stage").Message);
    }

    [Fact]
    public void The_owner_takes_it_through_every_step_to_closure()
    {
        var corrected = Corrected();
        Assert.Equal(NonconformityStage.RootCause, corrected.Stage);
        Assert.Equal(Today.AddDays(21), corrected.StageDueOn);

        var rootCaused = RootCaused();
        Assert.Equal(NonconformityStage.Actions, rootCaused.Stage);
        Assert.Equal(CauseCategory.Technology, rootCaused.Cycle.RootCause!.Category);
        Assert.Equal(["NC-3", "https://wiki.contoso.com/jobs"], rootCaused.Cycle.RootCause.SimilarLinks);
        Assert.Equal(Today.AddDays(30), rootCaused.StageDueOn);

        var planned = Planned();
        Assert.Equal(NonconformityStage.Implementation, planned.Stage);
        Assert.Equal(Today.AddDays(14), planned.StageDueOn);
        Assert.Equal(["fixer-1", "owner-1"], planned.ActionOwners);

        var implemented = Implemented();
        Assert.Equal(NonconformityStage.EffectivenessReview, implemented.Stage);
        Assert.Equal(Today.AddDays(30), implemented.ReviewDueOn);
        Assert.Equal(Today.AddDays(30), implemented.StageDueOn);

        var closed = Closed();
        Assert.Equal(NonconformityStage.Closed, closed.Stage);
        Assert.False(closed.IsOpen);
        Assert.NotNull(closed.ClosedAt);
        Assert.True(closed.Cycle.Review!.Effective);
        Assert.Null(closed.StageDueOn);
        Assert.Equal(8, closed.Revision);
    }

    [Fact]
    public void A_step_out_of_order_is_refused_saying_where_it_stands()
    {
        var triaged = Triaged();

        Assert.Equal("NC-7 is waiting for triage, so it can't be given correction and containment now.", Build.Fails(Raised().RecordCorrection("Ran the check by hand.", null, Actors.Lead, _clock), "nc.stage").Message);
        Assert.Equal("NC-7 is at step: correction and containment, so it can't be given a root cause now.", Build.Fails(triaged.RecordRootCause("What happened here.", "Why it happened.", CauseCategory.Process, null, Owner, _clock), "nc.stage").Message);
        Build.Fails(triaged.PlanActions([new(null, "Something", "owner-1", Today)], Owner, Zones.Utc, _clock), "nc.stage");
        Build.Fails(triaged.CompleteAction(1, "Evidence here.", Owner, _clock), "nc.stage");
        Build.Fails(triaged.MarkImplemented("Evidence here.", 30, Owner, Zones.Utc, _clock), "nc.stage");
        Build.Fails(triaged.ReviewEffectiveness(true, "Looks effective to me.", null, Owner, Zones.Utc, _clock), "nc.stage");
        Assert.Equal("NC-7 is at step: correction and containment, so it can't be reopened now.", Build.Fails(triaged.Reopen("It happened again last week.", Today, Actors.Lead, Zones.Utc, _clock), "nc.stage").Message);
        Assert.Equal("NC-7 is at step: correction and containment, so it can't be triaged now.", Build.Fails(triaged.Triage(TriageInput(), Actors.Lead, Zones.Utc, _clock), "nc.stage").Message);
        Assert.Equal("NC-7 is closed, so it can't be given correction and containment now.", Build.Fails(Closed().RecordCorrection("Ran the check by hand.", null, Owner, _clock), "nc.stage").Message);
    }

    [Fact]
    public void Only_the_owner_or_a_lead_records_a_step_and_an_action_owner_only_their_action()
    {
        Assert.Contains("Only the nonconformity's owner or a compliance lead", Build.Fails(Triaged().RecordCorrection("Ran the check by hand.", null, Actors.Stranger, _clock), "access.refused").Message, StringComparison.Ordinal);
        Build.Ok(Triaged().RecordCorrection("The lead ran the check by hand.", null, Actors.Lead, _clock));
        Build.Fails(Triaged().RecordCorrection("Ran the check by hand.", null, Actors.Auditor, _clock), "access.refused");

        var planned = Planned();
        Build.Ok(planned.CompleteAction(1, "Alert rule AL-12 in place.", Fixer, _clock));
        Build.Fails(planned.CompleteAction(2, "Deputy named.", Fixer, _clock), "access.refused");
        Build.Fails(planned.MarkImplemented("Both done.", 30, Fixer, Zones.Utc, _clock), "access.refused");
    }

    [Fact]
    public void Corrective_actions_need_a_title_an_owner_and_a_date_and_there_are_at_most_twenty()
    {
        var rootCaused = RootCaused();

        Assert.Equal("Add at least one corrective action, with its owner and due date.", Build.Fails(rootCaused.PlanActions([new(null, " ", null, null)], Owner, Zones.Utc, _clock), "nc.actions.required").Message);
        var bad = rootCaused.PlanActions([new(null, "Fx", null, Today.AddDays(-1))], Owner, Zones.Utc, _clock);
        Build.Fails(bad, "nc.action.title.too-short");
        Assert.Equal("Action 1 needs an owner.", Build.Fails(bad, "nc.person.required").Message);
        Build.Fails(bad, "nc.due.past");
        var many = Enumerable.Range(1, 21).Select(i => new CorrectiveActionDraft(null, $"Action number {i}", "owner-1", Today)).ToList();
        Assert.Contains("at most 20", Build.Fails(rootCaused.PlanActions(many, Owner, Zones.Utc, _clock), "nc.actions.too-many").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void It_is_implemented_only_once_every_action_is_done_with_evidence()
    {
        var planned = Planned();
        var one = Build.Ok(planned.CompleteAction(1, "Alert rule AL-12 in place.", Fixer, _clock));

        Assert.Equal("Every corrective action must be done first; still open: action 2.", Build.Fails(one.MarkImplemented("Both done.", 30, Owner, Zones.Utc, _clock), "nc.actions.open").Message);
        Assert.Equal("Action 1 of NC-7 is already done.", Build.Fails(one.CompleteAction(1, "Again.", Fixer, _clock), "nc.action.already-done").Message);
        Assert.Equal("NC-7 has no corrective action 3.", Build.Fails(one.CompleteAction(3, "Evidence.", Owner, _clock), "nc.action.unknown").Message);
        Build.Fails(one.CompleteAction(2, "", Owner, _clock), "nc.evidence.required");
        Build.Fails(AllDone().MarkImplemented("", 30, Owner, Zones.Utc, _clock), "nc.evidence.required");
    }

    [Fact]
    public void The_review_waits_for_its_day_and_no_action_owner_may_give_it()
    {
        var implemented = Implemented();

        var early = Build.Fails(implemented.ReviewEffectiveness(true, "Nothing missed so far.", null, Actors.Lead, Zones.Utc, _clock), "nc.review.early");
        Assert.Equal("The effectiveness review of NC-7 is due on 2026-12-23: the actions need that long to show whether they work.", early.Message);

        _clock.Advance(TimeSpan.FromDays(30));
        // The owner owned action 2, so someone else reviews; a lead who owned none may.
        var ownAction = Build.Fails(implemented.ReviewEffectiveness(true, "Nothing missed so far.", null, Owner, Zones.Utc, _clock), "access.refused");
        Assert.Contains("You owned one of the corrective actions", ownAction.Message, StringComparison.Ordinal);
        Build.Fails(implemented.ReviewEffectiveness(true, "Nothing missed so far.", null, Fixer, Zones.Utc, _clock), "access.refused");
        Build.Fails(implemented.ReviewEffectiveness(true, "Nothing missed so far.", null, Actors.Stranger, Zones.Utc, _clock), "access.refused");
        var closed = Build.Ok(implemented.ReviewEffectiveness(true, "Nothing missed so far.", null, Actors.Lead, Zones.Utc, _clock));
        Assert.Equal("lead-1", closed.Cycle.Review!.ReviewerUserId);
    }

    [Fact]
    public void A_lead_who_owned_an_action_may_not_review_it_either()
    {
        var planned = Build.Ok(RootCaused().PlanActions([new(null, "Alert on failed scheduled jobs", "lead-1", Today)], Actors.Lead, Zones.Utc, _clock));
        var done = Build.Ok(planned.CompleteAction(1, "Alert rule AL-12 in place.", Actors.Lead, _clock));
        var implemented = Build.Ok(done.MarkImplemented("In place.", 0, Actors.Lead, Zones.Utc, _clock));

        Build.Fails(implemented.ReviewEffectiveness(true, "It works, I checked.", null, Actors.Lead, Zones.Utc, _clock), "access.refused");
        Build.Ok(implemented.ReviewEffectiveness(true, "It works, I checked.", null, Owner, Zones.Utc, _clock));
    }

    [Fact]
    public void Not_effective_sends_it_back_to_root_cause_in_a_new_cycle_keeping_the_first()
    {
        var implemented = Implemented();
        _clock.Advance(TimeSpan.FromDays(30));

        Build.Fails(implemented.ReviewEffectiveness(false, "Two checks missed again.", Today.AddDays(29), Actors.Lead, Zones.Utc, _clock), "nc.due.past");
        var again = Build.Ok(implemented.ReviewEffectiveness(false, "Two checks missed again.", Today.AddDays(44), Actors.Lead, Zones.Utc, _clock));

        Assert.Equal(NonconformityStage.RootCause, again.Stage);
        Assert.True(again.IsOpen);
        Assert.Equal(2, again.Steps.Cycles.Count);
        Assert.False(again.Steps.Cycles[0].Review!.Effective);
        Assert.Equal(2, again.Cycle.Number);
        Assert.Null(again.Cycle.RootCause);
        Assert.Empty(again.ActionOwners);
        Assert.Equal(Today.AddDays(44), again.StageDueOn);
        Assert.Null(again.ReviewDueOn);
        Build.Fails(implemented.ReviewEffectiveness(true, "short", null, Actors.Lead, Zones.Utc, _clock), "nc.review-comment.too-short");
    }

    [Fact]
    public void A_lead_reopens_a_closed_one_into_a_new_cycle_at_root_cause()
    {
        var closed = Closed();

        Assert.Contains("Only a compliance lead can triage, decline or reopen", Build.Fails(closed.Reopen("It happened again last week.", Today.AddDays(44), Owner, Zones.Utc, _clock), "access.refused").Message, StringComparison.Ordinal);
        Build.Fails(closed.Reopen("again", Today.AddDays(44), Actors.Lead, Zones.Utc, _clock), "nc.reason.too-short");
        var reopened = Build.Ok(closed.Reopen("It happened again last week.", Today.AddDays(44), Actors.Lead, Zones.Utc, _clock));

        Assert.Equal(NonconformityStage.RootCause, reopened.Stage);
        Assert.Null(reopened.ClosedAt);
        Assert.Equal(2, reopened.Cycle.Number);
        Assert.Equal("It happened again last week.", reopened.Cycle.ReopenedBecause!.Reason);
        Assert.True(reopened.Steps.Cycles[0].Review!.Effective);
        Assert.Equal(Today.AddDays(44), reopened.StageDueOn);
    }

    [Fact]
    public void A_stored_state_reads_back_as_it_was()
    {
        var planned = Planned();

        var restored = Build.Ok(Nonconformity.Restore(planned.ToState()));

        Assert.Equal(planned.Stage, restored.Stage);
        Assert.Equal(planned.Revision, restored.Revision);
        Assert.Equal(planned.Cycle.Actions, restored.Cycle.Actions);
        Build.Fails(Nonconformity.Restore(planned.ToState() with { OwnerUserId = null }), "nc.state.owner");
    }

    [Theory]
    [InlineData("NC-7", 7)]
    [InlineData("nc7", 7)]
    [InlineData(" NC 7 ", 7)]
    [InlineData("NC-000007", 7)]
    [InlineData("NC-0001", 1)]
    public void Ids_read_as_people_type_them_and_as_rows_store_them(string typed, int number)
    {
        Assert.True(NonconformityId.TryParse(typed, out var id));
        Assert.Equal(number, id.Number);
    }

    [Theory]
    [InlineData("7")]
    [InlineData("N-7")]
    [InlineData("NC-0")]
    [InlineData("R-7")]
    public void Other_words_are_not_ids(string typed)
    {
        Assert.False(NonconformityId.TryParse(typed, out _));
        Assert.Contains("look like NC-7", NonconformityId.Read(typed).ErrorMessage, StringComparison.Ordinal);
    }
}
