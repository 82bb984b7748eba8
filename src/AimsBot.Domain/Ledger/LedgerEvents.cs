using System.Globalization;
using AimsBot.Domain.Assessments;
using AimsBot.Domain.Register;
using AimsBot.Domain.Nonconformities;
using AimsBot.Domain.Risks;

namespace AimsBot.Domain.Ledger;

/// <summary>
/// A kind of entity the ledger records events about: its entity type (stored as <c>EntityType</c>) and how its
/// entity id (stored as <c>EntityId</c>, what <c>ledger &lt;entity id&gt;</c> takes) is built from a typed value.
/// </summary>
public sealed class LedgerEntityKind<TEntity>
{
    private readonly Func<TEntity, string> _id;

    internal LedgerEntityKind(string type, string idFormat, Func<TEntity, string> id)
    {
        Type = type;
        IdFormat = idFormat;
        _id = id;
    }

    /// <summary>The entity type stored with every event about such an entity.</summary>
    public string Type { get; }

    /// <summary>How the id reads, for people (the event catalogue in docs/data-model.md).</summary>
    public string IdFormat { get; }

    public string IdOf(TEntity entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        return _id(entity);
    }
}

/// <summary>The kinds of entity the ledger knows. Their types and id formats are data: stored ledgers read them.</summary>
public static class LedgerEntityKinds
{
    /// <summary>An AI system, by its id (<c>credit-scorer</c>).</summary>
    public static readonly LedgerEntityKind<AiSystem> AiSystem = new("AiSystem", "the system id: `credit-scorer`", s => s.Id);

    /// <summary>A control instance, by scope and control: <c>org/A.2.2</c>, <c>credit-scorer/A.6.2.6</c>.</summary>
    public static readonly LedgerEntityKind<ControlInstanceRef> ControlInstance =
        new("ControlInstance", "`{scope}/{control}`: `org/A.2.2`, `credit-scorer/A.6.2.6`", c => $"{c.Scope.Key}/{c.ControlId}");

    /// <summary>An evidence record, by its evidence id (32 hex digits).</summary>
    public static readonly LedgerEntityKind<string> Evidence = new("Evidence", "the evidence id (32 hex digits)", evidenceId => evidenceId);

    /// <summary>One register import run, by its import id (32 hex digits).</summary>
    public static readonly LedgerEntityKind<string> Import = new("Import", "the import id (32 hex digits)", importId => importId);

    /// <summary>A kind of export (<c>soa</c>, <c>evidence</c>, <c>register</c>): <c>ledger soa</c> lists who took the SoA.</summary>
    public static readonly LedgerEntityKind<string> Export = new("Export", "the export kind: `soa`, `evidence`, `register`", kind => kind);

    /// <summary>A tenant's due scans, by the tenant id.</summary>
    public static readonly LedgerEntityKind<string> NudgeScan = new("NudgeScan", "the tenant id", tenantId => tenantId);

    /// <summary>One version of a system's impact assessment: <c>credit-scorer/v2</c>.</summary>
    public static readonly LedgerEntityKind<ImpactAssessmentRef> ImpactAssessment =
        new("ImpactAssessment", "`{systemId}/v{version}`: `credit-scorer/v2`", a => string.Create(CultureInfo.InvariantCulture, $"{a.SystemId}/v{a.Version}"));

    /// <summary>A risk proposed by one impact of an approved assessment (1-based item): <c>credit-scorer/v2/3</c>.</summary>
    public static readonly LedgerEntityKind<ProposedRiskRef> ProposedRisk =
        new("ProposedRisk", "`{systemId}/v{version}/{item}`: `credit-scorer/v2/3`", r => string.Create(CultureInfo.InvariantCulture, $"{r.SystemId}/v{r.Version}/{r.Item}"));

    /// <summary>A risk in the register, by its id: <c>R-12</c>.</summary>
    public static readonly LedgerEntityKind<RiskId> Risk = new("Risk", "the risk id: `R-12`", id => id.ToString());

    /// <summary>A nonconformity: its id as people read it.</summary>
    public static readonly LedgerEntityKind<NonconformityId> Nonconformity = new("Nonconformity", "the nonconformity id: `NC-7`", id => id.ToString());
    /// <summary>A version of the impact assessment questionnaire, by its key (<c>impact-assessment@2.0</c>).</summary>
    public static readonly LedgerEntityKind<string> Questionnaire = new("Questionnaire", "`{id}@{version}`: `impact-assessment@2.0`", key => key);

