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
    /// Bind options yourself, e.g. <c>services.Configure&lt;ConnectorOptions&gt;(config.GetSection("Teams"))</c>.
    /// </summary>
    public static IServiceCollection AddBotConnector(this IServiceCollection services, Action<ConnectorOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var builder = services.AddOptions<ConnectorOptions>()
            .Validate(o => o.MaxRetries >= 0, "ConnectorOptions.MaxRetries must not be negative.")
            .Validate(o => o.MaxActivityBytes > 0, "ConnectorOptions.MaxActivityBytes must be positive.")
            .Validate(o => o.RetryBaseDelay > TimeSpan.Zero && o.MaxRetryDelay >= o.RetryBaseDelay, "ConnectorOptions retry delays must be positive, MaxRetryDelay >= RetryBaseDelay.")
            .Validate(o => o.RequestTimeout > TimeSpan.Zero, "ConnectorOptions.RequestTimeout must be positive.");
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
