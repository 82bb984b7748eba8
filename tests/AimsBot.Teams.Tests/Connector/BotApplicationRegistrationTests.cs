using AimsBot.Teams.Authentication;
using AimsBot.Teams.Connector;
using AimsBot.Teams.Hosting;
using AimsBot.Teams.Pacing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AimsBot.Teams.Tests.Connector;

/// <summary><c>AddBotApplication</c>: the protocol layer from its configuration section, bound lazily and validated at start-up.</summary>
public sealed class BotApplicationRegistrationTests
{
    private const string AppId = "00000000-0000-0000-0000-0000000000b0";
    private const string Tenant = "00000000-0000-0000-0000-00000000000a";

    private static ServiceProvider Build(Dictionary<string, string?> settings, bool allowLocalAnonymous = false) =>
        Build(new ConfigurationBuilder().AddInMemoryCollection(settings).Build(), allowLocalAnonymous);

    private static ServiceProvider Build(IConfiguration configuration, bool allowLocalAnonymous = false)
    {
        var services = new ServiceCollection().AddLogging();
        services.AddBotApplication(configuration.GetSection("Bot"), configuration.GetSection(PacingOptions.SectionName), allowLocalAnonymous);
        return services.BuildServiceProvider();
    }

    [Fact]
    public void Every_part_of_the_protocol_layer_is_configured_from_the_bot_section()
    {
        using var provider = Build(new Dictionary<string, string?>
        {
            ["Bot:AppId"] = AppId,
            ["Bot:AppType"] = "MultiTenant",
            ["Bot:AppPassword"] = "secret",
            ["Bot:AllowedTenants:0"] = $" {Tenant} ",
            ["Bot:ClockSkew"] = "00:01:00",
            ["Bot:Connector:MaxRetries"] = "2",
            ["Teams:GlobalRatePerSecond"] = "20",
        });

        var authentication = provider.GetRequiredService<IOptions<BotAuthenticationOptions>>().Value;
        var connector = provider.GetRequiredService<IOptions<ConnectorOptions>>().Value;
        Assert.Equal(AppId, authentication.AppId);
        Assert.Equal(TimeSpan.FromMinutes(1), authentication.ClockSkew);
        Assert.Equal(Tenant, Assert.Single(provider.GetRequiredService<IOptions<BotEndpointOptions>>().Value.AllowedTenants));
        Assert.Equal(AppId, connector.AppId);
        Assert.Equal("secret", connector.AppPassword);
        Assert.Equal(ConnectorAppType.MultiTenant, connector.AppType);
        Assert.Equal(2, connector.MaxRetries);
        Assert.Equal(20, provider.GetRequiredService<IOptions<PacingOptions>>().Value.GlobalRatePerSecond);
        Assert.IsType<AzureIdentityConnectorTokenProvider>(provider.GetRequiredService<IConnectorTokenProvider>());
    }

    [Fact]
    public void Settings_are_read_when_first_used_not_when_registered()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Bot:TenantId"] = Tenant }).Build();
        using var provider = Build(configuration);

        // Changed after AddBotApplication ran: the options still see it.
        configuration["Bot:AppId"] = AppId;
        configuration["Bot:Connector:RequestTimeout"] = "00:00:05";

        Assert.Equal(AppId, provider.GetRequiredService<IOptions<BotAuthenticationOptions>>().Value.AppId);
        Assert.Equal(TimeSpan.FromSeconds(5), provider.GetRequiredService<IOptions<ConnectorOptions>>().Value.RequestTimeout);
        // A single-tenant bot without a list of tenants serves its own.
        Assert.Equal(Tenant, Assert.Single(provider.GetRequiredService<IOptions<BotEndpointOptions>>().Value.AllowedTenants));
    }

    [Theory]
    [InlineData(true, true)]
    [InlineData(false, false)]
    public void Requests_without_credentials_pass_only_in_local_anonymous_mode(bool allowLocalAnonymous, bool expected)
    {
        using var provider = Build(new Dictionary<string, string?>(), allowLocalAnonymous);

        Assert.Equal(expected, provider.GetRequiredService<IOptions<BotAuthenticationOptions>>().Value.IsAnonymousAllowed);
    }

    [Fact]
    public void Configuration_cannot_turn_on_anonymous_requests()
    {
        using var provider = Build(new Dictionary<string, string?> { ["Bot:AllowAnonymous"] = "true" }, allowLocalAnonymous: false);

        Assert.False(provider.GetRequiredService<IOptions<BotAuthenticationOptions>>().Value.IsAnonymousAllowed);
    }

    [Theory]
    [InlineData("Bot:Connector:MaxRetries", "-1", "Bot__Connector__MaxRetries")]
    [InlineData("Bot:Connector:RequestTimeout", "00:00:00", "Bot__Connector__RequestTimeout")]
    [InlineData("Teams:GlobalRatePerSecond", "0", "Teams__GlobalRatePerSecond")]
    [InlineData("Teams:LeaseTimeout", "00:00:00", "Teams__LeaseTimeout")]
    [InlineData("Bot:ClockSkew", "-00:00:01", "Bot__ClockSkew")]
    public void A_bad_value_fails_start_up_validation_naming_the_setting(string key, string value, string variable)
    {
        using var provider = Build(new Dictionary<string, string?> { [key] = value });

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains($"{key} '{value}'", error.Message, StringComparison.Ordinal);
        Assert.Contains(variable, error.Message, StringComparison.Ordinal);
    }
}
