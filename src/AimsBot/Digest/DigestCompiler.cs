using AimsBot.Domain.Access;
using AimsBot.Domain.Assessments;
using AimsBot.Domain.Catalogue;
using AimsBot.Domain.Digest;
using AimsBot.Domain.Risks;
using AimsBot.Domain.Scheduling;
using AimsBot.Register;
using AimsBot.Risks;
using AimsBot.Storage.Assessments;
using AimsBot.Storage.Digest;
using AimsBot.Storage.Ledger;
using AimsBot.Storage.Register;
using AimsBot.Storage.Risks;
using AimsBot.Storage.Users;
using Microsoft.Extensions.Options;

namespace AimsBot.Digest;

/// <summary>A compiled digest: the week's figures and the trend the chart draws (oldest first, this week last, at most 12).</summary>
public sealed record DigestReport(string TenantId, DigestFigures Figures, IReadOnlyList<DigestWeek> Trend, DateTimeOffset CompiledAt, TimeZoneInfo Zone);

/// <summary>
/// Computes a tenant's digest in one pass over its tables: the control instances once (overdue, newly overdue, SoA
/// coverage, owners), the evidence index once per control (a row-key range from Monday), the open nonconformities
/// once, the risk list's columns once, the latest assessments once, each owner's user row once, the latest ledger checkpoint; then saves the week's snapshot row and reads the eleven weeks before it. The
/// week is the organisation's (<c>Register:OrganizationTimeZone</c>).
/// </summary>
public sealed partial class DigestCompiler
{
    public const int TrendWeeks = 12;
    private const int EvidenceReadsAtOnce = 8;

    private readonly DigestTables _tables;
    private readonly DigestSnapshotStore _snapshots;
    private readonly AiSystemRepository _systems;
    private readonly RiskRepository _risks;
    private readonly ImpactAssessmentRepository _assessments;
    private readonly UserDirectory _users;
    private readonly ILedgerCheckpointStore _checkpoints;
    private readonly IOptions<RegisterOptions> _register;
    private readonly IOptions<RiskOptions> _riskOptions;
    private readonly IOptions<DigestOptions> _options;
    private readonly TimeProvider _clock;
    private readonly ILogger<DigestCompiler> _logger;

    public DigestCompiler(
        DigestTables tables,
        DigestSnapshotStore snapshots,
        AiSystemRepository systems,
        RiskRepository risks,
        ImpactAssessmentRepository assessments,
        UserDirectory users,
        ILedgerCheckpointStore checkpoints,
        IOptions<RegisterOptions> register,
        IOptions<RiskOptions> riskOptions,
        IOptions<DigestOptions> options,
        TimeProvider clock,
        ILogger<DigestCompiler> logger)
    {
        _tables = tables;
        _snapshots = snapshots;
        _systems = systems;
        _risks = risks;
        _assessments = assessments;
        _users = users;
        _checkpoints = checkpoints;
        _register = register;
        _riskOptions = riskOptions;
        _options = options;
        _clock = clock;
        _logger = logger;
    }

    public async Task<DigestReport> CompileAsync(string tenantId, CancellationToken cancellationToken)
    {
        var now = _clock.GetUtcNow();
        var zone = _register.Value.OrganizationZone;
        var today = DigestCalendar.LocalDate(now, zone);
        var week = DigestCalendar.WeekStartOf(today);
        var weekBegan = DigestCalendar.Instant(week, TimeOnly.MinValue, zone);

        var systems = (await _systems.NamesAsync(tenantId, cancellationToken)).Count;
        var controls = await ControlsAsync(tenantId, now, week, weekBegan, cancellationToken);
        var open = await _tables.OpenNonconformitiesAsync(tenantId, cancellationToken);
        var nonconformities = DigestRules.CountNonconformities(open.Select(n => (n.Severity, DigestCalendar.LocalDate(n.RaisedAt ?? now, zone))), today);
        var risks = await RisksAsync(tenantId, today, cancellationToken);
        var (dueSoon, overdueAssessments) = await AssessmentsAsync(tenantId, today, cancellationToken);
        var unreachable = await UnreachableAsync(tenantId, controls.Owners, cancellationToken);
        var checkpoint = await CheckpointAsync(tenantId, cancellationToken);

        var figures = new DigestFigures(
            week,
            DigestCalendar.WeekIdOf(week),
            systems,
            controls.Instances,
            controls.Overdue,
            controls.NewlyOverdue,
            controls.Evidence,
            AnnexA.Controls.Count - controls.ExcludedInOrganization,
            controls.ImplementedInOrganization,
            nonconformities,
            risks.Awaiting,
            risks.AboveThreshold,
            risks.Expiring,
            dueSoon,
            overdueAssessments,
            unreachable,
            checkpoint);

        var history = await _snapshots.WeeksAsync(tenantId, week.AddDays(-7 * (TrendWeeks - 1)), week.AddDays(-1), cancellationToken);
        await _snapshots.SaveAsync(tenantId, figures.Snapshot, now, cancellationToken);
        return new DigestReport(tenantId, figures, DigestRules.Trend(history, figures.Snapshot, TrendWeeks), now, zone);
    }

    private sealed record ControlFigures(int Instances, int Overdue, int NewlyOverdue, int Evidence, int ExcludedInOrganization, int ImplementedInOrganization, IReadOnlyDictionary<string, (string? Name, int Controls)> Owners);

