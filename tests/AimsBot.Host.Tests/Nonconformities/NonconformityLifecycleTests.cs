using System.Text.Json.Nodes;
using AimsBot.Domain.Nonconformities;
using AimsBot.Nonconformities;
using AimsBot.Storage.Nonconformities;

namespace AimsBot.Host.Tests.Nonconformities;

/// <summary>
/// Nonconformities through the host on a fake clock (Monday 23 November 2026, London): raised from chat and from an
/// escalation card's button, triaged by the compliance lead, taken by the owner through every step with an action
/// owner's part, reviewed (not effective, then effective), reopened; and twenty presses at once making one change.
/// </summary>
public sealed class NonconformityLifecycleTests : NonconformityHost
{
    [Fact]
    public async Task Anyone_raises_one_from_chat_and_the_compliance_lead_gets_it_to_triage()
    {
        var raised = await RaiseAsync(Staff, "Sam Staff");

        Assert.Contains("Raised NC-1, thank you. It went to a compliance lead for triage.", Text(raised), StringComparison.Ordinal);
        Assert.Contains("A compliance lead will triage it", Text(raised), StringComparison.Ordinal);
        Assert.False(HasButton(raised, NonconformityCards.TriageVerb));
        var stored = await StoredAsync();
        Assert.Equal((NonconformityStage.Raised, NonconformitySeverity.Major, NonconformitySource.ControlFailure, SystemId, Staff), (stored.Stage, stored.Severity, stored.Source, stored.SystemId, stored.RaisedBy));
        Assert.Equal(["A.6.2.6"], stored.ControlIds);
        Assert.Equal(["nc.raise"], await LedgerActionsAsync("NC-1"));
        var row = (await Repository.ListAsync(Tenant, NonconformityFilter.Open, Lead, 10)).Items.Single();
        Assert.Equal(("NC-000001", "open", "raised", "major", "Sam Staff"), (row.RowKey, row.Status, row.Stage, row.Severity, row.RaisedByName));

        await DrainAsync();
        var toLead = ReceivedCard(Lead, "NC-1");
        Assert.Contains("A nonconformity to triage.", Text(toLead), StringComparison.Ordinal);
        Assert.Contains(NcTitle, Text(toLead), StringComparison.Ordinal);
        Assert.True(HasButton(toLead, NonconformityCards.TriageVerb));
        Assert.True(HasButton(toLead, NonconformityCards.DeclineVerb));
    }

    [Fact]
    public async Task A_form_with_problems_comes_back_with_every_problem_and_raises_nothing_and_a_form_sent_twice_raises_one()
    {
        var reply = await SayAsync("nc raise", Staff);
        var form = reply["attachments"]![0]!["content"]!;
        var bad = CardOf(await PressAsync(NonconformityCards.RaiseVerb, Button(form, NonconformityCards.RaiseVerb, (NonconformityCards.TitleInput, "Bad"), (NonconformityCards.SystemInput, "Nonexistent system"), (NonconformityCards.ControlsInput, "A.99.9")), Staff, "Sam Staff"));

        Assert.Contains("needs at least 5 characters", Text(bad), StringComparison.Ordinal);
        Assert.Contains("Nonexistent system", Text(bad), StringComparison.Ordinal);
        Assert.Contains("Not an Annex A control: A.99.9", Text(bad), StringComparison.Ordinal);
        Assert.Contains("Choose a severity", Text(bad), StringComparison.Ordinal);
        Assert.Empty((await Repository.ListAsync(Tenant, NonconformityFilter.All, Lead, 10)).Items);
        Assert.Empty(await LedgerActionsAsync("NC-1"));

        var press = Button(form, NonconformityCards.RaiseVerb, RaiseInputs());
        CardOf(await PressAsync(NonconformityCards.RaiseVerb, press, Staff, "Sam Staff"));
        var again = CardOf(await PressAsync(NonconformityCards.RaiseVerb, press, Staff, "Sam Staff"));

        Assert.Contains("This form was already sent: it raised NC-1.", Text(again), StringComparison.Ordinal);
        Assert.Single((await Repository.ListAsync(Tenant, NonconformityFilter.All, Lead, 10)).Items);
    }

