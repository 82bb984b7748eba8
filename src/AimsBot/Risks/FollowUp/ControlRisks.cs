using AimsBot.Domain.Access;
using AimsBot.Domain.Catalogue;
using AimsBot.Domain.Risks;
using AimsBot.Register;
using AimsBot.Storage.Risks;
using AimsBot.Teams.Cards;

namespace AimsBot.Risks.FollowUp;

/// <summary>A risk that names a control in its treatment plan, as the SoA and <c>control &lt;id&gt;</c> show it.</summary>
public sealed record TreatingRisk(RiskId Id, string Title, RiskLevel? Level, RiskStatus Status, string? OwnerUserId);

/// <summary>
/// Which risks each control treats (ISO/IEC 42001 6.1.3: the risks are the inclusion's justification), from ONE
/// <see cref="RiskRepository.ListAsync"/> per request (its <c>Controls</c> column), never one read per control.
/// A system's SoA counts the system's risks and the organisation-wide ones; the organisation's counts every risk
/// (its controls answer for every system that inherits them). Closed risks treat nothing.
/// </summary>
public sealed class ControlRisks
{
    private readonly RiskRepository _risks;

    public ControlRisks(RiskRepository risks) => _risks = risks;

    public async Task<IReadOnlyDictionary<ControlId, IReadOnlyList<TreatingRisk>>> ForScopeAsync(string tenantId, string? systemId, CancellationToken cancellationToken)
    {
        var byControl = new Dictionary<ControlId, List<TreatingRisk>>();
        foreach (var risk in await _risks.ListAsync(tenantId, cancellationToken))
        {
            if (risk.Status == RiskStatus.Closed || (systemId is not null && risk.SystemId is not null && !string.Equals(risk.SystemId, systemId, StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            var treating = new TreatingRisk(risk.Id, risk.Title, risk.Status == RiskStatus.Approved ? risk.ResidualLevel ?? risk.InherentLevel : risk.InherentLevel, risk.Status, risk.OwnerUserId);
            foreach (var control in risk.Controls)
            {
                if (ControlId.TryParse(control, out var id))
                {
                    (byControl.TryGetValue(id, out var list) ? list : byControl[id] = []).Add(treating);
                }
            }
        }

        return byControl.ToDictionary(p => p.Key, p => (IReadOnlyList<TreatingRisk>)p.Value.OrderBy(r => r.Id.Number).ToList());
    }

    /// <summary>The SoA's "treats" text per control: the ids, <c>R-3, R-7</c>.</summary>
    public async Task<IReadOnlyDictionary<ControlId, string>> IdsAsync(string tenantId, string? systemId, CancellationToken cancellationToken) =>
        (await ForScopeAsync(tenantId, systemId, cancellationToken)).ToDictionary(p => p.Key, p => Ids(p.Value));

    public static string Ids(IEnumerable<TreatingRisk> risks) => string.Join(", ", risks.Select(r => r.Id.ToString()));

    /// <summary>
    /// <c>control &lt;id&gt;</c>'s lines: id, title, level and status for someone who may read the risk (by role, or as
    /// its owner or the system's owner); the id alone for anyone else (the SoA shows ids to everyone).
    /// </summary>
    public async Task<IReadOnlyList<string>> LinesAsync(Actor actor, string tenantId, string? systemId, string? systemOwnerUserId, ControlId control, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var risks = (await ForScopeAsync(tenantId, systemId, cancellationToken)).GetValueOrDefault(control) ?? [];
        return risks.Select(r => Permissions.Can(actor, DomainAction.ViewRisks, new ResourceContext(OwnerUserId: r.OwnerUserId, SystemOwnerUserId: systemOwnerUserId)).IsAllowed
            ? $"**{r.Id}** {CardText.Md(r.Title)} · {r.Level?.Words() ?? "not rated"} · {r.Status.Words()}"
            : $"**{r.Id}** (say **risk {r.Id}** if you may see it)").ToList();
    }
}