    private async Task<ControlFigures> ControlsAsync(string tenantId, DateTimeOffset now, DateOnly week, DateTimeOffset weekBegan, CancellationToken cancellationToken)
    {
        var todayIn = new Dictionary<string, DateOnly>(StringComparer.Ordinal);
        var owners = new Dictionary<string, (string? Name, int Controls)>(StringComparer.OrdinalIgnoreCase);
        int instances = 0, overdue = 0, newly = 0, excluded = 0, implemented = 0;
        await foreach (var control in _tables.ControlsAsync(tenantId, cancellationToken))
        {
            instances++;
            var organization = string.Equals(control.Scope, "org", StringComparison.Ordinal);
            if (!control.Applicable)
            {
                excluded += organization ? 1 : 0;
                continue;
            }

            implemented += organization && control.Implemented ? 1 : 0;
            if (control.NextDue is { } due)
            {
                if (!todayIn.TryGetValue(control.DueTimeZoneId, out var today))
                {
                    today = DigestCalendar.LocalDate(now, TimeZones.FindOrUtc(control.DueTimeZoneId));
                    todayIn[control.DueTimeZoneId] = today;
                }

                overdue += DigestRules.IsOverdue(due, today) ? 1 : 0;
                newly += DigestRules.IsNewlyOverdue(due, today, week) ? 1 : 0;
            }

            if (control.OwnerUserId is { Length: > 0 } owner)
            {
                owners[owner] = owners.TryGetValue(owner, out var known) ? (known.Name ?? control.OwnerName, known.Controls + 1) : (control.OwnerName, 1);
            }
        }

        var evidence = await _tables.EvidenceSinceAsync(tenantId, AnnexA.Controls.Select(c => ControlId.Parse(c.Id)), weekBegan, EvidenceReadsAtOnce, cancellationToken);
        return new ControlFigures(instances, overdue, newly, evidence, excluded, implemented, owners);
    }

    private async Task<(int Awaiting, int AboveThreshold, int Expiring)> RisksAsync(string tenantId, DateOnly today, CancellationToken cancellationToken)
    {
        var criteria = _riskOptions.Value.Criteria;
        var warnUntil = today.AddDays(_riskOptions.Value.AcceptanceDueWarningDays);
        int awaiting = 0, above = 0, expiring = 0;
        foreach (var risk in await _risks.ListAsync(tenantId, cancellationToken))
        {
            awaiting += risk.Status == RiskStatus.AwaitingApproval ? 1 : 0;
            above += risk.Status != RiskStatus.Closed && (risk.ResidualLevel ?? risk.InherentLevel) is { } level && !criteria.IsWithinThreshold(level) ? 1 : 0;
            expiring += risk.Status == RiskStatus.Approved && risk.AcceptedUntil is { } until && until <= warnUntil ? 1 : 0;
        }

        return (awaiting, above, expiring);
    }

    private async Task<(int DueSoon, int Overdue)> AssessmentsAsync(string tenantId, DateOnly today, CancellationToken cancellationToken)
    {
        var soon = today.AddDays(_options.Value.DueSoonDays);
        int dueSoon = 0, overdue = 0;
        foreach (var stored in await _assessments.ListLatestAsync(tenantId, cancellationToken))
        {
            if (stored.State.Status != AssessmentStatus.Approved || stored.State.NextReassessmentDue is not { } due)
            {
                continue;
            }

            overdue += due < today ? 1 : 0;
            dueSoon += due >= today && due <= soon ? 1 : 0;
        }

        return (dueSoon, overdue);
    }

    /// <summary>Owners the bot cannot write to: known only by address, never chatted, removed or blocked the app. Most controls first.</summary>
    private async Task<IReadOnlyList<UnreachableOwner>> UnreachableAsync(string tenantId, IReadOnlyDictionary<string, (string? Name, int Controls)> owners, CancellationToken cancellationToken)
    {
        var unreachable = new List<UnreachableOwner>();
        foreach (var (owner, (name, count)) in owners)
        {
            var record = OwnerIds.IsPending(owner) ? null : await _users.GetAsync(tenantId, owner, cancellationToken);
            if (record is not { Reachable: true, ConversationId.Length: > 0, ServiceUrl.Length: > 0 })
            {
                unreachable.Add(new UnreachableOwner(OwnerIds.Display(owner, record?.Name ?? name), count));
            }
        }

        return unreachable.OrderByDescending(u => u.Controls).ThenBy(u => u.Name, StringComparer.OrdinalIgnoreCase).ToList();
    }

    private async Task<DigestCheckpoint?> CheckpointAsync(string tenantId, CancellationToken cancellationToken)
    {
        try
        {
            return await _checkpoints.LatestAsync(tenantId, cancellationToken) is { } latest ? new DigestCheckpoint(latest.Sequence, latest.HeadHash, latest.CreatedAt) : null;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The digest still goes; the card says the checkpoint could not be read.
            LogCheckpointUnreadable(_logger, tenantId, ex.Message);
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Digest of {Tenant}: the latest ledger checkpoint could not be read ({Problem})")]
    private static partial void LogCheckpointUnreadable(ILogger logger, string tenant, string problem);
}