    /// <summary>The audit trail itself: its entities have fixed ids (see <see cref="LedgerEvents"/>).</summary>
    public const string AuditTrail = "AuditTrail";
}

/// <summary>A definition of one ledger event: its name (stored as <c>Action</c>), its entity type and how its entity id is built.</summary>
public abstract class LedgerEventDefinition
{
    private protected LedgerEventDefinition(string name, string entityType, string entityIdFormat)
    {
        Name = name;
        EntityType = entityType;
        EntityIdFormat = entityIdFormat;
    }

    /// <summary>The event's name: data, stored in every event and read back by existing ledgers. Never rename one.</summary>
    public string Name { get; }

    public string EntityType { get; }

    /// <summary>How the entity id reads, for people.</summary>
    public string EntityIdFormat { get; }

    public override string ToString() => Name;
}

/// <summary>An event about an entity of a kind, whose id is built from a <typeparamref name="TEntity"/>.</summary>
public sealed class LedgerEventDefinition<TEntity> : LedgerEventDefinition
{
    private readonly LedgerEntityKind<TEntity> _entity;

    internal LedgerEventDefinition(string name, LedgerEntityKind<TEntity> entity)
        : base(name, entity.Type, entity.IdFormat) =>
        _entity = entity;

    public string EntityIdOf(TEntity entity) => _entity.IdOf(entity);

    /// <summary>The event about <paramref name="entity"/>, with its state before and after (JSON, null when there was none).</summary>
    public LedgerRecord About(TEntity entity, string? before, string? after) => new(this, EntityIdOf(entity), before, after);
}

/// <summary>An event about one fixed entity (the audit trail's own records).</summary>
public sealed class FixedEntityLedgerEventDefinition : LedgerEventDefinition
{
    internal FixedEntityLedgerEventDefinition(string name, string entityType, string entityId)
        : base(name, entityType, $"`{entityId}`") =>
        EntityId = entityId;

    public string EntityId { get; }

    public LedgerRecord With(string? before, string? after) => new(this, EntityId, before, after);
}

/// <summary>
/// What one event will record, made only from a <see cref="LedgerEventDefinition"/>: so every event's name, entity
/// type and entity id come from the catalogue (<see cref="LedgerEvents"/>). The recorder adds who, when and where from.
/// </summary>
public sealed class LedgerRecord
{
    internal LedgerRecord(LedgerEventDefinition definition, string entityId, string? before, string? after)
    {
        Definition = definition;
        EntityId = entityId;
        Before = before;
        After = after;
    }

    public LedgerEventDefinition Definition { get; }

    public string Action => Definition.Name;

    public string EntityType => Definition.EntityType;

    public string EntityId { get; }

    public string? Before { get; }

    public string? After { get; }
}

/// <summary>
/// The ledger's event catalogue: every event any workflow records. Names, entity types and id formats are data —
/// existing ledgers hold them — so a definition is added, never renamed. docs/data-model.md lists them.
/// </summary>
public static class LedgerEvents
{
    // The register: its chat commands, card actions and imports.

    /// <summary>An AI system was added (after: the system and the controls it got as its own).</summary>
    public static readonly LedgerEventDefinition<AiSystem> SystemAdded = new("register.system.add", LedgerEntityKinds.AiSystem);

    /// <summary>An AI system's details or status changed (by an import).</summary>
    public static readonly LedgerEventDefinition<AiSystem> SystemUpdated = new("register.system.update", LedgerEntityKinds.AiSystem);

    public static readonly LedgerEventDefinition<ControlInstanceRef> OwnerAssigned = new("register.control.owner", LedgerEntityKinds.ControlInstance);

    public static readonly LedgerEventDefinition<ControlInstanceRef> ControlExcluded = new("register.control.exclude", LedgerEntityKinds.ControlInstance);

    /// <summary>A control instance was created or changed by an import (before: null when created).</summary>
    public static readonly LedgerEventDefinition<ControlInstanceRef> ControlUpdated = new("register.control.update", LedgerEntityKinds.ControlInstance);

    /// <summary>A control's implementation status was set in chat (<c>implementation</c>).</summary>
    public static readonly LedgerEventDefinition<ControlInstanceRef> ImplementationSet = new("register.control.implementation", LedgerEntityKinds.ControlInstance);

    public static readonly LedgerEventDefinition<ControlInstanceRef> PeriodNotApplicable =
        new("register.control.period-not-applicable", LedgerEntityKinds.ControlInstance);

