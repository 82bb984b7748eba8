using AimsBot.Domain.Catalogue;
using AimsBot.Domain.Risks;

namespace AimsBot.Risks.Approval;

/// <summary>How one viewer sees the approval card of a treatment plan.</summary>
public enum RiskApprovalViewer
{
    /// <summary>Someone the domain lets decide on the plan now: the buttons.</summary>
    Decider,

    /// <summary>Someone who proposed or changed the plan, or the risk owner: the status, no buttons.</summary>
    Requester,

    /// <summary>Anyone else who may read risks: read-only.</summary>
    Other,
}

/// <summary>A control on the card: its Annex A id and title.</summary>
public sealed record ControlBrief(string Id, string Title);

/// <summary>A treatment action on the card: number, title, its owner by name, due date, and whether it is done.</summary>
public sealed record ActionBrief(int Number, string Title, string OwnerName, DateOnly Due, bool Done);

/// <summary>
/// Everything the approval card shows of one risk's plan, read from storage and named (people by name when the bot
/// knows it). Built by <see cref="RiskApprovalViews"/>; drawn by <see cref="RiskApprovalCards"/>.
/// </summary>
/// <param name="AcceptanceValidUntil">Approved: the last day the acceptance holds; otherwise what approving today would give.</param>
public sealed record RiskApprovalView(
    RiskId Id,
    string Title,
    string Description,
    string? SystemId,
    string SystemName,
    string OwnerName,
    RiskStatus Status,
    int PlanRevision,
    RiskRating? Inherent,
    TreatmentOption? Option,
    IReadOnlyList<ControlBrief> Controls,
    IReadOnlyList<ActionBrief> Actions,
    RiskRating? Residual,
    RiskLevel Threshold,
    RiskApproverKind Route,
    DateOnly? AcceptanceValidUntil,
    string? ReapprovalReason,
    IReadOnlyList<string> ProposerNames,
    DateTimeOffset? SubmittedAt,
    RiskDecision? LastDecision,
    string? LastDeciderName,
    IReadOnlyList<string> RefreshUserIds)
{
    /// <summary>"R-12 · Thin-file applicants refused more often".</summary>
    public string Heading => $"{Id} · {Title}";
}

/// <summary>Builds <see cref="RiskApprovalView"/>s from the domain's risk, the criteria and the names the bot knows.</summary>
public static class RiskApprovalViews
{
    /// <param name="systemName">The AI system's name, or null for an organisation-wide risk.</param>
    /// <param name="nameOf">A user id to the name the bot knows (the id itself when it knows none).</param>
    /// <param name="today">The organisation's date, for what approving today would accept until.</param>
    public static RiskApprovalView Build(
        Risk risk,
        string? systemName,
        RiskCriteriaOptions criteria,
        Func<string, string> nameOf,
        DateOnly today,
        IReadOnlyList<string> refreshUserIds)
    {
        ArgumentNullException.ThrowIfNull(risk);
        ArgumentNullException.ThrowIfNull(criteria);
        ArgumentNullException.ThrowIfNull(nameOf);
        var threshold = criteria.Threshold;
        var route = risk.Plan.Residual is { } residual && residual.Level > threshold ? RiskApproverKind.TopManagement : RiskApproverKind.OwnersManagerOrRiskApprover;
        var last = risk.LastDecision;
        // The proposers of the plan on the card: while it waits, those named now; once decided, those the decision names.
        var proposers = risk.Status == RiskStatus.AwaitingApproval || last is null ? risk.ProposedBy : last.ProposedBy;
        return new RiskApprovalView(
            risk.Id,
            risk.Title,
            risk.Description,
            risk.SystemId,
            systemName ?? "the organisation",
            risk.OwnerUserId is { } owner ? nameOf(owner) : "not named yet",
            risk.Status,
            risk.PlanRevision,
            risk.Inherent,
            risk.Plan.Option,
            risk.Plan.Controls.Select(c => new ControlBrief(c.Value, AnnexA.Get(c).Title)).ToList(),
            risk.Plan.Actions.Select(a => new ActionBrief(a.Number, a.Title, nameOf(a.OwnerUserId), a.Due, a.IsDone)).ToList(),
            risk.Plan.Residual,
            threshold,
            route,
            risk.Status == RiskStatus.Approved ? risk.AcceptedUntil : criteria.AcceptedUntil(today),
            risk.ReapprovalReason,
            proposers.Select(nameOf).ToList(),
            risk.SubmittedAt,
            last,
            last is null ? null : nameOf(last.DecidedBy),
            refreshUserIds);
    }
}
