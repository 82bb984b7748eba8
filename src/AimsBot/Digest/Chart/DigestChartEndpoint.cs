using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace AimsBot.Digest.Chart;

/// <summary>
/// <c>GET /digest/chart/{token}.png</c>: the digest's trend chart for the tenant and week a signed link names, drawn from
/// that tenant's snapshot rows. Anonymous, because Teams (and the Agents Playground) fetch card images without the bot's
/// authentication: the unguessable, expiring token is the permission. Everything refused is 404 (410 once expired), the
/// same for a forged token and a tenant without rows, so a caller learns nothing about other tenants.
/// </summary>
public static partial class DigestChartEndpoint
{
    /// <summary>How long a drawn chart is kept for repeated fetches of the same link (every view of the card fetches it).</summary>
    private static readonly TimeSpan CacheFor = TimeSpan.FromMinutes(10);

    public static IServiceCollection AddDigestChart(this IServiceCollection services)
    {
        services.AddOptions<DigestChartOptions>().BindConfiguration(DigestChartOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<DigestChartOptions>, DigestChartOptionsValidator>();
        services.AddSingleton<DigestChartLinks>();
        services.TryAddSingleton<IDigestChartSource>(sp => sp.GetRequiredService<DigestChartLinks>());
        services.AddSingleton<DigestChartCache>();
        return services;
    }

    public static IEndpointConventionBuilder MapDigestChart(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet(DigestChartLinks.PathPrefix + "{token}.png", ServeAsync).AllowAnonymous().ExcludeFromDescription();

    private static async Task<IResult> ServeAsync(string token, DigestChartLinks links, DigestChartCache cache, IDigestTrendReader trend, ILoggerFactory loggers, CancellationToken ct)
    {
        var (link, problem) = links.Read(token);
        if (link is null)
        {
            LogRefused(loggers.CreateLogger(typeof(DigestChartEndpoint)), problem);
            return problem == DigestChartLinkProblem.Expired ? Results.StatusCode(StatusCodes.Status410Gone) : Results.NotFound();
        }

        if (!cache.Memory.TryGetValue(link, out byte[]? png) || png is null)
        {
            // The link's tenant's partition only, the weeks up to the link's: one range query.
            var weeks = await trend.ReadTrendAsync(link.TenantId, link.WeekStarting, DigestChart.MaxWeeks, ct);
            if (weeks.Count == 0)
            {
                return Results.NotFound();
            }

            png = DigestChart.RenderPng(weeks);
            cache.Memory.Set(link, png, new MemoryCacheEntryOptions { Size = png.Length, AbsoluteExpirationRelativeToNow = CacheFor });
        }

        return Results.File(png, "image/png");
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "A digest chart link was refused: {Problem}.")]
    private static partial void LogRefused(ILogger logger, DigestChartLinkProblem problem);
}

/// <summary>Drawn charts by link, bounded (a few megabytes), so a card viewed by many leads is drawn once.</summary>
public sealed class DigestChartCache : IDisposable
{
    public MemoryCache Memory { get; } = new(new MemoryCacheOptions { SizeLimit = 8 * 1024 * 1024 });

    public void Dispose() => Memory.Dispose();
}
