using AimsBot.Teams.Pacing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace AimsBot.Teams.Connector;

public static class ConnectorServiceCollectionExtensions
{
    /// <summary>
    /// Registers the outbound connector: <see cref="IConnectorClient"/> (typed HttpClient
    /// <see cref="ConnectorClient.HttpClientName"/>), the <see cref="IConnectorTokenProvider"/>
    /// (Azure.Identity when <see cref="ConnectorOptions.AppId"/> is set, anonymous otherwise), the
    /// <see cref="ITrustedServiceUrlRegistry"/> and the outbound pacing (<see cref="PacingServiceCollectionExtensions.AddOutboundPacing"/>).
    /// Bind options yourself, or add the whole protocol layer from configuration with
    /// <see cref="Hosting.BotApplicationServiceCollectionExtensions.AddBotApplication"/>.
    /// </summary>
    public static IServiceCollection AddBotConnector(this IServiceCollection services, Action<ConnectorOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var builder = services.AddOptions<ConnectorOptions>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ConnectorOptions>, ConnectorOptionsValidator>());
        if (configure is not null)
        {
            builder.Configure(configure);
        }

        services.AddOutboundPacing();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ITrustedServiceUrlRegistry, TrustedServiceUrlRegistry>();
        services.TryAddSingleton<IConnectorTokenProvider>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<ConnectorOptions>>();
            return options.Value.IsAnonymous
                ? new AnonymousConnectorTokenProvider()
                : new AzureIdentityConnectorTokenProvider(options, sp.GetRequiredService<TimeProvider>());
        });
        services.AddHttpClient<IConnectorClient, ConnectorClient>(ConnectorClient.HttpClientName, (sp, client) =>
        {
            client.Timeout = sp.GetRequiredService<IOptions<ConnectorOptions>>().Value.RequestTimeout;
        });
        return services;
    }
}
