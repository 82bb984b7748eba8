using System.Text.Json.Nodes;
using AimsBot.Assessments.Steps;
using AimsBot.Domain.Access;
using AimsBot.Domain.Assessments;
using AimsBot.Domain.Ledger;
using AimsBot.Storage.Register;
using Microsoft.Extensions.DependencyInjection;

namespace AimsBot.Host.Tests.Assessments.Steps;

/// <summary><c>assess &lt;system&gt;</c> and the step cards, through the real host, Azurite tables and the fake connector.</summary>
public sealed class AssessmentStepsTests : AssessmentHostTest
{
    [Fact]
    public async Task The_owner_answers_every_step_and_submits_and_the_answers_and_ledger_events_are_stored()
    {
        var card = await AssessAsync();
        Assert.Contains("Step 1 of 8 — The system and its intended use", Shown(card), StringComparison.Ordinal);
        // Pre-filled from the register.
        Assert.Contains("\"value\":\"Credit Scorer\"", Shown(card), StringComparison.Ordinal);
        Assert.Contains("If yes: Describe the misuse you foresee", Shown(await PeekMisuseAsync()), StringComparison.Ordinal);

        var last = await AnswerEveryStepAsync(card);
        var submittedFrom = Clock.GetUtcNow();
        var submitted = await StepAsync(last, AssessmentStepCards.SubmitVerb, SampleAnswers.For("conclusions"));

        Assert.Contains("Submitted — waiting for approval", Shown(submitted), StringComparison.Ordinal);
        Assert.Contains("Olga Owner", Shown(submitted), StringComparison.Ordinal);
        var stored = (await StoredAsync()).State;
        Assert.Equal(AssessmentStatus.Submitted, stored.Status);
        Assert.Equal(Owner, stored.AssessorUserId);
        Assert.InRange(stored.SubmittedAt!.Value, submittedFrom, Clock.GetUtcNow());
        Assert.Equal("Credit Scorer", stored.Answers["system"][0]["system-name"]);
        Assert.Equal("credit", stored.Answers["system"][0]["sensitive-uses"]);
        Assert.Equal("identity-contact,financial", stored.Answers["data"][0]["personal-data-categories"]);
        Assert.Equal("Contoso Scoring API", stored.Answers["model"][0]["model-supplier"]);
        Assert.Equal("4", Assert.Single(stored.Answers["impacts"])["severity"]);
        Assert.Equal("Acceptable with a quarterly fairness review.", stored.Answers["conclusions"][0]["summary"]);

        var events = Ledger.Events.Where(e => e.EntityType == "ImpactAssessment").ToList();
        Assert.All(events, e => Assert.Equal("credit-scorer/v1", e.EntityId));
        Assert.Equal(LedgerEvents.AssessmentStarted.Name, events[0].Action);
        Assert.Equal(8, events.Count(e => e.Action == LedgerEvents.AssessmentSaved.Name));
        Assert.Equal(LedgerEvents.AssessmentSubmitted.Name, events[^1].Action);
        var misuse = events.Single(e => e.Action == LedgerEvents.AssessmentSaved.Name && e.After!.Contains("Reasonably foreseeable misuse", StringComparison.Ordinal));
        Assert.Contains("\"Can you foresee the system being misused or used beyond its purpose?\":\"No\"", misuse.After, StringComparison.Ordinal);
        Assert.Contains("\"Can you foresee the system being misused or used beyond its purpose?\":null", misuse.Before, StringComparison.Ordinal);

        // Asked again while it waits for approval: the status, not a new version.
        Assert.Contains("Submitted — waiting for approval", Shown(await AssessAsync()), StringComparison.Ordinal);
        Assert.Null(await Assessments.GetAsync(Tenant, SystemId, 2));
    }

    [Fact]
    public async Task Saved_for_later_it_resumes_at_the_first_step_with_missing_answers_after_a_host_restart()
    {
        var card = await AssessAsync();
        card = await StepAsync(card, AssessmentStepCards.NextVerb, SampleAnswers.For("system"));
        var saved = await StepAsync(card, AssessmentStepCards.SaveVerb, SampleAnswers.For("misuse"));
        Assert.Contains("Saved. Say `assess Credit Scorer` any time to carry on", Shown(saved), StringComparison.Ordinal);

        await RestartAsync();
        var resumed = await AssessAsync();

        Assert.Contains("Step 3 of 8 — Data", Shown(resumed), StringComparison.Ordinal);
        var back = await StepAsync(resumed, AssessmentStepCards.BackVerb);
        Assert.Contains("Step 2 of 8 — Reasonably foreseeable misuse", Shown(back), StringComparison.Ordinal);
        Assert.Contains("Only credit officers see the scores.", Shown(back), StringComparison.Ordinal);
        Assert.Single(Ledger.Events, e => e.Action == LedgerEvents.AssessmentStarted.Name);
        Assert.Equal(1, (await StoredAsync()).State.Version);
    }

