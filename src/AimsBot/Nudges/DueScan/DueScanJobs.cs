using AimsBot.Proactive;
using AimsBot.Storage;
using Hangfire;

namespace AimsBot.Nudges;

/// <summary>
/// The recurring scan (<c>nudge-scan</c>, cron <c>Nudges:ScanCron</c>, UTC): enqueues one <see cref="TenantDueScanJob"/>
/// per tenant (<see cref="DueScanTenants"/>), so a tenant's scan fails, retries and scales out on its own. It carries
/// ids only; the work is in the tenant job.
/// </summary>
public sealed class DueScanJob
{
    public const string RecurringJobId = "nudge-scan";
    private readonly DueScanTenants _tenants;
    private readonly IBackgroundJobClient _jobs;

    public DueScanJob(DueScanTenants tenants, IBackgroundJobClient jobs)
    {
        _tenants = tenants;
        _jobs = jobs;
    }

    [AutomaticRetry(Attempts = 1)]
    public Task RunAsync(CancellationToken cancellationToken)
    {
        EnqueueTenantScans();
        return Task.CompletedTask;
    }

    /// <summary>Enqueues each tenant's scan; returns the Hangfire job ids, in tenant order.</summary>
    public IReadOnlyList<string> EnqueueTenantScans() =>
        _tenants.All().Select(tenant => _jobs.Enqueue<TenantDueScanJob>(job => job.RunAsync(tenant, CancellationToken.None))).ToList();
}

/// <summary>
/// One tenant's due scan as a Hangfire job: it takes the tenant id (and, for <c>nudge now</c>, the run id) and reads
/// everything else from the tables. Re-entrant: a re-run of the same occurrence finds every outbox id queued and
/// every Nudges row recorded, so it sends nothing twice; the scan's per-tenant distributed lock keeps two runs of
/// one tenant (the recurring job, <c>nudge now</c>, a second host) from interleaving. Retried once, then left failed.
/// </summary>
public sealed class TenantDueScanJob
{
    private static readonly TimeSpan TablesTimeout = TimeSpan.FromSeconds(60);
    private readonly DueScan _scan;
    private readonly NudgeNowRuns _requested;
    private readonly TableInitializer _tables;
    private readonly IBackgroundJobClient _jobs;
    private readonly TimeProvider _clock;

    public TenantDueScanJob(DueScan scan, NudgeNowRuns requested, TableInitializer tables, IBackgroundJobClient jobs, TimeProvider clock)
    {
        _scan = scan;
        _requested = requested;
        _tables = tables;
        _jobs = jobs;
        _clock = clock;
    }

    /// <summary>The scheduled scan of <paramref name="tenantId"/>.</summary>
    [AutomaticRetry(Attempts = 1)]
    public async Task RunAsync(string tenantId, CancellationToken cancellationToken)
    {
        await _tables.Ready.WaitAsync(TablesTimeout, _clock, cancellationToken);
        await _scan.ScanTenantAsync(tenantId, null, cancellationToken);
    }

    /// <summary>
    /// The scan someone asked for (<c>nudge now</c>, run <paramref name="runId"/>): its counts go on the run's row and,
    /// if the chat turn stopped waiting, to the requester's 1:1 chat. Then asks for a drain, so the cards go out soon
    /// (each still waits for its recipient's working hours).
    /// </summary>
    [AutomaticRetry(Attempts = 1)]
    public async Task RunRequestedAsync(string tenantId, string runId, CancellationToken cancellationToken)
    {
        await _tables.Ready.WaitAsync(TablesTimeout, _clock, cancellationToken);
        if (await _requested.CompleteAsync(_scan, tenantId, runId, cancellationToken))
        {
            _jobs.Enqueue<OutboxDrainJob>(job => job.RunAsync(CancellationToken.None));
        }
    }
}
