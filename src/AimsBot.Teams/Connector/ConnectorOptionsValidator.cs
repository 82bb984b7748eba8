using Microsoft.Extensions.Options;

namespace AimsBot.Teams.Connector;

/// <summary>Refuses connector settings the client could not work with, naming the setting (<c>Bot:Connector:*</c>) and what to set.</summary>
internal sealed class ConnectorOptionsValidator : IValidateOptions<ConnectorOptions>
{
    public ValidateOptionsResult Validate(string? name, ConnectorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        const string section = ConnectorOptions.SectionName;
        const string variable = "Bot__Connector__";
        if (options.MaxRetries is < 0 or > 10)
        {
            failures.Add($"{section}:MaxRetries '{options.MaxRetries}' must be between 0 and 10: set {variable}MaxRetries to e.g. 5.");
        }

        if (options.MaxActivityBytes <= 0)
        {
            failures.Add($"{section}:MaxActivityBytes '{options.MaxActivityBytes}' must be positive: set {variable}MaxActivityBytes to e.g. 81920 (Teams refuses activities over about 100 KB).");
        }

        if (options.RetryBaseDelay <= TimeSpan.Zero)
        {
            failures.Add($"{section}:RetryBaseDelay '{options.RetryBaseDelay}' must be positive: set {variable}RetryBaseDelay to e.g. 00:00:01.");
        }
        else if (options.MaxRetryDelay < options.RetryBaseDelay)
        {
            failures.Add($"{section}:MaxRetryDelay '{options.MaxRetryDelay}' must be at least {section}:RetryBaseDelay ('{options.RetryBaseDelay}'): set {variable}MaxRetryDelay to e.g. 00:00:30.");
        }

        if (options.MaxRetryAfter < TimeSpan.Zero)
        {
            failures.Add($"{section}:MaxRetryAfter '{options.MaxRetryAfter}' must not be negative: set {variable}MaxRetryAfter to e.g. 00:01:00.");
        }

        if (options.RequestTimeout <= TimeSpan.Zero)
        {
            failures.Add($"{section}:RequestTimeout '{options.RequestTimeout}' must be positive: set {variable}RequestTimeout to e.g. 00:00:30.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
