using AimsBot.Domain.Access;
using AimsBot.Domain.Catalogue;
using AimsBot.Domain.Nonconformities;
using AimsBot.Register;
using AimsBot.Storage.Nonconformities;

namespace AimsBot.Nonconformities.FollowUp;

/// <summary>An open major nonconformity about a control, as the SoA and <c>control &lt;id&gt;</c> show it.</summary>
public sealed record OpenMajorNonconformity(NonconformityId Id, string Title, string StageWords, ResourceContext People);

/// <summary>
/// Which open major nonconformities name each control (an auditor's first question about a control that is "included
/// and implemented"), from ONE query per request (<c>Status eq 'open' and Severity eq 'major'</c>), never one read per
/// control. A system's SoA counts the system's and the organisation-wide ones; the organisation's counts every one (its
/// controls answer for every system that inherits them), as for the risks a control treats.
/// </summary>
public sealed class ControlNonconformities
{
    private static readonly NonconformityListQuery OpenMajor = new(Open: true, Severity: NonconformitySeverity.Major.Name());

    private readonly NonconformityRepository _nonconformities;

    public ControlNonconformities(NonconformityRepository nonconformities) => _nonconformities = nonconformities;

    public async Task<IReadOnlyDictionary<ControlId, IReadOnlyList<OpenMajorNonconformity>>> ForScopeAsync(string tenantId, string? systemId, CancellationToken cancellationToken)
    {
        var byControl = new Dictionary<ControlId, List<OpenMajorNonconformity>>();
        foreach (var row in await _nonconformities.ListAllAsync(tenantId, OpenMajor, cancellationToken))
        {
            var scope = row.Scope is null or "org" ? null : row.Scope;
            if (systemId is not null && scope is not null && !string.Equals(scope, systemId, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var people = new ResourceContext(
                OwnerUserId: row.OwnerUserId,
                InitiatedByUserId: row.RaisedBy,
                ContributorUserIds: (row.ActionOwnerIds ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            var nc = new OpenMajorNonconformity(NonconformityRepository.IdOf(row), row.Title ?? "", Audit.NcsCards.StageWords(row), people);
            foreach (var control in (row.ControlIds ?? row.ControlId ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (ControlId.TryParse(control, out var id))
                {
                    (byControl.TryGetValue(id, out var list) ? list : byControl[id] = []).Add(nc);
                }
            }
        }

        return byControl.ToDictionary(p => p.Key, p => (IReadOnlyList<OpenMajorNonconformity>)p.Value.OrderBy(n => n.Id.Number).ToList());
    }

    /// <summary>The SoA's text per control: the ids, <c>NC-3, NC-7</c>.</summary>
    public async Task<IReadOnlyDictionary<ControlId, string>> IdsAsync(string tenantId, string? systemId, CancellationToken cancellationToken) =>
        (await ForScopeAsync(tenantId, systemId, cancellationToken)).ToDictionary(p => p.Key, p => string.Join(", ", p.Value.Select(n => n.Id.ToString())));

    /// <summary>
    /// <c>control &lt;id&gt;</c>'s lines: id, title and step for someone who may read the nonconformity (by role, or as one
    /// of its people); the id alone for anyone else (the SoA shows ids to everyone).
    /// </summary>
    public async Task<IReadOnlyList<string>> LinesAsync(Actor actor, string tenantId, string? systemId, ControlId control, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var open = (await ForScopeAsync(tenantId, systemId, cancellationToken)).GetValueOrDefault(control) ?? [];
        return open.Select(n => Permissions.Can(actor, DomainAction.ViewNonconformity, n.People).IsAllowed
            ? $"**{n.Id}** {CardText.Md(n.Title)} · {n.StageWords}"
            : $"**{n.Id}** (say **nc {n.Id}** if you may see it)").ToList();
    }
}
