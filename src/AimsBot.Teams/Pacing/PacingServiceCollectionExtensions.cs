using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace AimsBot.Teams.Pacing;

public static class PacingServiceCollectionExtensions
{
    /// <summary>
    /// Registers the process-wide <see cref="IOutboundRateLimiter"/> (an <see cref="OutboundRateLimiter"/>
    /// singleton unless another implementation was registered first) and <see cref="TimeProvider.System"/>.
    /// </summary>
    public static IServiceCollection AddOutboundPacing(this IServiceCollection services, Action<PacingOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var builder = services.AddOptions<PacingOptions>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PacingOptions>, PacingOptionsValidator>());
        if (configure is not null)
        {
            builder.Configure(configure);
        }

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<OutboundRateLimiter>();
        services.TryAddSingleton<IOutboundRateLimiter>(sp => sp.GetRequiredService<OutboundRateLimiter>());
        return services;
    }
}
