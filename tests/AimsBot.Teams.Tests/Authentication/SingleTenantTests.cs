using AimsBot.Teams.Authentication;
using AimsBot.Teams.Tests.Support;
using Xunit;

namespace AimsBot.Teams.Tests.Authentication;

/// <summary>Local providers for a single-tenant bot: the Bot Framework one and the tenant's Entra one.</summary>
public sealed class SingleTenantFixture : IAsyncLifetime
{
    public const string TenantId = "3f2a8c1e-5b7d-4e09-8a6f-2c1d0e9b7a55";
    public const string OtherTenantId = "9d8c7b6a-5f4e-4d3c-2b1a-0f9e8d7c6b5a";

    public LocalOpenIdProvider BotFramework { get; private set; } = null!;

    public LocalOpenIdProvider Entra { get; private set; } = null!;

    public TestSigningKey BotFrameworkKey { get; private set; } = null!;

    public TestSigningKey EntraKey { get; private set; } = null!;

    /// <summary>The Entra metadata URL template, with the placeholder the authenticator must fill in.</summary>
    public string EntraMetadataTemplate => Entra.BaseUrl + "/{tenantId}/v2.0/.well-known/openid-configuration";

    public async Task InitializeAsync()
    {
        BotFramework = await LocalOpenIdProvider.StartAsync();
        BotFrameworkKey = BotFramework.AddKey(KeyMaterial.A, "bf-key", ["msteams"]);
        Entra = await LocalOpenIdProvider.StartAsync(
            metadataPath: $"/{TenantId}/v2.0/.well-known/openid-configuration",
            issuer: $"https://login.microsoftonline.com/{TenantId}/v2.0");
        EntraKey = Entra.AddKey(KeyMaterial.C, "entra-key"); // Entra keys carry no endorsements
    }

    public async Task DisposeAsync()
    {
        await BotFramework.DisposeAsync();
        await Entra.DisposeAsync();
    }
}

/// <summary>Single-tenant bots also accept Entra-issued tokens of their own tenant.</summary>
public sealed class SingleTenantTests : IClassFixture<SingleTenantFixture>, IDisposable
{
    private const string V2Issuer = "https://login.microsoftonline.com/" + SingleTenantFixture.TenantId + "/v2.0";
    private const string V1Issuer = "https://sts.windows.net/" + SingleTenantFixture.TenantId + "/";

    private readonly SingleTenantFixture _fixture;
    private readonly AuthHarness _auth;

    public SingleTenantTests(SingleTenantFixture fixture)
    {
        _fixture = fixture;
        _auth = new AuthHarness(fixture.BotFramework.MetadataUrl, o =>
        {
            o.AppType = BotAppType.SingleTenant;
            o.TenantId = SingleTenantFixture.TenantId;
            o.EntraOpenIdMetadataUrl = fixture.EntraMetadataTemplate;
        });
    }

    public void Dispose() => _auth.Dispose();

    private string EntraToken(string issuer = V2Issuer, string? serviceUrl = null, string? audience = TestTokens.AppId, TestSigningKey? key = null) =>
        TestTokens.Create(
            key ?? _fixture.EntraKey,
            _auth.Now,
            issuer: issuer,
            audience: audience,
            serviceUrl: serviceUrl,
            claims: new Dictionary<string, object> { ["tid"] = SingleTenantFixture.TenantId, ["azp"] = "botframework" });

    [Fact]
    public async Task Entra_v2_token_of_the_configured_tenant_is_accepted()
    {
        var token = EntraToken();

        var result = await _auth.SendTokenAsync(token);

        _auth.AssertAccepted(result, token);
        Assert.Equal(SingleTenantFixture.TenantId, result.Identity!.FindFirst("tid")?.Value);
        Assert.Equal(V2Issuer, result.Identity.FindFirst("iss")?.Value);
    }

    [Fact]
    public async Task Entra_v1_token_of_the_configured_tenant_is_accepted()
    {
        var result = await _auth.SendTokenAsync(EntraToken(issuer: V1Issuer));

        _auth.AssertAccepted(result);
    }

