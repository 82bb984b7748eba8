using System.Net;
using AimsBot.Access;
using Azure.Core;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Microsoft.Kiota.Http.HttpClientLibrary.Middleware;
using Polly;

namespace AimsBot.Graph;

public static class GraphServiceCollectionExtensions
{
    /// <summary>
    /// Microsoft Graph with the bot's identity: <see cref="IGroupMembership"/> from transitive group membership
    /// (cached) and <see cref="IDirectory"/>. When Graph is off (local anonymous mode, <c>Graph:Enabled=false</c>),
    /// roles come from direct object ids only and <see cref="IDirectory"/> explains that it is unavailable.
    /// </summary>
    public static IServiceCollection AddGraph(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        // Whether Graph is on is decided when first needed, from configuration read then (never at registration); the
        // Graph-backed services are registered either way and chosen by that decision.
        services.TryAddSingleton(_ => GraphActivation.From(configuration));
        services.AddOptions<GraphOptions>().Bind(configuration.GetSection(GraphOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GraphOptions>, GraphOptionsValidator>());
        services.AddHostedService<GraphStartupReport>();

        services.AddMemoryCache();
        services.TryAddKeyedSingleton<TokenCredential>(GraphClientProvider.CredentialKey, (sp, _) => sp.GetRequiredService<GraphActivation>().CreateCredential(configuration));
        var http = services.AddHttpClient(GraphClientProvider.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                // Graph's redirect handler follows redirects itself (and drops the token when the host changes).
                AllowAutoRedirect = false,
                AutomaticDecompression = DecompressionMethods.All,
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            });

        // Outermost: bounded retries around a per-attempt timeout.
        http.AddResilienceHandler("graph", static (pipeline, context) =>
        {
            var options = context.ServiceProvider.GetRequiredService<IOptions<GraphOptions>>().Value;
            if (options.MaxRetries > 0)
            {
                pipeline.AddRetry(GraphRetry.Strategy(options));
            }

            pipeline.AddTimeout(options.RequestTimeout);
        });

        // Then Graph's own middleware ($-parameter decoding, redirects, telemetry headers) — but not its retry
        // handler: retrying is the resilience pipeline's job, bounded and configurable.
        http.ConfigureAdditionalHttpMessageHandlers(static (handlers, _) =>
        {
            foreach (var handler in Microsoft.Graph.GraphClientFactory.CreateDefaultHandlers())
            {
                if (handler is RetryHandler)
                {
                    handler.Dispose();
                    continue;
                }

                handlers.Add(handler);
            }
        });
        services.TryAddSingleton<GraphClientProvider>();
        services.TryAddSingleton<GraphGroupMembership>();
        services.TryAddSingleton<GraphDirectory>();
        services.Replace(ServiceDescriptor.Singleton<IGroupMembership>(sp => sp.GetRequiredService<GraphActivation>().Enabled
            ? sp.GetRequiredService<GraphGroupMembership>()
            : new NoGroupMembership()));
        services.TryAddSingleton<IDirectory>(sp => sp.GetRequiredService<GraphActivation>() is { Enabled: false } off
            ? new UnavailableDirectory(off.Reason)
            : sp.GetRequiredService<GraphDirectory>());
        return services;
    }
}

/// <summary>Says at start-up whether Graph is used, and if not, why (roles then come from direct ids only).</summary>
internal sealed class GraphStartupReport : IHostedService
{
    private readonly GraphActivation _activation;
    private readonly IOptions<GraphOptions> _options;
    private readonly ILogger<GraphStartupReport> _logger;

    public GraphStartupReport(GraphActivation activation, IOptions<GraphOptions> options, ILogger<GraphStartupReport> logger)
    {
        _activation = activation;
        _options = options;
        _logger = logger;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (_activation.Enabled)
        {
            _logger.LogInformation("Microsoft Graph at {GraphBaseUrl} (tenant {GraphTenant}): group roles, managers and meetings are available", _options.Value.NormalizedBaseUrl, _activation.TenantId ?? "of the managed identity");
        }
        else if (!_activation.NeedsAttention)
        {
            _logger.LogInformation("Microsoft Graph is off ({Reason}): roles come from direct object ids only", _activation.Reason);
        }
        else
        {
            _logger.LogWarning("Microsoft Graph is off ({Reason}): roles come from direct object ids only", _activation.Reason);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
