using System.Globalization;
using AimsBot.Commands;
using AimsBot.Domain.Assessments;
using AimsBot.Register;

namespace AimsBot.Assessments.Approval;

/// <summary>
/// <c>assessment.approval.refresh</c>: Teams asks for the approval card as the viewer should see it — the approver
/// with the buttons, the assessor and anyone else read-only, everyone the decision once made. Nothing is written.
/// </summary>
public sealed class ApprovalRefreshAction : ICardActionHandler
{
    private readonly AssessmentApprovals _approvals;

    public ApprovalRefreshAction(AssessmentApprovals approvals) => _approvals = approvals;

    public Task<CardActionOutcome> HandleAsync(CardActionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var form = new FormData(context.Data);
        var system = form.Text("system");
        if (system is null || !Domain.Register.AiSystem.IsValidId(system)
            || !int.TryParse(form.Text("version"), NumberStyles.None, CultureInfo.InvariantCulture, out var version) || version is < 1 or > 9999)
        {
            return Task.FromResult(CardActionOutcome.Refuse("BadRequest", "This card is out of date or incomplete. Say **assessments** to see every system's impact assessment."));
        }

        return _approvals.CardAsync(context.Caller, system, version, null, cancellationToken);
    }
}

/// <summary><c>assessment.approval.approve</c>: approves the submitted assessment the card shows (the first decision wins).</summary>
public sealed class ApprovalApproveAction : ICardActionHandler
{
    private readonly AssessmentApprovals _approvals;

    public ApprovalApproveAction(AssessmentApprovals approvals) => _approvals = approvals;

    public Task<CardActionOutcome> HandleAsync(CardActionContext context, CancellationToken cancellationToken) =>
        _approvals.DecideAsync(context, AssessmentDecisionKind.Approved, cancellationToken);
}

/// <summary><c>assessment.approval.return</c>: returns it to the assessor with a comment saying what to change.</summary>
public sealed class ApprovalReturnAction : ICardActionHandler
{
    private readonly AssessmentApprovals _approvals;

    public ApprovalReturnAction(AssessmentApprovals approvals) => _approvals = approvals;

    public Task<CardActionOutcome> HandleAsync(CardActionContext context, CancellationToken cancellationToken) =>
        _approvals.DecideAsync(context, AssessmentDecisionKind.Returned, cancellationToken);
}