    [Fact]
    public async Task An_escalation_cards_button_opens_the_form_filled_in_with_the_overdue_control()
    {
        // The button another workflow puts on its card; its data is all the form gets.
        var button = NonconformityCards.RaiseButton(SystemId, "a6.2.6", "Evidence for A.6.2.6 is 3 weeks overdue");
        var form = CardOf(await PressAsync(button.Verb, button.Data!, Lead, "Lee Lead"));

        Assert.Contains("\"value\":\"Credit Scorer\"", Text(form), StringComparison.Ordinal);
        Assert.Contains("\"value\":\"A.6.2.6\"", Text(form), StringComparison.Ordinal);
        Assert.Contains("\"value\":\"Evidence for A.6.2.6 is 3 weeks overdue\"", Text(form), StringComparison.Ordinal);
        Assert.Contains("\"value\":\"control-failure\"", Text(form), StringComparison.Ordinal);

        var raised = CardOf(await PressAsync(NonconformityCards.RaiseVerb, Button(form, NonconformityCards.RaiseVerb, (NonconformityCards.DescriptionInput, "No evidence since October; the owner did not answer two nudges."), (NonconformityCards.SeverityInput, "minor")), Lead, "Lee Lead"));

        // A lead who raises it triages it on the same card.
        Assert.Contains("Raised NC-1. Triage it here.", Text(raised), StringComparison.Ordinal);
        Assert.True(HasButton(raised, NonconformityCards.TriageVerb));
        var stored = await StoredAsync();
        Assert.Equal(("Evidence for A.6.2.6 is 3 weeks overdue", SystemId, NonconformitySeverity.Minor), (stored.Title, stored.SystemId, stored.Severity));
        Assert.Equal(["A.6.2.6"], stored.ControlIds);
    }

