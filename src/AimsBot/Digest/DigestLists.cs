using AimsBot.Domain.Access;
using AimsBot.Domain.Assessments;
using AimsBot.Domain.Digest;
using AimsBot.Domain.Risks;
using AimsBot.Domain.Scheduling;
using AimsBot.Register;
using AimsBot.Storage.Assessments;
using AimsBot.Storage.Digest;
using AimsBot.Storage.Register;
using AimsBot.Storage.Risks;

namespace AimsBot.Digest;

/// <summary>What the digest's buttons show, read afresh when pressed: the overdue controls, and what waits for approval.</summary>
public sealed class DigestLists
{
    private readonly DigestTables _tables;
    private readonly AiSystemRepository _systems;
    private readonly RiskRepository _risks;
    private readonly ImpactAssessmentRepository _assessments;
    private readonly TimeProvider _clock;

    public DigestLists(DigestTables tables, AiSystemRepository systems, RiskRepository risks, ImpactAssessmentRepository assessments, TimeProvider clock)
    {
        _tables = tables;
        _systems = systems;
        _risks = risks;
        _assessments = assessments;
        _clock = clock;
    }

    /// <summary>The most overdue applicable controls first (at most <see cref="DigestCards.MaxListed"/>), and how many are overdue.</summary>
    public async Task<(IReadOnlyList<DigestOverdueRow> Rows, int Total)> OverdueAsync(string tenantId, CancellationToken cancellationToken)
    {
        var names = await _systems.NamesAsync(tenantId, cancellationToken);
        var now = _clock.GetUtcNow();
        var overdue = new List<DigestOverdueRow>();
        await foreach (var control in _tables.ControlsAsync(tenantId, cancellationToken))
        {
            if (!control.Applicable || control.NextDue is not { } due)
            {
                continue;
            }

            var today = DigestCalendar.LocalDate(now, TimeZones.FindOrUtc(control.DueTimeZoneId));
            if (DigestRules.IsOverdue(due, today))
            {
                var scope = control.Scope == "org" ? "Organisation" : names.GetValueOrDefault(control.Scope) ?? control.Scope;
                var owner = control.OwnerUserId is null ? "no owner" : OwnerIds.Display(control.OwnerUserId, control.OwnerName);
                overdue.Add(new DigestOverdueRow(control.ControlId, scope, owner, today.DayNumber - due.DayNumber));
            }
        }

        return (overdue.OrderByDescending(o => o.DaysOverdue).ThenBy(o => o.ControlId, StringComparer.Ordinal).Take(DigestCards.MaxListed).ToList(), overdue.Count);
    }

    /// <summary>Risk treatment plans awaiting approval, then impact assessments submitted for approval.</summary>
    public async Task<(IReadOnlyList<DigestWaitingRow> Rows, int Total)> WaitingAsync(string tenantId, CancellationToken cancellationToken)
    {
        var names = await _systems.NamesAsync(tenantId, cancellationToken);
        string SystemName(string? id) => id is null ? "Organisation" : names.GetValueOrDefault(id) ?? id;
        var waiting = new List<DigestWaitingRow>();
        foreach (var risk in await _risks.ListAsync(tenantId, cancellationToken))
        {
            if (risk.Status == RiskStatus.AwaitingApproval)
            {
                var level = risk.ResidualLevel is { } residual ? ", residual " + RiskLevels.Name(residual) : "";
                waiting.Add(new DigestWaitingRow("Risk " + risk.Id, risk.Title, SystemName(risk.SystemId) + level));
            }
        }

        foreach (var stored in await _assessments.ListLatestAsync(tenantId, cancellationToken))
        {
            if (stored.State.Status == AssessmentStatus.Submitted)
            {
                var submitted = stored.State.SubmittedAt is { } at ? " submitted " + CardText.Date(DateOnly.FromDateTime(at.UtcDateTime)) : "";
                waiting.Add(new DigestWaitingRow("Impact assessment", SystemName(stored.State.SystemId), "version " + stored.State.Version.ToString(System.Globalization.CultureInfo.InvariantCulture) + submitted));
            }
        }

        return (waiting.Take(DigestCards.MaxListed).ToList(), waiting.Count);
    }
}
