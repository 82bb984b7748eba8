using AimsBot.Domain.Catalogue;
using AimsBot.Domain.Register;
using AimsBot.Domain.Scheduling;
using AimsBot.Domain.Soa;
using AimsBot.Domain.Tests.Support;

namespace AimsBot.Domain.Tests.Soa;

public class StatementOfApplicabilityTests
{
    private const string NoTraining = "We train no models: every model is bought in and used as supplied.";
    private readonly Microsoft.Extensions.Time.Testing.FakeTimeProvider _clock = Build.Clock("2025-03-10T09:00:00Z");
    private static readonly ControlScope Chatbot = ControlScope.ForSystem("chatbot");
    private static readonly ControlScope Screener = ControlScope.ForSystem("screener");

    [Fact]
    public void An_empty_register_gives_38_applicable_not_started_unowned_rows_in_catalogue_order()
    {
        var soa = StatementOfApplicability.Generate([], ControlScope.Organization);

        Assert.Equal(38, soa.Rows.Count);
        Assert.Equal(AnnexA.Controls.Select(c => c.Id), soa.Rows.Select(r => r.ControlId.Value));
        Assert.Equal(AnnexA.Controls.Select(c => c.Title), soa.Rows.Select(r => r.Title));
        Assert.All(soa.Rows, r =>
        {
            Assert.True(r.Included);
            Assert.Equal(ImplementationStatus.NotStarted, r.Implementation);
            Assert.Null(r.OwnerUserId);
            Assert.Null(r.LastEvidenceAt);
            Assert.Null(r.NextDue);
            Assert.Equal(SoaRowSource.Default, r.Source);
        });
        Assert.Equal((38, 0, 0), (soa.IncludedCount, soa.ExcludedCount, soa.ImplementedCount));
    }

    [Fact]
    public void Rows_are_grouped_by_the_nine_objectives_in_order()
    {
        var soa = StatementOfApplicability.Generate([], Chatbot);

        Assert.Equal(["A.2", "A.3", "A.4", "A.5", "A.6", "A.7", "A.8", "A.9", "A.10"], soa.Sections.Select(s => s.Objective.Id));
        Assert.Equal([3, 2, 5, 4, 9, 5, 4, 3, 3], soa.Sections.Select(s => s.Rows.Count));
        Assert.All(soa.Sections, s => Assert.All(s.Rows, r => Assert.Equal(s.Objective.Id, r.ObjectiveId)));
    }

    [Fact]
    public void An_accepted_exclusion_appears_in_the_SoA_with_its_justification_and_decider()
    {
        var excluded = Build.Ok(Build.Instance("A.7.4", _clock).Exclude(Actors.Lead, NoTraining, _clock));

        var soa = StatementOfApplicability.Generate([excluded], ControlScope.Organization);

        var row = Assert.Single(soa.Rows, r => !r.Included);
        Assert.Equal("A.7.4", row.ControlId.Value);
        Assert.Equal(NoTraining, row.Justification);
        Assert.Equal("lead-1", row.DecidedBy);
        Assert.Equal(_clock.GetUtcNow(), row.DecidedAt);
        Assert.Equal((37, 1), (soa.IncludedCount, soa.ExcludedCount));
    }

    [Fact]
    public void A_refused_exclusion_leaves_the_control_included_in_the_SoA()
    {
        var instance = Build.Instance("A.7.4", _clock);
        var refused = instance.Exclude(Actors.Owner, NoTraining, _clock);
        Assert.True(refused.IsFailure);

        var soa = StatementOfApplicability.Generate([instance], ControlScope.Organization);

        Assert.True(soa.Rows.Single(r => r.ControlId.Value == "A.7.4").Included);
    }

    [Fact]
    public void Rows_show_owner_status_last_evidence_and_next_due_from_the_instance()
    {
        var instance = Build.Owned(Build.Instance("A.2.2", _clock, cadence: EvidenceCadence.Yearly), Actors.Owner);
        instance = Build.Ok(instance.SetImplementationStatus(ImplementationStatus.Implemented, Actors.Owner));
        var evidence = Build.Ok(EvidenceRecord.Submit(
            new EvidenceDraft(EvidenceKind.Link, "https://intranet.contoso.com/ai-policy", "Published AI policy v2", new DateOnly(2025, 3, 1), new DateOnly(2025, 3, 10)),
            instance, Actors.Owner, Zones.Utc, _clock));
        instance = Build.Ok(instance.AcceptEvidence(evidence));

        var row = StatementOfApplicability.Generate([instance], ControlScope.Organization).Rows[0];

        Assert.Equal("A.2.2", row.ControlId.Value);
        Assert.Equal("owner-1", row.OwnerUserId);
        Assert.Equal(ImplementationStatus.Implemented, row.Implementation);
        Assert.Equal(evidence.SubmittedAt, row.LastEvidenceAt);
        Assert.Equal(new DateOnly(2026, 3, 10), row.NextDue);
        Assert.Equal(SoaRowSource.Scope, row.Source);
    }

    [Fact]
    public void A_system_reuses_the_organisations_answer_for_organisation_layer_controls()
    {
        var policy = Build.Ok(Build.Owned(Build.Instance("A.2.2", _clock), Actors.Owner).SetImplementationStatus(ImplementationStatus.Implemented, Actors.Lead));

        var soa = StatementOfApplicability.Generate([policy], Chatbot);

        var row = soa.Rows.Single(r => r.ControlId.Value == "A.2.2");
        Assert.Equal(SoaRowSource.InheritedFromOrganization, row.Source);
        Assert.Equal("owner-1", row.OwnerUserId);
        Assert.Equal(ImplementationStatus.Implemented, row.Implementation);
        Assert.Equal(ControlLayer.Organization, row.Layer);
    }

