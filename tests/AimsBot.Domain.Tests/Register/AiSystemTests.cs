using AimsBot.Domain.Register;
using AimsBot.Domain.Tests.Support;

namespace AimsBot.Domain.Tests.Register;

public class AiSystemTests
{
    private readonly Microsoft.Extensions.Time.Testing.FakeTimeProvider _clock = Build.Clock("2025-03-10T09:00:00Z");

    private static AiSystemDetails Details(
        string? name = "Customer support chatbot",
        string? description = "Answers customer questions from the knowledge base.",
        string? intendedUse = "First-line answers; escalates to a person when unsure.",
        OrganizationRole[]? roles = null,
        string? owner = "owner-1",
        string? id = null,
        LifecycleStage stage = LifecycleStage.Operation,
        RiskTier tier = RiskTier.Limited) =>
        new(name, description, intendedUse, roles ?? [OrganizationRole.DeployerUser], stage, owner, tier, id);

    [Fact]
    public void A_compliance_lead_adds_a_system_and_its_id_is_made_from_the_name()
    {
        var system = Build.Ok(AiSystem.Create(Details(name: "  Customer Chatbot (v2)  "), Actors.Lead, _clock));

        Assert.Equal("customer-chatbot-v2", system.Id);
        Assert.Equal("Customer Chatbot (v2)", system.Name);
        Assert.Equal(SystemStatus.Active, system.Status);
        Assert.Equal(_clock.GetUtcNow(), system.CreatedAt);
        Assert.Equal("customer-chatbot-v2", system.Scope.SystemId);
    }

    [Theory]
    [InlineData("Café Résumé Screener", "cafe-resume-screener")]
    [InlineData("GPT-4o -- Sales   Assistant!!", "gpt-4o-sales-assistant")]
    [InlineData("Ünïcödé", "unicode")]
    public void Slugs_drop_accents_and_punctuation(string name, string slug) =>
        Assert.Equal(slug, AiSystem.Slugify(name));

    [Fact]
    public void Long_names_make_ids_of_at_most_40_characters_without_a_trailing_hyphen()
    {
        var slug = AiSystem.Slugify("Document classification and routing assistant for claims");
        Assert.True(slug.Length <= 40);
        Assert.False(slug.EndsWith('-'));
        Assert.True(AiSystem.IsValidId(slug));
    }

