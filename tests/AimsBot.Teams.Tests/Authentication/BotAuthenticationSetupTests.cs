using AimsBot.Teams.Authentication;
using AimsBot.Teams.Tests.Support;
using AimsBot.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace AimsBot.Teams.Tests.Authentication;

/// <summary>Options, their validation, the result type and the DI registration.</summary>
public sealed class BotAuthenticationSetupTests
{
    [Fact]
    public void Options_have_the_documented_defaults()
    {
        var options = new BotAuthenticationOptions();

        Assert.Null(options.AppId);
        Assert.Equal(BotAppType.MultiTenant, options.AppType);
        Assert.Equal("https://login.botframework.com/v1/.well-known/openidconfiguration", options.OpenIdMetadataUrl);
        Assert.Equal("https://login.microsoftonline.com/{tenantId}/v2.0/.well-known/openid-configuration", options.EntraOpenIdMetadataUrl);
        Assert.Equal(TimeSpan.FromMinutes(5), options.ClockSkew);
        Assert.Equal(TimeSpan.FromMinutes(5), options.MinimumRefreshInterval);
        Assert.Equal(TimeSpan.FromHours(24), options.AutomaticRefreshInterval);
        Assert.False(options.AllowAnonymous);
        Assert.False(options.IsAnonymousAllowed);
        Assert.True(new BotAuthenticationOptionsValidator().Validate(null, options).Succeeded);
    }

    public static TheoryData<string, Action<BotAuthenticationOptions>> InvalidOptions => new()
    {
        { "OpenIdMetadataUrl", o => o.OpenIdMetadataUrl = "/relative/metadata" },
        { "OpenIdMetadataUrl", o => o.OpenIdMetadataUrl = "ftp://login.botframework.com/metadata" },
        { "TenantId is required", o => o.AppType = BotAppType.SingleTenant },
        { "GUID", o => { o.AppType = BotAppType.SingleTenant; o.TenantId = "contoso.onmicrosoft.com"; } },
        { "EntraOpenIdMetadataUrl", o => { o.AppType = BotAppType.SingleTenant; o.TenantId = SingleTenantFixture.TenantId; o.EntraOpenIdMetadataUrl = "not a url {tenantId}"; } },
        { "ClockSkew", o => o.ClockSkew = TimeSpan.FromSeconds(-1) },
        { "AutomaticRefreshInterval", o => o.AutomaticRefreshInterval = TimeSpan.FromHours(25) },
        { "AutomaticRefreshInterval", o => o.AutomaticRefreshInterval = TimeSpan.Zero },
        { "MinimumRefreshInterval", o => o.MinimumRefreshInterval = TimeSpan.FromSeconds(-1) },
        { "MinimumRefreshInterval", o => { o.AutomaticRefreshInterval = TimeSpan.FromHours(1); o.MinimumRefreshInterval = TimeSpan.FromHours(2); } },
    };

