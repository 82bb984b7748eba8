using System.Text.Json.Nodes;
using AimsBot.Domain.Ledger;
using AimsBot.Domain.Register;
using AimsBot.Register;

namespace AimsBot.Host.Tests.Register;

/// <summary><c>systems</c>, <c>system add</c> and <c>system &lt;name&gt;</c> through the real host.</summary>
public sealed class SystemCommandsTests : RegisterHostTest
{
    [Fact]
    public async Task An_empty_register_says_so_and_tells_a_compliance_lead_how_to_start()
    {
        var reply = await SayAsync("systems");
        Assert.Contains("no AI systems yet", reply.Text, StringComparison.Ordinal);
        Assert.Contains("system add", reply.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_compliance_lead_adds_a_system_through_the_form_and_it_gets_its_own_system_layer_controls()
    {
        var form = await SayAsync("system add");
        Assert.Contains("register.system.add", form.Shown, StringComparison.Ordinal);

        var answer = await InvokeAsync("register.system.add", Submit(form.Card!,
            ("name", "Credit Scorer"), ("description", "Scores loan applications"), ("intendedUse", "Decision support for credit officers"),
            ("roles", "Developer,DeployerUser"), ("stage", "Operation"), ("riskTier", "High"), ("owner", "")));

        Assert.Equal(200, answer.StatusCode);
        Assert.Contains("Added Credit Scorer to the register", answer.Shown, StringComparison.Ordinal);
        Assert.Contains("18 AI-system-layer controls", answer.Shown, StringComparison.Ordinal);

        var stored = await Systems.GetAsync(Tenant, "credit-scorer");
        Assert.NotNull(stored);
        Assert.Equal([OrganizationRole.Developer, OrganizationRole.DeployerUser], stored.System.Roles);
        Assert.Equal(LifecycleStage.Operation, stored.System.Stage);
        Assert.Equal(RiskTier.High, stored.System.RiskTier);
        Assert.Equal(Lead, stored.System.OwnerUserId);
        Assert.Equal("Dana Owner", stored.OwnerName);
        Assert.Equal(18, (await Controls.ListScopeAsync(Tenant, ControlScope.ForSystem("credit-scorer"))).Count);

        var recorded = Assert.Single(Ledger.Events);
        Assert.Equal(LedgerEvents.SystemAdded.Name, recorded.Action);
        Assert.Equal("credit-scorer", recorded.EntityId);
        Assert.Equal(Lead, recorded.ActorId);
        Assert.Contains("\"name\":\"Credit Scorer\"", recorded.After, StringComparison.Ordinal);
        Assert.Contains("A.6.2.6", recorded.After, StringComparison.Ordinal);

        var list = await SayAsync("systems");
        Assert.Contains("Credit Scorer", list.Shown, StringComparison.Ordinal);
        var details = await SayAsync("system credit scorer");
        Assert.Contains("Decision support for credit officers", details.Shown, StringComparison.Ordinal);
        Assert.Contains("38 controls included", details.Shown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_owner_field_takes_a_known_upn_and_names_that_person()
    {
        await RecordUserAsync("aad-olga", "Olga Owner", "olga@contoso.example");
        await AddSystemAsync("Chat Assistant", owner: "Olga@Contoso.example");

        var stored = await Systems.GetAsync(Tenant, "chat-assistant");
        Assert.Equal("aad-olga", stored!.System.OwnerUserId);
        Assert.Equal("Olga Owner", stored.OwnerName);
    }

    [Fact]
    public async Task Bad_input_is_shown_on_the_form_with_what_was_typed_and_nothing_is_written()
    {
        var form = await SayAsync("system add");
        var answer = await InvokeAsync("register.system.add", Submit(form.Card!, ("name", "AI"), ("roles", ""), ("stage", "Operation"), ("riskTier", "Catastrophic"), ("description", "kept text")));

        Assert.Equal(200, answer.StatusCode);
        Assert.Contains("Please fix", answer.Shown, StringComparison.Ordinal);
        Assert.Contains("at least 3 characters", answer.Shown, StringComparison.Ordinal);
        Assert.Contains("developer, provider or deployer/user", answer.Shown, StringComparison.Ordinal);
        Assert.Contains("risk tier", answer.Shown, StringComparison.Ordinal);
        Assert.Contains("kept text", answer.Shown, StringComparison.Ordinal);
        Assert.Empty(await Systems.ListAsync(Tenant));
        Assert.Empty(Ledger.Events);
    }

    [Fact]
    public async Task A_second_system_with_the_same_name_is_refused_on_the_card_and_the_first_is_kept()
    {
        await AddSystemAsync("Credit Scorer");
        var answer = await AddSystemAsync("credit scorer", roles: "Provider");

        Assert.Contains("already has an AI system called", answer.Shown, StringComparison.Ordinal);
        var kept = Assert.Single(await Systems.ListAsync(Tenant));
        Assert.Equal([OrganizationRole.Developer], kept.System.Roles);
        Assert.Single(Ledger.Events);
    }

    [Fact]
    public async Task A_double_click_on_add_stores_one_system_and_answers_both_clicks_with_it()
    {
        var form = await SayAsync("system add");
        var data = Submit(form.Card!, ("name", "Fraud Detector"), ("roles", "Provider"), ("stage", "Design"), ("riskTier", "Limited"));
        var answers = await Task.WhenAll(InvokeAsync("register.system.add", data), InvokeAsync("register.system.add", data));

        Assert.All(answers, a => Assert.Contains("Added Fraud Detector", a.Shown, StringComparison.Ordinal));
        Assert.All(answers, a => Assert.Contains("answers 18 AI-system-layer controls", a.Shown, StringComparison.Ordinal));
        Assert.Single(await Systems.ListAsync(Tenant));
        Assert.Single(Ledger.Events);
    }

    [Fact]
    public async Task Someone_without_the_role_can_neither_open_the_form_nor_submit_a_crafted_one()
    {
        var reply = await SayAsync("system add", userAadId: Auditor);
        Assert.Contains("not available to you", reply.Text, StringComparison.Ordinal);

        var data = new JsonObject { ["submissionId"] = Guid.NewGuid().ToString("N"), ["name"] = "Shadow System", ["roles"] = "Developer", ["stage"] = "Design", ["riskTier"] = "High" };
        var answer = await InvokeAsync("register.system.add", data, userAadId: Auditor);
        Assert.Equal(403, answer.StatusCode);
        Assert.Contains("read-only", answer.ErrorMessage, StringComparison.Ordinal);

        var owner = await InvokeAsync("register.system.add", data, userAadId: Owner);
        Assert.Equal(403, owner.StatusCode);
        Assert.Empty(await Systems.ListAsync(Tenant));
        Assert.Empty(Ledger.Events);
    }

    [Fact]
    public async Task An_unknown_system_name_gets_a_did_you_mean()
    {
        await AddSystemAsync("Credit Scorer");
        var reply = await SayAsync("system credit scorr");
        Assert.Contains("Did you mean **Credit Scorer**", reply.Text, StringComparison.Ordinal);
    }
}
