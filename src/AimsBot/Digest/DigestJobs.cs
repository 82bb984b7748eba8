using AimsBot.Nudges;
using AimsBot.Storage;
using Hangfire;

namespace AimsBot.Digest;

/// <summary>
/// The recurring digest job (<c>digest-scan</c>, cron <c>Digest:ScanCron</c>, hourly by default): enqueues one
/// <see cref="TenantDigestJob"/> per tenant; it carries ids only.
/// </summary>
public sealed class DigestJob
{
    public const string RecurringJobId = "digest-scan";
    private readonly DueScanTenants _tenants;
    private readonly IBackgroundJobClient _jobs;

    public DigestJob(DueScanTenants tenants, IBackgroundJobClient jobs)
    {
        _tenants = tenants;
        _jobs = jobs;
    }

    [AutomaticRetry(Attempts = 1)]
    public Task RunAsync(CancellationToken cancellationToken)
    {
        foreach (var tenant in _tenants.All())
        {
            _jobs.Enqueue<TenantDigestJob>(job => job.RunAsync(tenant, CancellationToken.None));
        }

        return Task.CompletedTask;
    }
}

/// <summary>One tenant's digests as a Hangfire job: re-entrant (the outbox ids are per lead and week), retried once.</summary>
public sealed class TenantDigestJob
{
    private static readonly TimeSpan TablesTimeout = TimeSpan.FromSeconds(60);
    private readonly DigestDelivery _delivery;
    private readonly TableInitializer _tables;
    private readonly TimeProvider _clock;

    public TenantDigestJob(DigestDelivery delivery, TableInitializer tables, TimeProvider clock)
    {
        _delivery = delivery;
        _tables = tables;
        _clock = clock;
    }

    [AutomaticRetry(Attempts = 1)]
    public async Task RunAsync(string tenantId, CancellationToken cancellationToken)
    {
        await _tables.Ready.WaitAsync(TablesTimeout, _clock, cancellationToken);
        await _delivery.RunAsync(tenantId, cancellationToken);
    }
}
