using AimsBot.Domain.Assessments;
using AimsBot.Domain.Ledger;
using AimsBot.Domain.Register;
using AimsBot.Domain.Tests.Support;

namespace AimsBot.Domain.Tests.Ledger;

/// <summary>The event catalogue: names and entity types are data existing ledgers hold; entity ids are built one way.</summary>
public class LedgerEventsTests
{
    /// <summary>Every event name and entity type as ledgers written before the catalogue existed hold them.</summary>
    public static TheoryData<string, string> StoredNames => new()
    {
        { "register.system.add", "AiSystem" },
        { "register.system.update", "AiSystem" },
        { "register.control.owner", "ControlInstance" },
        { "register.control.exclude", "ControlInstance" },
        { "register.control.update", "ControlInstance" },
        { "register.control.implementation", "ControlInstance" },
        { "register.control.period-not-applicable", "ControlInstance" },
        { "register.evidence.add", "Evidence" },
        { "register.import", "Import" },
        { "nudge.snooze", "ControlInstance" },
        { "nudge.reassign.request", "ControlInstance" },
        { "nudge.reassign.approve", "ControlInstance" },
        { "nudge.reassign.decline", "ControlInstance" },
        { "nudge.escalated", "ControlInstance" },
        { "nudge.scan", "NudgeScan" },
        { "export.delivered", "Export" },
        { "export.card.failed", "Export" },
        { "assessment.start", "ImpactAssessment" },
        { "assessment.save", "ImpactAssessment" },
        { "assessment.contributor.ask", "ImpactAssessment" },
        { "assessment.submit", "ImpactAssessment" },
        { "assessment.return", "ImpactAssessment" },
        { "assessment.approve", "ImpactAssessment" },
        { "assessment.reassess.required", "AiSystem" },
        { "register.system.stage.unassessed", "AiSystem" },
        { "risk.propose", "ProposedRisk" },
        { "risk.add", "Risk" },
        { "risk.edit", "Risk" },
        { "risk.rate", "Risk" },
        { "risk.plan.change", "Risk" },
        { "risk.submit", "Risk" },
        { "risk.approve", "Risk" },
        { "risk.reject", "Risk" },
        { "risk.changes.request", "Risk" },
        { "risk.reapproval.required", "Risk" },
        { "risk.action.done", "Risk" },
        { "risk.action.snooze", "Risk" },
        { "risk.close", "Risk" },
        { "risk.proposal.adopt", "ProposedRisk" },
        { "assessment.questionnaire.load", "Questionnaire" },
        { "nc.raise", "Nonconformity" },
        { "nc.triage", "Nonconformity" },
        { "nc.decline", "Nonconformity" },
        { "nc.correction", "Nonconformity" },
        { "nc.rootcause", "Nonconformity" },
        { "nc.actions", "Nonconformity" },
        { "nc.action.done", "Nonconformity" },
        { "nc.implemented", "Nonconformity" },
        { "nc.review", "Nonconformity" },
        { "nc.close", "Nonconformity" },
        { "nc.reopen", "Nonconformity" },
        { "ledger.viewed", "AuditTrail" },
        { "ledger.verified", "AuditTrail" },
        { "ledger.checkpoint", "AuditTrail" },
        { "audit.query", "AuditTrail" },
    };

    [Theory]
    [MemberData(nameof(StoredNames))]
    public void Every_event_stored_today_has_a_definition_with_the_same_name_and_entity_type(string name, string entityType)
    {
        var definition = Assert.Single(LedgerEvents.All, d => d.Name == name);
        Assert.Equal(entityType, definition.EntityType);
    }

