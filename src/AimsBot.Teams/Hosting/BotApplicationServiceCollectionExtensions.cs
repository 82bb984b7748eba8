using AimsBot.Teams.Authentication;
using AimsBot.Teams.Connector;
using AimsBot.Teams.Pacing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AimsBot.Teams.Hosting;

public static class BotApplicationServiceCollectionExtensions
{
    /// <summary>
    /// The Bot Framework protocol layer in one call: inbound authentication, the endpoint's tenant policy, the outbound
    /// connector and its pacing. Every option is bound lazily from configuration (read when first resolved, never here)
    /// and validated at start-up, each failure naming the setting to fix:
    /// <list type="bullet">
    /// <item><see cref="BotAuthenticationOptions"/> from <paramref name="botSection"/> (<c>Bot:AppId</c>, <c>Bot:OpenIdMetadataUrl</c>, <c>Bot:ClockSkew</c>, <c>Bot:MinimumRefreshInterval</c>, <c>Bot:AutomaticRefreshInterval</c>);</item>
    /// <item><see cref="BotEndpointOptions"/>: the accepted tenants, <c>Bot:AllowedTenants</c>, else <c>Bot:TenantId</c>;</item>
    /// <item><see cref="ConnectorOptions"/>: the identity from <c>Bot:AppId</c>, <c>Bot:AppPassword</c>, <c>Bot:AppType</c>, <c>Bot:TenantId</c>, the rest from <c>Bot:Connector</c>;</item>
    /// <item><see cref="PacingOptions"/> from <paramref name="pacingSection"/> (the host's <c>Teams</c> section), when given.</item>
    /// </list>
    /// </summary>
    /// <param name="botSection">The bot's section, usually <c>Bot</c>.</param>
    /// <param name="pacingSection">Where outbound pacing is configured (<c>Teams</c>); null keeps the defaults.</param>
    /// <param name="allowLocalAnonymous">
    /// Let requests without credentials through while no app id is configured (local anonymous mode, for the Agents
    /// Playground). The host passes true only in its Development environment.
    /// </param>
    public static IServiceCollection AddBotApplication(
        this IServiceCollection services,
        IConfigurationSection botSection,
        IConfigurationSection? pacingSection = null,
        bool allowLocalAnonymous = false)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(botSection);

        // Inbound: authentication, then the tenant policy of the endpoint.
        services.AddOptions<BotAuthenticationOptions>().Bind(botSection);
        services.AddBotAuthentication(o => o.AllowAnonymous = allowLocalAnonymous);
        services.AddOptions<BotEndpointOptions>().Configure(endpoint =>
        {
            var allowed = botSection.GetSection(nameof(BotEndpointOptions.AllowedTenants)).Get<string[]>() ?? [];
            foreach (var tenant in allowed.Where(t => !string.IsNullOrWhiteSpace(t)))
            {
                endpoint.AllowedTenants.Add(tenant.Trim());
            }

            // A single-tenant bot serves its own tenant.
            if (endpoint.AllowedTenants.Count == 0 && botSection[nameof(ConnectorOptions.TenantId)] is { } own && !string.IsNullOrWhiteSpace(own))
            {
                endpoint.AllowedTenants.Add(own.Trim());
            }
        });

        // Outbound: the connector client, paced below the Teams limits.
        services.AddBotConnector(connector =>
        {
            botSection.GetSection("Connector").Bind(connector);
            connector.AppId = botSection[nameof(ConnectorOptions.AppId)];
            connector.AppPassword = botSection[nameof(ConnectorOptions.AppPassword)];
            connector.TenantId = botSection[nameof(ConnectorOptions.TenantId)];
            // An unknown app type is refused at start-up by the host's own check of Bot:AppType; until then, the default.
            connector.AppType = Enum.TryParse<ConnectorAppType>(botSection[nameof(ConnectorOptions.AppType)], ignoreCase: true, out var type) ? type : ConnectorAppType.SingleTenant;
        });
        services.AddOptions<ConnectorOptions>().ValidateOnStart();
        var pacing = services.AddOptions<PacingOptions>();
        if (pacingSection is not null)
        {
            pacing.Bind(pacingSection);
        }

        pacing.ValidateOnStart();
        return services;
    }
}
