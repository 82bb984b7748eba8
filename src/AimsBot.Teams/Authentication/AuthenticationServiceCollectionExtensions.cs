using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace AimsBot.Teams.Authentication;

/// <summary>Registers inbound Bot Framework authentication.</summary>
public static class AuthenticationServiceCollectionExtensions
{
    private static readonly TimeSpan MetadataTimeout = TimeSpan.FromSeconds(10);
    private const long MaxMetadataResponseBytes = 1024 * 1024;

    /// <summary>
    /// Adds <see cref="IInboundRequestAuthenticator"/> (a singleton <see cref="BotFrameworkAuthenticator"/>), validated
    /// <see cref="BotAuthenticationOptions"/>, the named metadata <see cref="HttpClient"/> and <see cref="TimeProvider.System"/>
    /// unless a <see cref="TimeProvider"/> is registered. Bind the options from configuration separately, e.g.
    /// <c>services.AddOptions&lt;BotAuthenticationOptions&gt;().BindConfiguration("Bot")</c>.
    /// </summary>
    public static IServiceCollection AddBotAuthentication(
        this IServiceCollection services,
        Action<BotAuthenticationOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);

        var options = services.AddOptions<BotAuthenticationOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<BotAuthenticationOptions>, BotAuthenticationOptionsValidator>());

        services.AddHttpClient(BotFrameworkAuthenticator.HttpClientName, client =>
        {
            client.Timeout = MetadataTimeout;
            client.MaxResponseContentBufferSize = MaxMetadataResponseBytes;
        });

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<BotFrameworkAuthenticator>();
        services.TryAddSingleton<IInboundRequestAuthenticator>(sp => sp.GetRequiredService<BotFrameworkAuthenticator>());
        return services;
    }
}