    [Fact]
    public void The_catalogue_holds_each_name_once_and_nothing_beyond_the_stored_names()
    {
        Assert.Equal(LedgerEvents.All.Count, LedgerEvents.All.Select(d => d.Name).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(StoredNames.Count, LedgerEvents.All.Count);
    }

    [Fact]
    public void A_control_instance_is_recorded_under_its_scope_and_control()
    {
        var organisation = LedgerEvents.OwnerAssigned.About(new ControlInstanceRef(ControlScope.Organization, Build.Id("a6.2.6")), null, "{}");
        var system = LedgerEvents.Snoozed.About(new ControlInstanceRef(ControlScope.ForSystem("credit-scorer"), Build.Id("A.2.2")), "{\"n\":1}", "{\"n\":2}");

        Assert.Equal("org/A.6.2.6", organisation.EntityId);
        Assert.Equal(("register.control.owner", "ControlInstance"), (organisation.Action, organisation.EntityType));
        Assert.Equal("credit-scorer/A.2.2", system.EntityId);
        Assert.Equal(("nudge.snooze", "ControlInstance", "{\"n\":1}", "{\"n\":2}"), (system.Action, system.EntityType, system.Before, system.After));
    }

    [Fact]
    public void An_impact_assessment_is_recorded_under_its_system_and_version_and_a_proposed_risk_under_its_item()
    {
        var saved = LedgerEvents.AssessmentSaved.About(new ImpactAssessmentRef("credit-scorer", 2), "{}", "{}");
        var proposed = LedgerEvents.RiskProposed.About(new ProposedRiskRef("credit-scorer", 2, 3), null, "{}");

        Assert.Equal(("assessment.save", "ImpactAssessment", "credit-scorer/v2"), (saved.Action, saved.EntityType, saved.EntityId));
        Assert.Equal(("risk.propose", "ProposedRisk", "credit-scorer/v2/3"), (proposed.Action, proposed.EntityType, proposed.EntityId));
    }

    [Fact]
    public void An_ai_system_is_recorded_under_its_id()
    {
        var clock = Build.Clock("2025-03-10T09:00:00Z");
        var details = new AiSystemDetails("Credit Scorer", "Scores credit applications.", "Advisory scores for loan officers.", [OrganizationRole.Developer], LifecycleStage.Operation, "owner-1", RiskTier.High);
        var system = Build.Ok(AiSystem.Create(details, Actors.Lead, clock));

        var added = LedgerEvents.SystemAdded.About(system, null, "{}");

        Assert.Equal("credit-scorer", added.EntityId);
        Assert.Equal("credit-scorer", LedgerEntityKinds.AiSystem.IdOf(system));
        Assert.Equal(("register.system.add", "AiSystem"), (added.Action, added.EntityType));
    }

    [Fact]
    public void The_audit_trail_records_views_under_ledger_and_auditor_queries_under_their_own_id()
    {
        Assert.Equal("ledger", LedgerEvents.LedgerViewed.With(null, "{}").EntityId);
        Assert.Equal("ledger", LedgerEvents.LedgerVerified.With(null, "{}").EntityId);
        Assert.Equal("ledger", LedgerEvents.LedgerCheckpointed.With(null, "{}").EntityId);
        Assert.Equal("auditor-queries", LedgerEvents.AuditorQuery.With(null, "{}").EntityId);
    }

    [Fact]
    public void Events_by_key_are_recorded_under_the_key_given()
    {
        Assert.Equal(("Evidence", "0193f0c1a2b34c5d8e9f0a1b2c3d4e5f"), Pair(LedgerEvents.EvidenceAdded.About("0193f0c1a2b34c5d8e9f0a1b2c3d4e5f", null, "{}")));
        Assert.Equal(("Import", "0193f0c1a2b34c5d8e9f0a1b2c3d4e60"), Pair(LedgerEvents.RegisterImported.About("0193f0c1a2b34c5d8e9f0a1b2c3d4e60", null, "{}")));
        Assert.Equal(("Export", "soa"), Pair(LedgerEvents.ExportDelivered.About("soa", null, "{}")));
        Assert.Equal(("NudgeScan", "tenant-1"), Pair(LedgerEvents.DueScanned.About("tenant-1", null, "{}")));
    }

    [Fact]
    public void A_risk_is_recorded_under_its_printed_id_and_an_adopted_proposal_under_its_proposal_key()
    {
        Assert.Equal(("Risk", "R-12"), Pair(LedgerEvents.RiskAdded.About(new AimsBot.Domain.Risks.RiskId(12), null, "{}")));
        Assert.Equal(("ProposedRisk", "credit-scorer/v2/3"), Pair(LedgerEvents.RiskProposalAdopted.About(new ProposedRiskRef("credit-scorer", 2, 3), "{}", "{}")));
    }

    private static (string, string) Pair(LedgerRecord record) => (record.EntityType, record.EntityId);
}
