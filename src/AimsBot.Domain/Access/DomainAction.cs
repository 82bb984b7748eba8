namespace AimsBot.Domain.Access;

/// <summary>What an actor wants to do. Everything except the read actions changes state.</summary>
public enum DomainAction
{
    /// <summary>Read the register: systems, controls, SoA, evidence.</summary>
    ViewRegister,

    /// <summary>Export the SoA, evidence or register.</summary>
    ExportRecords,

    /// <summary>Read the ledger and verify its chain.</summary>
    ReadAuditTrail,

    /// <summary>Read the evidence of one control instance (<c>evidence &lt;id&gt;</c>).</summary>
    ViewEvidence,

    /// <summary>List nonconformities (<c>ncs</c>).</summary>
    ViewNonconformities,

    /// <summary>
    /// Read one nonconformity in full (<c>nc NC-7</c>, its step nudges): whoever may list them, and its own people —
    /// its owner, the person who raised it and the owners of its corrective actions.
    /// </summary>
    ViewNonconformity,

    /// <summary>Set up the register: add or change AI systems, control instances, owners, cadences, layers.</summary>
    ManageRegister,

    /// <summary>
    /// Run a bulk import of the register from a file. Each change in the file is still made through the domain
    /// with the importer as the actor, so the rules of <see cref="ManageRegister"/> and <see cref="DecideApplicability"/> hold row by row.
    /// </summary>
    ImportRegister,

    /// <summary>Include or exclude a control in the Statement of Applicability.</summary>
    DecideApplicability,

    /// <summary>Record how far a control is implemented.</summary>
    SetImplementationStatus,

    /// <summary>Attach evidence to a control.</summary>
    SubmitEvidence,

    /// <summary>
    /// Read a risk of the register (<c>risks</c>, <c>risk R-12</c>, <c>export risks</c>): compliance leads, auditors, risk
    /// approvers, top management and admins; the risk's owner, the AI system's owner, treatment action owners, the people who proposed or decided
    /// its plan, and the approver it is routed to.
    /// </summary>
    ViewRisks,

    /// <summary>
    /// Add, rate and change a risk, propose its treatment plan and submit it, close it: the risk's owner, the AI system's
    /// owner (and only a compliance lead for an organisation-wide risk or someone else's), or a compliance lead.
    /// </summary>
    ManageRisks,

    /// <summary>
    /// Approve, reject or ask for changes to a submitted treatment plan: the routed approver (the risk owner's manager
    /// or a risk approver within the acceptance threshold, top management above it), never anyone who proposed it.
    /// </summary>
    ApproveRiskTreatment,

    /// <summary>Raise a nonconformity (<c>nc raise</c>): anyone identified in the tenant.</summary>
    RaiseNonconformity,

    /// <summary>Triage a raised nonconformity (severity, owner, due dates), decline it, or reopen a closed one: compliance leads.</summary>
    TriageNonconformity,

    /// <summary>
    /// Record a step of a nonconformity (correction, root cause, actions, implementation): its owner or a compliance lead;
    /// mark a corrective action done: also that action's owner.
    /// </summary>
    WorkOnNonconformity,

    /// <summary>Review whether a nonconformity's corrective actions worked: its owner or a compliance lead who owned none of the actions.</summary>
    ReviewNonconformityEffectiveness,

    /// <summary>Act on a control's reminder: snooze it, ask to reassign it (its owner only).</summary>
    RespondToReminder,

    /// <summary>Approve or decline an owner's request to hand a control to someone else.</summary>
    DecideReassignment,

    /// <summary>Remind every owner with evidence due now, instead of waiting for the scheduled scan (<c>nudge now</c>).</summary>
    SendReminders,

    /// <summary>Seal the audit trail with a signed checkpoint (<c>ledger checkpoint</c>).</summary>
    SealAuditTrail,

    /// <summary>Get the weekly digest, ask for it now, turn it off or on for oneself (<c>digest now|on|off</c>): compliance leads.</summary>
    ReceiveDigest,

    /// <summary>
    /// Start, resume, change and submit an AI system's impact assessment, ask colleagues to answer a step, start a
    /// new version after approval: the system's owner or a compliance lead.
    /// </summary>
    AssessImpact,

    /// <summary>Answer a step of an impact assessment: the system's owner, a compliance lead, or the colleague asked to answer that step.</summary>
    AnswerImpactAssessment,

    /// <summary>Approve or return a submitted impact assessment: a risk approver (or the owner's manager, by policy) who neither assessed nor answered it.</summary>
    ApproveImpactAssessment,

    /// <summary>Load a new version of the impact assessment questionnaire.</summary>
    ManageQuestionnaires,

    /// <summary>
    /// Read an AI system's impact assessments (<c>assessment</c>, <c>assessments</c>, <c>export assessment</c>): compliance
    /// leads, auditors, risk approvers and admins every system's; the system's owner, its assessor, the colleagues
    /// asked to answer a step and the named approver that assessment.
    /// </summary>
    ViewImpactAssessments,
}

public static class DomainActions
{
    /// <summary>True for every action that changes state.</summary>
    public static bool IsMutating(this DomainAction action) =>
        action is not (DomainAction.ViewRegister or DomainAction.ExportRecords or DomainAction.ReadAuditTrail
            or DomainAction.ViewEvidence or DomainAction.ViewNonconformities or DomainAction.ViewNonconformity or DomainAction.ViewImpactAssessments
            or DomainAction.ViewRisks
            // The digest is a read; turning one's own digest off or on is a preference, not an AIMS decision.
            or DomainAction.ReceiveDigest
            // Sealing adds no AIMS decision: it only fixes what the trail already says, so an administrator who is
            // also an auditor may still do it.
            or DomainAction.SealAuditTrail);
}
