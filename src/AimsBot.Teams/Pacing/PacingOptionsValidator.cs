using Microsoft.Extensions.Options;

namespace AimsBot.Teams.Pacing;

/// <summary>Refuses pacing the limiter could not keep, naming the setting (<c>Teams:*</c>) and what to set.</summary>
internal sealed class PacingOptionsValidator : IValidateOptions<PacingOptions>
{
    public ValidateOptionsResult Validate(string? name, PacingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        var section = PacingOptions.SectionName;
        if (!(options.GlobalRatePerSecond > 0) || double.IsInfinity(options.GlobalRatePerSecond))
        {
            failures.Add($"{section}:GlobalRatePerSecond '{options.GlobalRatePerSecond}' must be a positive number: set {section}__GlobalRatePerSecond to the sends per second across all conversations, e.g. 45 (Teams allows {TeamsRateLimits.GlobalRequestsPerSecond}).");
        }

        if (options.GlobalWindowLimit is < 1 or > TeamsRateLimits.GlobalRequestsPerSecond)
        {
            failures.Add($"{section}:GlobalWindowLimit '{options.GlobalWindowLimit}' must be between 1 and {TeamsRateLimits.GlobalRequestsPerSecond}: set {section}__GlobalWindowLimit to at most the Teams limit of {TeamsRateLimits.GlobalRequestsPerSecond} requests per second.");
        }

        if (options.WindowMargin < TimeSpan.Zero)
        {
            failures.Add($"{section}:WindowMargin '{options.WindowMargin}' must not be negative: set {section}__WindowMargin to e.g. 00:00:00.100.");
        }

        if (options.LeaseTimeout <= TimeSpan.Zero)
        {
            failures.Add($"{section}:LeaseTimeout '{options.LeaseTimeout}' must be positive: set {section}__LeaseTimeout above the HTTP request timeout, e.g. 00:02:00.");
        }

        if (options.IdleSweepInterval <= TimeSpan.Zero)
        {
            failures.Add($"{section}:IdleSweepInterval '{options.IdleSweepInterval}' must be positive: set {section}__IdleSweepInterval to e.g. 00:01:00.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