    [Fact]
    public async Task A_whole_life_cycle_with_an_ineffective_review_a_closure_and_a_reopening()
    {
        var triaged = await RaisedAndTriagedAsync();
        Assert.Contains("Triaged NC-1: next, the correction and containment. I sent the card to Olive Owner.", Text(triaged), StringComparison.Ordinal);
        var nc = await StoredAsync();
        Assert.Equal((NonconformityStage.Correction, Owner, new DateOnly(2026, 11, 30)), (nc.Stage, nc.OwnerUserId, nc.StageDueOn));

        // Only the owner (or a lead) records a step; a stranger pressing the owner's card is refused and nothing changes.
        await DrainAsync();
        var correctionCard = ReceivedCard(Owner, "NC-1");
        Assert.Contains("NC-1 needs you: correction and containment.", Text(correctionCard), StringComparison.Ordinal);
        var refused = Refusal(await PressAsync(NonconformityCards.CorrectionVerb, Button(correctionCard, NonconformityCards.CorrectionVerb, (NonconformityCards.CorrectionInput, "Ran the March drift check by hand.")), Stranger, "Nick Nobody"));
        Assert.Contains("Nonconformities are shown to compliance leads", refused, StringComparison.Ordinal);
        Assert.Contains("Nonconformities are shown to compliance leads", Refusal(await PressAsync(NonconformityCards.ShowVerb, Button(correctionCard, NonconformityCards.CorrectionVerb), Stranger, "Nick Nobody")), StringComparison.Ordinal);
        Assert.Equal(NonconformityStage.Correction, (await StoredAsync()).Stage);

        var rootCauseCard = CardOf(await PressAsync(NonconformityCards.CorrectionVerb, Button(correctionCard, NonconformityCards.CorrectionVerb, (NonconformityCards.CorrectionInput, "Ran the March drift check by hand: no drift."), (NonconformityCards.ConsequencesInput, "None: scores stayed in bounds.")), Owner, "Olive Owner"));
        Assert.Contains("Correction recorded. Next: the root cause.", Text(rootCauseCard), StringComparison.Ordinal);

        var actionsCard = CardOf(await PressAsync(NonconformityCards.RootCauseVerb, Button(rootCauseCard, NonconformityCards.RootCauseVerb,
            (NonconformityCards.WhatHappenedInput, "The scheduled drift job failed after the platform upgrade."),
            (NonconformityCards.WhyInput, "Job failures raise no alert and the check has no deputy."),
            (NonconformityCards.CategoryInput, "technology"),
            (NonconformityCards.SimilarInput, "Maybe also https://wiki.contoso.example/jobs")), Owner, "Olive Owner"));
        Assert.Contains("Root cause recorded. Next: the corrective actions.", Text(actionsCard), StringComparison.Ordinal);

        var implementation = CardOf(await PressAsync(NonconformityCards.ActionsVerb, Button(actionsCard, NonconformityCards.ActionsVerb,
            (NonconformityCards.ActionTitleInput(0), "Alert on failed scheduled jobs"),
            (NonconformityCards.ActionOwnerInput(0), Fixer + "@contoso.example"),
            (NonconformityCards.ActionDueInput(0), "2026-12-07"),
            (NonconformityCards.ActionTitleInput(1), "Name a deputy for the drift check"),
            (NonconformityCards.ActionDueInput(1), "2026-12-04")), Owner, "Olive Owner"));
        Assert.Contains("Corrective actions recorded. I sent the card to Fay Fixer.", Text(implementation), StringComparison.Ordinal);
        nc = await StoredAsync();
        Assert.Equal([Fixer, Owner], nc.ActionOwners);
        Assert.Equal(new DateOnly(2026, 12, 7), nc.StageDueOn);

        // The action owner marks their action done from the card they received; the owner theirs.
        await DrainAsync();
        var fixerCard = ReceivedCard(Fixer, "NC-1");
        Assert.False(HasButton(fixerCard, NonconformityCards.ImplementedVerb));
        CardOf(await PressAsync(NonconformityCards.ActionDoneVerb, DoneButton(fixerCard, 1, "Alert rule AL-12 fires on any failed job."), Fixer, "Fay Fixer"));
        var ownerView = await ShowAsync(1, Owner, "Olive Owner");
        var allDone = CardOf(await PressAsync(NonconformityCards.ActionDoneVerb, DoneButton(ownerView, 2, "Sam is the deputy (RACI v3)."), Owner, "Olive Owner"));
        Assert.True(HasButton(allDone, NonconformityCards.ImplementedVerb));
        var review = CardOf(await PressAsync(NonconformityCards.ImplementedVerb, Button(allDone, NonconformityCards.ImplementedVerb, (NonconformityCards.ImplementationEvidenceInput, "Both in place since 2026-11-23.")), Owner, "Olive Owner"));
        Assert.Contains("Implemented. The effectiveness review is due on 2026-12-23.", Text(review), StringComparison.Ordinal);
        Assert.False(HasButton(review, NonconformityCards.ReviewVerb));

        // After the wait: the owner owned an action, so the lead reviews. Not effective: back to root cause.
        Clock.Advance(TimeSpan.FromDays(30));
        var ownersReview = await ShowAsync(1, Owner, "Olive Owner");
        Assert.Contains("You owned one of the corrective actions", Text(ownersReview), StringComparison.Ordinal);
        Assert.False(HasButton(ownersReview, NonconformityCards.ReviewVerb));
        var leadsReview = await ShowAsync(1, Lead, "Lee Lead");
        var notEffective = CardOf(await PressAsync(NonconformityCards.ReviewVerb, Button(leadsReview, NonconformityCards.ReviewVerb, (NonconformityCards.EffectiveInput, "not-effective"), (NonconformityCards.CommentInput, "Two drift checks were missed again in December.")), Lead, "Lee Lead"));
        Assert.Contains("Not effective: NC-1 is back at root cause, due 2027-01-13.", Text(notEffective), StringComparison.Ordinal);
        nc = await StoredAsync();
        Assert.Equal((NonconformityStage.RootCause, 2), (nc.Stage, nc.Cycle.Number));

        // The second cycle: one action for the fixer; the owner, who owned none, reviews it effective.
        var second = await ShowAsync(1, Owner, "Olive Owner");
        second = CardOf(await PressAsync(NonconformityCards.RootCauseVerb, Button(second, NonconformityCards.RootCauseVerb,
            (NonconformityCards.WhatHappenedInput, "The alert went to a mailbox nobody reads."),
            (NonconformityCards.WhyInput, "The alert's recipient was never agreed."),
            (NonconformityCards.CategoryInput, "process")), Owner, "Olive Owner"));
        second = CardOf(await PressAsync(NonconformityCards.ActionsVerb, Button(second, NonconformityCards.ActionsVerb,
            (NonconformityCards.ActionTitleInput(0), "Send job alerts to the on-call channel"),
            (NonconformityCards.ActionOwnerInput(0), Fixer + "@contoso.example"),
            (NonconformityCards.ActionDueInput(0), "2027-01-08")), Owner, "Olive Owner"));
        CardOf(await PressAsync(NonconformityCards.ActionDoneVerb, DoneButton(await ShowAsync(1, Fixer, "Fay Fixer"), 1, "Alerts now post to #on-call."), Fixer, "Fay Fixer"));
        second = await ShowAsync(1, Owner, "Olive Owner");
        CardOf(await PressAsync(NonconformityCards.ImplementedVerb, Button(second, NonconformityCards.ImplementedVerb, (NonconformityCards.ImplementationEvidenceInput, "Alert routing changed on 2026-12-23.")), Owner, "Olive Owner"));
        Clock.Advance(TimeSpan.FromDays(30));
        var closed = CardOf(await PressAsync(NonconformityCards.ReviewVerb, Button(await ShowAsync(1, Owner, "Olive Owner"), NonconformityCards.ReviewVerb, (NonconformityCards.EffectiveInput, "effective"), (NonconformityCards.CommentInput, "No missed drift checks in January.")), Owner, "Olive Owner"));
        Assert.Contains("Effective: NC-1 is closed.", Text(closed), StringComparison.Ordinal);
        Assert.Equal(("closed", "closed"), ((await Repository.GetAsync(Tenant, new NonconformityId(1)))!.Status, (await Repository.GetAsync(Tenant, new NonconformityId(1)))!.Stage));

        // Only a lead reopens it.
        Assert.False(HasButton(await ShowAsync(1, Owner, "Olive Owner"), NonconformityCards.ReopenVerb));
        var reopened = CardOf(await PressAsync(NonconformityCards.ReopenVerb, Button(await ShowAsync(1, Lead, "Lee Lead"), NonconformityCards.ReopenVerb, (NonconformityCards.ReopenReasonInput, "The February check was skipped too.")), Lead, "Lee Lead"));
        Assert.Contains("Reopened NC-1: back at root cause", Text(reopened), StringComparison.Ordinal);
        nc = await StoredAsync();
        Assert.Equal((NonconformityStage.RootCause, 3, "The February check was skipped too."), (nc.Stage, nc.Cycle.Number, nc.Cycle.ReopenedBecause!.Reason));

        Assert.Equal(
            [
                "nc.raise", "nc.triage", "nc.correction", "nc.rootcause", "nc.actions", "nc.action.done", "nc.action.done", "nc.implemented", "nc.review",
                "nc.rootcause", "nc.actions", "nc.action.done", "nc.implemented", "nc.review", "nc.close", "nc.reopen",
            ],
            await LedgerActionsAsync("NC-1"));
    }

