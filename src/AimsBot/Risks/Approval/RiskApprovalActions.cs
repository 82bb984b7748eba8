using AimsBot.Commands;
using AimsBot.Domain.Risks;
using AimsBot.Register;

namespace AimsBot.Risks.Approval;

/// <summary>
/// <c>risk.approval.refresh</c>: Teams asks for the approval card as the viewer should see it — someone who may
/// decide with the buttons, the requester the status, anyone else who may read risks read-only, everyone the decision
/// once made; refused to someone who may not read the risk. Nothing is written.
/// </summary>
public sealed class RiskApprovalRefreshAction : ICardActionHandler
{
    private readonly RiskApprovals _approvals;

    public RiskApprovalRefreshAction(RiskApprovals approvals) => _approvals = approvals;

    public Task<CardActionOutcome> HandleAsync(CardActionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        return RiskId.TryParse(new FormData(context.Data).Text(RiskApprovalCards.RiskKey), out var id)
            ? _approvals.CardAsync(context.Caller, id, cancellationToken)
            : Task.FromResult(CardActionOutcome.Refuse("BadRequest", "This card is out of date or incomplete. Say **risks** to list the risks."));
    }
}

/// <summary><c>risk.approval.approve</c>: approves the plan the card shows and accepts its residual risk (the first decision wins).</summary>
public sealed class RiskApprovalApproveAction : ICardActionHandler
{
    private readonly RiskApprovals _approvals;

    public RiskApprovalApproveAction(RiskApprovals approvals) => _approvals = approvals;

    public Task<CardActionOutcome> HandleAsync(CardActionContext context, CancellationToken cancellationToken) =>
        _approvals.DecideAsync(context, RiskDecisionKind.Approved, cancellationToken);
}

/// <summary><c>risk.approval.reject</c>: rejects the plan with a reason.</summary>
public sealed class RiskApprovalRejectAction : ICardActionHandler
{
    private readonly RiskApprovals _approvals;

    public RiskApprovalRejectAction(RiskApprovals approvals) => _approvals = approvals;

    public Task<CardActionOutcome> HandleAsync(CardActionContext context, CancellationToken cancellationToken) =>
        _approvals.DecideAsync(context, RiskDecisionKind.Rejected, cancellationToken);
}

/// <summary><c>risk.approval.changes</c>: sends the plan back to its requester with a comment saying what to change.</summary>
public sealed class RiskApprovalRequestChangesAction : ICardActionHandler
{
    private readonly RiskApprovals _approvals;

    public RiskApprovalRequestChangesAction(RiskApprovals approvals) => _approvals = approvals;

    public Task<CardActionOutcome> HandleAsync(CardActionContext context, CancellationToken cancellationToken) =>
        _approvals.DecideAsync(context, RiskDecisionKind.ChangesRequested, cancellationToken);
}
