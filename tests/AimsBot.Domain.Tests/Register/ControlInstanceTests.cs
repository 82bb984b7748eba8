using AimsBot.Domain.Access;
using AimsBot.Domain.Catalogue;
using AimsBot.Domain.Register;
using AimsBot.Domain.Scheduling;
using AimsBot.Domain.Tests.Support;

namespace AimsBot.Domain.Tests.Register;

public class ControlInstanceTests
{
    private const string Reason = "We train no models: every model is bought in and used as supplied.";
    private readonly Microsoft.Extensions.Time.Testing.FakeTimeProvider _clock = Build.Clock("2025-03-10T09:00:00Z");

    [Fact]
    public void A_new_instance_is_applicable_not_started_and_unowned_with_the_catalogue_layer()
    {
        var instance = Build.Instance("A.2.2", _clock);

        Assert.Equal(ApplicabilityStatus.Applicable, instance.Applicability.Status);
        Assert.Null(instance.Applicability.DecidedBy);
        Assert.Equal(ImplementationStatus.NotStarted, instance.Implementation);
        Assert.Null(instance.OwnerUserId);
        Assert.Equal(ControlLayer.Organization, instance.Layer);
        Assert.Equal(ControlLayer.AiSystem, Build.Instance("A.7.4", _clock).Layer);
        Assert.Equal("AI policy", instance.Control.Title);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("    ")]
    public void An_exclusion_without_justification_is_refused(string? justification)
    {
        var instance = Build.Instance("A.7.4", _clock);

        var error = Build.Fails(instance.Exclude(Actors.Lead, justification, _clock), "applicability.justification.required");

        Assert.Equal("Excluding A.7.4 needs a justification: say why it does not apply.", error.Message);
        Assert.False(instance.Applicability.IsExcluded);
    }

