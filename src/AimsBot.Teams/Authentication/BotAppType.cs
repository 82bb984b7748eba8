namespace AimsBot.Teams.Authentication;

/// <summary>How the bot's Entra app registration is set up (the <c>Bot:AppType</c> setting).</summary>
public enum BotAppType
{
    /// <summary>Multi-tenant app registration: only Bot Framework issued tokens are accepted.</summary>
    MultiTenant,

    /// <summary>Single-tenant app registration: Bot Framework tokens and Entra tokens of <c>Bot:TenantId</c> are accepted.</summary>
    SingleTenant,

    /// <summary>User-assigned managed identity: inbound, treated like <see cref="MultiTenant"/> (Bot Framework tokens only).</summary>
    UserAssignedMSI,
}
