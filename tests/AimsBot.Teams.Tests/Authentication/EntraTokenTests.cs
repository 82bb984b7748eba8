using AimsBot.Teams.Authentication;
using AimsBot.Teams.Tests.Support;
using Xunit;

namespace AimsBot.Teams.Tests.Authentication;

/// <summary>
/// A local Bot Framework provider and a local Entra-like one for the bot's tenant (issuer
/// <c>https://login.microsoftonline.com/{tenant}/v2.0</c>), each with its own keys.
/// </summary>
public sealed class EntraProviderFixture : IAsyncLifetime
{
    public const string TenantId = "3f2a8c1e-5b7d-4e09-8a6f-2c1d0e9b7a55";

    public LocalOpenIdProvider BotFramework { get; private set; } = null!;

    public LocalOpenIdProvider Entra { get; private set; } = null!;

    public TestSigningKey BotFrameworkKey { get; private set; } = null!;

    public TestSigningKey EntraKey { get; private set; } = null!;

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

/// <summary>
/// The Teams channel sends Bot Framework tokens only, to single-tenant bots too; Entra-issued tokens (the Emulator's,
/// a skill caller's, or any app of the tenant asking for the bot's audience) are refused with 401 whatever they claim.
/// </summary>
public sealed class EntraTokenTests : IClassFixture<EntraProviderFixture>, IDisposable
{
    private const string V2Issuer = "https://login.microsoftonline.com/" + EntraProviderFixture.TenantId + "/v2.0";
    private const string V1Issuer = "https://sts.windows.net/" + EntraProviderFixture.TenantId + "/";

    private readonly EntraProviderFixture _fixture;
    private readonly AuthHarness _auth;

    public EntraTokenTests(EntraProviderFixture fixture)
    {
        _fixture = fixture;
        _auth = new AuthHarness(fixture.BotFramework.MetadataUrl);
    }

    public void Dispose() => _auth.Dispose();

    /// <summary>An Entra token as the bot itself (azp/appid = its own app id) of its own tenant could get it: the strongest case.</summary>
    private string EntraToken(string issuer = V2Issuer, string? serviceUrl = TestTokens.ServiceUrl, string clientApp = TestTokens.AppId) =>
        TestTokens.Create(
            _fixture.EntraKey,
            _auth.Now,
            issuer: issuer,
            serviceUrl: serviceUrl,
            claims: new Dictionary<string, object> { ["tid"] = EntraProviderFixture.TenantId, ["azp"] = clientApp, ["appid"] = clientApp });

    [Theory]
    [InlineData(V2Issuer)]
    [InlineData(V1Issuer)]
    public async Task An_Entra_token_of_the_bots_own_tenant_and_app_is_refused_without_fetching_any_key(string issuer)
    {
        var token = EntraToken(issuer);
        var entraRequests = _fixture.Entra.MetadataRequests + _fixture.Entra.JwksRequests;
        var botFrameworkRequests = _fixture.BotFramework.MetadataRequests + _fixture.BotFramework.JwksRequests;

        var result = await _auth.SendTokenAsync(token);

        _auth.AssertRefused(result, "issuer is not trusted", token);
        Assert.Equal(entraRequests, _fixture.Entra.MetadataRequests + _fixture.Entra.JwksRequests);
        Assert.Equal(botFrameworkRequests, _fixture.BotFramework.MetadataRequests + _fixture.BotFramework.JwksRequests);
    }

    [Fact]
    public async Task A_foreign_apps_Entra_token_naming_an_attackers_service_url_is_refused()
    {
        var token = EntraToken(serviceUrl: "https://attacker.example/", clientApp: "0b7e4b4c-0000-4000-8000-00000000f0e1");

        var result = await _auth.SendTokenAsync(token, serviceUrl: "https://attacker.example/");

        _auth.AssertRefused(result, "issuer is not trusted", token);
    }

    [Fact]
    public async Task An_Entra_token_without_a_service_url_claim_is_refused()
    {
        var token = EntraToken(serviceUrl: null);

        var result = await _auth.SendTokenAsync(token);

        _auth.AssertRefused(result, "issuer is not trusted", token);
    }

    [Fact]
    public async Task An_Entra_key_cannot_sign_for_the_Bot_Framework_issuer()
    {
        var token = TestTokens.Create(_fixture.EntraKey, _auth.Now);

        var result = await _auth.SendTokenAsync(token);

        _auth.AssertRefused(result, "not in the issuer's JWKS", token);
    }

    [Fact]
    public async Task Bot_Framework_tokens_are_accepted_and_still_need_endorsement_for_the_channel()
    {
        _auth.AssertAccepted(await _auth.SendTokenAsync(TestTokens.Create(_fixture.BotFrameworkKey, _auth.Now)));

        var result = await _auth.SendTokenAsync(TestTokens.Create(_fixture.BotFrameworkKey, _auth.Now), channelId: "webchat");

        _auth.AssertRefused(result, "not endorsed", status: 403);
    }
}