    [Fact]
    public void Domain_messages_name_no_chat_command_the_adapter_adds_what_to_type()
    {
        var instance = Build.Instance("A.7.4", _clock);

        var error = Build.Fails(instance.Exclude(Actors.Lead, "", _clock), "applicability.justification.required");

        // The import reports this in its justification column, where "soa exclude …" would be the wrong advice.
        Assert.DoesNotContain("soa exclude", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("**", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("`", Permissions.Can(Actors.Admin, DomainAction.ImportRegister).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void The_default_instance_is_what_the_soa_shows_for_a_missing_one()
    {
        var system = ControlScope.ForSystem("credit-scorer");

        var organization = ControlInstance.Default(ControlScope.Organization, Build.Id("A.2.2"), _clock, Zones.Auckland, EvidenceCadence.Yearly);
        var own = ControlInstance.Default(system, Build.Id("A.2.2"), _clock, Zones.Auckland, null);

        Assert.Equal(ControlLayer.Organization, organization.Layer);
        Assert.Equal(ControlLayer.AiSystem, own.Layer);
        Assert.False(organization.Applicability.IsExcluded);
        Assert.Null(organization.Applicability.DecidedBy);
        Assert.Equal(ImplementationStatus.NotStarted, organization.Implementation);
        Assert.Null(organization.OwnerUserId);
        Assert.Equal(EvidenceCadence.Yearly, organization.Cadence);
        Assert.Equal(Zones.Auckland, organization.DueZone);
        Assert.Equal(_clock.GetUtcNow(), organization.ScheduleStartedAt);
        Assert.Equal(new DateOnly(2025, 4, 9), organization.NextDue); // the first-due rule: 30 days, not a year
        Assert.Null(own.NextDue);
    }

    [Fact]
    public void Making_the_default_instance_decides_nothing_each_change_to_it_checks_who_asks()
    {
        var instance = ControlInstance.Default(ControlScope.Organization, Build.Id("A.2.2"), _clock, Zones.Utc, EvidenceCadence.Quarterly);

        var owner = Build.Fails(instance.AssignOwner(Actors.Owner.UserId, Zones.Utc, Actors.Owner), "access.refused");
        Assert.Equal("Only a compliance lead can set up the register (AI systems, controls, owners, cadences).", owner.Message);
        var exclusion = Build.Fails(instance.Exclude(Actors.Owner, Reason, _clock), "access.refused");
        Assert.Equal("Only a compliance lead can include or exclude a control in the Statement of Applicability.", exclusion.Message);
        var evidence = Build.Fails(
            EvidenceRecord.Submit(new EvidenceDraft(EvidenceKind.Note, null, "Policy reviewed", new DateOnly(2025, 3, 1), new DateOnly(2025, 3, 9)), instance, Actors.Stranger, Zones.Utc, _clock),
            "access.refused");
        Assert.Equal("Only the control's owner or a compliance lead can add evidence to it.", evidence.Message);
        var auditor = Build.Fails(instance.AssignOwner(Actors.Owner.UserId, Zones.Utc, Actors.Auditor), "access.refused");
        Assert.StartsWith("Auditors have read-only access", auditor.Message, StringComparison.Ordinal);

        Assert.Equal(Actors.Owner.UserId, Build.Ok(instance.AssignOwner(Actors.Owner.UserId, Zones.Utc, Actors.Lead)).OwnerUserId);
    }

    [Fact]
    public void A_justification_needs_between_10_and_1000_characters()
    {
        var instance = Build.Instance("A.7.4", _clock);

        Assert.Contains("at least 10 characters (it has 9)", Build.Fails(instance.Exclude(Actors.Lead, "not ours.", _clock), "applicability.justification.too-short").Message, StringComparison.Ordinal);
        Build.Fails(instance.Exclude(Actors.Lead, new string('j', 1001), _clock), "applicability.justification.too-long");
        Assert.True(Build.Ok(instance.Exclude(Actors.Lead, "No models.", _clock)).Applicability.IsExcluded);
        Assert.True(Build.Ok(instance.Exclude(Actors.Lead, new string('j', 1000), _clock)).Applicability.IsExcluded);
    }

    public static TheoryData<string> NotComplianceLeads => new() { "owner", "approver", "admin", "auditor" };

    [Theory]
    [MemberData(nameof(NotComplianceLeads))]
    public void An_exclusion_by_anyone_but_a_compliance_lead_is_refused_even_with_a_justification(string who)
    {
        var actor = who switch
        {
            "owner" => Actors.Owner,
            "approver" => Actors.Approver,
            "admin" => Actors.Admin,
            _ => Actors.Auditor,
        };
        var instance = Build.Owned(Build.Instance("A.7.4", _clock), Actors.Owner);

        var error = Build.Fails(instance.Exclude(actor, Reason, _clock), "access.refused");

        Assert.Contains(who == "auditor" ? "read-only" : "Only a compliance lead", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_compliance_lead_with_a_justification_excludes_and_the_decision_is_recorded()
    {
        var instance = Build.Instance("A.7.4", _clock, cadence: EvidenceCadence.Quarterly);
        _clock.Advance(TimeSpan.FromHours(2));

        var excluded = Build.Ok(instance.Exclude(Actors.Lead, "  " + Reason + "  ", _clock));

        Assert.Equal(ApplicabilityStatus.Excluded, excluded.Applicability.Status);
        Assert.Equal(Reason, excluded.Applicability.Justification);
        Assert.Equal("lead-1", excluded.Applicability.DecidedBy);
        Assert.Equal(DateTimeOffset.Parse("2025-03-10T11:00:00Z", System.Globalization.CultureInfo.InvariantCulture), excluded.Applicability.DecidedAt);
        Assert.Null(excluded.NextDue);
        Assert.Equal(DueState.NotScheduled, excluded.DueStatus(_clock).State);
    }

    [Fact]
    public void Including_again_restarts_the_schedule_from_that_day()
    {
        var instance = Build.Instance("A.7.4", _clock, cadence: EvidenceCadence.Monthly);
        var excluded = Build.Ok(instance.Exclude(Actors.Lead, Reason, _clock));
        _clock.Advance(TimeSpan.FromDays(100)); // 2025-06-18

        var included = Build.Ok(excluded.Include(Actors.Lead, _clock, "We now fine-tune a model."));

        Assert.False(included.Applicability.IsExcluded);
        Assert.Equal("We now fine-tune a model.", included.Applicability.Justification);
        Assert.Equal(new DateOnly(2025, 7, 18), included.NextDue);
        Build.Fails(excluded.Include(Actors.Owner, _clock), "access.refused");
    }

    [Fact]
    public void An_excluded_control_takes_no_implementation_status_or_evidence()
    {
        var excluded = Build.Ok(Build.Instance("A.7.4", _clock).Exclude(Actors.Lead, Reason, _clock));

        Assert.Contains("Include it again first", Build.Fails(excluded.SetImplementationStatus(ImplementationStatus.Implemented, Actors.Lead), "control.excluded").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_system_instance_always_sits_at_the_ai_system_layer()
    {
        var scope = ControlScope.ForSystem("chatbot");

        Assert.Equal(ControlLayer.AiSystem, Build.Instance("A.2.2", _clock, scope).Layer);
        var error = Build.Fails(
            ControlInstance.Create(scope, Build.Id("A.6.2.6"), Actors.Lead, _clock, Zones.Utc, layer: ControlLayer.Organization),
            "control.layer.system-scope");
        Assert.Contains("organisation layer", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_organisation_can_move_a_control_between_layers_at_run_time()
    {
        var instance = Build.Instance("A.4.5", _clock);

        var moved = Build.Ok(instance.ChangeLayer(ControlLayer.AiSystem, Actors.Lead));

        Assert.Equal(ControlLayer.AiSystem, moved.Layer);
        Assert.Equal(ControlLayer.Organization, instance.Layer);
        Build.Fails(instance.ChangeLayer(ControlLayer.AiSystem, Actors.Owner), "access.refused");
        Build.Fails(Build.Instance("A.4.5", _clock, ControlScope.ForSystem("chatbot")).ChangeLayer(ControlLayer.Organization, Actors.Lead), "control.layer.system-scope");
    }

    [Fact]
    public void Only_compliance_leads_register_controls()
    {
        Build.Fails(ControlInstance.Create(ControlScope.Organization, Build.Id("A.2.2"), Actors.Owner, _clock, Zones.Utc), "access.refused");
        Build.Fails(ControlInstance.Create(ControlScope.Organization, Build.Id("A.2.2"), Actors.Auditor, _clock, Zones.Utc), "access.refused");
    }

    [Fact]
    public void The_owner_records_implementation_progress_but_another_person_cannot()
    {
        var instance = Build.Owned(Build.Instance("A.6.2.6", _clock), Actors.Owner);

        Assert.Equal(ImplementationStatus.Partial, Build.Ok(instance.SetImplementationStatus(ImplementationStatus.Partial, Actors.Owner)).Implementation);
        Assert.Equal(ImplementationStatus.Implemented, Build.Ok(instance.SetImplementationStatus(ImplementationStatus.Implemented, Actors.Lead)).Implementation);
        Build.Fails(instance.SetImplementationStatus(ImplementationStatus.Implemented, Actors.Stranger), "access.refused");
        Build.Fails(instance.SetImplementationStatus((ImplementationStatus)9, Actors.Owner), "control.implementation.invalid");
    }

    [Fact]
    public void An_owner_is_required_when_assigning_and_brings_their_time_zone()
    {
        var instance = Build.Instance("A.6.2.6", _clock);

        Build.Fails(instance.AssignOwner("  ", Zones.Auckland, Actors.Lead), "control.owner.required");
        Build.Fails(instance.AssignOwner("owner-1", Zones.Auckland, Actors.Owner), "access.refused");
        var owned = Build.Ok(instance.AssignOwner(" owner-1 ", Zones.Auckland, Actors.Lead));
        Assert.Equal("owner-1", owned.OwnerUserId);
        Assert.Same(Zones.Auckland, owned.DueZone);
    }

    [Fact]
    public void Accepted_evidence_moves_the_last_evidence_date_forward_never_back()
    {
        var instance = Build.Owned(Build.Instance("A.6.2.6", _clock, cadence: EvidenceCadence.Monthly), Actors.Owner);
        var draft = new EvidenceDraft(EvidenceKind.Note, null, "Reviewed the monitoring dashboard.", new DateOnly(2025, 3, 1), new DateOnly(2025, 3, 9));
        var early = Build.Ok(EvidenceRecord.Submit(draft, instance, Actors.Owner, Zones.Utc, _clock));
        _clock.Advance(TimeSpan.FromDays(20));
        var late = Build.Ok(EvidenceRecord.Submit(draft, instance, Actors.Owner, Zones.Utc, _clock));

        var afterLate = Build.Ok(instance.AcceptEvidence(late));
        var afterBoth = Build.Ok(afterLate.AcceptEvidence(early));

        Assert.Equal(late.SubmittedAt, afterBoth.LastEvidenceAt);
        Assert.Equal(new DateOnly(2025, 4, 30), afterBoth.NextDue);
    }

    [Fact]
    public void Evidence_for_another_control_is_refused()
    {
        var a = Build.Owned(Build.Instance("A.6.2.6", _clock), Actors.Owner);
        var b = Build.Instance("A.6.2.7", _clock);
        var evidence = Build.Ok(EvidenceRecord.Submit(
            new EvidenceDraft(EvidenceKind.Note, null, "Dashboard reviewed.", new DateOnly(2025, 3, 1), new DateOnly(2025, 3, 9)), a, Actors.Owner, Zones.Utc, _clock));

        Build.Fails(b.AcceptEvidence(evidence), "evidence.wrong-control");
    }

    [Fact]
    public void Stored_state_round_trips_including_the_due_date()
    {
        var instance = Build.Owned(Build.Instance("A.6.2.6", _clock, ControlScope.ForSystem("chatbot"), EvidenceCadence.FromCron("0 9 1 * *").Value), Actors.Owner, Zones.Auckland);
        var excludedOrg = Build.Ok(Build.Instance("A.7.4", _clock).Exclude(Actors.Lead, Reason, _clock));

        var restored = Build.Ok(ControlInstance.Restore(instance.ToState()));
        var restoredExcluded = Build.Ok(ControlInstance.Restore(excludedOrg.ToState()));

        Assert.Equal(instance.ToState(), restored.ToState());
        Assert.Equal(instance.NextDue, restored.NextDue);
        Assert.Equal(Reason, restoredExcluded.Applicability.Justification);
        Assert.Equal("chatbot", instance.ToState().ScopeKey);
        Assert.Equal("cron 0 9 1 * *", instance.ToState().Cadence);
    }

    [Fact]
    public void Corrupt_stored_state_is_refused_not_trusted()
    {
        var state = Build.Instance("A.6.2.6", _clock).ToState();

        Build.Fails(ControlInstance.Restore(state with { ControlId = "A.6.2.9" }), "state.control");
        Build.Fails(ControlInstance.Restore(state with { ControlId = "a6.2.6" }), "state.control");
        Build.Fails(ControlInstance.Restore(state with { ScopeKey = "Bad Scope" }), "state.scope");
        Build.Fails(ControlInstance.Restore(state with { DueTimeZoneId = "Mars/Olympus" }), "state.zone");
        Build.Fails(ControlInstance.Restore(state with { Applicability = ApplicabilityStatus.Excluded, Justification = null }), "state.justification");
        Build.Fails(ControlInstance.Restore(state with { Cadence = "fortnightly" }), "cadence.invalid");
    }

    [Fact]
    public void Scopes_are_keyed_org_or_system_id()
    {
        Assert.Equal("org", ControlScope.Organization.Key);
        Assert.Equal(ControlScope.ForSystem("chatbot"), ControlScope.FromKey("chatbot"));
        Assert.Same(ControlScope.Organization, ControlScope.FromKey("org"));
        Assert.Throws<ArgumentException>(() => ControlScope.ForSystem("org"));
    }
}