    [Fact]
    public async Task Two_people_answering_two_steps_at_once_are_both_kept()
    {
        await RecordReachableAsync(Colleague, "Sam Colleague", ColleagueUpn);
        var card = await AssessAsync();
        card = await StepAsync(card, AssessmentStepCards.NextVerb, SampleAnswers.For("system"));
        card = await StepAsync(card, AssessmentStepCards.NextVerb, SampleAnswers.For("misuse"));
        Assert.Contains("Step 3 of 8 — Data", Shown(card), StringComparison.Ordinal);
        var asked = await StepAsync(card, AssessmentStepCards.AskVerb, extra: new Dictionary<string, string> { [AssessmentStepCards.ColleagueInput] = ColleagueUpn });
        Assert.Contains("Asked Sam Colleague to answer this step", Shown(asked), StringComparison.Ordinal);
        var message = Assert.Single(await OutboxAsync());
        Assert.Equal(Colleague, message.RecipientUserKey);
        var colleagueCard = OutboxCard(message);
        Assert.Contains("Save my answers", Shown(colleagueCard), StringComparison.Ordinal);
        Assert.DoesNotContain(AssessmentStepCards.NextVerb, Shown(colleagueCard), StringComparison.Ordinal);
        // The owner carries on with the next step while the colleague answers theirs.
        var ownerCard = await StepAsync(asked, AssessmentStepCards.NextVerb);
        Assert.Contains("Step 4 of 8 — The model and how it decides", Shown(ownerCard), StringComparison.Ordinal);
        var before = (await StoredAsync()).State.Revision;

        var answers = await Task.WhenAll(
            InvokeAsync(AssessmentStepCards.NextVerb, Press(ownerCard, AssessmentStepCards.NextVerb, Typed(SampleAnswers.For("model"))), Owner),
            InvokeAsync(AssessmentStepCards.SaveVerb, Press(colleagueCard, AssessmentStepCards.SaveVerb, Typed(SampleAnswers.For("data"))), Colleague));

        Assert.All(answers, a => Assert.Equal(200, (int)a["statusCode"]!));
        Assert.Contains("Step 5 of 8", Shown(answers[0]), StringComparison.Ordinal);
        Assert.Contains("Saved. Thank you — Olga Owner sees your answers", Shown(answers[1]), StringComparison.Ordinal);
        var stored = (await StoredAsync()).State;
        Assert.Equal("Contoso Scoring API", stored.Answers["model"][0]["model-supplier"]);
        Assert.Equal("The national credit bureau and the application form.", stored.Answers["data"][0]["data-sources"]);
        Assert.Equal([Colleague], stored.AnsweredBy["data"]);
        Assert.Equal(before + 2, stored.Revision);
        Assert.Single(Ledger.Events, e => e.Action == LedgerEvents.AssessmentContributorAsked.Name);
        Assert.Contains(Ledger.Events, e => e.Action == LedgerEvents.AssessmentSaved.Name && e.ActorId == Colleague);
    }

