using Microsoft.Extensions.Options;

namespace AimsBot.Teams.Authentication;

/// <summary>Rejects settings that would make inbound authentication unsafe or impossible.</summary>
internal sealed class BotAuthenticationOptionsValidator : IValidateOptions<BotAuthenticationOptions>
{
    private static readonly TimeSpan MaximumAutomaticRefreshInterval = TimeSpan.FromHours(24);

    public ValidateOptionsResult Validate(string? name, BotAuthenticationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();

        if (!IsHttpUrl(options.OpenIdMetadataUrl))
        {
            failures.Add($"Bot:OpenIdMetadataUrl '{options.OpenIdMetadataUrl}' must be an absolute http(s) URL: set Bot__OpenIdMetadataUrl to {BotAuthenticationOptions.DefaultOpenIdMetadataUrl} (or a local OpenID provider in tests).");
        }

        if (options.ClockSkew < TimeSpan.Zero)
        {
            failures.Add($"Bot:ClockSkew '{options.ClockSkew}' must not be negative: set Bot__ClockSkew to e.g. 00:05:00.");
        }

        if (options.AutomaticRefreshInterval <= TimeSpan.Zero || options.AutomaticRefreshInterval > MaximumAutomaticRefreshInterval)
        {
            failures.Add($"Bot:AutomaticRefreshInterval '{options.AutomaticRefreshInterval}' must be positive and at most 24 hours: set Bot__AutomaticRefreshInterval to e.g. 1.00:00:00.");
        }

        if (options.MinimumRefreshInterval < TimeSpan.Zero || options.MinimumRefreshInterval > options.AutomaticRefreshInterval)
        {
            failures.Add($"Bot:MinimumRefreshInterval '{options.MinimumRefreshInterval}' must be between zero and Bot:AutomaticRefreshInterval ('{options.AutomaticRefreshInterval}'): set Bot__MinimumRefreshInterval to e.g. 00:05:00.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static bool IsHttpUrl(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);
}
