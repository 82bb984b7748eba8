namespace AimsBot.Domain.Access;

/// <summary>
/// Who may do what, including separation of duties. The rules, in order:
/// <list type="number">
/// <item>An actor needs a user id.</item>
/// <item>Reading the register is open to everyone in the tenant; exports and the audit trail need
/// ComplianceLead, Auditor or Admin.</item>
/// <item>Evidence is read by compliance leads, auditors and admins (every control instance), the control
/// instance's owner (their own), and an AI system's owner (the instances that answer for their system);
/// nonconformities by compliance leads, auditors, risk approvers and admins.</item>
/// <item>An auditor (unless also a compliance lead) never changes anything (audit impartiality) — even a
/// control they happen to own, whatever other role they hold.</item>
/// <item>Setting up the register and deciding applicability: ComplianceLead. Running a register import:
/// ComplianceLead or Admin — every change in the file is then still checked against the rules above.</item>
/// <item>Implementation status and evidence: the control's owner, or a ComplianceLead.</item>
/// <item>Risks are read by compliance leads, auditors, risk approvers, top management and admins, and by the
/// people the risk concerns (its owner, the AI system's owner, action owners, proposers, deciders, the routed
/// approver). They are added, rated, planned, submitted and closed by the risk's owner, the AI system's owner or a
/// ComplianceLead (an organisation-wide risk is added by a ComplianceLead). A treatment plan is decided by the routed
/// approver — the risk owner's manager or a RiskApprover within the acceptance threshold, TopManagement above it —
/// never by anyone who proposed or changed it.</item>
/// <item>Nonconformities are raised by anyone identified in the tenant and triaged (declined, reopened) by a
/// ComplianceLead; their steps are recorded by their owner or a ComplianceLead (a corrective action also by its owner);
/// the effectiveness of the actions is reviewed by the owner or a ComplianceLead who owned none of the actions.</item>
/// <item>Impact assessments are started, changed and submitted by the AI system's owner or a ComplianceLead; a step is
/// also answered by the colleague asked to answer it; they are approved or returned by a RiskApprover (or the person
/// the approval policy names, the owner's manager) who is neither the assessor nor anyone who answered part of it.
/// New questionnaire versions are loaded by a ComplianceLead. Assessments are read by compliance leads, auditors, risk
/// approvers and admins (every system's), and by the people of one assessment: the system's owner, the assessor, the
/// colleagues asked to answer a step or who answered one, and the approver the policy names.</item>
/// </list>
/// Admin operates the bot (exports, ledger) and makes no AIMS decisions.
/// </summary>
public static class Permissions
{
    /// <summary>
    /// Whether <paramref name="actor"/> may attempt <paramref name="action"/> at all: the rule decided for the best
    /// case, a resource the actor owns and did not start. This is the role half of the rule, which the chat layer
    /// checks once before any handler runs; the half about one particular resource (whose control it is, who
    /// proposed it) is decided with <see cref="Can"/> where that resource is loaded.
    /// </summary>
    public static AccessDecision CanAttempt(Actor actor, DomainAction action)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return Can(actor, action, new ResourceContext(OwnerUserId: actor.UserId, SystemOwnerUserId: actor.UserId, NamedApproverUserId: actor.UserId));
    }

    public static AccessDecision Can(Actor actor, DomainAction action, ResourceContext? resource = null)
    {
        ArgumentNullException.ThrowIfNull(actor);
        resource ??= ResourceContext.None;

        if (string.IsNullOrWhiteSpace(actor.UserId))
        {
            return AccessDecision.Refused("I could not tell who you are, so I can't do that.");
        }

        if (action.IsMutating() && actor.IsReadOnlyAuditor)
        {
            return AccessDecision.Refused(
                "Auditors have read-only access so that audits stay impartial. Ask a compliance lead to make this change.");
        }

        var isOwner = actor.Is(resource.OwnerUserId);
        var isInitiator = actor.Is(resource.InitiatedByUserId);
        var isContributor = resource.ContributorUserIds?.Any(actor.Is) == true;

        return action switch
        {
            DomainAction.ViewRegister => AccessDecision.Allowed,

            DomainAction.ExportRecords or DomainAction.ReadAuditTrail =>
                actor.Has(Role.ComplianceLead) || actor.Has(Role.Auditor) || actor.Has(Role.Admin)
                    ? AccessDecision.Allowed
                    : AccessDecision.Refused("Exports and the audit trail are for compliance leads, auditors and admins."),

            DomainAction.ViewEvidence =>
                actor.Has(Role.ComplianceLead) || actor.Has(Role.Auditor) || actor.Has(Role.Admin) || isOwner || actor.Is(resource.SystemOwnerUserId)
                    ? AccessDecision.Allowed
                    : AccessDecision.Refused("Evidence is shown to compliance leads, auditors, the control's owner and the AI system's owner. Ask a compliance lead if you need to see it."),

            DomainAction.ViewNonconformities =>
                actor.Has(Role.ComplianceLead) || actor.Has(Role.Auditor) || actor.Has(Role.RiskApprover) || actor.Has(Role.Admin)
                    ? AccessDecision.Allowed
                    : AccessDecision.Refused("Nonconformities are for compliance leads, auditors, risk approvers and admins."),

            DomainAction.ViewNonconformity =>
                actor.Has(Role.ComplianceLead) || actor.Has(Role.Auditor) || actor.Has(Role.RiskApprover) || actor.Has(Role.Admin) || isOwner || isInitiator || isContributor
                    ? AccessDecision.Allowed
                    : AccessDecision.Refused("A nonconformity is shown to its owner, the person who raised it, the owners of its corrective actions, and compliance leads, auditors, risk approvers and admins."),

            DomainAction.ManageRegister =>
                actor.Has(Role.ComplianceLead)
                    ? AccessDecision.Allowed
                    : AccessDecision.Refused("Only a compliance lead can set up the register (AI systems, controls, owners, cadences)."),

            // The register's rows are the compliance leads' decisions, so an import in chat is theirs alone;
            // administrators import on the host (the `import` sub-command acts as a compliance lead).
            DomainAction.ImportRegister =>
                actor.Has(Role.ComplianceLead)
                    ? AccessDecision.Allowed
                    : AccessDecision.Refused("Only compliance leads can import the register (administrators can run the host's import sub-command)."),

            DomainAction.DecideApplicability =>
                actor.Has(Role.ComplianceLead)
                    ? AccessDecision.Allowed
                    : AccessDecision.Refused("Only a compliance lead can include or exclude a control in the Statement of Applicability."),

            DomainAction.SetImplementationStatus =>
                isOwner || actor.Has(Role.ComplianceLead)
                    ? AccessDecision.Allowed
                    : AccessDecision.Refused("Only the control's owner or a compliance lead can change its implementation status."),

            DomainAction.RespondToReminder =>
                isOwner
                    ? AccessDecision.Allowed
                    : AccessDecision.Refused("Only the control's owner can act on its reminder."),

            DomainAction.SubmitEvidence =>
                isOwner || actor.Has(Role.ComplianceLead)
                    ? AccessDecision.Allowed
                    : AccessDecision.Refused("Only the control's owner or a compliance lead can add evidence to it."),

            DomainAction.ViewRisks =>
                actor.Has(Role.ComplianceLead) || actor.Has(Role.Auditor) || actor.Has(Role.RiskApprover) || actor.Has(Role.TopManagement) || actor.Has(Role.Admin)
                    || isOwner || actor.Is(resource.SystemOwnerUserId) || isContributor || actor.Is(resource.NamedApproverUserId)
                    ? AccessDecision.Allowed
                    : AccessDecision.Refused("Risks are shown to compliance leads, auditors, risk approvers, top management, admins and the people a risk concerns (its owner, the AI system's owner, action owners, its approver). Ask a compliance lead if you need to see it."),

            DomainAction.ManageRisks =>
                isOwner || actor.Is(resource.SystemOwnerUserId) || actor.Has(Role.ComplianceLead)
                    ? AccessDecision.Allowed
                    : AccessDecision.Refused("Only the risk's owner, the AI system's owner or a compliance lead can add or change a risk and its treatment plan."),

            // Separation of duties first: a proposer learns why, whatever role they hold.
            DomainAction.ApproveRiskTreatment when isInitiator || isContributor =>
                AccessDecision.Refused("You proposed or changed this risk treatment plan, so someone else must decide on it (separation of duties)."),
            DomainAction.ApproveRiskTreatment when resource.ApproverRole == Role.TopManagement =>
                actor.Has(Role.TopManagement)
                    ? AccessDecision.Allowed
                    : AccessDecision.Refused("This plan leaves a residual risk above the acceptance threshold, so only top management can approve it."),
            DomainAction.ApproveRiskTreatment =>
                actor.Has(Role.RiskApprover) || actor.Is(resource.NamedApproverUserId)
                    ? AccessDecision.Allowed
                    : AccessDecision.Refused("Only a risk approver (or the risk owner's manager) can decide on this risk treatment plan."),

            DomainAction.DecideReassignment =>
                actor.Has(Role.ComplianceLead)
                    ? AccessDecision.Allowed
                    : AccessDecision.Refused("Only a compliance lead can decide who owns a control."),

            DomainAction.SendReminders =>
                actor.Has(Role.ComplianceLead)
                    ? AccessDecision.Allowed
                    : AccessDecision.Refused("Only a compliance lead can send reminders outside the scheduled scan."),

            DomainAction.SealAuditTrail =>
                actor.Has(Role.ComplianceLead) || actor.Has(Role.Admin)
                    ? AccessDecision.Allowed
                    : AccessDecision.Refused("Only compliance leads and admins can seal the audit trail with a checkpoint."),

            DomainAction.ReceiveDigest =>
                actor.Has(Role.ComplianceLead)
                    ? AccessDecision.Allowed
                    : AccessDecision.Refused("The weekly digest is for compliance leads."),

            // Anyone may report what they see: the triage decides whether it is one.
            DomainAction.RaiseNonconformity => AccessDecision.Allowed,

            DomainAction.TriageNonconformity =>
                actor.Has(Role.ComplianceLead)
                    ? AccessDecision.Allowed
                    : AccessDecision.Refused("Only a compliance lead can triage, decline or reopen a nonconformity."),

            DomainAction.WorkOnNonconformity =>
                isOwner || isContributor || actor.Has(Role.ComplianceLead)
                    ? AccessDecision.Allowed
                    : AccessDecision.Refused("Only the nonconformity's owner or a compliance lead can record its steps (and an action's owner can mark that action done)."),

            // Separation of duties first: an action owner learns why, whatever role they hold.
            DomainAction.ReviewNonconformityEffectiveness when isContributor =>
                AccessDecision.Refused("You owned one of the corrective actions, so someone who owned none of them must review whether they worked (separation of duties)."),
            DomainAction.ReviewNonconformityEffectiveness =>
                isOwner || actor.Has(Role.ComplianceLead)
                    ? AccessDecision.Allowed
                    : AccessDecision.Refused("Only the nonconformity's owner or a compliance lead can review whether its corrective actions worked."),

            DomainAction.AssessImpact =>
                isOwner || actor.Has(Role.ComplianceLead)
                    ? AccessDecision.Allowed
                    : AccessDecision.Refused("Only the AI system's owner or a compliance lead can start, change or submit its impact assessment."),

            DomainAction.AnswerImpactAssessment =>
                isOwner || actor.Has(Role.ComplianceLead) || isContributor
                    ? AccessDecision.Allowed
                    : AccessDecision.Refused("Only the AI system's owner, a compliance lead or the colleague asked to answer this step can answer it."),

            // Separation of duties first: the assessor and the people who answered learn why, whatever role they hold.
            DomainAction.ApproveImpactAssessment when isInitiator =>
                AccessDecision.Refused("You are the assessor of this impact assessment, so someone who neither assessed nor answered it must approve or return it (separation of duties)."),
            DomainAction.ApproveImpactAssessment when isContributor =>
                AccessDecision.Refused("You answered part of this impact assessment, so someone who neither assessed nor answered it must approve or return it (separation of duties)."),
            DomainAction.ApproveImpactAssessment =>
                actor.Has(Role.RiskApprover) || actor.Is(resource.NamedApproverUserId)
                    ? AccessDecision.Allowed
                    : AccessDecision.Refused("Only a risk approver (or the system owner's manager, when the approval policy allows) can approve or return an impact assessment."),

            DomainAction.ViewImpactAssessments =>
                actor.Has(Role.ComplianceLead) || actor.Has(Role.Auditor) || actor.Has(Role.RiskApprover) || actor.Has(Role.Admin)
                || isOwner || isInitiator || isContributor || actor.Is(resource.NamedApproverUserId)
                    ? AccessDecision.Allowed
                    : AccessDecision.Refused("Impact assessments are shown to compliance leads, risk approvers, auditors, the AI system's owner and the people who took part in the assessment."),

            DomainAction.ManageQuestionnaires =>
                actor.Has(Role.ComplianceLead)
                    ? AccessDecision.Allowed
                    : AccessDecision.Refused("Only a compliance lead can load a new version of the impact assessment questionnaire."),

            _ => AccessDecision.Refused("That action is not known."),
        };
    }
}