    [Fact]
    public async Task A_colleague_without_a_chat_is_asked_and_opens_their_step_with_assess_and_unknown_people_are_explained()
    {
        var card = await AssessAsync();
        card = await StepAsync(card, AssessmentStepCards.NextVerb, SampleAnswers.For("system"));

        var self = await StepAsync(card, AssessmentStepCards.AskVerb, extra: new Dictionary<string, string> { [AssessmentStepCards.ColleagueInput] = OwnerUpn });
        var unknown = await StepAsync(card, AssessmentStepCards.AskVerb, extra: new Dictionary<string, string> { [AssessmentStepCards.ColleagueInput] = "nobody@contoso.example" });
        Assert.Contains("That is you", Shown(self), StringComparison.Ordinal);
        Assert.Contains("not known to the bot yet", Shown(unknown), StringComparison.Ordinal);
        Assert.Empty((await StoredAsync()).State.AskedContributors);

        var asked = await StepAsync(card, AssessmentStepCards.AskVerb, extra: new Dictionary<string, string> { [AssessmentStepCards.ColleagueInput] = "@" + ColleagueUpn });

        Assert.Contains("Asked Sam Colleague to answer this step, but they have no chat with AimsBot yet", Shown(asked), StringComparison.Ordinal);
        Assert.Empty(await OutboxAsync());
        Assert.Equal(Colleague, (await StoredAsync()).State.AskedContributors["misuse"]);
        var theirs = await AssessAsync(Colleague);
        Assert.Contains("Step 2 of 8 — Reasonably foreseeable misuse", Shown(theirs), StringComparison.Ordinal);
        Assert.Contains("Save my answers", Shown(theirs), StringComparison.Ordinal);
        var saved = await StepAsync(theirs, AssessmentStepCards.SaveVerb, SampleAnswers.For("misuse"), Colleague);
        Assert.Contains("Saved. Thank you", Shown(saved), StringComparison.Ordinal);
        Assert.Equal("no", (await StoredAsync()).State.Answers["misuse"][0]["misuse-foreseen"]);
        // Another step is not theirs to answer.
        var forged = Press(card, AssessmentStepCards.NextVerb, Typed(SampleAnswers.For("data")));
        forged["sectionId"] = "data";
        var other = await InvokeAsync(AssessmentStepCards.NextVerb, forged, Colleague);
        Assert.Equal(403, (int)other["statusCode"]!);
    }

    [Fact]
    public async Task A_double_click_on_next_moves_one_step_and_saves_once()
    {
        var card = await AssessAsync();
        card = await StepAsync(card, AssessmentStepCards.NextVerb, SampleAnswers.For("system"));
        var press = Press(card, AssessmentStepCards.NextVerb, Typed(SampleAnswers.For("misuse")));
        var before = (await StoredAsync()).State.Revision;
        var savesBefore = Ledger.Events.Count(e => e.Action == LedgerEvents.AssessmentSaved.Name);

        var answers = await Task.WhenAll(InvokeAsync(AssessmentStepCards.NextVerb, press), InvokeAsync(AssessmentStepCards.NextVerb, press));

        Assert.All(answers, a => Assert.Contains("Step 3 of 8 — Data", Shown(a), StringComparison.Ordinal));
        Assert.Equal(before + 1, (await StoredAsync()).State.Revision);
        Assert.Equal(savesBefore + 1, Ledger.Events.Count(e => e.Action == LedgerEvents.AssessmentSaved.Name));
    }

    [Fact]
    public async Task A_choice_the_question_does_not_offer_or_an_answer_over_its_limit_is_refused_and_nothing_is_saved()
    {
        var card = await AssessAsync();
        card = await StepAsync(card, AssessmentStepCards.NextVerb, SampleAnswers.For("system"));
        var before = await StoredAsync();
        var events = Ledger.Events.Count;

        var tampered = await StepAsync(card, AssessmentStepCards.NextVerb, new Dictionary<string, string> { ["misuse-foreseen"] = "maybe", ["misuse-reasoning"] = "Typed before the refusal." });
        var tooLong = await StepAsync(card, AssessmentStepCards.NextVerb, new Dictionary<string, string> { ["misuse-foreseen"] = "no", ["misuse-reasoning"] = new string('x', 1001) });

        Assert.Contains("Step 2 of 8", Shown(tampered), StringComparison.Ordinal);
        Assert.Contains("does not offer", Shown(tampered), StringComparison.Ordinal);
        Assert.Contains("Nothing was saved", Shown(tampered), StringComparison.Ordinal);
        Assert.Contains("Typed before the refusal.", Shown(tampered), StringComparison.Ordinal);
        Assert.Contains("Step 2 of 8", Shown(tooLong), StringComparison.Ordinal);
        Assert.Contains("1000", Shown(tooLong), StringComparison.Ordinal);
        var after = await StoredAsync();
        Assert.Equal(before.ETag, after.ETag);
        Assert.False(after.State.Answers.ContainsKey("misuse"));
        Assert.Equal(events, Ledger.Events.Count);
    }

