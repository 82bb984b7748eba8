using AimsBot.Domain.Access;

namespace AimsBot.Domain.Risks;

/// <summary>Who may decide on a treatment plan, by its residual level.</summary>
public enum RiskApproverKind
{
    /// <summary>Residual level within the acceptance threshold: the risk owner's manager or a risk approver.</summary>
    OwnersManagerOrRiskApprover,

    /// <summary>Residual level above the threshold: top management only.</summary>
    TopManagement,
}

/// <summary>
/// Where a plan goes for approval. <see cref="NamedApproverUserId"/> is the risk owner's manager when the route allows
/// a manager and the host could look them up, and they did not propose the plan; null otherwise (then risk approvers,
/// or top management, decide).
/// </summary>
public sealed record RiskApprovalRoute(RiskApproverKind Kind, RiskLevel ResidualLevel, RiskLevel Threshold, string? NamedApproverUserId)
{
    /// <summary>The role whose holders may decide (besides the named manager).</summary>
    public Role ApproverRole => Kind == RiskApproverKind.TopManagement ? Role.TopManagement : Role.RiskApprover;
}

/// <summary>
/// The routing table (docs/domain.md, "Risks"): a plan whose residual level is at or below the criteria's acceptance
/// threshold goes to the risk owner's manager or a risk approver; above it, to top management. The proposer is never
/// the approver: a manager who proposed or changed the plan is not named, and <see cref="Permissions"/> refuses any
/// proposer whatever role they hold.
/// </summary>
public static class RiskApprovalRouting
{
    public static RiskApprovalRoute Route(RiskLevel residualLevel, RiskCriteriaOptions criteria, string? ownersManagerUserId, IReadOnlyCollection<string> proposerUserIds)
    {
        ArgumentNullException.ThrowIfNull(criteria);
        ArgumentNullException.ThrowIfNull(proposerUserIds);
        var threshold = criteria.Threshold;
        if (residualLevel > threshold)
        {
            return new RiskApprovalRoute(RiskApproverKind.TopManagement, residualLevel, threshold, null);
        }

        var manager = TextRules.Clean(ownersManagerUserId);
        var named = manager.Length == 0 || OwnerIds.IsPending(manager) || proposerUserIds.Any(p => Actor.SameUser(p, manager)) ? null : manager;
        return new RiskApprovalRoute(RiskApproverKind.OwnersManagerOrRiskApprover, residualLevel, threshold, named);
    }
}
