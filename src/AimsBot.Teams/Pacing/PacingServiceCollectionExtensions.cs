using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

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
        var builder = services.AddOptions<PacingOptions>()
            .Validate(o => o.GlobalRatePerSecond > 0 && !double.IsInfinity(o.GlobalRatePerSecond), "Teams:GlobalRatePerSecond must be a positive number.")
            .Validate(o => o.GlobalWindowLimit >= 1, "PacingOptions.GlobalWindowLimit must be at least 1.")
            .Validate(o => o.WindowMargin >= TimeSpan.Zero, "PacingOptions.WindowMargin must not be negative.")
            .Validate(o => o.LeaseTimeout > TimeSpan.Zero, "PacingOptions.LeaseTimeout must be positive.");
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