    [Fact]
    public async Task Submitting_with_answers_missing_lists_them_and_keeps_what_was_typed()
    {
        var card = await AssessAsync();
        for (var step = 1; step < 8; step++)
        {
            card = await StepAsync(card, AssessmentStepCards.NextVerb);
        }

        var refused = await StepAsync(card, AssessmentStepCards.SubmitVerb, SampleAnswers.For("conclusions"));

        Assert.Contains("Step 8 of 8 — Conclusions", Shown(refused), StringComparison.Ordinal);
        Assert.Contains("still needed before it can be submitted", Shown(refused), StringComparison.Ordinal);
        Assert.Contains("Step 2 (Reasonably foreseeable misuse): 'Can you foresee the system being misused or used beyond its purpose?' needs an answer", Shown(refused), StringComparison.Ordinal);
        Assert.Contains("Step 7 (Impacts): at least 1 impact needed", Shown(refused), StringComparison.Ordinal);
        Assert.Contains("Acceptable with a quarterly fairness review.", Shown(refused), StringComparison.Ordinal);
        var stored = (await StoredAsync()).State;
        Assert.Equal(AssessmentStatus.Draft, stored.Status);
        Assert.Equal("Acceptable with a quarterly fairness review.", stored.Answers["conclusions"][0]["summary"]);
        Assert.DoesNotContain(Ledger.Events, e => e.Action == LedgerEvents.AssessmentSubmitted.Name);
    }

    [Fact]
    public async Task A_card_older_than_the_stored_answers_of_its_step_is_answered_with_moved_on_and_the_current_card()
    {
        var card = await AssessAsync();
        card = await StepAsync(card, AssessmentStepCards.NextVerb, SampleAnswers.For("system"));
        // A compliance lead answers the same step from another card first.
        var leadCard = await AssessAsync(Lead);
        Assert.Contains("Step 2 of 8", Shown(leadCard), StringComparison.Ordinal);
        await StepAsync(leadCard, AssessmentStepCards.SaveVerb, new Dictionary<string, string> { ["misuse-foreseen"] = "yes", ["misuse-description"] = "Scores reused for marketing.", ["misuse-prevention"] = "Access is limited to credit officers." }, Lead);

        var stale = await StepAsync(card, AssessmentStepCards.NextVerb, SampleAnswers.For("misuse"));

        Assert.Contains("This assessment has moved on", Shown(stale), StringComparison.Ordinal);
        Assert.Contains("Step 2 of 8", Shown(stale), StringComparison.Ordinal);
        Assert.Contains("Scores reused for marketing.", Shown(stale), StringComparison.Ordinal);
        var stored = (await StoredAsync()).State;
        Assert.Equal("yes", stored.Answers["misuse"][0]["misuse-foreseen"]);
        Assert.Equal("Scores reused for marketing.", stored.Answers["misuse"][0]["misuse-description"]);
    }

    [Fact]
    public async Task After_approval_assess_starts_the_next_version_from_its_answers_and_a_card_of_the_old_version_has_moved_on()
    {
        var first = await AssessAsync();
        var last = await AnswerEveryStepAsync(first);
        await StepAsync(last, AssessmentStepCards.SubmitVerb, SampleAnswers.For("conclusions"));
        await ApproveAsync();

        var old = await StepAsync(first, AssessmentStepCards.NextVerb, SampleAnswers.For("system"));
        Assert.Contains("This assessment has moved on", Shown(old), StringComparison.Ordinal);
        Assert.Contains("Approved — impact assessment of Credit Scorer, version 1", Shown(old), StringComparison.Ordinal);

        var second = await AssessAsync();

        Assert.Contains("version 2", Shown(second), StringComparison.Ordinal);
        // Every answer was carried over, so it opens at the last step, ready to change and submit.
        Assert.Contains("Step 8 of 8 — Conclusions", Shown(second), StringComparison.Ordinal);
        Assert.Contains("Acceptable with a quarterly fairness review.", Shown(second), StringComparison.Ordinal);
        var v2 = (await StoredAsync(2)).State;
        Assert.Equal(AssessmentStatus.Draft, v2.Status);
        Assert.Equal("Contoso Scoring API", v2.Answers["model"][0]["model-supplier"]);
        Assert.Equal(AssessmentStatus.Approved, (await StoredAsync(1)).State.Status);
        Assert.Contains(Ledger.Events, e => e.Action == LedgerEvents.AssessmentStarted.Name && e.EntityId == "credit-scorer/v2");

        // The first version's cards now answer with the second's.
        var stale = await StepAsync(first, AssessmentStepCards.NextVerb, SampleAnswers.For("system"));
        Assert.Contains("This assessment has moved on", Shown(stale), StringComparison.Ordinal);
        Assert.Contains("version 2", Shown(stale), StringComparison.Ordinal);
        Assert.Equal(AssessmentStatus.Approved, (await StoredAsync(1)).State.Status);
    }