    /// <summary>Evidence was recorded (before/after: the control it counted for).</summary>
    public static readonly LedgerEventDefinition<string> EvidenceAdded = new("register.evidence.add", LedgerEntityKinds.Evidence);

    /// <summary>A register import ran (after: file, SHA-256, counts, the changed entity ids).</summary>
    public static readonly LedgerEventDefinition<string> RegisterImported = new("register.import", LedgerEntityKinds.Import);

    // Nudges (the nudge card's actions and the due scan).

    public static readonly LedgerEventDefinition<ControlInstanceRef> Snoozed = new("nudge.snooze", LedgerEntityKinds.ControlInstance);

    public static readonly LedgerEventDefinition<ControlInstanceRef> ReassignRequested = new("nudge.reassign.request", LedgerEntityKinds.ControlInstance);

    public static readonly LedgerEventDefinition<ControlInstanceRef> ReassignApproved = new("nudge.reassign.approve", LedgerEntityKinds.ControlInstance);

    public static readonly LedgerEventDefinition<ControlInstanceRef> ReassignDeclined = new("nudge.reassign.decline", LedgerEntityKinds.ControlInstance);

    /// <summary>The due scan escalated an overdue control (before/after: the escalation level).</summary>
    public static readonly LedgerEventDefinition<ControlInstanceRef> Escalated = new("nudge.escalated", LedgerEntityKinds.ControlInstance);

    /// <summary>A tenant's due scan queued reminders or escalations (after: its counts).</summary>
    public static readonly LedgerEventDefinition<string> DueScanned = new("nudge.scan", LedgerEntityKinds.NudgeScan);

    // Files.

    /// <summary>A file export reached the person who asked for it (after: kind, format, arguments, file, bytes).</summary>
    public static readonly LedgerEventDefinition<string> ExportDelivered = new("export.delivered", LedgerEntityKinds.Export);

    /// <summary>
    /// The file of an <see cref="ExportDelivered"/> is in the person's OneDrive, but the card telling them so could not
    /// be posted (after: file, reason). The delivery itself is already recorded.
    /// </summary>
    public static readonly LedgerEventDefinition<string> ExportCardFailed = new("export.card.failed", LedgerEntityKinds.Export);

    // Impact assessments (ISO/IEC 42001 6.1.4, 8.4, A.5): the questionnaire in chat, approval, reassessment triggers.

    /// <summary>An assessment version was started (after: questionnaire, assessor, the answers it started with).</summary>
    public static readonly LedgerEventDefinition<ImpactAssessmentRef> AssessmentStarted = new("assessment.start", LedgerEntityKinds.ImpactAssessment);

    /// <summary>A step's answers were saved (before → after: the step and each changed answer, in words).</summary>
    public static readonly LedgerEventDefinition<ImpactAssessmentRef> AssessmentSaved = new("assessment.save", LedgerEntityKinds.ImpactAssessment);

    /// <summary>The assessor asked a colleague to answer a step (before → after: who was asked).</summary>
    public static readonly LedgerEventDefinition<ImpactAssessmentRef> AssessmentContributorAsked = new("assessment.contributor.ask", LedgerEntityKinds.ImpactAssessment);

    /// <summary>An assessment was submitted for approval (after: status, revision, the score).</summary>
    public static readonly LedgerEventDefinition<ImpactAssessmentRef> AssessmentSubmitted = new("assessment.submit", LedgerEntityKinds.ImpactAssessment);

    /// <summary>The approver returned it with a comment.</summary>
    public static readonly LedgerEventDefinition<ImpactAssessmentRef> AssessmentReturned = new("assessment.return", LedgerEntityKinds.ImpactAssessment);

    /// <summary>The approver approved it (after: level, next reassessment due).</summary>
    public static readonly LedgerEventDefinition<ImpactAssessmentRef> AssessmentApproved = new("assessment.approve", LedgerEntityKinds.ImpactAssessment);

    /// <summary>A significant change to a system (<c>system change</c>) requires a new assessment (after: the reason).</summary>
    public static readonly LedgerEventDefinition<AiSystem> ReassessmentRequired = new("assessment.reassess.required", LedgerEntityKinds.AiSystem);

    /// <summary>A system moved to deployment or operation without an approved impact assessment.</summary>
    public static readonly LedgerEventDefinition<AiSystem> StageUnassessed = new("register.system.stage.unassessed", LedgerEntityKinds.AiSystem);

