namespace AimsBot.Teams.Connector;

/// <summary>How the bot's outbound identity is established.</summary>
public enum ConnectorAppType
{
    /// <summary>App registration in the bot's own tenant (authority <c>login.microsoftonline.com/{TenantId}</c>).</summary>
    SingleTenant,

    /// <summary>Legacy multi-tenant app registration (authority <c>login.microsoftonline.com/botframework.com</c>).</summary>
    MultiTenant,

    /// <summary>A user-assigned managed identity (client id <see cref="ConnectorOptions.ManagedIdentityClientId"/>, else <see cref="ConnectorOptions.AppId"/>).</summary>
    UserAssignedMSI,
}

/// <summary>Options of the outbound connector client.</summary>
public sealed class ConnectorOptions
{
    /// <summary>
    /// The configuration section <c>AddBotApplication</c> binds the client's own settings from. The identity
    /// (<see cref="AppId"/>, <see cref="AppPassword"/>, <see cref="AppType"/>, <see cref="TenantId"/>) comes from <c>Bot:*</c>.
    /// </summary>
    public const string SectionName = "Bot:Connector";

    /// <summary>Bot's Microsoft App Id. Empty means local anonymous mode: no token is ever sent.</summary>
    public string? AppId { get; set; }

    /// <summary>Client secret (SingleTenant / MultiTenant without a certificate).</summary>
    public string? AppPassword { get; set; }

    public ConnectorAppType AppType { get; set; } = ConnectorAppType.SingleTenant;

    /// <summary>The app registration's tenant (required for SingleTenant).</summary>
    public string? TenantId { get; set; }

    /// <summary>Path of a PFX/PEM certificate to authenticate with instead of a secret.</summary>
    public string? CertificatePath { get; set; }

    /// <summary>Thumbprint of a certificate in the CurrentUser or LocalMachine "My" store, instead of a secret.</summary>
    public string? CertificateThumbprint { get; set; }

    /// <summary>Client id of the user-assigned managed identity (defaults to <see cref="AppId"/>).</summary>
    public string? ManagedIdentityClientId { get; set; }

    /// <summary>Retries after the first attempt for 429, 412, 502, 503, 504 and connection failures.</summary>
    public int MaxRetries { get; set; } = 5;

    /// <summary>Largest serialized activity (UTF-8 JSON bytes) the client will send.</summary>
    public int MaxActivityBytes { get; set; } = 80 * 1024;

    /// <summary>First backoff delay when the connector gives no Retry-After; doubles per attempt, jittered.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Upper bound of one backoff delay.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Longest Retry-After the client waits in-line; beyond it the call fails with
    /// <see cref="ConnectorThrottledException"/> so the caller can park the work.
    /// </summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Timeout of one HTTP request.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>True when no app id is configured (local anonymous mode, e.g. the Agents Playground).</summary>
    public bool IsAnonymous => string.IsNullOrWhiteSpace(AppId);
}
