using AimsBot.Domain.Access;
using AimsBot.Domain.Tests.Support;

namespace AimsBot.Domain.Tests.Access;

public class PermissionsTests
{
    public static TheoryData<DomainAction> MutatingActions => new(Enum.GetValues<DomainAction>().Where(a => a.IsMutating()));

    [Theory]
    [MemberData(nameof(MutatingActions))]
    public void An_actor_whose_only_role_is_auditor_never_writes(DomainAction action)
    {
        var auditorWhoOwnsAndProposedIt = new ResourceContext(OwnerUserId: "auditor-1", InitiatedByUserId: "someone-else");

        var decision = Permissions.Can(Actors.Auditor, action, auditorWhoOwnsAndProposedIt);

        Assert.False(decision.IsAllowed);
        Assert.Contains("read-only", decision.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(MutatingActions))]
    public void An_auditor_who_also_approves_risks_or_administers_the_bot_never_writes_even_on_a_control_they_own(DomainAction action)
    {
        var theirOwn = new ResourceContext(OwnerUserId: "auditor-2", InitiatedByUserId: "someone-else", SystemOwnerUserId: "auditor-2");
        foreach (var auditor in new[] { Actor.Create("auditor-2", Role.Auditor, Role.RiskApprover), Actor.Create("auditor-2", Role.Auditor, Role.Admin) })
        {
            var decision = Permissions.Can(auditor, action, theirOwn);

            Assert.False(decision.IsAllowed, $"{string.Join('+', auditor.Roles)} may {action}");
            Assert.Contains("read-only", decision.Reason, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Attempting_is_decided_for_the_best_case_an_owner_may_attempt_owner_actions_and_roles_still_count()
    {
        // The router's check: anyone may try to act on a reminder or add evidence (they may own the control) ...
        Assert.True(Permissions.CanAttempt(Actors.Owner, DomainAction.RespondToReminder).IsAllowed);
        Assert.True(Permissions.CanAttempt(Actors.Owner, DomainAction.SubmitEvidence).IsAllowed);
        Assert.True(Permissions.CanAttempt(Actors.Owner, DomainAction.ViewEvidence).IsAllowed);
        // ... but not what needs a role, and an auditor changes nothing even on their own control.
        Assert.Equal("Only a compliance lead can set up the register (AI systems, controls, owners, cadences).", Permissions.CanAttempt(Actors.Owner, DomainAction.ManageRegister).Reason);
        Assert.Contains("read-only", Permissions.CanAttempt(Actors.Auditor, DomainAction.RespondToReminder).Reason, StringComparison.Ordinal);
        // Separation of duties is about the resource, so attempting is allowed and the resource decides.
        Assert.True(Permissions.CanAttempt(Actors.Approver, DomainAction.ApproveRiskTreatment).IsAllowed);
        Assert.False(Permissions.CanAttempt(Actor.Create(" "), DomainAction.ViewRegister).IsAllowed);
    }

    [Fact]
    public void Reminders_on_demand_are_for_compliance_leads_sealing_the_trail_also_for_admins_and_reassignments_for_leads()
    {
        Assert.True(Permissions.Can(Actors.Lead, DomainAction.SendReminders).IsAllowed);
        Assert.Equal("Only a compliance lead can send reminders outside the scheduled scan.", Permissions.Can(Actors.Admin, DomainAction.SendReminders).Reason);

        Assert.True(Permissions.Can(Actors.Lead, DomainAction.SealAuditTrail).IsAllowed);
        Assert.True(Permissions.Can(Actors.Admin, DomainAction.SealAuditTrail).IsAllowed);
        // Sealing adds no decision: an administrator who is also an auditor may still do it.
        Assert.True(Permissions.Can(Actor.Create("admin-2", Role.Admin, Role.Auditor), DomainAction.SealAuditTrail).IsAllowed);
        Assert.Equal("Only compliance leads and admins can seal the audit trail with a checkpoint.", Permissions.Can(Actors.Auditor, DomainAction.SealAuditTrail).Reason);

        Assert.True(Permissions.Can(Actors.Lead, DomainAction.DecideReassignment).IsAllowed);
        Assert.Equal("Only a compliance lead can decide who owns a control.", Permissions.Can(Actors.Owner, DomainAction.DecideReassignment).Reason);
    }

    [Fact]
    public void Only_the_owner_acts_on_a_reminder_and_an_owner_who_is_an_auditor_does_not()
    {
        var owned = ResourceContext.OwnedBy("owner-1");
        Assert.True(Permissions.Can(Actors.Owner, DomainAction.RespondToReminder, owned).IsAllowed);
        Assert.False(Permissions.Can(Actors.Lead, DomainAction.RespondToReminder, owned).IsAllowed);
        Assert.False(Permissions.Can(Actor.Create("owner-1", Role.Auditor), DomainAction.RespondToReminder, owned).IsAllowed);
        Assert.True(DomainAction.RespondToReminder.IsMutating());
    }

    [Theory]
    [InlineData(DomainAction.ViewRegister)]
    [InlineData(DomainAction.ExportRecords)]
    [InlineData(DomainAction.ReadAuditTrail)]
    public void Auditors_read_export_and_check_the_audit_trail(DomainAction action) =>
        Assert.True(Permissions.Can(Actors.Auditor, action).IsAllowed);

    [Fact]
    public void Exports_and_the_audit_trail_are_not_for_everyone()
    {
        Assert.False(Permissions.Can(Actors.Owner, DomainAction.ExportRecords).IsAllowed);
        Assert.False(Permissions.Can(Actors.Approver, DomainAction.ReadAuditTrail).IsAllowed);
        Assert.True(Permissions.Can(Actors.Admin, DomainAction.ReadAuditTrail).IsAllowed);
        Assert.True(Permissions.Can(Actors.Lead, DomainAction.ExportRecords).IsAllowed);
        Assert.True(Permissions.Can(Actors.Owner, DomainAction.ViewRegister).IsAllowed);
    }

    [Fact]
    public void Evidence_is_read_by_the_audit_roles_the_control_owner_and_the_system_owner_only()
    {
        var instance = ResourceContext.ControlInstance(ownerUserId: "control-owner", systemOwnerUserId: "system-owner");
        foreach (var reader in new[] { Actors.Lead, Actors.Auditor, Actors.Admin, Actor.Create("control-owner"), Actor.Create("SYSTEM-OWNER") })
        {
            Assert.True(Permissions.Can(reader, DomainAction.ViewEvidence, instance).IsAllowed, reader.UserId);
        }

        var stranger = Permissions.Can(Actor.Create("someone-else"), DomainAction.ViewEvidence, instance);
        Assert.False(stranger.IsAllowed);
        Assert.Contains("control's owner", stranger.Reason, StringComparison.Ordinal);
        Assert.False(Permissions.Can(Actors.Approver, DomainAction.ViewEvidence, ResourceContext.ControlInstance("control-owner", null)).IsAllowed);
        Assert.False(DomainAction.ViewEvidence.IsMutating());
    }

    [Fact]
    public void Nonconformities_are_listed_for_leads_auditors_approvers_and_admins()
    {
        foreach (var reader in new[] { Actors.Lead, Actors.Auditor, Actors.Approver, Actors.Admin })
        {
            Assert.True(Permissions.Can(reader, DomainAction.ViewNonconformities).IsAllowed);
        }

        Assert.False(Permissions.Can(Actors.Owner, DomainAction.ViewNonconformities).IsAllowed);
        Assert.False(DomainAction.ViewNonconformities.IsMutating());
    }

    [Fact]
    public void One_nonconformity_is_read_by_the_list_readers_and_its_own_people_only()
    {
        var nc = new ResourceContext(OwnerUserId: "nc-owner", InitiatedByUserId: "nc-raiser", ContributorUserIds: ["action-owner"]);
        foreach (var reader in new[] { Actors.Lead, Actors.Auditor, Actors.Approver, Actors.Admin, Actor.Create("nc-owner"), Actor.Create("nc-raiser"), Actor.Create("action-owner") })
        {
            Assert.True(Permissions.Can(reader, DomainAction.ViewNonconformity, nc).IsAllowed, reader.UserId);
        }

        var stranger = Permissions.Can(Actors.Owner, DomainAction.ViewNonconformity, nc);
        Assert.False(stranger.IsAllowed);
        Assert.Contains("its owner, the person who raised it", stranger.Reason, StringComparison.Ordinal);
        // The router lets anyone ask (they might be its owner); the stored nonconformity decides.
        Assert.True(Permissions.CanAttempt(Actors.Owner, DomainAction.ViewNonconformity).IsAllowed);
        Assert.False(DomainAction.ViewNonconformity.IsMutating());
    }

    [Fact]
    public void An_auditor_who_is_also_a_compliance_lead_acts_as_a_compliance_lead()
    {
        var both = Actor.Create("dual-1", Role.Auditor, Role.ComplianceLead);
        Assert.True(Permissions.Can(both, DomainAction.ManageRegister).IsAllowed);
        Assert.False(both.IsReadOnlyAuditor);
    }

    [Fact]
    public void Only_compliance_leads_may_run_an_import_in_chat()
    {
        Assert.True(Permissions.Can(Actors.Lead, DomainAction.ImportRegister).IsAllowed);
        var admin = Permissions.Can(Actors.Admin, DomainAction.ImportRegister);
        Assert.False(admin.IsAllowed);
        Assert.Contains("sub-command", admin.Reason, StringComparison.Ordinal);
        Assert.False(Permissions.Can(Actors.Owner, DomainAction.ImportRegister).IsAllowed);
        Assert.False(Permissions.Can(Actors.Approver, DomainAction.ImportRegister).IsAllowed);
        Assert.False(Permissions.Can(Actors.Auditor, DomainAction.ImportRegister).IsAllowed);
    }

    [Fact]
    public void Only_compliance_leads_set_up_the_register_and_decide_applicability()
    {
        foreach (var action in new[] { DomainAction.ManageRegister, DomainAction.DecideApplicability })
        {
            Assert.True(Permissions.Can(Actors.Lead, action).IsAllowed);
            foreach (var other in new[] { Actors.Owner, Actors.Approver, Actors.Admin })
            {
                var decision = Permissions.Can(other, action, ResourceContext.OwnedBy(other.UserId));
                Assert.False(decision.IsAllowed);
                Assert.Contains("compliance lead", decision.Reason, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void A_control_owner_submits_evidence_for_their_own_controls_only()
    {
        Assert.True(Permissions.Can(Actors.Owner, DomainAction.SubmitEvidence, ResourceContext.OwnedBy("owner-1")).IsAllowed);
        Assert.True(Permissions.Can(Actors.Owner, DomainAction.SubmitEvidence, ResourceContext.OwnedBy("OWNER-1")).IsAllowed);
        Assert.False(Permissions.Can(Actors.Owner, DomainAction.SubmitEvidence, ResourceContext.OwnedBy("owner-2")).IsAllowed);
        Assert.False(Permissions.Can(Actors.Owner, DomainAction.SubmitEvidence, ResourceContext.OwnedBy(null)).IsAllowed);
        Assert.True(Permissions.Can(Actors.Lead, DomainAction.SubmitEvidence, ResourceContext.OwnedBy("owner-2")).IsAllowed);
    }

    [Fact]
    public void Whoever_proposes_a_risk_treatment_cannot_approve_it()
    {
        var proposedByApprover = ResourceContext.InitiatedBy("approver-1");

        var own = Permissions.Can(Actors.Approver, DomainAction.ApproveRiskTreatment, proposedByApprover);

        Assert.False(own.IsAllowed);
        Assert.Contains("separation of duties", own.Reason, StringComparison.Ordinal);
        Assert.True(Permissions.Can(Actors.OtherApprover, DomainAction.ApproveRiskTreatment, proposedByApprover).IsAllowed);
    }

    [Fact]
    public void Changing_the_case_of_a_user_id_does_not_get_round_separation_of_duties()
    {
        var shouty = Actor.Create("APPROVER-1", Role.RiskApprover);
        Assert.False(Permissions.Can(shouty, DomainAction.ApproveRiskTreatment, ResourceContext.InitiatedBy(" approver-1 ")).IsAllowed);
    }

    [Fact]
    public void Only_risk_approvers_approve_risk_treatments()
    {
        var context = ResourceContext.InitiatedBy("owner-1");
        Assert.False(Permissions.Can(Actors.Lead, DomainAction.ApproveRiskTreatment, context).IsAllowed);
        Assert.False(Permissions.Can(Actors.Admin, DomainAction.ApproveRiskTreatment, context).IsAllowed);
        Assert.True(Permissions.Can(Actors.Approver, DomainAction.ApproveRiskTreatment, context).IsAllowed);
    }

    [Fact]
    public void Risk_treatments_are_proposed_by_the_risk_owner_the_system_owner_or_a_lead()
    {
        Assert.True(Permissions.Can(Actors.Owner, DomainAction.ManageRisks, ResourceContext.OwnedBy("owner-1")).IsAllowed);
        Assert.True(Permissions.Can(Actors.Owner, DomainAction.ManageRisks, new ResourceContext(OwnerUserId: "risk-owner-9", SystemOwnerUserId: "owner-1")).IsAllowed);
        Assert.True(Permissions.Can(Actors.Lead, DomainAction.ManageRisks).IsAllowed);
        Assert.False(Permissions.Can(Actors.Stranger, DomainAction.ManageRisks, ResourceContext.OwnedBy("owner-1")).IsAllowed);
        Assert.False(Permissions.Can(Actors.Approver, DomainAction.ManageRisks, ResourceContext.OwnedBy("owner-1")).IsAllowed);
    }

    [Fact]
    public void Anyone_raises_a_nonconformity_a_lead_triages_it_and_an_action_owner_never_reviews_it()
    {
        Assert.True(Permissions.Can(Actors.Owner, DomainAction.RaiseNonconformity).IsAllowed);
        Assert.True(Permissions.Can(Actors.Stranger, DomainAction.RaiseNonconformity).IsAllowed);
        Assert.False(Permissions.Can(Actors.Auditor, DomainAction.RaiseNonconformity).IsAllowed);

        Assert.True(Permissions.Can(Actors.Lead, DomainAction.TriageNonconformity).IsAllowed);
        Assert.Contains("Only a compliance lead can triage", Permissions.Can(Actors.Owner, DomainAction.TriageNonconformity).Reason, StringComparison.Ordinal);

        var ownedByOwner = new ResourceContext(OwnerUserId: "owner-1", ContributorUserIds: ["action-owner-1"]);
        Assert.True(Permissions.Can(Actors.Owner, DomainAction.WorkOnNonconformity, ownedByOwner).IsAllowed);
        Assert.True(Permissions.Can(Actors.Lead, DomainAction.WorkOnNonconformity, ownedByOwner).IsAllowed);
        Assert.False(Permissions.Can(Actors.Stranger, DomainAction.WorkOnNonconformity, ownedByOwner).IsAllowed);

        Assert.True(Permissions.Can(Actors.Owner, DomainAction.ReviewNonconformityEffectiveness, ownedByOwner).IsAllowed);
        var actionOwner = Permissions.Can(Actors.Lead, DomainAction.ReviewNonconformityEffectiveness, ownedByOwner with { ContributorUserIds = ["lead-1"] });
        Assert.False(actionOwner.IsAllowed);
        Assert.Contains("You owned one of the corrective actions", actionOwner.Reason, StringComparison.Ordinal);
        Assert.False(Permissions.Can(Actors.Stranger, DomainAction.ReviewNonconformityEffectiveness, ownedByOwner).IsAllowed);
    }

    [Fact]
    public void An_actor_without_a_user_id_can_do_nothing()
    {
        var nobody = Actor.Create(" ", Role.ComplianceLead);
        foreach (var action in Enum.GetValues<DomainAction>())
        {
            Assert.False(Permissions.Can(nobody, action).IsAllowed);
        }
    }

    [Fact]
    public void Refusals_become_domain_errors_with_the_reason()
    {
        var error = Permissions.Can(Actors.Owner, DomainAction.ManageRegister).ToError();
        Assert.NotNull(error);
        Assert.Equal("access.refused", error.Code);
        Assert.StartsWith("Only a compliance lead", error.Message, StringComparison.Ordinal);
        Assert.Null(Permissions.Can(Actors.Lead, DomainAction.ManageRegister).ToError());
    }
}
