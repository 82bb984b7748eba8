using AimsBot.Domain.Access;
using AimsBot.Graph;
using AimsBot.Storage.Users;
using Microsoft.Extensions.Options;

namespace AimsBot.Access;

/// <summary>
/// The compliance leads of a tenant the bot can write to: everyone the proactive workflows tell (escalations,
/// unreachable owners, reassignment requests) is found here, so a lead configured through a group is reached
/// by all of them alike.
/// </summary>
public sealed class ComplianceLeadContacts
{
    private readonly UserDirectory _users;
    private readonly RoleDirectory _roles;
    private readonly RoleOptions _options;
    private readonly GraphActivation _graph;

    public ComplianceLeadContacts(UserDirectory users, RoleDirectory roles, IOptions<RoleOptions> options, GraphActivation graph)
    {
        ArgumentNullException.ThrowIfNull(options);
        _users = users;
        _roles = roles;
        _options = options.Value;
        _graph = graph;
    }

    /// <summary>
    /// Leads of <paramref name="tenantId"/> with a 1:1 conversation who have not blocked the bot, ordered by user key: the
    /// configured ids of that tenant that are known people; and when some configured id is not a known person (a group) and Graph is on, the known people
    /// whose roles, resolved through Graph, make them leads.
    /// </summary>
    public Task<IReadOnlyList<UserRecord>> ReachableAsync(string tenantId, CancellationToken cancellationToken) =>
        ReachableAsync(tenantId, Role.ComplianceLead, cancellationToken);

    /// <summary>
    /// The same for the holders of another role (the risk approvers an impact assessment goes to), found the same way.
    /// </summary>
    public async Task<IReadOnlyList<UserRecord>> ReachableAsync(string tenantId, Role role, CancellationToken cancellationToken)
    {
        var leads = new Dictionary<string, UserRecord>(StringComparer.OrdinalIgnoreCase);
        var unresolved = false;
        // Only holders in this tenant: someone configured for another tenant is nobody here.
        foreach (var id in _options.HoldersOf(role).Where(h => h.IsIn(tenantId)).Select(h => h.ObjectId))
        {
            var record = await _users.GetAsync(tenantId, id, cancellationToken);
            if (record is null)
            {
                unresolved = true;
            }
            else if (CanBeWritten(record))
            {
                leads[record.RowKey] = record;
            }
        }

        if (unresolved && _graph.Enabled)
        {
            await foreach (var record in _users.ListAsync(tenantId, cancellationToken))
            {
                if (!leads.ContainsKey(record.RowKey) && CanBeWritten(record)
                    && (await _roles.GetRolesAsync(tenantId, record.RowKey, cancellationToken)).Contains(role))
                {
                    leads[record.RowKey] = record;
                }
            }
        }

        return leads.Values.OrderBy(l => l.RowKey, StringComparer.Ordinal).ToList();
    }

    private static bool CanBeWritten(UserRecord record) =>
        record is { Reachable: true, ConversationId.Length: > 0, ServiceUrl.Length: > 0 };
}
