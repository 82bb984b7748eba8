using AimsBot.Domain.Access;
using AimsBot.Domain.Catalogue;
using AimsBot.Domain.Register;
using AimsBot.Domain.Scheduling;
using AimsBot.Domain.Tests.Support;

namespace AimsBot.Domain.Tests.Register;

public class SystemControlsTests
{
    private static readonly IReadOnlyDictionary<ControlId, ControlLayer> NoOrganizationInstances = new Dictionary<ControlId, ControlLayer>();
    private readonly Microsoft.Extensions.Time.Testing.FakeTimeProvider _clock = Build.Clock("2025-03-10T09:00:00Z");

    private AiSystem System() => Build.Ok(AiSystem.Create(
        new AiSystemDetails("Credit Scorer", "Scores loan applications.", "Decision support.", [OrganizationRole.Developer], LifecycleStage.Operation, "owner-1", RiskTier.High),
        Actors.Lead,
        _clock));

    [Fact]
    public void A_new_system_answers_the_catalogues_ai_system_layer_controls_when_the_organisation_recorded_no_layers()
    {
        var owned = SystemControls.OwnedByNewSystem(NoOrganizationInstances);

        var expected = AnnexA.Controls.Where(c => c.DefaultLayer == ControlLayer.AiSystem).Select(c => c.Id).ToList();
        Assert.Equal(expected, owned.Select(c => c.Value).ToList());
        Assert.Contains("A.6.2.6", owned.Select(c => c.Value));
        Assert.DoesNotContain("A.2.2", owned.Select(c => c.Value));
    }

    [Fact]
    public void The_organisations_recorded_layer_wins_over_the_catalogue_both_ways()
    {
        var layers = new Dictionary<ControlId, ControlLayer>
        {
            [Build.Id("A.6.2.6")] = ControlLayer.Organization, // shared: one answer for every system
            [Build.Id("A.2.2")] = ControlLayer.AiSystem,       // each system answers its own
        };

        var owned = SystemControls.OwnedByNewSystem(layers).Select(c => c.Value).ToList();

        Assert.DoesNotContain("A.6.2.6", owned);
        Assert.Contains("A.2.2", owned);
        Assert.Contains("A.6.2.5", owned);
    }

    [Fact]
    public void The_new_systems_instances_are_its_own_applicable_unowned_and_on_the_cadence_given()
    {
        var system = System();
        _clock.Advance(TimeSpan.FromHours(1));

        var instances = Build.Ok(SystemControls.CreateForNewSystem(system, NoOrganizationInstances, Actors.Lead, _clock, Zones.Auckland, EvidenceCadence.Quarterly));

        Assert.Equal(SystemControls.OwnedByNewSystem(NoOrganizationInstances), instances.Select(i => i.ControlId).ToList());
        Assert.All(instances, i =>
        {
            Assert.Equal(system.Scope, i.Scope);
            Assert.Equal(ControlLayer.AiSystem, i.Layer);
            Assert.False(i.Applicability.IsExcluded);
            Assert.Equal(ImplementationStatus.NotStarted, i.Implementation);
            Assert.Null(i.OwnerUserId);
            Assert.Equal(EvidenceCadence.Quarterly, i.Cadence);
            Assert.Equal(Zones.Auckland, i.DueZone);
            Assert.Equal(_clock.GetUtcNow(), i.ScheduleStartedAt);
        });
    }

    [Theory]
    [MemberData(nameof(NotLeads))]
    public void Only_a_compliance_lead_gives_a_new_system_its_controls(string who)
    {
        var actor = who switch
        {
            "owner" => Actors.Owner,
            "auditor" => Actors.Auditor,
            "admin" => Actors.Admin,
            _ => Actors.Approver,
        };

        var error = Build.Fails(SystemControls.CreateForNewSystem(System(), NoOrganizationInstances, actor, _clock, Zones.Utc, null), "access.refused");

        Assert.Equal(Permissions.Can(actor, DomainAction.ManageRegister).Reason, error.Message);
    }

    [Fact]
    public void Even_when_the_new_system_would_answer_no_control_itself_a_non_lead_is_refused()
    {
        var allShared = AnnexA.Controls.ToDictionary(c => c.ControlId, _ => ControlLayer.Organization);

        Assert.Empty(SystemControls.OwnedByNewSystem(allShared));
        Build.Fails(SystemControls.CreateForNewSystem(System(), allShared, Actors.Owner, _clock, Zones.Utc, null), "access.refused");
        Assert.Empty(Build.Ok(SystemControls.CreateForNewSystem(System(), allShared, Actors.Lead, _clock, Zones.Utc, null)));
    }

    public static TheoryData<string> NotLeads() => ["owner", "auditor", "admin", "approver"];
}
