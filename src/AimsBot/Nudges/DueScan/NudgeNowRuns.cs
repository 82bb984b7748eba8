using System.Diagnostics;
using AimsBot.Domain.Access;
using AimsBot.Proactive;
using AimsBot.Storage.Nudges;
using AimsBot.Storage.Outbox;
using Hangfire;

namespace AimsBot.Nudges;

/// <summary>
/// The scans people ask for with <c>nudge now</c>, from the chat turn to the counts. The turn records a run
/// (<see cref="NudgeScanRunRow"/>) and enqueues that tenant's scan job with the run's id; the job writes the counts
/// on the row. The turn waits a few seconds for them; if they are not there yet it hands over (ETag-guarded, so
/// exactly one of the turn and the job answers), and the job sends the counts to the person's 1:1 chat through
/// the outbox under an id made from the run, so a retried job never sends them twice. Storage, not memory, carries
/// the counts: the turn and the job may run on different hosts.
/// </summary>
public sealed partial class NudgeNowRuns
{
    public const string OutboxPurpose = "nudge-now";

    /// <summary>How often the waiting turn looks at the run's row.</summary>
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);
    private readonly NudgeScanRunStore _runs;
    private readonly IBackgroundJobClient _jobs;
    private readonly RecipientResolver _recipients;
    private readonly OutboxStore _outbox;
    private readonly TimeProvider _clock;
    private readonly ILogger<NudgeNowRuns> _logger;

    public NudgeNowRuns(NudgeScanRunStore runs, IBackgroundJobClient jobs, RecipientResolver recipients, OutboxStore outbox, TimeProvider clock, ILogger<NudgeNowRuns> logger)
    {
        _runs = runs;
        _jobs = jobs;
        _recipients = recipients;
        _outbox = outbox;
        _clock = clock;
        _logger = logger;
    }

    /// <summary>Records a run asked for by <paramref name="requestedBy"/> and enqueues the tenant's scan for it; returns the run id.</summary>
    public async Task<string> StartAsync(string tenantId, Actor requestedBy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(requestedBy);
        var runId = Guid.NewGuid().ToString("N");
        await _runs.AddAsync(
            new NudgeScanRunRow
            {
                PartitionKey = tenantId,
                RowKey = runId,
                RequestedBy = requestedBy.UserId,
                RequestedByRoles = string.Join(',', requestedBy.Roles.Order().Select(r => r.ToString())),
                RequestedAt = _clock.GetUtcNow(),
            },
            cancellationToken);
        _jobs.Enqueue<TenantDueScanJob>(job => job.RunRequestedAsync(tenantId, runId, CancellationToken.None));
        return runId;
    }

    /// <summary>
    /// The run's counts if it finishes within <paramref name="wait"/>; otherwise null, and the job will send them to
    /// the requester's 1:1 chat when it finishes.
    /// </summary>
    public async Task<NudgeScanReport?> WaitAsync(string tenantId, string runId, TimeSpan wait, CancellationToken cancellationToken)
    {
        // Elapsed real time, not the host's TimeProvider: this waits on a worker that runs in real time, and the
        // host's clock says what day it is (tests fake it and never move it while a job runs).
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < wait)
        {
            if (await _runs.GetAsync(tenantId, runId, cancellationToken) is { FinishedAt: not null } done)
            {
                return Report(done);
            }

            // The read took time: stop when nothing is left (Task.Delay would read -1 ms as "forever").
            var left = wait - waited.Elapsed;
            if (left <= TimeSpan.Zero)
            {
                break;
            }

            await Task.Delay(left < PollInterval ? left : PollInterval, cancellationToken);
        }

        var row = await _runs.ModifyAsync(tenantId, runId, r =>
        {
            if (r.FinishedAt is not null || r.HandedOver)
            {
                return false; // It finished meanwhile: this turn answers with the counts after all.
            }

            r.HandedOver = true;
            return true;
        }, cancellationToken);
        return row is { FinishedAt: not null } ? Report(row) : null;
    }

    /// <summary>
    /// The job's part: scans with the requester as the actor unless the run already finished (a retry after the counts
    /// were written keeps them), then sends the counts if the turn handed over. True when it queued anything to send.
    /// </summary>
    public async Task<bool> CompleteAsync(DueScan scan, string tenantId, string runId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scan);
        var run = await _runs.GetAsync(tenantId, runId, cancellationToken);
        if (run is null)
        {
            LogUnknownRun(_logger, tenantId, runId);
            return false;
        }

        var queued = false;
        if (run.FinishedAt is null)
        {
            var report = await scan.ScanTenantAsync(tenantId, RequestedBy(run), cancellationToken);
            queued = report.Queued + report.Escalated > 0;
            run = await _runs.ModifyAsync(tenantId, runId, r =>
            {
                if (r.FinishedAt is not null)
                {
                    return false; // Another run of this job finished first: its counts stand.
                }

                (r.Due, r.Overdue, r.Queued, r.Unreachable, r.Installing, r.NoOwner, r.Escalated, r.Snoozed) =
                    (report.Due, report.Overdue, report.Queued, report.Unreachable, report.Installing, report.NoOwner, report.Escalated, report.Snoozed);
                r.FinishedAt = _clock.GetUtcNow();
                return true;
            }, cancellationToken) ?? run;
        }

        if (run.HandedOver && run.FinishedAt is not null)
        {
            queued |= await SendCountsAsync(tenantId, run, cancellationToken);
        }

        return queued;
    }

    /// <summary>Queues the counts for the requester's 1:1 chat, at once (they asked); the id is the run's, so a repeat queues nothing.</summary>
    private async Task<bool> SendCountsAsync(string tenantId, NudgeScanRunRow run, CancellationToken cancellationToken)
    {
        var to = await _recipients.PersonAsync(tenantId, run.RequestedBy, cancellationToken);
        if (to is null)
        {
            LogNoChat(_logger, tenantId, run.RowKey, run.RequestedBy);
            return false;
        }

        var report = Report(run);
        var now = _clock.GetUtcNow();
        var id = OutboxStore.MessageId(OutboxPurpose, tenantId, run.RowKey);
        return await _outbox.EnqueueAsync(
            OutboxCards.Message(tenantId, id, OutboxPurpose, to.Chat, NudgeScanCards.Summary(report), NudgeScanCards.Report(report), now, now),
            cancellationToken);
    }

    private static Actor RequestedBy(NudgeScanRunRow run) =>
        new(run.RequestedBy, (run.RequestedByRoles ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries)
            .Select(name => Enum.TryParse<Role>(name, out var role) ? role : (Role?)null).OfType<Role>().ToHashSet());

    private static NudgeScanReport Report(NudgeScanRunRow row) =>
        new(row.Due, row.Overdue, row.Queued, row.Unreachable, row.Installing, row.NoOwner, row.Escalated, row.Snoozed);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Nudge scan run {RunId} of {Tenant} is not recorded: nothing to scan for it")]
    private static partial void LogUnknownRun(ILogger logger, string tenant, string runId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Nudge scan run {RunId} of {Tenant} finished, but {UserKey} who asked has no 1:1 chat with AimsBot to send the counts to")]
    private static partial void LogNoChat(ILogger logger, string tenant, string runId, string userKey);
}
