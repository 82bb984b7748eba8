using AimsBot.Files;
using AimsBot.Storage;
using Hangfire;
using Microsoft.Extensions.Options;

namespace AimsBot.Retention;

/// <summary>What one sweep deleted.</summary>
public sealed record RetentionSweep(int ProcessedActivities, int ExportOffers);

/// <summary>
/// Daily (<c>retention-sweep</c>, 03:45 UTC): deletes de-duplication rows and file-consent offers older than their
/// window (<see cref="RetentionOptions"/>), so those tables hold days of traffic, not every activity ever received.
/// Re-entrant: a second run, or two instances at once, find nothing more to delete.
/// </summary>
public sealed partial class RetentionSweepJob
{
    public const string RecurringJobId = "retention-sweep";

    private readonly ProcessedActivityStore _activities;
    private readonly ExportOfferStore _offers;
    private readonly RetentionOptions _options;
    private readonly TimeProvider _clock;
    private readonly ILogger<RetentionSweepJob> _logger;

    public RetentionSweepJob(ProcessedActivityStore activities, ExportOfferStore offers, IOptions<RetentionOptions> options, TimeProvider clock, ILogger<RetentionSweepJob> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _activities = activities;
        _offers = offers;
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
            await _offers.DeleteCreatedBeforeAsync(now - _options.ExportOffers, cancellationToken));
        LogSwept(_logger, sweep.ProcessedActivities, sweep.ExportOffers);
        return sweep;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention sweep deleted {ProcessedActivities} processed-activity rows and {ExportOffers} export offers")]
    private static partial void LogSwept(ILogger logger, int processedActivities, int exportOffers);
}
