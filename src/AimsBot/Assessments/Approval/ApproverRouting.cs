using AimsBot.Access;
using AimsBot.Domain.Access;
using AimsBot.Domain.Assessments;
using AimsBot.Domain.Register;
using AimsBot.Graph;
using AimsBot.Storage.Users;

namespace AimsBot.Assessments.Approval;

/// <summary>Someone a submitted assessment goes to: their user key, name, Teams id and chat (null when the bot has none).</summary>
public sealed record ApproverContact(string UserKey, string? Name, string? TeamsUserId, UserRecord? Chat, bool IsOwnersManager);

/// <summary>
/// Who may decide on one assessment and can be reached: <see cref="Approvers"/> (each eligible by the domain's rule,
/// in a stable order), the owner's manager as the directory names them (null: not looked up, none, or Graph failed),
/// and notes for the submitter (Graph down, someone without a chat, nobody eligible and what to set).
/// </summary>
public sealed record ApproverRoute(IReadOnlyList<ApproverContact> Approvers, string? OwnersManagerUserId, IReadOnlyList<string> Notes)
{
    public ImpactApproval Approval(ImpactApproverPolicy policy) => new(policy, OwnersManagerUserId);
}

/// <summary>
/// Finds the approvers of a submitted impact assessment by the policy (<c>Assessments:ApproverPolicy</c>): the risk
/// approvers (<c>Roles:RiskApprovers</c>, people or groups, as the compliance leads are found), and under
/// <see cref="ImpactApproverPolicy.RiskApproversOrOwnersManager"/> the system owner's manager from Microsoft Graph. Each
/// candidate is put to the domain's rule (<see cref="Permissions"/>, rule 8): nobody who assessed or answered it.
/// Graph down still routes to the risk approvers, and says so.
/// </summary>
public sealed class ApproverRouting
{
    private readonly ReachableDeciders _deciders;
    private readonly IDirectory _directory;

    public ApproverRouting(ReachableDeciders deciders, IDirectory directory)
    {
        _deciders = deciders;
        _directory = directory;
    }

    /// <summary>The owner's manager by the directory (null: policy without managers, a pending owner, none listed), and a note when Graph could not say.</summary>
    public async Task<(DirectoryUser? Manager, string? Note)> OwnersManagerAsync(AiSystem system, ImpactApproverPolicy policy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(system);
        if (policy != ImpactApproverPolicy.RiskApproversOrOwnersManager || system.OwnerUserId is not { Length: > 0 } owner || OwnerIds.IsPending(owner))
        {
            return (null, null);
        }

        return await _directory.LookUpAsync(owner, "system owner's", cancellationToken);
    }

    /// <summary>Everyone who may decide on <paramref name="assessment"/> now, with their chats, and what the submitter should know.</summary>
    public async Task<ApproverRoute> RouteAsync(string tenantId, AiSystem system, ImpactAssessment assessment, ImpactApproverPolicy policy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentNullException.ThrowIfNull(assessment);
        var notes = new List<string>();
        var (manager, managerNote) = await OwnersManagerAsync(system, policy, cancellationToken);
        if (managerNote is not null)
        {
            notes.Add(managerNote);
        }

        var approval = new ImpactApproval(policy, manager?.Id);
        var found = await _deciders.FindAsync(
            tenantId,
            Role.RiskApprover,
            actor => MayDecide(actor, system, assessment, approval),
            manager,
            actor => MayDecide(actor, system, assessment, approval),
            cancellationToken);
        var approvers = found.Deciders.Select(d => new ApproverContact(d.UserKey, d.Name, d.TeamsUserId, d.Chat, d.IsOwnersManager)).ToList();
        var (configured, excluded) = (found.Configured, found.Excluded);
        if (found.Manager == ManagerAsDecider.MayNotDecide)
        {
            notes.Add($"The system owner's manager, {found.ManagerName}, took part in this assessment, so they can't approve it.");
        }
        else if (found.Manager == ManagerAsDecider.NoChat)
        {
            notes.Add($"The system owner's manager, {found.ManagerName}, may approve it but has no chat with AimsBot yet: ask them to open AimsBot in Teams once.");
        }

        if (approvers.Count == 0)
        {
            notes.Add(NobodyNote(configured, excluded, policy));
        }

        return new ApproverRoute(approvers, manager?.Id, notes);
    }

    /// <summary>Whether <paramref name="actor"/> may approve or return the assessment: the domain's rule 8, with the manager the policy names.</summary>
    public static bool MayDecide(Actor actor, AiSystem system, ImpactAssessment assessment, ImpactApproval approval)
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentNullException.ThrowIfNull(assessment);
        ArgumentNullException.ThrowIfNull(approval);
        return Permissions.Can(actor, DomainAction.ApproveImpactAssessment, Context(system, assessment, approval)).IsAllowed;
    }

    /// <summary>The domain's resource context of an assessment's decision.</summary>
    public static ResourceContext Context(AiSystem system, ImpactAssessment assessment, ImpactApproval approval)
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentNullException.ThrowIfNull(assessment);
        ArgumentNullException.ThrowIfNull(approval);
        return ResourceContext.ImpactAssessment(
            system.OwnerUserId,
            assessment.AssessorUserId,
            assessment.Participants,
            approval.Policy == ImpactApproverPolicy.RiskApproversOrOwnersManager ? approval.OwnersManagerUserId : null);
    }

    private static string NobodyNote(int configured, int excluded, ImpactApproverPolicy policy)
    {
        var setting = RoleOptions.SettingOf(Role.RiskApprover);
        var manager = policy == ImpactApproverPolicy.RiskApproversOrOwnersManager
            ? " (or give the system owner a manager in Microsoft 365 who has opened AimsBot)"
            : "";
        if (configured == 0)
        {
            return $"Nobody can approve it yet: no risk approver is configured. Ask your AimsBot administrator to set {setting} (Entra object ids of people or groups){manager}.";
        }

        return excluded > 0
            ? $"Nobody can approve it yet: every risk approver the bot can reach took part in this assessment. Ask your AimsBot administrator to add someone else to {setting}{manager}."
            : $"Nobody can approve it yet: none of the risk approvers in {setting} has a chat with AimsBot. Ask them to open AimsBot in Teams once{manager}.";
    }
}
