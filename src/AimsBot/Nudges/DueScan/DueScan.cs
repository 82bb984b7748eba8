using AimsBot.Domain.Access;
using AimsBot.Teams.Hosting;
using Hangfire;
using Microsoft.Extensions.Options;

namespace AimsBot.Nudges;

/// <summary>
/// The tenants the due scan covers: the allowed tenants (<c>Bot:AllowedTenants</c>, or <c>Bot:TenantId</c>) — the bot
/// serves no one else, so no one else can own a control. In local anonymous mode (none configured), the local tenant.
/// </summary>
public sealed class DueScanTenants
{
    private readonly BotEndpointOptions _endpoint;

    public DueScanTenants(IOptions<BotEndpointOptions> endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        _endpoint = endpoint.Value;
    }

    public IReadOnlyList<string> All() =>
        _endpoint.AllowedTenants.Count > 0 ? _endpoint.AllowedTenants.Order(StringComparer.Ordinal).ToList() : [_endpoint.LocalTenantId];
}

/// <summary>
/// Another workflow's part of a tenant's due scan (impact assessments falling due): it runs in the scan's run, after
/// the control owners, under the same lock; what it queues has deterministic outbox ids too, and counts as queued.
/// </summary>
public interface IDueScanPart
{
    Task ScanAsync(DueScanRun run, CancellationToken cancellationToken);
}

/// <summary>
/// The due scan of one tenant: collects the control periods in the notice window or overdue
/// (<see cref="DuePeriodCollector"/>), then per owner queues one card, escalations and unreachable-owner reports
/// (<see cref="OwnerScan"/>). Every message has a deterministic outbox id, so running the same occurrence twice (a
/// retry, a second host, a crash and re-run) queues nothing new. Per tenant, one scan at a time across hosts (a
/// Hangfire distributed lock). Hangfire runs it per tenant (<see cref="TenantDueScanJob"/>).
/// </summary>
public sealed partial class DueScan
{
    /// <summary>The actor recorded in the ledger for what the scheduled scan does on its own.</summary>
    public const string SystemActorId = "system:nudge-scan";

    private const int OwnerParallelism = 16;
    private static readonly TimeSpan LockTimeout = TimeSpan.FromSeconds(60);
    private readonly DuePeriodCollector _collector;
    private readonly OwnerScan _owners;
    private readonly DueEscalation _escalation;
    private readonly DueScanLedger _ledger;
    private readonly DueScanTenants _tenants;
    private readonly IEnumerable<IDueScanPart> _parts;
    private readonly JobStorage _jobs;
    private readonly TimeProvider _clock;
    private readonly ILogger<DueScan> _logger;

    public DueScan(DuePeriodCollector collector, OwnerScan owners, DueEscalation escalation, DueScanLedger ledger, DueScanTenants tenants, IEnumerable<IDueScanPart> parts, JobStorage jobs, TimeProvider clock, ILogger<DueScan> logger)
    {
        _parts = parts;
        _escalation = escalation;
        _collector = collector;
        _owners = owners;
        _ledger = ledger;
        _tenants = tenants;
        _jobs = jobs;
        _clock = clock;
        _logger = logger;
    }

    /// <summary>Scans every tenant here, one after the other (tests and benchmarks; the recurring job runs one job per tenant instead).</summary>
    public async Task<NudgeScanReport> RunAsync(CancellationToken cancellationToken = default)
    {
        var total = NudgeScanReport.Empty;
        foreach (var tenant in _tenants.All())
        {
            total = total.Add(await ScanTenantAsync(tenant, null, cancellationToken));
        }

        return total;
    }

    /// <summary>
    /// Scans one tenant. <paramref name="requestedBy"/> is the person who asked (<c>nudge now</c>), recorded in the
    /// ledger; null for the scheduled scan. Waits for a scan of the same tenant running elsewhere to finish first.
    /// </summary>
    public async Task<NudgeScanReport> ScanTenantAsync(string tenantId, Actor? requestedBy, CancellationToken cancellationToken = default)
    {
        using var connection = _jobs.GetConnection();
        using var scanLock = connection.AcquireDistributedLock("aimsbot:nudge-scan:" + tenantId, LockTimeout);
        var run = new DueScanRun(tenantId, requestedBy ?? new Actor(SystemActorId, new HashSet<Role>()), _clock.GetUtcNow());
        var found = await _collector.CollectAsync(tenantId, run.Now, cancellationToken);
        run.Found(found.Due, found.Overdue, found.NoOwner);

        // Owners are independent (their rows, their outbox ids), so several are handled at once.
        await Parallel.ForEachAsync(
            found.ByOwner.OrderBy(o => o.Key, StringComparer.Ordinal),
            new ParallelOptions { MaxDegreeOfParallelism = OwnerParallelism, CancellationToken = cancellationToken },
            async (owner, ct) => await _owners.ScanAsync(run, owner.Key, owner.Value, ct));

        // No owner to remind: the compliance leads are told, once per reminder interval, so they can assign owners.
        if (await _escalation.ReportUnownedAsync(run, found.Unowned, cancellationToken))
        {
            run.Queued();
        }

        foreach (var part in _parts)
        {
            await part.ScanAsync(run, cancellationToken);
        }

        await _ledger.ScannedAsync(run, cancellationToken);
        var report = run.Report;
        LogScanned(_logger, tenantId, report.Due, report.Overdue, report.Queued, report.Unreachable, report.Installing, report.NoOwner, report.Escalated);
        return report;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Nudge scan of {Tenant}: {Due} due, {Overdue} overdue, {Queued} cards queued, {Unreachable} unreachable, {Installing} installing, {NoOwner} without owner, {Escalated} escalated")]
    private static partial void LogScanned(ILogger logger, string tenant, int due, int overdue, int queued, int unreachable, int installing, int noOwner, int escalated);
}
