using AimsBot.Access;
using AimsBot.Domain.Access;
using AimsBot.Domain.Register;
using AimsBot.Domain.Risks;
using AimsBot.Graph;
using AimsBot.Storage.Users;

namespace AimsBot.Risks.Approval;

/// <summary>Someone a submitted plan goes to: their user key, name, Teams id and chat (null when the bot has none).</summary>
public sealed record RiskApproverContact(string UserKey, string? Name, string? TeamsUserId, UserRecord? Chat, bool IsOwnersManager);

/// <summary>
/// Who may decide on one plan and can be reached: the domain's <see cref="Route"/> (by the residual level), the
/// <see cref="Approvers"/> (each eligible by the domain's rule, in a stable order), and notes for the submitter (Graph
/// down, someone without a chat, nobody eligible and what to set).
/// </summary>
public sealed record RiskApproverRoute(RiskApprovalRoute Route, IReadOnlyList<RiskApproverContact> Approvers, IReadOnlyList<string> Notes)
{
    /// <summary>The risk owner's manager the directory named, when the route lets a manager decide (null otherwise).</summary>
    public string? OwnersManagerUserId => Route.NamedApproverUserId;
}

/// <summary>
/// Finds the approvers of a submitted treatment plan (docs/domain.md, "Risks"): a residual level within the acceptance
/// threshold goes to the risk approvers (<c>Roles:RiskApprovers</c>) and, under the manager's policy
/// (<c>Risks:ApproverPolicy</c>), the risk owner's manager from Microsoft Graph; above it, to top management
/// (<c>Roles:TopManagement</c>). Each candidate is put to the domain's rule, so a proposer never gets the card. Graph
/// down still routes to the risk approvers, and says so.
/// </summary>
public sealed class RiskApproverRouting
{
    private readonly ReachableDeciders _deciders;
    private readonly IDirectory _directory;

    public RiskApproverRouting(ReachableDeciders deciders, IDirectory directory)
    {
        _deciders = deciders;
        _directory = directory;
    }

    /// <summary>
    /// The risk owner's manager by the directory (null: a policy without managers, a route to top management, no owner,
    /// none listed), and a note when Graph could not say.
    /// </summary>
    public async Task<(DirectoryUser? Manager, string? Note)> OwnersManagerAsync(Risk risk, RiskCriteriaOptions criteria, bool managersMayApprove, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(risk);
        ArgumentNullException.ThrowIfNull(criteria);
        if (!managersMayApprove || risk.Route(criteria, null) is not { Kind: RiskApproverKind.OwnersManagerOrRiskApprover }
            || risk.OwnerUserId is not { Length: > 0 } owner || OwnerIds.IsPending(owner))
        {
            return (null, null);
        }

        return await _directory.LookUpAsync(owner, "risk owner's", cancellationToken);
    }

    /// <summary>Everyone who may decide on <paramref name="risk"/>'s plan now, with their chats, and what the submitter should know.</summary>
    public async Task<RiskApproverRoute> RouteAsync(string tenantId, Risk risk, RiskCriteriaOptions criteria, bool managersMayApprove, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(risk);
        ArgumentNullException.ThrowIfNull(criteria);
        var notes = new List<string>();
        var (manager, managerNote) = await OwnersManagerAsync(risk, criteria, managersMayApprove, cancellationToken);
        if (managerNote is not null)
        {
            notes.Add(managerNote);
        }

        var route = risk.Route(criteria, manager?.Id) ?? throw new InvalidOperationException($"{risk.Id} has no residual rating, so it has no route.");
        var found = await _deciders.FindAsync(
            tenantId,
            route.ApproverRole,
            actor => MayDecide(actor, risk, route),
            manager,
            actor => route.NamedApproverUserId is not null && MayDecide(actor, risk, route),
            cancellationToken);
        var approvers = found.Deciders.Select(d => new RiskApproverContact(d.UserKey, d.Name, d.TeamsUserId, d.Chat, d.IsOwnersManager)).ToList();
        var (configured, excluded) = (found.Configured, found.Excluded);
        if (found.Manager == ManagerAsDecider.MayNotDecide)
        {
            notes.Add($"The risk owner's manager, {found.ManagerName}, proposed or changed this plan, so they can't approve it.");
        }
        else if (found.Manager == ManagerAsDecider.NoChat)
        {
            notes.Add($"The risk owner's manager, {found.ManagerName}, may approve it but has no chat with AimsBot yet: ask them to open AimsBot in Teams once.");
        }

        if (approvers.Count == 0)
        {
            notes.Add(NobodyNote(route, configured, excluded, managersMayApprove));
        }

        return new RiskApproverRoute(route, approvers, notes);
    }

    /// <summary>Whether <paramref name="actor"/> may decide on the plan along <paramref name="route"/>: the domain's rule.</summary>
    public static bool MayDecide(Actor actor, Risk risk, RiskApprovalRoute route)
    {
        ArgumentNullException.ThrowIfNull(risk);
        ArgumentNullException.ThrowIfNull(route);
        return Permissions.Can(actor, DomainAction.ApproveRiskTreatment, risk.ApprovalContext(route)).IsAllowed;
    }

    private static string NobodyNote(RiskApprovalRoute route, int configured, int excluded, bool managersMayApprove)
    {
        var setting = RoleOptions.SettingOf(route.ApproverRole);
        if (route.Kind == RiskApproverKind.TopManagement)
        {
            var why = $"the residual risk ({route.ResidualLevel.Words()}) is above the acceptance threshold ({route.Threshold.Words()}), so only top management can approve it";
            return configured == 0
                ? $"Nobody can approve it yet: {why}, and nobody is configured as top management. Ask your AimsBot administrator to set {setting} (Entra object ids of people or groups)."
                : excluded > 0
                    ? $"Nobody can approve it yet: {why}, and everyone in top management the bot can reach proposed or changed this plan. Ask your AimsBot administrator to add someone else to {setting}."
                    : $"Nobody can approve it yet: {why}, and nobody in {setting} has a chat with AimsBot. Ask them to open AimsBot in Teams once.";
        }

        var manager = managersMayApprove ? " (or give the risk owner a manager in Microsoft 365 who has opened AimsBot)" : "";
        if (configured == 0)
        {
            return $"Nobody can approve it yet: no risk approver is configured. Ask your AimsBot administrator to set {setting} (Entra object ids of people or groups){manager}.";
        }

        return excluded > 0
            ? $"Nobody can approve it yet: every risk approver the bot can reach proposed or changed this plan. Ask your AimsBot administrator to add someone else to {setting}{manager}."
            : $"Nobody can approve it yet: none of the risk approvers in {setting} has a chat with AimsBot. Ask them to open AimsBot in Teams once{manager}.";
    }
}