    /// <summary>A compliance lead loaded a new questionnaire version (after: key, title, steps, questions, file, SHA-256).</summary>
    public static readonly LedgerEventDefinition<string> QuestionnaireLoaded = new("assessment.questionnaire.load", LedgerEntityKinds.Questionnaire);

    /// <summary>An approved assessment's high impact was proposed for the risk register (after: the proposal).</summary>
    public static readonly LedgerEventDefinition<ProposedRiskRef> RiskProposed = new("risk.propose", LedgerEntityKinds.ProposedRisk);

    // The risk register (ISO/IEC 42001 6.1.2, 6.1.3, 8.2, 8.3): risks, their treatment plans and their approval.

    /// <summary>A risk was added to the register (after: the risk as stored).</summary>
    public static readonly LedgerEventDefinition<RiskId> RiskAdded = new("risk.add", LedgerEntityKinds.Risk);

    /// <summary>A risk's title, description or owner changed (before → after: the changed fields).</summary>
    public static readonly LedgerEventDefinition<RiskId> RiskEdited = new("risk.edit", LedgerEntityKinds.Risk);

    /// <summary>A risk was rated (before → after: likelihood, consequence, level, criteria version).</summary>
    public static readonly LedgerEventDefinition<RiskId> RiskRated = new("risk.rate", LedgerEntityKinds.Risk);

    /// <summary>A risk's treatment plan changed (before → after: option, controls, actions, target residual rating).</summary>
    public static readonly LedgerEventDefinition<RiskId> RiskPlanChanged = new("risk.plan.change", LedgerEntityKinds.Risk);

    /// <summary>A treatment plan was submitted for approval (after: plan revision, residual level, the route).</summary>
    public static readonly LedgerEventDefinition<RiskId> RiskSubmitted = new("risk.submit", LedgerEntityKinds.Risk);

    /// <summary>The approver approved the plan and accepted the residual risk (after: the decision, accepted until).</summary>
    public static readonly LedgerEventDefinition<RiskId> RiskApproved = new("risk.approve", LedgerEntityKinds.Risk);

    /// <summary>The approver rejected the plan (after: the decision with its reason).</summary>
    public static readonly LedgerEventDefinition<RiskId> RiskRejected = new("risk.reject", LedgerEntityKinds.Risk);

    /// <summary>The approver asked for changes to the plan (after: the decision with its comment).</summary>
    public static readonly LedgerEventDefinition<RiskId> RiskChangesRequested = new("risk.changes.request", LedgerEntityKinds.Risk);

    /// <summary>A change to an approved plan, or an expired acceptance, sent the risk back for approval (after: the reason).</summary>
    public static readonly LedgerEventDefinition<RiskId> RiskReapprovalRequired = new("risk.reapproval.required", LedgerEntityKinds.Risk);

    /// <summary>A treatment action was marked done (after: the action, who, when).</summary>
    public static readonly LedgerEventDefinition<RiskId> RiskActionDone = new("risk.action.done", LedgerEntityKinds.Risk);

    /// <summary>A treatment action's nudge was snoozed (before → after: the snooze).</summary>
    public static readonly LedgerEventDefinition<RiskId> RiskActionSnoozed = new("risk.action.snooze", LedgerEntityKinds.Risk);

    /// <summary>A risk was closed (before → after: status, with the reason).</summary>
    public static readonly LedgerEventDefinition<RiskId> RiskClosed = new("risk.close", LedgerEntityKinds.Risk);

    /// <summary>A proposed risk was taken up into the register (after: the proposal's status and the risk it became).</summary>
    public static readonly LedgerEventDefinition<ProposedRiskRef> RiskProposalAdopted = new("risk.proposal.adopt", LedgerEntityKinds.ProposedRisk);

    /// <summary>A nonconformity was raised (after: what it is, where, how serious, who raised it).</summary>
    public static readonly LedgerEventDefinition<NonconformityId> NonconformityRaised = new("nc.raise", LedgerEntityKinds.Nonconformity);

    /// <summary>A compliance lead triaged it (before → after: severity, owner, due dates, stage).</summary>
    public static readonly LedgerEventDefinition<NonconformityId> NonconformityTriaged = new("nc.triage", LedgerEntityKinds.Nonconformity);