    [Theory]
    [MemberData(nameof(InvalidOptions))]
    public void Invalid_options_are_rejected(string expectedMessagePart, Action<BotAuthenticationOptions> configure)
    {
        var options = new BotAuthenticationOptions { AppId = TestTokens.AppId };
        configure(options);

        var result = new BotAuthenticationOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(expectedMessagePart, result.FailureMessage, StringComparison.Ordinal);
        var thrown = Assert.Throws<OptionsValidationException>(() => new BotFrameworkAuthenticator(
            Options.Create(options), new SingleClientHttpClientFactory(), TimeProvider.System, NullLogger<BotFrameworkAuthenticator>.Instance));
        Assert.Contains(expectedMessagePart, thrown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Zero_minimum_refresh_interval_is_allowed()
    {
        var options = new BotAuthenticationOptions { MinimumRefreshInterval = TimeSpan.Zero };

        Assert.True(new BotAuthenticationOptionsValidator().Validate(null, options).Succeeded);
    }

    [Theory]
    [InlineData(InboundAuthenticationStatus.Authenticated, 200, true)]
    [InlineData(InboundAuthenticationStatus.Anonymous, 200, true)]
    [InlineData(InboundAuthenticationStatus.Unauthorized, 401, false)]
    [InlineData(InboundAuthenticationStatus.Forbidden, 403, false)]
    public void Result_maps_status_to_http(InboundAuthenticationStatus status, int httpStatus, bool succeeded)
    {
        var result = new InboundAuthenticationResult(status, null, null);

        Assert.Equal(httpStatus, result.HttpStatusCode);
        Assert.Equal(succeeded, result.Succeeded);
    }

    [Fact]
    public void Options_bind_from_the_Bot_configuration_section()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Bot:AppId"] = TestTokens.AppId,
            ["Bot:AppType"] = "SingleTenant",
            ["Bot:TenantId"] = SingleTenantFixture.TenantId,
            ["Bot:OpenIdMetadataUrl"] = "http://127.0.0.1:1234/v1/.well-known/openidconfiguration",
            ["Bot:EntraOpenIdMetadataUrl"] = "http://127.0.0.1:1234/{tenantId}/v2.0/.well-known/openid-configuration",
            ["Bot:MinimumRefreshInterval"] = "00:00:01",
            ["Bot:ClockSkew"] = "00:02:00",
        }).Build();
        var services = new ServiceCollection()
            .AddLogging()
            .AddBotAuthentication();
        services.AddOptions<BotAuthenticationOptions>().Bind(configuration.GetSection(BotAuthenticationOptions.SectionName));
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<BotAuthenticationOptions>>().Value;

        Assert.Equal(TestTokens.AppId, options.AppId);
        Assert.Equal(BotAppType.SingleTenant, options.AppType);
        Assert.True(options.AcceptsEntraTokens);
        Assert.Equal(TimeSpan.FromSeconds(1), options.MinimumRefreshInterval);
        Assert.Equal(TimeSpan.FromMinutes(2), options.ClockSkew);
        Assert.Equal(
            "http://127.0.0.1:1234/" + SingleTenantFixture.TenantId + "/v2.0/.well-known/openid-configuration",
            BotAuthenticationOptionsValidator.EntraMetadataUrl(options));
    }

    [Fact]
    public void Invalid_options_fail_at_startup_validation()
    {
        var services = new ServiceCollection()
            .AddLogging()
            .AddBotAuthentication(o => o.AppType = BotAppType.SingleTenant);
        using var provider = services.BuildServiceProvider();

        var exception = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("TenantId", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Registered_authenticator_is_a_singleton_and_authenticates_end_to_end()
    {
        await using var openId = await LocalOpenIdProvider.StartAsync();
        var key = openId.AddKey(KeyMaterial.A, endorsements: ["msteams"]);
        // A registered clock is the one token lifetimes are checked against (a token minted at that instant is current).
        var services = new ServiceCollection()
            .AddSingleton<TimeProvider>(new FakeTimeProvider(TestClock.Default))
            .AddLogging(b => b.SetMinimumLevel(LogLevel.Debug))
            .AddBotAuthentication(o =>
            {
                o.AppId = TestTokens.AppId;
                o.OpenIdMetadataUrl = openId.MetadataUrl;
            });
        await using var provider = services.BuildServiceProvider();
        provider.GetRequiredService<IStartupValidator>().Validate();

        var authenticator = provider.GetRequiredService<IInboundRequestAuthenticator>();
        var result = await authenticator.AuthenticateAsync(
            "Bearer " + TestTokens.Create(key, TestClock.Default), "msteams", TestTokens.ServiceUrl, CancellationToken.None);

        Assert.Same(provider.GetRequiredService<BotFrameworkAuthenticator>(), authenticator);
        Assert.Same(authenticator, provider.GetRequiredService<IInboundRequestAuthenticator>());
        Assert.Equal(InboundAuthenticationStatus.Authenticated, result.Status);
        Assert.Equal(1, openId.JwksRequests);
    }

    [Fact]
    public void A_registered_time_provider_is_kept()
    {
        var fake = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        var services = new ServiceCollection().AddSingleton<TimeProvider>(fake).AddBotAuthentication();
        using var provider = services.BuildServiceProvider();

        Assert.Same(fake, provider.GetRequiredService<TimeProvider>());
    }
}
