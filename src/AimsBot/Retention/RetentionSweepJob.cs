using AimsBot.Files;
using AimsBot.Storage;
using AimsBot.Storage.Nudges;
using Hangfire;
using Microsoft.Extensions.Options;

namespace AimsBot.Retention;

/// <summary>What one sweep deleted.</summary>
public sealed record RetentionSweep(int ProcessedActivities, int ExportOffers, int NudgeScanRuns = 0);

/// <summary>
/// Daily (<c>retention-sweep</c>, <c>Retention:SweepCron</c>): deletes de-duplication rows, file-consent offers and
/// <c>nudge now</c> run rows older than their
/// window (<see cref="RetentionOptions"/>), so those tables hold days of traffic, not every activity ever received.
/// Re-entrant: a second run, or two instances at once, find nothing more to delete.
/// </summary>
public sealed partial class RetentionSweepJob
{
    public const string RecurringJobId = "retention-sweep";

    private readonly ProcessedActivityStore _activities;
    private readonly ExportOfferStore _offers;
    private readonly NudgeScanRunStore _scanRuns;
    private readonly RetentionOptions _options;
    private readonly TimeProvider _clock;
    private readonly ILogger<RetentionSweepJob> _logger;

    public RetentionSweepJob(ProcessedActivityStore activities, ExportOfferStore offers, NudgeScanRunStore scanRuns, IOptions<RetentionOptions> options, TimeProvider clock, ILogger<RetentionSweepJob> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _activities = activities;
        _offers = offers;
        _scanRuns = scanRuns;
        _options = options.Value;
        _clock = clock;
        _logger = logger;
    }

    [AutomaticRetry(Attempts = 2)]
    public async Task<RetentionSweep> RunAsync(CancellationToken cancellationToken)
    {
        var now = _clock.GetUtcNow();
        var sweep = new RetentionSweep(
            await _activities.DeleteReceivedBeforeAsync(now - _options.ProcessedActivities, cancellationToken),
            await _offers.DeleteCreatedBeforeAsync(now - _options.ExportOffers, cancellationToken),
            await _scanRuns.DeleteRequestedBeforeAsync(now - _options.NudgeScanRuns, cancellationToken));
        LogSwept(_logger, sweep.ProcessedActivities, sweep.ExportOffers, sweep.NudgeScanRuns);
        return sweep;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention sweep deleted {ProcessedActivities} processed-activity rows, {ExportOffers} export offers and {NudgeScanRuns} nudge-now runs")]
    private static partial void LogSwept(ILogger logger, int processedActivities, int exportOffers, int nudgeScanRuns);
}
