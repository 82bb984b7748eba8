namespace AimsBot.Hosting;

/// <summary>The bot's identity and who may talk to it. Bound from <c>Bot</c>; the secret comes from Key Vault or the environment.</summary>
public sealed class BotOptions
{
    public const string SectionName = "Bot";

    /// <summary>The Entra app (client) id of the bot. Empty only in local anonymous mode (Development).</summary>
    public string? AppId { get; set; }

    /// <summary>SingleTenant (the default), MultiTenant or UserAssignedMSI: where the outbound token comes from. Inbound, every type accepts Bot Framework tokens only.</summary>
    public string AppType { get; set; } = "SingleTenant";

    public string? TenantId { get; set; }

    public string? AppPassword { get; set; }

    /// <summary>Where the Bot Framework publishes its signing keys; tests point it at a local OpenID provider.</summary>
    public string OpenIdMetadataUrl { get; set; } = "https://login.botframework.com/v1/.well-known/openidconfiguration";

    /// <summary>Tenants whose activities are accepted; any other tenant gets 403 and nothing is written.</summary>
    public string[] AllowedTenants { get; set; } = [];

    public bool HasAppId => !string.IsNullOrWhiteSpace(AppId);
}