    [Fact]
    public async Task Tenant_id_is_matched_whatever_its_configured_case()
    {
        using var auth = new AuthHarness(_fixture.BotFramework.MetadataUrl, o =>
        {
            o.AppType = BotAppType.SingleTenant;
            o.TenantId = SingleTenantFixture.TenantId.ToUpperInvariant();
            o.EntraOpenIdMetadataUrl = _fixture.EntraMetadataTemplate;
        });

        var result = await auth.SendTokenAsync(TestTokens.Create(_fixture.EntraKey, auth.Now, issuer: V2Issuer, serviceUrl: null));

        auth.AssertAccepted(result);
    }

    [Theory]
    [InlineData("https://login.microsoftonline.com/" + SingleTenantFixture.OtherTenantId + "/v2.0")]
    [InlineData("https://sts.windows.net/" + SingleTenantFixture.OtherTenantId + "/")]
    [InlineData("https://login.microsoftonline.com/common/v2.0")]
    [InlineData("https://login.microsoftonline.com/" + SingleTenantFixture.TenantId + "/v2.0/")]
    public async Task Entra_token_of_another_tenant_is_refused(string issuer)
    {
        var token = EntraToken(issuer: issuer);

        var result = await _auth.SendTokenAsync(token);

        _auth.AssertRefused(result, "issuer is not trusted", token);
    }

    [Fact]
    public async Task Entra_token_for_another_audience_is_refused()
    {
        var token = EntraToken(audience: "api://someone-else");

        var result = await _auth.SendTokenAsync(token);

        _auth.AssertRefused(result, "audience", token);
    }

    [Fact]
    public async Task Entra_token_with_a_mismatching_service_url_claim_is_refused()
    {
        var token = EntraToken(serviceUrl: "https://attacker.example/");

        var result = await _auth.SendTokenAsync(token);

        _auth.AssertRefused(result, "serviceurl claim does not match", token);
    }

    [Fact]
    public async Task Entra_token_with_a_matching_service_url_claim_is_accepted()
    {
        var result = await _auth.SendTokenAsync(EntraToken(serviceUrl: TestTokens.ServiceUrl));

        _auth.AssertAccepted(result);
    }

    [Fact]
    public async Task Entra_issuer_with_a_Bot_Framework_key_is_refused()
    {
        // Each issuer is checked against its own JWKS only.
        var token = EntraToken(key: _fixture.BotFrameworkKey);

        var result = await _auth.SendTokenAsync(token);

        _auth.AssertRefused(result, "not in the issuer's JWKS", token);
    }

    [Fact]
    public async Task Bot_Framework_issuer_with_an_Entra_key_is_refused()
    {
        var token = TestTokens.Create(_fixture.EntraKey, _auth.Now);

        var result = await _auth.SendTokenAsync(token);

        _auth.AssertRefused(result, "not in the issuer's JWKS", token);
    }

    [Fact]
    public async Task Bot_Framework_tokens_are_still_accepted_and_still_need_endorsement()
    {
        _auth.AssertAccepted(await _auth.SendTokenAsync(TestTokens.Create(_fixture.BotFrameworkKey, _auth.Now)));

        var result = await _auth.SendTokenAsync(TestTokens.Create(_fixture.BotFrameworkKey, _auth.Now), channelId: "webchat");

        _auth.AssertRefused(result, "not endorsed", status: 403);
    }

    [Theory]
    [InlineData(BotAppType.MultiTenant)]
    [InlineData(BotAppType.UserAssignedMSI)]
    public async Task Entra_tokens_are_refused_unless_the_bot_is_single_tenant(BotAppType appType)
    {
        using var auth = new AuthHarness(_fixture.BotFramework.MetadataUrl, o =>
        {
            o.AppType = appType;
            o.TenantId = SingleTenantFixture.TenantId;
            o.EntraOpenIdMetadataUrl = _fixture.EntraMetadataTemplate;
        });
        var entraRequestsBefore = _fixture.Entra.MetadataRequests;
        var token = TestTokens.Create(_fixture.EntraKey, auth.Now, issuer: V2Issuer, serviceUrl: null);

        var result = await auth.SendTokenAsync(token);

        auth.AssertRefused(result, "issuer is not trusted", token);
        Assert.Equal(entraRequestsBefore, _fixture.Entra.MetadataRequests);
    }
}