    [Fact]
    public async Task A_lead_declines_one_that_is_not_a_nonconformity()
    {
        await RaiseAsync(Staff, "Sam Staff");
        var card = await ShowAsync(1, Lead, "Lee Lead");

        var tooShort = CardOf(await PressAsync(NonconformityCards.DeclineVerb, Button(card, NonconformityCards.DeclineVerb), Lead, "Lee Lead"));
        Assert.Contains("The reason is required.", Text(tooShort), StringComparison.Ordinal);
        Assert.Equal(NonconformityStage.Raised, (await StoredAsync()).Stage);
        var declined = CardOf(await PressAsync(NonconformityCards.DeclineVerb, Button(card, NonconformityCards.DeclineVerb, (NonconformityCards.DeclineReasonInput, "The check is quarterly; March was not due.")), Lead, "Lee Lead"));

        Assert.Contains("Declined NC-1: not a nonconformity.", Text(declined), StringComparison.Ordinal);
        Assert.Equal("closed", (await Repository.GetAsync(Tenant, new NonconformityId(1)))!.Status);
        Assert.Equal(["nc.raise", "nc.decline"], await LedgerActionsAsync("NC-1"));

        // Someone who is not a lead can't triage it: the router refuses before the handler runs.
        await RaiseAsync(Staff, "Sam Staff", RaiseInputs("Second finding about drift checks"));
        Assert.Contains("Only a compliance lead can triage", Refusal(await PressAsync(NonconformityCards.TriageVerb, Button(await ShowAsync(2, Lead, "Lee Lead"), NonconformityCards.TriageVerb), Owner, "Olive Owner")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Twenty_presses_at_once_on_one_step_make_one_change()
    {
        await RaisedAndTriagedAsync();
        var card = await ShowAsync(1, Owner, "Olive Owner");
        var press = Button(card, NonconformityCards.CorrectionVerb, (NonconformityCards.CorrectionInput, "Ran the March drift check by hand: no drift."));

        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => PressAsync(NonconformityCards.CorrectionVerb, (JsonObject)press.DeepClone(), Owner, "Olive Owner")));

        // Every press gets a card: one says it was recorded, the others show where it now stands.
        var texts = answers.Select(a => Text(CardOf(a))).ToList();
        Assert.Single(texts, t => t.Contains("Correction recorded.", StringComparison.Ordinal));
        Assert.Equal(19, texts.Count(t => t.Contains("NC-1 changed since this card was made, so I changed nothing.", StringComparison.Ordinal)));
        var nc = await StoredAsync();
        Assert.Equal((NonconformityStage.RootCause, 2), (nc.Stage, nc.Revision));
        Assert.Equal(["nc.raise", "nc.triage", "nc.correction"], await LedgerActionsAsync("NC-1"));
    }
}
