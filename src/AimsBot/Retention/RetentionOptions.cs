using Microsoft.Extensions.Options;

namespace AimsBot.Retention;

/// <summary>How long working rows that are not records are kept. Bound from <c>Retention</c>.</summary>
public sealed class RetentionOptions
{
    public const string SectionName = "Retention";

    /// <summary>
    /// How long an inbound activity's de-duplication row (ProcessedActivities) is kept. Teams redelivers within minutes,
    /// and a replay older than the channel token's lifetime (about an hour) is refused at the door anyway.
    /// </summary>
    public TimeSpan ProcessedActivities { get; set; } = TimeSpan.FromDays(2);

    /// <summary>How long a file-consent offer (ExportOffers) can still be accepted; after that the person asks again.</summary>
    public TimeSpan ExportOffers { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How long a <c>nudge now</c> run row is kept (its counts have been answered or sent long before).</summary>
    public TimeSpan NudgeScanRuns { get; set; } = TimeSpan.FromDays(7);

    /// <summary>When the daily sweep runs (cron, UTC): a quiet hour, after the ledger checkpoint.</summary>
    public string SweepCron { get; set; } = "45 3 * * *";
}

internal sealed class RetentionOptionsValidator : IValidateOptions<RetentionOptions>
{
    public ValidateOptionsResult Validate(string? name, RetentionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<string>();
        if (options.ProcessedActivities < TimeSpan.FromDays(1) || options.ProcessedActivities > TimeSpan.FromDays(365))
        {
            problems.Add($"Retention:ProcessedActivities '{options.ProcessedActivities}' must be between 1.00:00:00 and 365.00:00:00: shorter would let a redelivered activity act twice (Retention__ProcessedActivities=2.00:00:00).");
        }

        if (options.ExportOffers < TimeSpan.FromHours(1) || options.ExportOffers > TimeSpan.FromDays(365))
        {
            problems.Add($"Retention:ExportOffers '{options.ExportOffers}' must be between 01:00:00 and 365.00:00:00 (Retention__ExportOffers=7.00:00:00).");
        }

        if (options.NudgeScanRuns < TimeSpan.FromDays(1) || options.NudgeScanRuns > TimeSpan.FromDays(365))
        {
            problems.Add($"Retention:NudgeScanRuns '{options.NudgeScanRuns}' must be between 1.00:00:00 and 365.00:00:00: set Retention__NudgeScanRuns to e.g. 7.00:00:00.");
        }

        if (AimsBot.Scheduling.CronSetting.Problem("Retention:SweepCron", options.SweepCron, "45 3 * * *") is { } cron)
        {
            problems.Add(cron);
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
