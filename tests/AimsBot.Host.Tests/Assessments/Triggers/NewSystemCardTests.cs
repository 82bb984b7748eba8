using System.Text.Json.Nodes;
using AimsBot.Assessments.Triggers;
using AimsBot.Domain.Ledger;
using AimsBot.Domain.Register;
using AimsBot.Teams.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace AimsBot.Host.Tests.Assessments.Triggers;

/// <summary>
/// A new AI system's owner is asked to assess it (a card with the button that starts it), once however the system
/// came in; and a system going into deployment or operation without an approved assessment is saved with a warning,
/// its move recorded in the ledger.
/// </summary>
public sealed class NewSystemCardTests : TriggersHostTest
{
    [Fact]
    public async Task The_owner_of_a_new_system_gets_one_card_that_starts_its_assessment_even_when_the_form_is_sent_twice()
    {
        var form = await SayAsync("system add");
        var data = Submit(form.Card!, ("name", "Credit Scorer"), ("description", "Scores loan applications"), ("roles", "Developer"), ("stage", "Design"), ("riskTier", "High"), ("owner", Owner + "@contoso.example"));
        var first = await InvokeAsync("register.system.add", data);
        var second = await InvokeAsync("register.system.add", data);

        Assert.Contains("Added Credit Scorer", first.Shown, StringComparison.Ordinal);
        Assert.Contains("I sent Olive Owner a card to start the impact assessment of Credit Scorer.", first.Shown, StringComparison.Ordinal);
        Assert.Contains("I sent Olive Owner a card", second.Shown, StringComparison.Ordinal);
        Assert.DoesNotContain("has no approved impact assessment", first.Shown, StringComparison.Ordinal); // in design, not in use yet

        var card = Assert.Single(await QueuedAsync(Owner));
        Assert.Contains("Credit Scorer needs an impact assessment", card, StringComparison.Ordinal);
        Assert.Contains("It was just added to the register, and you are its owner.", card, StringComparison.Ordinal);
        Assert.Contains($"\"verb\":\"{AssessmentTriggerCards.StartVerb}\"", card, StringComparison.Ordinal);
        Assert.Contains("\"system\":\"credit-scorer\"", card, StringComparison.Ordinal);
        Assert.Contains("assess Credit Scorer", card, StringComparison.Ordinal);

        // The drain delivers it once, to the owner's 1:1 chat.
        await Bot.Factory.Services.GetRequiredService<AimsBot.Proactive.OutboxSender>().DrainAsync();
        await Bot.Factory.Services.GetRequiredService<AimsBot.Proactive.OutboxSender>().DrainAsync();
        var delivered = Bot.Connector.Requests.Where(r => r.Method == "POST" && r.Path.EndsWith("/conversations/a:chat-" + Owner + "/activities", StringComparison.Ordinal)).ToList();
        Assert.Contains("Credit Scorer needs an impact assessment", Assert.Single(delivered).Json!.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_system_added_in_operation_warns_that_it_has_no_approved_assessment_and_an_unreachable_owner_is_named()
    {
        // Nobody in the Users table, and the conversation has no such member: a pending owner.
        var files = Bot.Connector.Responder;
        Bot.Connector.Responder = r => r.Path.Contains("/members/", StringComparison.Ordinal) ? FakeResponse.Error(404, "NotFound", "Member not found") : files?.Invoke(r);
        var answer = await AddSystemAsync("Chat Helper", owner: "new.hire@contoso.example");

        Assert.Contains("Added Chat Helper", answer.Shown, StringComparison.Ordinal);
        Assert.Contains("Chat Helper has no approved impact assessment. It is saved in operation all the same", answer.Shown, StringComparison.Ordinal);
        Assert.Contains("**assess Chat Helper**", answer.Shown, StringComparison.Ordinal);
        Assert.Contains("can't get a card from me yet: they are known only by their address", answer.Shown, StringComparison.Ordinal);
        Assert.Equal(LifecycleStage.Operation, (await Systems.GetAsync(Tenant, "chat-helper"))!.System.Stage);
        // Its stage is in its own register.system.add event; only a move is a stage event.
        Assert.Equal([LedgerEvents.SystemAdded.Name], Ledger.Events.Select(e => e.Action));
    }

    [Fact]
    public async Task Import_asks_each_new_systems_owner_once_and_warns_when_it_moves_a_system_into_use_unassessed()
    {
        await SystemAsync("Fraud Watch", LifecycleStage.Verification);
        await SystemAsync("Loan Advisor", LifecycleStage.Verification);
        await ApprovedAsync("loan-advisor", Today.AddMonths(6));
        var rows = Csv(
            $"system,Fraud Watch,Scores loan applications,Decision support,developer,operation,high,,{Owner},,,,,,,",
            $"system,Loan Advisor,Scores loan applications,Decision support,developer,deployment,high,,{Owner},,,,,,,",
            $"system,Chat Helper,Answers staff questions,,provider,design,limited,,{Owner},,,,,,,");

        var reply = await ImportAsync(rows);
        var again = await ImportAsync(rows);

        Assert.Contains("register.csv: imported", reply.Shown, StringComparison.Ordinal);
        Assert.Contains("Fraud Watch has no approved impact assessment. It is saved in operation all the same", reply.Shown, StringComparison.Ordinal);
        Assert.DoesNotContain("Loan Advisor has no approved", reply.Shown, StringComparison.Ordinal);
        Assert.Contains("I sent Olive Owner a card to start the impact assessment of Chat Helper.", reply.Shown, StringComparison.Ordinal);
        Assert.Contains("no changes", again.Shown, StringComparison.Ordinal);
        Assert.Equal(LifecycleStage.Operation, (await Systems.GetAsync(Tenant, "fraud-watch"))!.System.Stage);

        var moved = Assert.Single(Ledger.Events, e => e.Action == LedgerEvents.StageUnassessed.Name);
        Assert.Equal("fraud-watch", moved.EntityId);
        Assert.Contains("\"stage\":\"Verification\"", moved.Before, StringComparison.Ordinal);
        Assert.Contains("\"stage\":\"Operation\"", moved.After, StringComparison.Ordinal);
        Assert.Contains("\"assessment\":\"none\"", moved.After, StringComparison.Ordinal);

        var card = Assert.Single(await QueuedAsync(Owner));
        Assert.Contains("Chat Helper needs an impact assessment", card, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_cards_button_starts_the_assessment_as_assess_does_for_the_owner_and_no_one_else()
    {
        var system = await SystemAsync("Credit Scorer", LifecycleStage.Design);
        var press = new JsonObject { ["system"] = system.Id };

        await PersonAsync(Colleague, "Cole League");
        var stranger = await InvokeAsync(AssessmentTriggerCards.StartVerb, press, Colleague);
        Assert.Contains("Only the AI system's owner or a compliance lead", stranger.Shown, StringComparison.Ordinal);
        Assert.Null(await Assessments.GetLatestAsync(Tenant, system.Id));

        var owner = await InvokeAsync(AssessmentTriggerCards.StartVerb, press, Owner);
        Assert.Equal(200, owner.StatusCode);
        Assert.Contains("Step 1 of 8", owner.Shown, StringComparison.Ordinal);
        var started = (await Assessments.GetLatestAsync(Tenant, system.Id))!.State;
        Assert.Equal((1, Owner), (started.Version, started.AssessorUserId));

        // Pressed again (or said): the same assessment is resumed, not a second one started.
        var again = await InvokeAsync(AssessmentTriggerCards.StartVerb, press, Owner);
        Assert.Contains("Step 1 of 8", again.Shown, StringComparison.Ordinal);
        Assert.Equal(started.Id, (await Assessments.GetLatestAsync(Tenant, system.Id))!.State.Id);
        Assert.Single(Ledger.Events, e => e.Action == LedgerEvents.AssessmentStarted.Name);
    }

    [Fact]
    public async Task The_cards_button_is_refused_for_a_system_the_register_does_not_have()
    {
        var answer = await InvokeAsync(AssessmentTriggerCards.StartVerb, new JsonObject { ["system"] = "no-such-system" }, Owner);

        Assert.Equal(400, answer.StatusCode);
        Assert.Contains("names no AI system I know", answer.ErrorMessage, StringComparison.Ordinal);
    }
}
