using AimsBot.Hosting;
using AimsBot.Teams.Connector;
using Azure.Core;

namespace AimsBot.Graph;

/// <summary>
/// Whether the bot uses Microsoft Graph, for which tenant, and why — decided once from configuration.
/// Graph is on when the bot has an identity (<c>Bot:AppId</c>) or <c>Graph:Enabled=true</c>; off in local
/// anonymous mode, with <c>Graph:Enabled=false</c>, or (implicitly on only) when no single tenant can be named.
/// </summary>
public sealed record GraphActivation(bool Enabled, bool Explicit, string? TenantId, string Reason, bool NeedsAttention = false)
{
    public static GraphActivation From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var bot = configuration.GetSection(BotOptions.SectionName).Get<BotOptions>() ?? new BotOptions();
        var section = configuration.GetSection(GraphOptions.SectionName);
        var enabled = section.GetValue<bool?>(nameof(GraphOptions.Enabled));
        var tenant = FirstNonEmpty(section[nameof(GraphOptions.TenantId)], bot.TenantId)
            ?? (bot.AllowedTenants.Count(t => !string.IsNullOrWhiteSpace(t)) == 1 ? bot.AllowedTenants.First(t => !string.IsNullOrWhiteSpace(t)).Trim() : null);
        var managedIdentity = string.Equals(bot.AppType, "UserAssignedMSI", StringComparison.OrdinalIgnoreCase);

        if (enabled == false)
        {
            return new GraphActivation(false, true, tenant, "Graph:Enabled is false");
        }

        if (enabled == true)
        {
            return new GraphActivation(true, true, tenant, "Graph:Enabled is true");
        }

        if (!bot.HasAppId)
        {
            return new GraphActivation(false, false, tenant, "the bot runs in local anonymous mode (no Bot:AppId)");
        }

        if (tenant is null && !managedIdentity)
        {
            return new GraphActivation(false, false, null,
                "no single tenant is known for the directory: set Graph:TenantId (or Bot:TenantId) to read groups, managers and calendars",
                NeedsAttention: true);
        }

        return new GraphActivation(true, false, tenant, "the bot has an identity (Bot:AppId)");
    }

    /// <summary>
    /// The bot's identity as a token credential for Graph: its user-assigned managed identity, or its app
    /// registration (secret or certificate, from <c>Bot:*</c> and <c>Bot:Connector:*</c>) in <see cref="TenantId"/>.
    /// Throws with the setting to fix when the configuration cannot yield one.
    /// </summary>
    public TokenCredential CreateCredential(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var bot = configuration.GetSection(BotOptions.SectionName).Get<BotOptions>() ?? new BotOptions();
        if (!bot.HasAppId)
        {
            throw new GraphConfigurationException(
                "Microsoft Graph is called with the bot's identity, but Bot:AppId is empty: set Bot__AppId (with Bot__AppPassword, a certificate, or Bot__AppType=UserAssignedMSI), or set Graph__Enabled=false.");
        }

        var connector = new ConnectorOptions();
        configuration.GetSection("Bot:Connector").Bind(connector);
        connector.AppId = bot.AppId;
        connector.AppPassword = bot.AppPassword;
        var managedIdentity = string.Equals(bot.AppType, "UserAssignedMSI", StringComparison.OrdinalIgnoreCase);
        connector.AppType = managedIdentity ? ConnectorAppType.UserAssignedMSI : ConnectorAppType.SingleTenant;
        connector.TenantId = TenantId;
        if (!managedIdentity && string.IsNullOrWhiteSpace(TenantId))
        {
            throw new GraphConfigurationException(
                "Microsoft Graph needs the tenant whose directory it reads: set Graph__TenantId (or Bot__TenantId).");
        }

        if (!managedIdentity && string.IsNullOrEmpty(connector.AppPassword) && string.IsNullOrWhiteSpace(connector.CertificatePath) && string.IsNullOrWhiteSpace(connector.CertificateThumbprint))
        {
            throw new GraphConfigurationException(
                "Microsoft Graph needs the bot's credential: set Bot__AppPassword (or Bot__Connector__CertificatePath), or use Bot__AppType=UserAssignedMSI.");
        }

        try
        {
            return AzureIdentityConnectorTokenProvider.CreateCredential(connector);
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or System.Security.Cryptography.CryptographicException)
        {
            throw new GraphConfigurationException($"Microsoft Graph could not use the bot's credential (check Bot:TenantId, Bot:AppPassword or Bot:Connector:Certificate*): {ex.Message}", ex);
        }
    }

    private static string? FirstNonEmpty(params string?[] values) =>
        values.FirstOrDefault(v => !string.IsNullOrWhiteSpace(v))?.Trim();
}

/// <summary>The configuration cannot give Graph a credential; the message names the setting to fix.</summary>
public sealed class GraphConfigurationException : InvalidOperationException
{
    public GraphConfigurationException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