    /// <summary>A compliance lead declined it at triage as not a nonconformity (after: the reason).</summary>
    public static readonly LedgerEventDefinition<NonconformityId> NonconformityDeclined = new("nc.decline", LedgerEntityKinds.Nonconformity);

    /// <summary>The correction and containment was recorded (after: what was done, the consequences).</summary>
    public static readonly LedgerEventDefinition<NonconformityId> NonconformityCorrected = new("nc.correction", LedgerEntityKinds.Nonconformity);

    /// <summary>The root cause was recorded (after: what happened, why, the cause category, similar nonconformities).</summary>
    public static readonly LedgerEventDefinition<NonconformityId> NonconformityRootCause = new("nc.rootcause", LedgerEntityKinds.Nonconformity);

    /// <summary>The corrective actions were recorded (after: each action, its owner and due date).</summary>
    public static readonly LedgerEventDefinition<NonconformityId> NonconformityActionsPlanned = new("nc.actions", LedgerEntityKinds.Nonconformity);

    /// <summary>A corrective action was marked done (after: the action, its evidence, who, when).</summary>
    public static readonly LedgerEventDefinition<NonconformityId> NonconformityActionDone = new("nc.action.done", LedgerEntityKinds.Nonconformity);

    /// <summary>The actions were stated implemented (after: the evidence, the day the effectiveness review is due).</summary>
    public static readonly LedgerEventDefinition<NonconformityId> NonconformityImplemented = new("nc.implemented", LedgerEntityKinds.Nonconformity);

    /// <summary>The effectiveness was reviewed (after: effective or not, the comment, the reviewer; not effective: back to root cause).</summary>
    public static readonly LedgerEventDefinition<NonconformityId> NonconformityReviewed = new("nc.review", LedgerEntityKinds.Nonconformity);

    /// <summary>It was closed after an effective review (before → after: the stage).</summary>
    public static readonly LedgerEventDefinition<NonconformityId> NonconformityClosed = new("nc.close", LedgerEntityKinds.Nonconformity);

    /// <summary>A compliance lead reopened a closed one (after: the reason, the new root-cause due date).</summary>
    public static readonly LedgerEventDefinition<NonconformityId> NonconformityReopened = new("nc.reopen", LedgerEntityKinds.Nonconformity);

    // The audit trail's own record: who looked at it and what they found.

    public static readonly FixedEntityLedgerEventDefinition LedgerViewed = new("ledger.viewed", LedgerEntityKinds.AuditTrail, "ledger");

    public static readonly FixedEntityLedgerEventDefinition LedgerVerified = new("ledger.verified", LedgerEntityKinds.AuditTrail, "ledger");

    public static readonly FixedEntityLedgerEventDefinition LedgerCheckpointed = new("ledger.checkpoint", LedgerEntityKinds.AuditTrail, "ledger");

    /// <summary>A read by someone holding the Auditor role: <c>ledger auditor-queries</c> lists them.</summary>
    public static readonly FixedEntityLedgerEventDefinition AuditorQuery =
        new("audit.query", LedgerEntityKinds.AuditTrail, "auditor-queries");

    /// <summary>Every definition, in catalogue order.</summary>
    public static IReadOnlyList<LedgerEventDefinition> All { get; } =
    [
        SystemAdded, SystemUpdated, OwnerAssigned, ControlExcluded, ControlUpdated, ImplementationSet, PeriodNotApplicable, EvidenceAdded, RegisterImported,
        Snoozed, ReassignRequested, ReassignApproved, ReassignDeclined, Escalated, DueScanned,
        ExportDelivered, ExportCardFailed,
        AssessmentStarted, AssessmentSaved, AssessmentContributorAsked, AssessmentSubmitted, AssessmentReturned, AssessmentApproved,
        ReassessmentRequired, StageUnassessed, RiskProposed, QuestionnaireLoaded,
        RiskAdded, RiskEdited, RiskRated, RiskPlanChanged, RiskSubmitted, RiskApproved, RiskRejected, RiskChangesRequested,
        RiskReapprovalRequired, RiskActionDone, RiskActionSnoozed, RiskClosed, RiskProposalAdopted,
        NonconformityRaised, NonconformityTriaged, NonconformityDeclined, NonconformityCorrected, NonconformityRootCause,
        NonconformityActionsPlanned, NonconformityActionDone, NonconformityImplemented, NonconformityReviewed,
        NonconformityClosed, NonconformityReopened,
        LedgerViewed, LedgerVerified, LedgerCheckpointed, AuditorQuery,
    ];
}
