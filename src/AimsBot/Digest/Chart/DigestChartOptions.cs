using Microsoft.Extensions.Options;

namespace AimsBot.Digest.Chart;

/// <summary>How the digest's trend chart reaches the card. Bound from <c>Digest</c> (the digest's own settings share the section).</summary>
public sealed class DigestChartOptions
{
    public const string SectionName = "Digest";

    /// <summary>The longest a chart link may be set to live: a digest is weekly, and an old link only shows old weeks.</summary>
    public static readonly TimeSpan MaxLinkLifetime = TimeSpan.FromDays(90);

    /// <summary>How long a digest's chart link works (Teams fetches the image each time the card is shown).</summary>
    public TimeSpan ChartLinkLifetime { get; set; } = TimeSpan.FromDays(14);

    /// <summary>
    /// The bot's public address that Teams fetches chart images from, e.g. <c>https://aimsbot.example.com</c>. Empty: on
    /// Azure App Service the site's own host name (<c>WEBSITE_HOSTNAME</c>), in Development the address the bot listens on;
    /// with none of these the chart goes inline when it fits, else is left out.
    /// </summary>
    public string? ChartBaseUrl { get; set; }

    /// <summary>
    /// The largest chart sent inline in the card as a <c>data:</c> URI (characters). The rest of the digest card needs the
    /// remainder of Teams' 28 KB; a larger chart goes as a signed link.
    /// </summary>
    public int ChartInlineMaxChars { get; set; } = 8 * 1024;
}

/// <summary>Refuses to start with a chart link lifetime, base address or inline size the digest could not use.</summary>
public sealed class DigestChartOptionsValidator : IValidateOptions<DigestChartOptions>
{
    /// <summary>Teams refuses a card over 28 KB: an inline chart larger than this leaves no room for the digest.</summary>
    public const int MaxInlineChars = 20 * 1024;

    public ValidateOptionsResult Validate(string? name, DigestChartOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.ChartLinkLifetime <= TimeSpan.Zero || options.ChartLinkLifetime > DigestChartOptions.MaxLinkLifetime)
        {
            failures.Add($"Digest:ChartLinkLifetime '{options.ChartLinkLifetime}' must be more than zero and at most {DigestChartOptions.MaxLinkLifetime.TotalDays:0} days: set Digest__ChartLinkLifetime to e.g. 14.00:00:00.");
        }

        if (!string.IsNullOrWhiteSpace(options.ChartBaseUrl)
            && (!Uri.TryCreate(options.ChartBaseUrl.Trim(), UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp) || !string.IsNullOrEmpty(url.Query)))
        {
            failures.Add($"Digest:ChartBaseUrl '{options.ChartBaseUrl}' is not an address Teams can fetch images from: set Digest__ChartBaseUrl to the bot's public https address, e.g. https://aimsbot.example.com.");
        }

        if (options.ChartInlineMaxChars is < 0 or > MaxInlineChars)
        {
            failures.Add($"Digest:ChartInlineMaxChars '{options.ChartInlineMaxChars}' must be between 0 (never inline) and {MaxInlineChars}: set Digest__ChartInlineMaxChars to e.g. 8192.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