    [Theory]
    [InlineData("AI", "system.name.too-short", "at least 3 characters")]
    [InlineData("", "system.name.required", "name is required")]
    [InlineData("   ", "system.name.required", "name is required")]
    [InlineData("Line one\nline two", "system.name.control-characters", "single line")]
    public void Bad_names_are_refused_with_a_friendly_message(string name, string code, string phrase)
    {
        var error = Build.Fails(AiSystem.Create(Details(name: name), Actors.Lead, _clock), code);
        Assert.Contains(phrase, error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("name", error.Field);
    }

    [Fact]
    public void Names_may_have_80_characters_but_not_81()
    {
        Build.Ok(AiSystem.Create(Details(name: new string('n', 80)), Actors.Lead, _clock));
        var error = Build.Fails(AiSystem.Create(Details(name: new string('n', 81)), Actors.Lead, _clock), "system.name.too-long");
        Assert.Equal("The system's name can be at most 80 characters (it has 81).", error.Message);
    }

    [Fact]
    public void Description_and_intended_use_have_length_limits()
    {
        Build.Ok(AiSystem.Create(Details(description: new string('d', 2000), intendedUse: new string('u', 1000)), Actors.Lead, _clock));
        var result = AiSystem.Create(Details(description: new string('d', 2001), intendedUse: new string('u', 1001)), Actors.Lead, _clock);
        Build.Fails(result, "system.description.too-long");
        Build.Fails(result, "system.intended-use.too-long");
    }

    [Fact]
    public void All_problems_are_reported_at_once()
    {
        var result = AiSystem.Create(Details(name: "x", roles: [], owner: " "), Actors.Lead, _clock);

        Assert.Equal(["system.name.too-short", "system.roles.required", "system.owner.required"], result.Errors.Select(e => e.Code));
        Assert.Contains("Every AI system needs an owner.", result.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void The_organisation_can_hold_several_roles_towards_a_system_primary_first()
    {
        var system = Build.Ok(AiSystem.Create(
            Details(roles: [OrganizationRole.Developer, OrganizationRole.DeployerUser, OrganizationRole.Developer]), Actors.Lead, _clock));

        Assert.Equal([OrganizationRole.Developer, OrganizationRole.DeployerUser], system.Roles);
        Assert.Equal(OrganizationRole.Developer, system.PrimaryRole);
    }

    [Fact]
    public void Values_outside_the_known_lists_are_refused()
    {
        var result = AiSystem.Create(
            Details(roles: [(OrganizationRole)42], stage: (LifecycleStage)42, tier: (RiskTier)42), Actors.Lead, _clock);

        Build.Fails(result, "system.roles.invalid");
        Build.Fails(result, "system.stage.invalid");
        Build.Fails(result, "system.risk-tier.invalid");
    }

    [Fact]
    public void The_id_org_is_reserved_for_the_organisation()
    {
        Build.Fails(AiSystem.Create(Details(name: "ORG"), Actors.Lead, _clock), "system.id.reserved");
        Build.Fails(AiSystem.Create(Details(id: "org"), Actors.Lead, _clock), "system.id.reserved");
    }

    [Theory]
    [InlineData("My System")]
    [InlineData("-leading")]
    [InlineData("trailing-")]
    [InlineData("UPPER")]
    [InlineData("a-very-long-identifier-that-goes-past-forty-chars")]
    public void Explicit_ids_must_be_slugs(string id) =>
        Build.Fails(AiSystem.Create(Details(id: id), Actors.Lead, _clock), "system.id.invalid");

    [Fact]
    public void A_name_with_no_latin_letters_asks_for_an_explicit_id()
    {
        var error = Build.Fails(AiSystem.Create(Details(name: "顧客チャット"), Actors.Lead, _clock), "system.id.required");
        Assert.Contains("give the system an id", error.Message, StringComparison.Ordinal);
        Build.Ok(AiSystem.Create(Details(name: "顧客チャット", id: "customer-chat-jp"), Actors.Lead, _clock));
    }

    [Fact]
    public void Only_a_compliance_lead_adds_systems()
    {
        Assert.Contains("compliance lead", Build.Fails(AiSystem.Create(Details(), Actors.Owner, _clock), "access.refused").Message, StringComparison.Ordinal);
        Assert.Contains("read-only", Build.Fails(AiSystem.Create(Details(), Actors.Auditor, _clock), "access.refused").Message, StringComparison.Ordinal);
        Build.Fails(AiSystem.Create(Details(), Actors.Approver, _clock), "access.refused");
    }

    [Fact]
    public void Editing_keeps_the_id_even_when_the_name_changes()
    {
        var system = Build.Ok(AiSystem.Create(Details(), Actors.Lead, _clock));
        var renamed = Build.Ok(system.Update(Details(name: "Support assistant"), Actors.Lead));

        Assert.Equal("customer-support-chatbot", renamed.Id);
        Assert.Equal("Support assistant", renamed.Name);
        Assert.Equal("Customer support chatbot", system.Name);
        Build.Fails(system.Update(Details(id: "other-id"), Actors.Lead), "system.id.immutable");
    }

    [Fact]
    public void Retiring_a_system_freezes_it()
    {
        var system = Build.Ok(AiSystem.Create(Details(), Actors.Lead, _clock));
        var retired = Build.Ok(system.ChangeStatus(SystemStatus.Retired, Actors.Lead));

        Assert.Equal(LifecycleStage.Retired, retired.Stage);
        Assert.Contains("retired", Build.Fails(retired.Update(Details(name: "New name"), Actors.Lead), "system.retired").Message, StringComparison.Ordinal);
        Build.Fails(retired.ChangeStatus(SystemStatus.Active, Actors.Lead), "system.retired");
        Build.Fails(retired.MoveToStage(LifecycleStage.Operation, Actors.Lead), "system.retired");
    }

    [Fact]
    public void Moving_to_the_retired_stage_retires_and_suspending_keeps_the_stage()
    {
        var system = Build.Ok(AiSystem.Create(Details(), Actors.Lead, _clock));

        Assert.Equal(SystemStatus.Retired, Build.Ok(system.MoveToStage(LifecycleStage.Retired, Actors.Lead)).Status);
        var suspended = Build.Ok(system.ChangeStatus(SystemStatus.Suspended, Actors.Lead));
        Assert.Equal(LifecycleStage.Operation, suspended.Stage);
        Assert.Equal(SystemStatus.Active, Build.Ok(suspended.ChangeStatus(SystemStatus.Active, Actors.Lead)).Status);
    }

    [Fact]
    public void Editing_details_cannot_retire_a_system_by_the_back_door() =>
        Build.Fails(Build.Ok(AiSystem.Create(Details(), Actors.Lead, _clock)).Update(Details(stage: LifecycleStage.Retired), Actors.Lead), "system.retire-via-status");

    [Fact]
    public void Restoring_stored_data_re_checks_the_rules()
    {
        var restored = Build.Ok(AiSystem.Restore(Details(id: "hr-screener"), SystemStatus.Suspended, _clock.GetUtcNow()));
        Assert.Equal("hr-screener", restored.Id);
        Assert.Equal(SystemStatus.Suspended, restored.Status);
        Build.Fails(AiSystem.Restore(Details(id: "hr-screener", name: "x"), SystemStatus.Active, _clock.GetUtcNow()), "system.name.too-short");
        Build.Fails(AiSystem.Restore(Details(id: null), SystemStatus.Active, _clock.GetUtcNow()), "system.id.required");
    }
}
