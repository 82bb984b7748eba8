using AimsBot.Domain.Access;
using AimsBot.Graph;
using Microsoft.Extensions.Options;

namespace AimsBot.Access;

/// <summary>
/// Resolves a person's AIMS roles in one tenant from configuration: their own object id, or (through
/// <see cref="IGroupMembership"/>) a group they belong to — only entries of that tenant count, so holding a role in
/// tenant A grants nothing in tenant B. Groups are read from the one directory Graph reads (<see cref="GraphActivation.TenantId"/>),
/// so they count only for callers of that tenant. The register adds ownership on top.
/// </summary>
public sealed class RoleDirectory
{
    private static readonly Role[] AllRoles = [Role.ComplianceLead, Role.Auditor, Role.RiskApprover, Role.Admin, Role.TopManagement];
    private readonly RoleOptions _options;
    private readonly IGroupMembership _groups;
    private readonly string? _groupDirectoryTenant;

    public RoleDirectory(IOptions<RoleOptions> options, IGroupMembership groups, GraphActivation graph)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(graph);
        _options = options.Value;
        _groups = groups;
        _groupDirectoryTenant = graph.Enabled ? graph.TenantId : null;
    }

    public async Task<IReadOnlySet<Role>> GetRolesAsync(string tenantId, string? aadObjectId, CancellationToken cancellationToken)
    {
        var roles = new HashSet<Role>();
        if (string.IsNullOrWhiteSpace(tenantId) || string.IsNullOrWhiteSpace(aadObjectId))
        {
            return roles;
        }

        var holders = AllRoles.ToDictionary(r => r, r => _options.HoldersOf(r).Where(h => h.IsIn(tenantId)).ToList());
        if (holders.Values.All(h => h.Count == 0))
        {
            return roles;
        }

        // A group id names a group only in its own directory: the person's groups count only when Graph reads their tenant.
        var groups = string.Equals(_groupDirectoryTenant, tenantId, StringComparison.OrdinalIgnoreCase)
            ? await _groups.GetGroupIdsAsync(aadObjectId, cancellationToken)
            : NoGroups;
        foreach (var (role, inTenant) in holders)
        {
            if (inTenant.Any(h => h.Is(aadObjectId) || groups.Contains(h.ObjectId)))
            {
                roles.Add(role);
            }
        }

        return roles;
    }

    private static readonly IReadOnlySet<string> NoGroups = new HashSet<string>();
}

/// <summary>The groups (transitively) a person belongs to. Graph-backed in production; none by default.</summary>
public interface IGroupMembership
{
    Task<IReadOnlySet<string>> GetGroupIdsAsync(string aadObjectId, CancellationToken cancellationToken);
}

/// <summary>Used when Graph is not configured: roles come from direct object ids only.</summary>
public sealed class NoGroupMembership : IGroupMembership
{
    private static readonly IReadOnlySet<string> None = new HashSet<string>();

    public Task<IReadOnlySet<string>> GetGroupIdsAsync(string aadObjectId, CancellationToken cancellationToken) => Task.FromResult(None);
}
