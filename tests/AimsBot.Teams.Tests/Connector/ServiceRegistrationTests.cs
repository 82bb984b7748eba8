using AimsBot.Teams.Connector;
using AimsBot.Teams.Pacing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AimsBot.Teams.Tests.Connector;

public class ServiceRegistrationTests
{
    private static ServiceProvider Build(Action<ConnectorOptions>? configure = null, IConfiguration? configuration = null)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        if (configuration is not null)
        {
            services.Configure<PacingOptions>(configuration.GetSection(PacingOptions.SectionName));
        }

        services.AddBotConnector(configure);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    [Fact]
    public void Without_app_id_the_connector_is_anonymous()
    {
        using var provider = Build();

        Assert.IsType<AnonymousConnectorTokenProvider>(provider.GetRequiredService<IConnectorTokenProvider>());
        Assert.IsType<ConnectorClient>(provider.GetRequiredService<IConnectorClient>());
    }

    [Fact]
    public void With_app_id_the_connector_uses_azure_identity()
    {
        using var provider = Build(o =>
        {
            o.AppId = "11111111-1111-1111-1111-111111111111";
            o.AppPassword = "secret";
            o.TenantId = "22222222-2222-2222-2222-222222222222";
        });

        Assert.IsType<AzureIdentityConnectorTokenProvider>(provider.GetRequiredService<IConnectorTokenProvider>());
        Assert.IsType<ConnectorClient>(provider.GetRequiredService<IConnectorClient>());
    }

    [Fact]
    public void Limiter_and_registry_are_process_wide_singletons()
    {
        using var provider = Build();

        Assert.Same(provider.GetRequiredService<IOutboundRateLimiter>(), provider.GetRequiredService<IOutboundRateLimiter>());
        Assert.Same(provider.GetRequiredService<OutboundRateLimiter>(), provider.GetRequiredService<IOutboundRateLimiter>());
        Assert.Same(provider.GetRequiredService<ITrustedServiceUrlRegistry>(), provider.GetRequiredService<ITrustedServiceUrlRegistry>());
    }

    [Fact]
    public void Global_rate_binds_from_the_teams_section()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Teams:GlobalRatePerSecond"] = "30" })
            .Build();
        using var provider = Build(configuration: configuration);

        Assert.Equal(30, provider.GetRequiredService<IOptions<PacingOptions>>().Value.GlobalRatePerSecond);
    }

    [Fact]
    public void Invalid_options_are_reported()
    {
        using var provider = Build(o => o.MaxRetries = -1);

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<ConnectorOptions>>().Value);
        Assert.Contains("MaxRetries", error.Message, StringComparison.Ordinal);
    }
}