    [Fact]
    public void A_system_answers_its_own_ai_system_layer_controls_and_ignores_other_systems()
    {
        var orgMonitoring = Build.Owned(Build.Instance("A.6.2.6", _clock), Actors.Lead);
        var chatbotMonitoring = Build.Ok(Build.Owned(Build.Instance("A.6.2.6", _clock, Chatbot), Actors.Owner).SetImplementationStatus(ImplementationStatus.Partial, Actors.Owner));
        var screenerMonitoring = Build.Ok(Build.Instance("A.6.2.6", _clock, Screener).SetImplementationStatus(ImplementationStatus.Implemented, Actors.Lead));

        var chatbot = StatementOfApplicability.Generate([orgMonitoring, chatbotMonitoring, screenerMonitoring], Chatbot);
        var screener = StatementOfApplicability.Generate([orgMonitoring, chatbotMonitoring, screenerMonitoring], Screener);
        var other = StatementOfApplicability.Generate([orgMonitoring, chatbotMonitoring, screenerMonitoring], ControlScope.ForSystem("other"));

        Assert.Equal(ImplementationStatus.Partial, Row(chatbot, "A.6.2.6").Implementation);
        Assert.Equal("owner-1", Row(chatbot, "A.6.2.6").OwnerUserId);
        Assert.Equal(SoaRowSource.Scope, Row(chatbot, "A.6.2.6").Source);
        Assert.Equal(ImplementationStatus.Implemented, Row(screener, "A.6.2.6").Implementation);
        Assert.Equal(SoaRowSource.Default, Row(other, "A.6.2.6").Source);
        Assert.Null(Row(other, "A.6.2.6").OwnerUserId);
    }

    [Fact]
    public void An_organisation_wide_exclusion_covers_every_system()
    {
        var orgExclusion = Build.Ok(Build.Instance("A.7.4", _clock).Exclude(Actors.Lead, NoTraining, _clock));
        var chatbotOwn = Build.Instance("A.7.4", _clock, Chatbot);

        var soa = StatementOfApplicability.Generate([orgExclusion, chatbotOwn], Chatbot);

        var row = Row(soa, "A.7.4");
        Assert.False(row.Included);
        Assert.Equal(NoTraining, row.Justification);
        Assert.Equal(SoaRowSource.InheritedFromOrganization, row.Source);
    }

    [Fact]
    public void A_system_can_exclude_one_of_its_own_controls_without_affecting_others()
    {
        var chatbotExclusion = Build.Ok(Build.Instance("A.7.4", _clock, Chatbot).Exclude(Actors.Lead, "The chatbot uses only the vendor's model as supplied.", _clock));

        Assert.False(Row(StatementOfApplicability.Generate([chatbotExclusion], Chatbot), "A.7.4").Included);
        Assert.True(Row(StatementOfApplicability.Generate([chatbotExclusion], Screener), "A.7.4").Included);
        Assert.True(Row(StatementOfApplicability.Generate([chatbotExclusion], ControlScope.Organization), "A.7.4").Included);
    }

    [Fact]
    public void Moving_an_organisation_control_to_the_system_layer_stops_systems_inheriting_it()
    {
        var computing = Build.Owned(Build.Instance("A.4.5", _clock), Actors.Lead);
        Assert.Equal(SoaRowSource.InheritedFromOrganization, Row(StatementOfApplicability.Generate([computing], Chatbot), "A.4.5").Source);

        var perSystem = Build.Ok(computing.ChangeLayer(ControlLayer.AiSystem, Actors.Lead));
        var row = Row(StatementOfApplicability.Generate([perSystem], Chatbot), "A.4.5");

        Assert.Equal(SoaRowSource.Default, row.Source);
        Assert.Equal(ControlLayer.AiSystem, row.Layer);
        Assert.Null(row.OwnerUserId);
    }

    [Fact]
    public void A_system_instance_of_an_organisation_layer_control_overrides_it_for_that_system_only()
    {
        var orgComputing = Build.Owned(Build.Instance("A.4.5", _clock), Actors.Lead);
        var dedicated = Build.Owned(Build.Instance("A.4.5", _clock, Chatbot), Actors.Owner);

        Assert.Equal("owner-1", Row(StatementOfApplicability.Generate([orgComputing, dedicated], Chatbot), "A.4.5").OwnerUserId);
        Assert.Equal("lead-1", Row(StatementOfApplicability.Generate([orgComputing, dedicated], Screener), "A.4.5").OwnerUserId);
    }

    [Fact]
    public void Every_scope_gets_each_of_the_38_controls_exactly_once()
    {
        var instances = new[]
        {
            Build.Instance("A.2.2", _clock),
            Build.Instance("A.6.2.6", _clock, Chatbot),
            Build.Instance("A.2.2", _clock, Chatbot),
            Build.Instance("A.7.4", _clock, Screener),
        };

        foreach (var scope in new[] { ControlScope.Organization, Chatbot, Screener })
        {
            var soa = StatementOfApplicability.Generate(instances, scope);
            Assert.Equal(38, soa.Rows.Count);
            Assert.Equal(38, soa.Rows.Select(r => r.ControlId).Distinct().Count());
            Assert.Equal(scope, soa.Scope);
        }
    }

    [Fact]
    public void Two_instances_of_one_control_in_one_scope_mean_a_corrupt_store()
    {
        var error = Assert.Throws<ArgumentException>(() => StatementOfApplicability.Generate(
            [Build.Instance("A.2.2", _clock), Build.Instance("A.2.2", _clock)], ControlScope.Organization));
        Assert.Contains("A.2.2", error.Message, StringComparison.Ordinal);
    }

    private static SoaRow Row(StatementOfApplicability soa, string id) => soa.Rows.Single(r => r.ControlId.Value == id);
}
