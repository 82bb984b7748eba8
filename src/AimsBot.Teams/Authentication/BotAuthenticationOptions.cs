namespace AimsBot.Teams.Authentication;

/// <summary>
/// Settings for authenticating inbound Bot Framework requests (<c>POST /api/messages</c>).
/// Bound from the <c>Bot</c> configuration section (<see cref="SectionName"/>). Inbound authentication is the same
/// for every <c>Bot:AppType</c> (only Bot Framework tokens are accepted), so the app type is not one of these
/// settings: it chooses the outbound token authority only (see <c>ConnectorOptions.AppType</c>).
/// </summary>
public sealed class BotAuthenticationOptions
{
    /// <summary>The configuration section these options are usually bound from.</summary>
    public const string SectionName = "Bot";

    /// <summary>Bot Framework OpenID metadata for tokens sent by the channel service.</summary>
    public const string DefaultOpenIdMetadataUrl = "https://login.botframework.com/v1/.well-known/openidconfiguration";

    /// <summary>The bot's Microsoft App ID; every accepted token must have it as audience.</summary>
    public string? AppId { get; set; }

    /// <summary>OpenID metadata document of the Bot Framework token issuer. http is allowed only because it is configured so (local tests).</summary>
    public string OpenIdMetadataUrl { get; set; } = DefaultOpenIdMetadataUrl;

    /// <summary>Tolerance applied to <c>nbf</c> and <c>exp</c>.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The least time between two metadata retrievals of one issuer. An unknown <c>kid</c> forces a refresh only when
    /// the previous retrieval is at least this old, so a flood of garbage key ids cannot hammer the metadata endpoint.
    /// </summary>
    public TimeSpan MinimumRefreshInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Signing keys are retrieved again once they are this old (at most 24 hours).</summary>
    public TimeSpan AutomaticRefreshInterval { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// Set by the host for local anonymous mode (no app id, Development environment). Takes effect only while
    /// <see cref="AppId"/> is empty; see <see cref="IsAnonymousAllowed"/>.
    /// </summary>
    public bool AllowAnonymous { get; set; }

    /// <summary>
    /// True when a request without an Authorization header is let through as anonymous:
    /// <see cref="AllowAnonymous"/> is set and no <see cref="AppId"/> is configured.
    /// </summary>
    public bool IsAnonymousAllowed => AllowAnonymous && string.IsNullOrWhiteSpace(AppId);
}
