using AimsBot.Domain.Access;
using AimsBot.Graph;
using AimsBot.Storage.Register;
using AimsBot.Storage.Users;
using Microsoft.Extensions.Options;

namespace AimsBot.Access;

/// <summary>Someone who may decide and whom the bot can reach: user key, name, Teams id and chat.</summary>
public sealed record ReachableDecider(string UserKey, string? Name, string? TeamsUserId, UserRecord Chat, bool IsOwnersManager);

/// <summary>What became of the owner's manager the directory named: not named, added, refused by the domain's rule, or without a chat.</summary>
public enum ManagerAsDecider
{
    NotNamed,
    Added,
    MayNotDecide,
    NoChat,
}

/// <summary>
/// The deciders found for one decision, in a stable order (the role's holders as <see cref="ComplianceLeadContacts"/>
/// finds them, then the manager), how many holders of the role the settings name in the tenant, how many reachable
/// ones the domain's rule excluded, and what became of the manager (with the name to tell the submitter).
/// </summary>
public sealed record DeciderSearch(IReadOnlyList<ReachableDecider> Deciders, int Configured, int Excluded, ManagerAsDecider Manager, string? ManagerName);

/// <summary>
/// The loop every approval shares (impact assessments, risk treatment plans): the reachable holders of the approving
/// role, each put to the workflow's rule (the domain's <see cref="Permissions"/>), then the owner's manager the
/// directory named, when the rule lets them decide and the bot has their chat. The wording for the submitter stays
/// with each workflow.
/// </summary>
public sealed class ReachableDeciders
{
    private readonly ComplianceLeadContacts _contacts;
    private readonly RoleDirectory _roles;
    private readonly RoleOptions _roleOptions;
    private readonly UserLookup _users;

    public ReachableDeciders(ComplianceLeadContacts contacts, RoleDirectory roles, IOptions<RoleOptions> roleOptions, UserLookup users)
    {
        ArgumentNullException.ThrowIfNull(roleOptions);
        _contacts = contacts;
        _roles = roles;
        _roleOptions = roleOptions.Value;
        _users = users;
    }

    /// <param name="role">The role whose holders decide (risk approvers, top management).</param>
    /// <param name="mayDecide">The workflow's rule for a holder of the role.</param>
    /// <param name="manager">The owner's manager as the directory names them (null: none, or not looked up).</param>
    /// <param name="managerMayDecide">The workflow's rule for the manager.</param>
    public async Task<DeciderSearch> FindAsync(
        string tenantId,
        Role role,
        Func<Actor, bool> mayDecide,
        DirectoryUser? manager,
        Func<Actor, bool> managerMayDecide,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(mayDecide);
        ArgumentNullException.ThrowIfNull(managerMayDecide);
        var deciders = new List<ReachableDecider>();
        var configured = _roleOptions.HoldersOf(role).Count(h => h.IsIn(tenantId));
        var excluded = 0;
        foreach (var record in await _contacts.ReachableAsync(tenantId, role, cancellationToken))
        {
            var roles = await _roles.GetRolesAsync(tenantId, record.RowKey, cancellationToken);
            if (mayDecide(new Actor(record.RowKey, roles)))
            {
                deciders.Add(new ReachableDecider(record.RowKey, record.Name, record.TeamsUserId, record, IsOwnersManager: false));
            }
            else
            {
                excluded++;
            }
        }

        if (manager is null || deciders.Any(a => string.Equals(a.UserKey, manager.Id, StringComparison.OrdinalIgnoreCase)))
        {
            return new DeciderSearch(deciders, configured, excluded, manager is null ? ManagerAsDecider.NotNamed : ManagerAsDecider.Added, null);
        }

        var found = await _users.GetAsync(tenantId, manager.Id, cancellationToken);
        var managerRoles = await _roles.GetRolesAsync(tenantId, manager.Id, cancellationToken);
        var name = manager.DisplayName ?? found?.Name ?? manager.UserPrincipalName ?? manager.Id;
        if (!managerMayDecide(new Actor(manager.Id, managerRoles)))
        {
            return new DeciderSearch(deciders, configured, excluded, ManagerAsDecider.MayNotDecide, name);
        }

        if (found is { Reachable: true, ConversationId.Length: > 0, ServiceUrl.Length: > 0 })
        {
            deciders.Add(new ReachableDecider(manager.Id, name, found.TeamsUserId, found, IsOwnersManager: true));
            return new DeciderSearch(deciders, configured, excluded, ManagerAsDecider.Added, name);
        }

        return new DeciderSearch(deciders, configured, excluded, ManagerAsDecider.NoChat, name);
    }
}
