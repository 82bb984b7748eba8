namespace AimsBot.Domain.Access;

/// <summary>
/// What the permission check needs to know about the thing acted on: its owner (the control owner, or the
/// AI system owner for risk work) and who started the piece of work being decided (the proposer of a risk
/// treatment, the person who raised a nonconformity), and for a control instance of an AI system the
/// system's owner. For an impact assessment: the people who answered part of it (<see cref="ContributorUserIds"/>) and
/// the person the approval policy names besides risk approvers (<see cref="NamedApproverUserId"/>, the system owner's
/// manager). For a risk treatment plan: <see cref="ApproverRole"/>, the role whose holders may decide on it (risk
/// approver within the acceptance threshold, top management above it; null: risk approver).
/// </summary>
public sealed record ResourceContext(
    string? OwnerUserId = null,
    string? InitiatedByUserId = null,
    string? SystemOwnerUserId = null,
    IReadOnlyCollection<string>? ContributorUserIds = null,
    string? NamedApproverUserId = null,
    Role? ApproverRole = null)
{
    public static ResourceContext None { get; } = new();

    public static ResourceContext OwnedBy(string? ownerUserId) => new(OwnerUserId: ownerUserId);

    /// <summary>A control instance: its owner, and the owner of the AI system it was asked about (null: the organisation).</summary>
    public static ResourceContext ControlInstance(string? ownerUserId, string? systemOwnerUserId) => new(OwnerUserId: ownerUserId, SystemOwnerUserId: systemOwnerUserId);

    public static ResourceContext InitiatedBy(string? userId) => new(InitiatedByUserId: userId);

    /// <summary>
    /// An impact assessment: the system's owner, its assessor, everyone asked to answer or who answered a step, and
    /// the person the approval policy names besides risk approvers (null: risk approvers only).
    /// </summary>
    public static ResourceContext ImpactAssessment(string? systemOwnerUserId, string? assessorUserId, IReadOnlyCollection<string> contributorUserIds, string? namedApproverUserId = null) =>
        new(OwnerUserId: systemOwnerUserId, InitiatedByUserId: assessorUserId, SystemOwnerUserId: systemOwnerUserId, ContributorUserIds: contributorUserIds, NamedApproverUserId: namedApproverUserId);

    /// <summary>
    /// A risk treatment plan waiting for a decision: the risk owner, everyone who proposed or changed the plan since
    /// the last decision (none of them may decide), the approver the route names besides the role (the risk owner's
    /// manager, within the threshold only) and the role that may decide (<see cref="Role.RiskApprover"/> or
    /// <see cref="Role.TopManagement"/>).
    /// </summary>
    public static ResourceContext RiskTreatment(string? riskOwnerUserId, IReadOnlyCollection<string> proposerUserIds, string? namedApproverUserId, Role approverRole) =>
        new(OwnerUserId: riskOwnerUserId, InitiatedByUserId: proposerUserIds.LastOrDefault(), ContributorUserIds: proposerUserIds, NamedApproverUserId: namedApproverUserId, ApproverRole: approverRole);
}
