using AimsBot.Domain.Access;
using AimsBot.Domain.Register;

namespace AimsBot.Host.Tests.Audit;

/// <summary>
/// <c>evidence &lt;id&gt; system &lt;name&gt;</c> reads only the one control's instances (point reads, the system's
/// guessed from the name typed): it must land on the same instance, and decide access on the same current data, as
/// the SoA and a whole-scope load would.
/// </summary>
public sealed class EvidenceScopeLoadingTests : AuditHostTest
{
    private static readonly DateTimeOffset Start = new(2026, 2, 1, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_system_whose_id_is_not_the_slug_of_its_name_shows_its_own_evidence()
    {
        // Stored under id "cs-7" (as an import may name it): "Credit Scorer" slugs to "credit-scorer", which is no system.
        var lead = Actor.Create(Lead, Role.ComplianceLead);
        var system = AiSystem.Create(new AiSystemDetails("Credit Scorer", "Scores loans.", "Decision support.", [OrganizationRole.Developer], LifecycleStage.Operation, "aad-sysowner-0001", RiskTier.High, Id: "cs-7"), lead, Bot.HostClock).Value!;
        await Systems.AddAsync(Tenant, system, null, Lead, null);
        var own = await SeedEvidenceAsync(Tenant, "cs-7", "A.6.2.6", 3, Start, TimeSpan.FromDays(1));
        await SeedEvidenceAsync(Tenant, "credit-scorer", "A.6.2.6", 2, Start, TimeSpan.FromDays(1), "https://not-this-one.example/");

        var byName = await SayAsync("evidence A.6.2.6 system Credit Scorer");
        var byId = await SayAsync("evidence A.6.2.6 system cs-7");

        Assert.Equal(own, Ids(byName.Card));
        Assert.Equal(own, Ids(byId.Card));
        Assert.DoesNotContain("not-this-one", byName.Card!.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_system_control_the_organisation_excluded_answers_for_the_system_from_the_organisation()
    {
        await AddSystemAsync("Credit Scorer");
        var organisation = await SeedEvidenceAsync(Tenant, "org", "A.6.2.6", 2, Start, TimeSpan.FromDays(1));
        var system = await SeedEvidenceAsync(Tenant, "credit-scorer", "A.6.2.6", 3, Start, TimeSpan.FromDays(1));
        var before = Ids((await SayAsync("evidence A.6.2.6 system Credit Scorer")).Card);

        await SayAsync("soa exclude A.6.2.6 because no AI system of ours is operated by us at all");
        var after = await SayAsync("evidence A.6.2.6 system Credit Scorer");

        Assert.Equal(system, before);
        Assert.Equal(organisation, Ids(after.Card));
    }

    [Fact]
    public async Task An_owner_replaced_a_moment_ago_is_refused_at_once()
    {
        await RecordUserAsync(Owner, "Dana Owner", "dana@contoso.com");
        await AddSystemAsync("Credit Scorer");
        await SayAsync("owner A.6.2.6 system Credit Scorer dana@contoso.com");
        var ids = await SeedEvidenceAsync(Tenant, "credit-scorer", "A.6.2.6", 2, Start, TimeSpan.FromDays(1));
        Assert.Equal(ids, Ids((await SayAsync("evidence A.6.2.6 system Credit Scorer", userAadId: Owner)).Card));

        await SayAsync("owner A.6.2.6 system Credit Scorer 11111111-aaaa-bbbb-cccc-000000000001");
        var refused = await SayAsync("evidence A.6.2.6 system Credit Scorer", userAadId: Owner);

        Assert.Null(refused.Card);
        Assert.Contains("Evidence is shown to compliance leads, auditors, the control's owner and the AI system's owner", refused.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task More_on_a_systems_list_pages_through_its_own_partition()
    {
        await AddSystemAsync("Credit Scorer");
        var own = await SeedEvidenceAsync(Tenant, "credit-scorer", "A.6.2.6", 45, Start, TimeSpan.FromHours(1));
        await SeedEvidenceAsync(Tenant, "org", "A.6.2.6", 5, Start, TimeSpan.FromHours(1));

        var pages = await AllPagesAsync("evidence A.6.2.6 system Credit Scorer");

        Assert.True(pages.Count > 1);
        Assert.Equal(own, pages.SelectMany(p => p));
    }

    [Fact]
    public async Task More_after_the_organisation_took_the_control_over_says_the_list_changed_and_shows_nothing()
    {
        await AddSystemAsync("Credit Scorer");
        await SeedEvidenceAsync(Tenant, "credit-scorer", "A.6.2.6", 30, Start, TimeSpan.FromHours(1));
        var first = await SayAsync("evidence A.6.2.6 system Credit Scorer");

        await SayAsync("soa exclude A.6.2.6 because no AI system of ours is operated by us at all");
        var answer = await InvokeAsync("audit.evidence.more", More(first.Card)!);

        Assert.Null(answer.Card);
        Assert.Equal(400, answer.StatusCode);
        Assert.Contains("changed since this list started", answer.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_system_gets_the_same_suggestion_as_before()
    {
        await AddSystemAsync("Credit Scorer");

        var answer = await SayAsync("evidence A.6.2.6 system Credit Scorr");

        Assert.Null(answer.Card);
        Assert.Contains("I don't know an AI system called 'Credit Scorr'. Did you mean **Credit Scorer**?", answer.Text, StringComparison.Ordinal);
    }
}
