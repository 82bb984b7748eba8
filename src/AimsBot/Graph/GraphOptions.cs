namespace AimsBot.Graph;

/// <summary>
/// Microsoft Graph: where it is and how patiently the bot talks to it. Bound from <c>Graph</c>. The identity
/// is the bot's own (<c>Bot:AppId</c> with its secret or certificate, or its user-assigned managed identity).
/// </summary>
public sealed class GraphOptions
{
    public const string SectionName = "Graph";
    public const string DefaultBaseUrl = "https://graph.microsoft.com/v1.0";

    /// <summary>
    /// Whether the bot uses Graph. Unset: on whenever the bot has an identity (<c>Bot:AppId</c>), off in local
    /// anonymous mode. <c>false</c> turns it off even with an identity (roles then come from direct object ids only).
    /// </summary>
    public bool? Enabled { get; set; }

    /// <summary>The Graph endpoint including its version; tests point it at a local stub.</summary>
    public string BaseUrl { get; set; } = DefaultBaseUrl;

    /// <summary>The tenant whose directory is read. Default <c>Bot:TenantId</c>, else the only allowed tenant.</summary>
    public string? TenantId { get; set; }

    /// <summary>The token scope. Default <c>{scheme}://{host of BaseUrl}/.default</c> (<c>https://graph.microsoft.com/.default</c>).</summary>
    public string? Scope { get; set; }

    /// <summary>How long a person's transitive group ids are remembered. Zero turns the cache off.</summary>
    public TimeSpan GroupCacheDuration { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>The longest a role lookup waits for Graph before falling back to direct object ids.</summary>
    public TimeSpan GroupLookupTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Most pages of group ids read for one person (Graph pages hold 100 by default).</summary>
    public int MaxGroupPages { get; set; } = 50;

    /// <summary>Retries after the first attempt on 429, 503, 504 and connection failures.</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>First backoff when Graph gives no Retry-After; doubles per attempt, jittered.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest Retry-After honoured in-line; a longer one fails the call at once instead of holding it.</summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Timeout of one attempt.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The scope tokens are requested for.</summary>
    public string EffectiveScope =>
        !string.IsNullOrWhiteSpace(Scope) ? Scope
        : Uri.TryCreate(BaseUrl, UriKind.Absolute, out var uri) ? uri.GetLeftPart(UriPartial.Authority) + "/.default"
        : "https://graph.microsoft.com/.default";

    /// <summary>The base URL without a trailing slash.</summary>
    public string NormalizedBaseUrl => BaseUrl.TrimEnd('/');
}
