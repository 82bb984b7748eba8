using Azure.Core;
using Azure.Identity;
using AimsBot.Teams.Connector;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace AimsBot.Teams.Tests.Connector;

public class TokenProviderTests
{
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2025, 3, 4, 9, 0, 0, TimeSpan.Zero));
    private readonly Mock<TokenCredential> credential = new(MockBehavior.Strict);
    private int issued;

    private void IssueTokensValidFor(TimeSpan lifetime, TimeSpan? latency = null) =>
        credential
            .Setup(c => c.GetTokenAsync(It.IsAny<TokenRequestContext>(), It.IsAny<CancellationToken>()))
            .Returns(async (TokenRequestContext context, CancellationToken cancellationToken) =>
            {
                Assert.Equal([AzureIdentityConnectorTokenProvider.Scope], context.Scopes);
                if (latency is { } delay)
                {
                    await Task.Delay(delay, cancellationToken);
                }

                var n = Interlocked.Increment(ref issued);
                return new AccessToken($"token-{n}", time.GetUtcNow() + lifetime);
            });

    [Fact]
    public async Task Many_requests_share_one_credential_call()
    {
        IssueTokensValidFor(TimeSpan.FromHours(1), latency: TimeSpan.FromMilliseconds(50));
        using var provider = new AzureIdentityConnectorTokenProvider(credential.Object, time);

        var tokens = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => provider.GetTokenAsync().AsTask()));
        for (var i = 0; i < 50; i++)
        {
            Assert.Equal("token-1", await provider.GetTokenAsync());
        }

        Assert.All(tokens, t => Assert.Equal("token-1", t));
        credential.Verify(c => c.GetTokenAsync(It.IsAny<TokenRequestContext>(), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task Token_is_refreshed_five_minutes_before_expiry()
    {
        IssueTokensValidFor(TimeSpan.FromHours(1));
        using var provider = new AzureIdentityConnectorTokenProvider(credential.Object, time);

        Assert.Equal("token-1", await provider.GetTokenAsync());
        time.Advance(TimeSpan.FromMinutes(54));
        Assert.Equal("token-1", await provider.GetTokenAsync());
        time.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1));
        Assert.Equal("token-2", await provider.GetTokenAsync());
        Assert.Equal("token-2", await provider.GetTokenAsync());

        credential.Verify(c => c.GetTokenAsync(It.IsAny<TokenRequestContext>(), It.IsAny<CancellationToken>()), Times.Exactly(2));
    }

    [Fact]
    public async Task Expired_token_is_never_served()
    {
        IssueTokensValidFor(TimeSpan.FromHours(1));
        using var provider = new AzureIdentityConnectorTokenProvider(credential.Object, time);

        await provider.GetTokenAsync();
        time.Advance(TimeSpan.FromHours(2));

        Assert.Equal("token-2", await provider.GetTokenAsync());
    }

    [Fact]
    public async Task Short_lived_token_is_used_for_half_its_life()
    {
        IssueTokensValidFor(TimeSpan.FromMinutes(4));
        using var provider = new AzureIdentityConnectorTokenProvider(credential.Object, time);

        Assert.Equal("token-1", await provider.GetTokenAsync());
        time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal("token-1", await provider.GetTokenAsync());
        time.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1));
        Assert.Equal("token-2", await provider.GetTokenAsync());
    }

    [Fact]
    public async Task Credential_failure_is_reported_and_not_cached()
    {
        credential
            .SetupSequence(c => c.GetTokenAsync(It.IsAny<TokenRequestContext>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new AuthenticationFailedException("AADSTS7000215: Invalid client secret provided."))
            .ReturnsAsync(new AccessToken("token-ok", time.GetUtcNow().AddHours(1)));
        using var provider = new AzureIdentityConnectorTokenProvider(credential.Object, time);

        var error = await Assert.ThrowsAsync<ConnectorAuthenticationException>(() => provider.GetTokenAsync().AsTask());
        Assert.Contains("AADSTS7000215", error.Message, StringComparison.Ordinal);
        Assert.IsType<AuthenticationFailedException>(error.InnerException);

        Assert.Equal("token-ok", await provider.GetTokenAsync());
    }

    [Fact]
    public async Task Anonymous_provider_gives_no_token()
    {
        var provider = new AnonymousConnectorTokenProvider();

        Assert.True(provider.IsAnonymous);
        Assert.Null(await provider.GetTokenAsync());
    }

    [Fact]
    public void Single_tenant_secret_uses_a_client_secret_credential()
    {
        var created = AzureIdentityConnectorTokenProvider.CreateCredential(new ConnectorOptions
        {
            AppId = "11111111-1111-1111-1111-111111111111",
            AppPassword = "secret",
            AppType = ConnectorAppType.SingleTenant,
            TenantId = "22222222-2222-2222-2222-222222222222",
        });

        Assert.IsType<ClientSecretCredential>(created);
    }

    [Fact]
    public void Multi_tenant_secret_uses_a_client_secret_credential()
    {
        var created = AzureIdentityConnectorTokenProvider.CreateCredential(new ConnectorOptions
        {
            AppId = "11111111-1111-1111-1111-111111111111",
            AppPassword = "secret",
            AppType = ConnectorAppType.MultiTenant,
        });

        Assert.IsType<ClientSecretCredential>(created);
    }

    [Fact]
    public void Certificate_path_uses_a_client_certificate_credential()
    {
        var created = AzureIdentityConnectorTokenProvider.CreateCredential(new ConnectorOptions
        {
            AppId = "11111111-1111-1111-1111-111111111111",
            TenantId = "22222222-2222-2222-2222-222222222222",
            CertificatePath = "/secrets/bot.pfx",
        });

        Assert.IsType<ClientCertificateCredential>(created);
    }

    [Fact]
    public void User_assigned_identity_uses_a_managed_identity_credential()
    {
        var created = AzureIdentityConnectorTokenProvider.CreateCredential(new ConnectorOptions
        {
            AppId = "11111111-1111-1111-1111-111111111111",
            AppType = ConnectorAppType.UserAssignedMSI,
            ManagedIdentityClientId = "33333333-3333-3333-3333-333333333333",
        });

        Assert.IsType<ManagedIdentityCredential>(created);
    }

    [Fact]
    public void Single_tenant_without_tenant_is_refused()
    {
        var error = Assert.Throws<InvalidOperationException>(() => AzureIdentityConnectorTokenProvider.CreateCredential(new ConnectorOptions
        {
            AppId = "11111111-1111-1111-1111-111111111111",
            AppPassword = "secret",
        }));

        Assert.Contains("TenantId", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void App_registration_without_secret_or_certificate_is_refused()
    {
        Assert.Throws<InvalidOperationException>(() => AzureIdentityConnectorTokenProvider.CreateCredential(new ConnectorOptions
        {
            AppId = "11111111-1111-1111-1111-111111111111",
            TenantId = "22222222-2222-2222-2222-222222222222",
        }));
    }
}
