using AimsBot.Domain.Access;
using Microsoft.Extensions.Options;

namespace AimsBot.Access;

/// <summary>
/// Resolves a person's AIMS roles from configuration: their own object id, or (through
/// <see cref="IGroupMembership"/>) a group they belong to. The register adds ownership on top.
/// </summary>
public sealed class RoleDirectory
{
    private readonly RoleOptions _options;
    private readonly IGroupMembership _groups;

    public RoleDirectory(IOptions<RoleOptions> options, IGroupMembership groups)
    {
        _options = options.Value;
        _groups = groups;
    }

    public async Task<IReadOnlySet<Role>> GetRolesAsync(string? aadObjectId, CancellationToken cancellationToken)
    {
        var roles = new HashSet<Role>();
        if (string.IsNullOrWhiteSpace(aadObjectId))
        {
            return roles;
        }

        var groups = await _groups.GetGroupIdsAsync(aadObjectId, cancellationToken);
        bool Holds(IReadOnlyList<string> ids) =>
            ids.Any(id => string.Equals(id, aadObjectId, StringComparison.OrdinalIgnoreCase) || groups.Contains(id));

        if (Holds(_options.ComplianceLeads))
        {
            roles.Add(Role.ComplianceLead);
        }

        if (Holds(_options.Auditors))
        {
            roles.Add(Role.Auditor);
        }

        if (Holds(_options.RiskApprovers))
        {
            roles.Add(Role.RiskApprover);
        }

        if (Holds(_options.Admins))
        {
            roles.Add(Role.Admin);
        }

        return roles;
    }
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
