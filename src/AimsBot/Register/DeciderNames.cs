using AimsBot.Domain.Access;
using AimsBot.Domain.Catalogue;
using AimsBot.Domain.Soa;
using AimsBot.Storage.Register;

namespace AimsBot.Register;

/// <summary>
/// Who decided each applicability decision of a scope, by name: the name stored with the decision, else (rows written
/// before it was kept) the name the bot knows for the decider — from the register's owners, then the Users table —
/// else the id. One look-up per decider the scope's stored rows do not name.
/// </summary>
public sealed class DeciderNames
{
    private readonly UserLookup _users;

    public DeciderNames(UserLookup users) => _users = users;

    /// <summary>The decider of each decided row of <paramref name="view"/>'s SoA, by control id.</summary>
    public async Task<IReadOnlyDictionary<ControlId, string>> ForAsync(string tenantId, ScopeView view, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(view);
        var deciders = new Dictionary<ControlId, string>();
        var looked = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var row in view.Soa.Rows.Where(r => r.DecidedBy is not null))
        {
            var id = row.DecidedBy!;
            if (view.Effective(row.ControlId).Stored?.DecidedByName is { Length: > 0 } stored)
            {
                deciders[row.ControlId] = stored;
                continue;
            }

            var asOwner = view.OwnerDisplay(id);
            if (!string.Equals(asOwner, id, StringComparison.Ordinal))
            {
                deciders[row.ControlId] = asOwner;
                continue;
            }

            if (!looked.TryGetValue(id, out var name))
            {
                name = OwnerIds.IsPending(id) ? null : (await _users.GetAsync(tenantId, id, cancellationToken))?.Name;
                looked[id] = name;
            }

            deciders[row.ControlId] = string.IsNullOrWhiteSpace(name) ? id : name;
        }

        return deciders;
    }

    /// <summary>The decider of <paramref name="row"/> without look-ups: the stored name, else what the scope knows, else the id.</summary>
    public static string Display(ScopeView view, SoaRow row)
    {
        ArgumentNullException.ThrowIfNull(view);
        ArgumentNullException.ThrowIfNull(row);
        return view.Effective(row.ControlId).Stored?.DecidedByName is { Length: > 0 } stored ? stored : view.OwnerDisplay(row.DecidedBy);
    }
}
