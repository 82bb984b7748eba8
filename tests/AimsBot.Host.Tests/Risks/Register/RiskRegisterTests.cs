using System.Text.Json.Nodes;
using AimsBot.Domain.Ledger;
using AimsBot.Domain.Risks;
using AimsBot.Risks.Register;
using AimsBot.Storage.Risks;

namespace AimsBot.Host.Tests.Risks.Register;

/// <summary>The risk register in chat: add, list, read, edit, submit, close, proposals taken up, and every refusal.</summary>
public sealed class RiskRegisterTests : RiskRegisterHost
{
    [Fact]
    public async Task The_criteria_show_each_point_the_matrix_the_threshold_and_the_version_to_anyone_identified()
    {
        var reply = await SayAsAsync("risk criteria", Colleague, "Cora Colleague");

        var shown = Words(reply);
        Assert.Contains("almost certain", shown, StringComparison.Ordinal);
        Assert.Contains("Lasting or irreversible harm to many people", shown, StringComparison.Ordinal);
        Assert.Contains("very high", shown, StringComparison.Ordinal);
        Assert.Contains("Acceptance threshold", shown, StringComparison.Ordinal);
        Assert.Contains("medium: a residual risk up to this level", shown, StringComparison.Ordinal);
        Assert.Contains("12 months", shown, StringComparison.Ordinal);
        Assert.Contains("Version 1", shown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_risk_added_on_the_form_is_stored_as_R_1_then_R_2_with_its_ledger_events_and_the_card_replaces_the_form()
    {
        var first = CardOf(await AddAsync(Owner, "Olive Owner", Complete("Applicants refused credit unfairly")));
        var second = CardOf(await AddAsync(Owner, "Olive Owner", Complete("Bureau data kept too long", (RiskForm.Likelihood, "2"), (RiskForm.Consequence, "2"))));

        Assert.Contains("Added R-1 to the register", Words(first), StringComparison.Ordinal);
        Assert.Contains("Added R-2 to the register", Words(second), StringComparison.Ordinal);
        Assert.True(HasButton(first, RiskCards.SubmitVerb));
        Assert.True(HasButton(first, RiskCards.EditVerb));
        var stored = (await StoredRiskAsync(1)).State;
        Assert.Equal(("credit-scorer", "Applicants refused credit unfairly", Owner, RiskStatus.Draft), (stored.SystemId, stored.Title, stored.OwnerUserId, stored.Status));
        Assert.Equal((4, 4, RiskLevel.High, "1"), (stored.Inherent!.Likelihood, stored.Inherent.Consequence, stored.Inherent.Level, stored.Inherent.CriteriaVersion));
        Assert.Equal(["A.6.2.6", "A.7.4"], stored.Controls);
        var action = Assert.Single(stored.Actions);
        Assert.Equal(("Retrain the model on balanced data", Colleague, new DateOnly(2027, 1, 29)), (action.Title, action.OwnerUserId, action.Due));
        Assert.Equal(RiskLevel.Low, stored.Residual!.Level);
        Assert.Equal(
            [LedgerEvents.RiskAdded.Name, LedgerEvents.RiskRated.Name, LedgerEvents.RiskPlanChanged.Name],
            await LedgerActionsAsync("R-1"));
        Assert.Equal(["R-1", "R-2"], (await Register.ListAsync(Tenant)).Select(r => r.Id.ToString()));
    }

    [Fact]
    public async Task Parallel_adds_get_distinct_ids_and_the_same_form_sent_twice_adds_one_risk()
    {
        var form = await FormAsync(Owner, "Olive Owner");
        var presses = Enumerable.Range(1, 6)
            .Select(i => PressAsync(RiskCards.AddVerb, Button(form, RiskCards.AddVerb, [("submissionId", Guid.NewGuid().ToString("N")), .. Complete($"Parallel risk number {i}")]), Owner, "Olive Owner"));
        var answers = await Task.WhenAll(presses);
        Assert.All(answers, a => CardOf(a));

        var twice = Button(form, RiskCards.AddVerb, Complete("Sent twice by a double click"));
        var again = await Task.WhenAll(PressAsync(RiskCards.AddVerb, twice, Owner, "Olive Owner"), PressAsync(RiskCards.AddVerb, twice, Owner, "Olive Owner"));

        var risks = await Register.ListAsync(Tenant);
        Assert.Equal(7, risks.Count);
        Assert.Equal(7, risks.Select(r => r.Id).Distinct().Count());
        Assert.Single(risks, r => r.Title == "Sent twice by a double click");
        Assert.Equal(6, risks.Count(r => r.Title.StartsWith("Parallel risk number", StringComparison.Ordinal)));
        Assert.Contains(again, a => Words(a).Contains("This form was already sent", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Bad_input_is_refused_on_the_form_with_what_to_fix_and_nothing_is_stored()
    {
        var cases = new (string Expected, (string Name, string Value)[] Inputs)[]
        {
            ("The title", Complete("x")),
            ("A.99.9", Complete("Unknown control ids are named", (RiskForm.Controls, "A.6.2.6, A.99.9"))),
            ("is not a date", Complete("An impossible due date", (RiskForm.ActionDue(0), "2026-02-30"))),
            ("has passed", Complete("A due date in the past", (RiskForm.ActionDue(0), "2026-11-20"))),
            ("from the lists offered", Complete("A tampered likelihood", (RiskForm.Likelihood, "9"))),
            ("from the lists offered", Complete("A tampered consequence", (RiskForm.Consequence, "abc"))),
            ("reduce, avoid, share or accept", Complete("A tampered option", (RiskForm.Option, "destroy"))),
            ("I don't know nobody@contoso.example", Complete("An owner nobody knows", (RiskForm.Owner, "nobody@contoso.example"))),
            ("Give both", Complete("Half a residual rating", (RiskForm.ResidualConsequence, ""))),
        };

        foreach (var (expected, inputs) in cases)
        {
            var answer = CardOf(await AddAsync(Owner, "Olive Owner", inputs));
            Assert.Contains("Please fix", Words(answer), StringComparison.Ordinal);
            Assert.Contains(expected, Words(answer), StringComparison.Ordinal);
            Assert.True(HasButton(answer, RiskCards.AddVerb), "the form stays, with what was typed");
        }

        Assert.Empty(await Register.ListAsync(Tenant));
        Assert.Empty(await LedgerActionsAsync("R-1"));

        Assert.Contains("I don't know an AI system called 'Nope'", Words(await SayAsAsync("risk add system Nope", Owner, "Olive Owner")), StringComparison.Ordinal);
        Assert.Contains("'R-x' is not a risk id", Words(await SayAsAsync("risk R-x", Owner, "Olive Owner")), StringComparison.Ordinal);
        Assert.Contains("'R-0' is not a risk id", Words(await SayAsAsync("risk R-0", Owner, "Olive Owner")), StringComparison.Ordinal);
        Assert.Contains("There is no risk R-99", Words(await SayAsAsync("risk R-99", Owner, "Olive Owner")), StringComparison.Ordinal);
        Assert.Contains("There is no risk R-5", Words(await SayAsAsync("risk edit R-5", Owner, "Olive Owner")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_detail_shows_every_field_in_words_and_its_history_and_ledger_R_1_finds_the_same_events()
    {
        CardOf(await AddAsync(Owner, "Olive Owner", Complete("Applicants refused credit unfairly")));

        var detail = Words(await SayAsAsync("risk r1", Owner, "Olive Owner"));

        Assert.Contains("R-1 · Applicants refused credit unfairly", detail, StringComparison.Ordinal);
        Assert.Contains("Credit Scorer", detail, StringComparison.Ordinal);
        Assert.Contains("Olive Owner", detail, StringComparison.Ordinal);
        Assert.Contains("high (likelihood 4 · likely, consequence 4 · major; criteria 1)", detail, StringComparison.Ordinal);
        Assert.Contains("low (likelihood 2 · unlikely, consequence 2 · minor", detail, StringComparison.Ordinal);
        Assert.Contains("1. Retrain the model on balanced data — Cora Colleague, due 2027-01-29 (in 67 days)", detail, StringComparison.Ordinal);
        Assert.Contains("A.6.2.6, A.7.4", detail, StringComparison.Ordinal);
        Assert.Contains("Risk added by Olive Owner", detail, StringComparison.Ordinal);
        Assert.Contains("Treatment plan changed by Olive Owner", detail, StringComparison.Ordinal);

        var ledger = Words(await SayAsAsync("ledger R-1", Lead, "Lee Lead"));
        Assert.Contains("Risk added", ledger, StringComparison.Ordinal);
        Assert.Contains("Risk rated", ledger, StringComparison.Ordinal);
        Assert.Contains("Risk added", Words(await SayAsAsync("ledger r-001", Lead, "Lee Lead")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Risks_lists_a_table_and_filters_by_system_open_high_and_awaiting()
    {
        Assert.Contains("The risk register is empty so far", Words(await SayAsAsync("risks", Owner, "Olive Owner")), StringComparison.Ordinal);
        CardOf(await AddAsync(Owner, "Olive Owner", Complete("A high risk to submit")));
        CardOf(await AddAsync(Owner, "Olive Owner", Complete("A low risk, approved", (RiskForm.Likelihood, "1"), (RiskForm.Consequence, "2"), (RiskForm.ResidualLikelihood, "1"), (RiskForm.ResidualConsequence, "1"))));
        CardOf(await AddAsync(Owner, "Olive Owner", Complete("A risk that is closed")));
        Assert.Contains("There are no risks waiting for approval for Credit Scorer.", Words(await SayAsAsync("risks system credit scorer awaiting", Lead, "Lee Lead")), StringComparison.Ordinal);
        CardOf(await PressAsync(RiskCards.SubmitVerb, await CardDataAsync(1), Owner, "Olive Owner"));
        await ApproveAsync(2);
        var close = await CardDataAsync(3);
        close[RiskCards.CloseReasonInput] = "The feature was withdrawn before launch.";
        CardOf(await PressAsync(RiskCards.CloseVerb, close, Owner, "Olive Owner"));

        var all = Words(await SayAsAsync("risks", Owner, "Olive Owner"));
        var high = Words(await SayAsAsync("risks high", Owner, "Olive Owner"));
        var awaiting = Words(await SayAsAsync("risks system Credit Scorer awaiting", Owner, "Olive Owner"));
        var open = Words(await SayAsAsync("risks open", Owner, "Olive Owner"));

        Assert.Contains("A high risk to submit", all, StringComparison.Ordinal);
        Assert.Contains("A risk that is closed", all, StringComparison.Ordinal);
        Assert.Contains("awaiting approval", all, StringComparison.Ordinal);
        Assert.Contains("Olive Owner", all, StringComparison.Ordinal);
        Assert.Contains("2027-01-29 (in 67 days)", all, StringComparison.Ordinal); // the approved plan's action; a plan not approved yet has none due
        Assert.Contains("\"text\":\"approved, low\"", all, StringComparison.Ordinal);
        Assert.Contains("A high risk to submit", high, StringComparison.Ordinal);
        Assert.DoesNotContain("A low risk", high, StringComparison.Ordinal);
        Assert.DoesNotContain("closed", high, StringComparison.Ordinal);
        Assert.Contains("A high risk to submit", awaiting, StringComparison.Ordinal);
        Assert.DoesNotContain("A low risk", awaiting, StringComparison.Ordinal);
        Assert.Contains("A low risk, approved", open, StringComparison.Ordinal);
        Assert.DoesNotContain("A risk that is closed", open, StringComparison.Ordinal);
        Assert.Contains("Use: **risks", Words(await SayAsAsync("risks everything please", Owner, "Olive Owner")), StringComparison.Ordinal);
        Assert.Equal(RiskStatus.Closed, (await StoredRiskAsync(3)).State.Status);
        Assert.Equal([LedgerEvents.RiskAdded.Name, LedgerEvents.RiskRated.Name, LedgerEvents.RiskPlanChanged.Name, LedgerEvents.RiskSubmitted.Name], await LedgerActionsAsync("R-1"));
    }

    [Fact]
    public async Task An_edit_saves_with_events_and_a_change_to_an_approved_plan_sends_it_back_for_approval()
    {
        CardOf(await AddAsync(Owner, "Olive Owner", Complete("Applicants refused credit unfairly")));
        var form = CardOf(await PressAsync(RiskCards.EditVerb, await CardDataAsync(1), Owner, "Olive Owner"));
        Assert.Contains("Applicants refused credit unfairly", Words(form), StringComparison.Ordinal);

        var saved = CardOf(await PressAsync(RiskCards.SaveVerb, ButtonWithInputs(form, RiskCards.SaveVerb).With(RiskForm.Title, "Thin-file applicants refused credit"), Owner, "Olive Owner"));
        Assert.Contains("Saved R-1", Words(saved), StringComparison.Ordinal);
        Assert.Equal("Thin-file applicants refused credit", (await StoredRiskAsync(1)).State.Title);
        Assert.Equal(LedgerEvents.RiskEdited.Name, (await LedgerActionsAsync("R-1"))[^1]);

        await ApproveAsync(1);
        var approvedForm = await SayAsAsync("risk edit R-1", Owner, "Olive Owner");
        var approvedCard = approvedForm["attachments"]![0]!["content"]!;
        Assert.Contains("a change to its option, controls, actions or target residual risk sends it back for approval", Words(approvedCard), StringComparison.Ordinal);

        var changed = CardOf(await PressAsync(RiskCards.SaveVerb, ButtonWithInputs(approvedCard, RiskCards.SaveVerb).With(RiskForm.Controls, "A.6.2.6"), Owner, "Olive Owner"));

        Assert.Contains("The approved plan changed, so R-1 goes back for approval", Words(changed), StringComparison.Ordinal);
        var stored = (await StoredRiskAsync(1)).State;
        Assert.Equal(RiskStatus.AwaitingApproval, stored.Status);
        Assert.Equal(["A.6.2.6"], stored.Controls);
        Assert.NotNull(stored.ReapprovalReason);
        var events = await LedgerActionsAsync("R-1");
        Assert.Equal([LedgerEvents.RiskPlanChanged.Name, LedgerEvents.RiskReapprovalRequired.Name], events.TakeLast(2));
    }

    [Fact]
    public async Task A_plan_grows_past_five_actions_one_edit_at_a_time_and_saving_the_form_again_keeps_every_one()
    {
        CardOf(await AddAsync(Owner, "Olive Owner", Complete("Applicants refused credit unfairly")));

        // Each edit shows the plan's actions and empty rows below them: fill the first empty row, save.
        for (var next = 1; next <= 6; next++)
        {
            var form = CardOf(await PressAsync(RiskCards.EditVerb, await CardDataAsync(1), Owner, "Olive Owner"));
            Assert.Contains($"\"id\":\"{RiskForm.ActionTitle(next)}\"", form.ToJsonString(), StringComparison.Ordinal);
            var data = ButtonWithInputs(form, RiskCards.SaveVerb)
                .With(RiskForm.ActionTitle(next), $"Follow-up action {next}")
                .With(RiskForm.ActionOwner(next), Colleague)
                .With(RiskForm.ActionDue(next), "2027-02-26");
            Assert.Contains("Saved R-1", Words(CardOf(await PressAsync(RiskCards.SaveVerb, data, Owner, "Olive Owner"))), StringComparison.Ordinal);
        }

        Assert.Equal(7, (await StoredRiskAsync(1)).State.Actions.Count);
        var again = CardOf(await PressAsync(RiskCards.EditVerb, await CardDataAsync(1), Owner, "Olive Owner"));
        CardOf(await PressAsync(RiskCards.SaveVerb, ButtonWithInputs(again, RiskCards.SaveVerb).With(RiskForm.Title, "Thin-file applicants refused credit"), Owner, "Olive Owner"));
        var stored = (await StoredRiskAsync(1)).State;
        Assert.Equal("Thin-file applicants refused credit", stored.Title);
        Assert.Equal(["Retrain the model on balanced data", .. Enumerable.Range(1, 6).Select(n => $"Follow-up action {n}")], stored.Actions.Select(a => a.Title));
    }

    [Fact]
    public async Task A_card_older_than_the_risk_changes_nothing_and_answers_with_the_current_card()
    {
        CardOf(await AddAsync(Owner, "Olive Owner", Complete("Applicants refused credit unfairly")));
        var old = await CardDataAsync(1);
        var form = CardOf(await PressAsync(RiskCards.EditVerb, old, Owner, "Olive Owner"));
        CardOf(await PressAsync(RiskCards.SaveVerb, ButtonWithInputs(form, RiskCards.SaveVerb).With(RiskForm.Title, "Changed by the first save"), Owner, "Olive Owner"));

        var stale = CardOf(await PressAsync(RiskCards.SaveVerb, ButtonWithInputs(form, RiskCards.SaveVerb).With(RiskForm.Title, "A late save of an old form"), Owner, "Olive Owner"));
        var staleSubmit = CardOf(await PressAsync(RiskCards.SubmitVerb, old, Owner, "Olive Owner"));

        Assert.Contains("R-1 changed since this card was made, so I changed nothing", Words(stale), StringComparison.Ordinal);
        Assert.Contains("Changed by the first save", Words(stale), StringComparison.Ordinal);
        Assert.Contains("R-1 changed since this card was made", Words(staleSubmit), StringComparison.Ordinal);
        var stored = (await StoredRiskAsync(1)).State;
        Assert.Equal(("Changed by the first save", RiskStatus.Draft), (stored.Title, stored.Status));
    }

    [Fact]
    public async Task Two_saves_of_the_same_form_at_once_store_one_change_and_the_other_is_told_the_risk_changed()
    {
        CardOf(await AddAsync(Owner, "Olive Owner", Complete("Applicants refused credit unfairly")));
        var form = CardOf(await PressAsync(RiskCards.EditVerb, await CardDataAsync(1), Owner, "Olive Owner"));
        var revision = (await StoredRiskAsync(1)).State.Revision;

        var answers = await Task.WhenAll(
            PressAsync(RiskCards.SaveVerb, ButtonWithInputs(form, RiskCards.SaveVerb).With(RiskForm.Title, "The first writer's title"), Owner, "Olive Owner"),
            PressAsync(RiskCards.SaveVerb, ButtonWithInputs(form, RiskCards.SaveVerb).With(RiskForm.Title, "The second writer's title"), Owner, "Olive Owner"));

        Assert.Single(answers, a => Words(a).Contains("Saved R-1", StringComparison.Ordinal));
        Assert.Single(answers, a => Words(a).Contains("R-1 changed since this card was made, so I changed nothing", StringComparison.Ordinal));
        var stored = (await StoredRiskAsync(1)).State;
        Assert.Equal(revision + 1, stored.Revision);
        Assert.Single(await LedgerActionsAsync("R-1"), a => a == LedgerEvents.RiskEdited.Name);
    }

    [Fact]
    public async Task A_proposed_risk_is_listed_for_the_system_owner_and_completed_once_however_often_pressed()
    {
        var (row, _) = await Risks.AddIfMissingAsync(Tenant, new ProposedRiskRow
        {
            SystemId = SystemId,
            AssessmentVersion = 1,
            Item = 2,
            Title = "Thin-file applicants refused more often",
            Description = "Applicants with short credit histories are refused more often.",
            Area = "fairness",
            AffectedParties = "Applicants",
            Severity = 4,
            Likelihood = 5,
            Level = "very-high",
            ExistingMeasures = "Monthly bias review.",
            ProposedBy = Approver,
            ProposedAt = Clock.GetUtcNow(),
        });
        var list = (await SayAsAsync("risks", Owner, "Olive Owner"))["attachments"]![0]!["content"]!;
        Assert.Contains("Thin-file applicants refused more often", Words(list), StringComparison.Ordinal);
        Assert.DoesNotContain("Complete this risk", Words(await SayAsAsync("risks", Colleague, "Cora Colleague")), StringComparison.Ordinal);

        var button = Button(list, RiskCards.AdoptVerb);
        var answers = await Task.WhenAll(
            PressAsync(RiskCards.AdoptVerb, button, Owner, "Olive Owner"),
            PressAsync(RiskCards.AdoptVerb, button, Owner, "Olive Owner"));
        var later = CardOf(await PressAsync(RiskCards.AdoptVerb, button, Owner, "Olive Owner"));

        Assert.All(answers, a => Assert.Contains("Complete R-1", Words(CardOf(a)), StringComparison.Ordinal));
        Assert.Contains("already taken up as R-1", Words(later), StringComparison.Ordinal);
        var risk = Assert.Single(await Register.ListAsync(Tenant));
        Assert.Equal((RiskStatus.Draft, RiskLevel.VeryHigh, Owner), (risk.Status, risk.InherentLevel, risk.OwnerUserId));
        var proposal = (await Risks.ListAsync(Tenant)).Single();
        Assert.Equal((ProposedRiskRepository.StatusAdopted, "R-1"), (proposal.Status, proposal.AdoptedAs));
        Assert.Equal([LedgerEvents.RiskProposalAdopted.Name], await LedgerActionsAsync("credit-scorer/v1/2"));
        Assert.Equal([LedgerEvents.RiskAdded.Name], await LedgerActionsAsync("R-1"));
        Assert.DoesNotContain("Complete this risk", Words(await SayAsAsync("risks", Owner, "Olive Owner")), StringComparison.Ordinal);
        _ = row;
    }

    [Fact]
    public async Task Someone_who_neither_owns_nor_leads_cannot_change_a_risk_and_an_auditor_reads_it_but_changes_nothing()
    {
        CardOf(await AddAsync(Owner, "Olive Owner", Complete("Applicants refused credit unfairly")));
        var data = await CardDataAsync(1);
        var form = CardOf(await PressAsync(RiskCards.EditVerb, data, Owner, "Olive Owner"));
        const string stranger = "0a550000-0000-4000-8000-000000000099";
        await PersonAsync(stranger, "Sam Stranger");

        Assert.Contains("Only the risk's owner, the AI system's owner or a compliance lead", Words(await SayAsAsync("risk edit R-1", stranger, "Sam Stranger")), StringComparison.Ordinal);
        Assert.Contains("Risks are shown to compliance leads", Words(await SayAsAsync("risk R-1", stranger, "Sam Stranger")), StringComparison.Ordinal);
        var byStranger = await PressAsync(RiskCards.SaveVerb, ButtonWithInputs(form, RiskCards.SaveVerb).With(RiskForm.Title, "Changed by a stranger"), stranger, "Sam Stranger");
        Assert.Equal(403, (int)byStranger["statusCode"]!);
        var strangerAdd = await SayAsAsync("risk add system Credit Scorer", stranger, "Sam Stranger");
        Assert.Null(strangerAdd["attachments"]);

        var read = Words(await SayAsAsync("risk R-1", Auditor, "Audrey Auditor"));
        Assert.Contains("Applicants refused credit unfairly", read, StringComparison.Ordinal);
        Assert.DoesNotContain(RiskCards.EditVerb, read, StringComparison.Ordinal);
        var byAuditor = await PressAsync(RiskCards.SaveVerb, ButtonWithInputs(form, RiskCards.SaveVerb).With(RiskForm.Title, "Changed by an auditor"), Auditor, "Audrey Auditor");
        var submitByAuditor = await PressAsync(RiskCards.SubmitVerb, data, Auditor, "Audrey Auditor");
        Assert.Equal(403, (int)byAuditor["statusCode"]!);
        Assert.Equal(403, (int)submitByAuditor["statusCode"]!);

        var stored = (await StoredRiskAsync(1)).State;
        Assert.Equal(("Applicants refused credit unfairly", RiskStatus.Draft), (stored.Title, stored.Status));
        Assert.Equal([LedgerEvents.RiskAdded.Name, LedgerEvents.RiskRated.Name, LedgerEvents.RiskPlanChanged.Name], await LedgerActionsAsync("R-1"));
    }
}

internal static class RiskFormDataExtensions
{
    /// <summary>The button's data with one input set, as if typed.</summary>
    public static JsonObject With(this JsonObject data, string name, string value)
    {
        data[name] = value;
        return data;
    }
}