    [Fact]
    public async Task Impacts_are_answered_one_at_a_time_added_and_removed()
    {
        var card = await AssessAsync();
        for (var step = 1; step < 7; step++)
        {
            card = await StepAsync(card, AssessmentStepCards.NextVerb);
        }

        Assert.Contains("Impact 1 of 1", Shown(card), StringComparison.Ordinal);
        card = await StepAsync(card, AssessmentStepCards.AddItemVerb, SampleAnswers.Harm);
        Assert.Contains("Impact 2 of 2", Shown(card), StringComparison.Ordinal);
        card = await StepAsync(card, AssessmentStepCards.AddItemVerb, new Dictionary<string, string> { ["effect"] = "benefit", ["area"] = "economic", ["impact-description"] = "Faster decisions for applicants.", ["affected"] = "Applicants", ["severity"] = "2", ["likelihood"] = "4" });
        Assert.Contains("Impact 3 of 3", Shown(card), StringComparison.Ordinal);
        card = await StepAsync(card, AssessmentStepCards.RemoveItemVerb);
        Assert.Contains("Impact 2 of 2", Shown(card), StringComparison.Ordinal);
        card = await StepAsync(card, AssessmentStepCards.BackVerb);
        Assert.Contains("Impact 1 of 2", Shown(card), StringComparison.Ordinal);

        var items = (await StoredAsync()).State.Answers["impacts"];
        Assert.Equal(2, items.Count);
        Assert.Equal("harm", items[0]["effect"]);
        Assert.Equal("benefit", items[1]["effect"]);
    }

    [Fact]
    public async Task Someone_who_neither_owns_the_system_nor_leads_is_refused_and_nothing_is_stored()
    {
        var reply = await SayAsync($"assess {SystemName}", Stranger);

        Assert.Contains("Only the AI system's owner or a compliance lead", (string?)reply["text"], StringComparison.Ordinal);
        Assert.Null(await Assessments.GetLatestAsync(Tenant, SystemId));

        // Their forged press on the owner's card is refused too.
        var card = await AssessAsync();
        var answer = await InvokeAsync(AssessmentStepCards.NextVerb, Press(card, AssessmentStepCards.NextVerb, Typed(SampleAnswers.For("system"))), Stranger);
        Assert.Equal(403, (int)answer["statusCode"]!);
        Assert.False((await StoredAsync()).State.Answers.ContainsKey("system") && (await StoredAsync()).State.AnsweredBy.ContainsKey("system"));
    }

    [Fact]
    public async Task An_unknown_system_is_answered_with_the_closest_names()
    {
        var reply = await SayAsync("assess Credit Scorr");

        Assert.Contains("Did you mean **Credit Scorer**?", (string?)reply["text"], StringComparison.Ordinal);
    }

    /// <summary>Approves version 1 as a risk approver would (the approval cards are another part of the workflow).</summary>
    private async Task ApproveAsync()
    {
        var stored = await StoredAsync();
        var assessment = ImpactAssessment.Restore(stored.State, QuestionnaireLoader.Shipped).Value!;
        var system = (await Bot.Factory.Services.GetRequiredService<AiSystemRepository>().GetAsync(Tenant, SystemId))!.System;
        var approved = assessment.Approve(system, Actor.Create("aad-approver-0005", Role.RiskApprover), null, ImpactApproval.RiskApproversOnly, new ImpactScoringOptions(), new ReassessmentOptions(), TimeZoneInfo.Utc, Clock);
        Assert.True(approved.IsSuccess, approved.ErrorMessage);
        await Assessments.ReplaceAsync(Tenant, approved.Value!.ToState(), stored.ETag);
    }

    private async Task<JsonNode> PeekMisuseAsync()
    {
        var card = await AssessAsync(Lead);
        return await StepAsync(card, AssessmentStepCards.NextVerb, userAadId: Lead);
    }
}
