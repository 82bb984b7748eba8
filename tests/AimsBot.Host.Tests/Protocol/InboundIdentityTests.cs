using System.Net;
using System.Security.Claims;
using System.Text.Json.Nodes;
using AimsBot.Host.Tests.Support;
using AimsBot.Storage;
using AimsBot.Storage.Users;
using AimsBot.Teams.Authentication;
using AimsBot.Teams.Connector;
using AimsBot.Teams.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace AimsBot.Host.Tests.Protocol;

/// <summary>
/// The two impersonation paths of issue #11, against a Production-configured single-tenant host with real token
/// validation: a Web Chat activity signed by a Bot Framework key endorsed for webchat, and an Entra token another app
/// of the tenant can get for the bot's audience. Both are refused before anything is read or written, and the named
/// person's stored service URL stays the one Teams gave.
/// </summary>
public sealed class InboundIdentityTests : IAsyncLifetime
{
    private const string Victim = "aad-victim-0001";
    private const string AttackerServiceUrl = "https://attacker.example/";
    private const string WebChatServiceUrl = "https://webchat.botframework.com/";

    /// <summary>A stated instant; the attack tokens are valid ten years either side, so whatever clock the host runs on accepts their lifetime.</summary>
    private static readonly DateTimeOffset Minted = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Decade = TimeSpan.FromDays(3650);

    private LocalOpenIdProvider _entra = null!;
    private TestSigningKey _entraKey = null!;
    private TestSigningKey _webChatKey = null!;
    private ProtocolHarness _bot = null!;

    public async Task InitializeAsync()
    {
        // An Entra-like issuer of the bot's own tenant, even configured where the old setting pointed: it must not count.
        _entra = await LocalOpenIdProvider.StartAsync(
            metadataPath: $"/{ProtocolHarness.Tenant}/v2.0/.well-known/openid-configuration",
            issuer: $"https://login.microsoftonline.com/{ProtocolHarness.Tenant}/v2.0");
        _entraKey = _entra.AddKey(KeyMaterial.C, "entra-key");
        _bot = new ProtocolHarness
        {
            Settings = new Dictionary<string, string?>
            {
                ["Bot:AppType"] = "SingleTenant",
                ["Bot:TenantId"] = ProtocolHarness.Tenant,
                ["Bot:EntraOpenIdMetadataUrl"] = _entra.MetadataUrl,
            },
        };
        await _bot.InitializeAsync();
        // Published before the first request, as the Bot Framework's JWKS publishes its webchat keys.
        _webChatKey = _bot.Provider.AddKey(KeyMaterial.D, "webchat-key", ["webchat"]);
    }

    public async Task DisposeAsync()
    {
        await _bot.DisposeAsync();
        await _entra.DisposeAsync();
    }

    [Fact]
    public async Task A_webchat_activity_signed_by_a_key_endorsed_for_webchat_gets_403_and_changes_nothing()
    {
        var before = await SeedVictimAsync();
        var activity = _bot.Activity("message", "help", userAadId: Victim);
        activity["channelId"] = "webchat";
        activity["serviceUrl"] = WebChatServiceUrl;
        activity["from"] = new JsonObject { ["id"] = "29:user-" + Victim, ["name"] = "Dana Owner", ["aadObjectId"] = Victim };

        var response = await _bot.PostAsync(activity, TestTokens.Create(_webChatKey, Minted, notBefore: -Decade, expires: Decade, serviceUrl: WebChatServiceUrl));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("Microsoft Teams only", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await AssertNothingChangedAsync(before, WebChatServiceUrl);
    }

    [Theory]
    [InlineData("0b7e4b4c-0000-4000-8000-00000000f0e1")] // another app of the tenant
    [InlineData(TestTokens.AppId)] // even the bot's own app id: the Teams channel never sends Entra tokens
    public async Task An_Entra_token_carrying_an_attackers_service_url_gets_401_and_changes_nothing(string clientApp)
    {
        var before = await SeedVictimAsync();
        var activity = _bot.Activity("message", "help", userAadId: Victim);
        activity["serviceUrl"] = AttackerServiceUrl;
        var token = TestTokens.Create(
            _entraKey,
            Minted,
            issuer: _entra.Issuer,
            notBefore: -Decade,
            expires: Decade,
            serviceUrl: AttackerServiceUrl,
            claims: new Dictionary<string, object> { ["tid"] = ProtocolHarness.Tenant, ["azp"] = clientApp, ["appid"] = clientApp });

        var response = await _bot.PostAsync(activity, token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        await AssertNothingChangedAsync(before, AttackerServiceUrl);
        Assert.Equal(0, _entra.MetadataRequests + _entra.JwksRequests);
    }

    [Fact]
    public async Task Whatever_authenticator_is_registered_a_service_url_the_token_does_not_name_is_refused_and_never_learnt()
    {
        // An authenticator that vouches for any request, with a token issued for Teams' service URL.
        var lenient = new ProtocolHarness
        {
            ConfigureServices = s => s.AddSingleton<IInboundRequestAuthenticator>(new VouchesForAnything("https://smba.trafficmanager.net/emea/")),
        };
        await lenient.InitializeAsync();
        try
        {
            var activity = lenient.Activity("message", "help", userAadId: Victim);
            activity["serviceUrl"] = AttackerServiceUrl;

            var response = await lenient.PostAsync(activity);

            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Null(await lenient.Users.GetAsync(ProtocolHarness.Tenant, Victim));
            Assert.False(lenient.Factory.Services.GetRequiredService<ITrustedServiceUrlRegistry>().IsTrusted(AttackerServiceUrl));
            await Task.Delay(200);
            Assert.Empty(lenient.Connector.Requests);
        }
        finally
        {
            await lenient.DisposeAsync();
        }
    }

    [Fact]
    public async Task Local_anonymous_mode_still_takes_whatever_channel_id_the_playground_sends()
    {
        using var factory = new BotHostFactory(); // Development, no Bot:AppId
        using var client = factory.CreateClient();
        await factory.Services.GetRequiredService<TableInitializer>().Ready.WaitAsync(TimeSpan.FromSeconds(30));
        var invoke = new JsonObject
        {
            ["type"] = "invoke",
            ["name"] = "adaptiveCard/action",
            ["id"] = "invoke-playground-1",
            ["serviceUrl"] = "http://127.0.0.1:9/unused/",
            ["channelId"] = "emulator",
            ["from"] = new JsonObject { ["id"] = "29:u", ["aadObjectId"] = "aad-u" },
            ["conversation"] = new JsonObject { ["id"] = "a:c", ["conversationType"] = "personal" },
            ["recipient"] = new JsonObject { ["id"] = "28:bot" },
            ["value"] = new JsonObject { ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = "onboarding.help", ["data"] = new JsonObject() } },
        };

        using var response = await client.PostAsync(
            new Uri("/api/messages", UriKind.Relative),
            new StringContent(invoke.ToJsonString(), System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("application/vnd.microsoft.card.adaptive", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    /// <summary>The victim talks to the bot in Teams first, so they have a row with Teams' service URL.</summary>
    private async Task<UserRecord> SeedVictimAsync()
    {
        Assert.Equal(HttpStatusCode.OK, (await _bot.PostAsync(_bot.Activity("message", "help", userAadId: Victim))).StatusCode);
        Assert.Single(await _bot.WaitForRequestsAsync(r => r.Method == "POST"));
        var user = await _bot.Users.GetAsync(ProtocolHarness.Tenant, Victim);
        Assert.NotNull(user);
        Assert.Equal(_bot.ServiceUrl, user.ServiceUrl);
        Assert.Equal(1, await ProcessedActivityCountAsync());
        return user;
    }

    private async Task AssertNothingChangedAsync(UserRecord before, string refusedServiceUrl)
    {
        var after = await _bot.Users.GetAsync(ProtocolHarness.Tenant, Victim);
        Assert.NotNull(after);
        Assert.Equal(_bot.ServiceUrl, after.ServiceUrl);
        Assert.Equal(before.ETag, after.ETag); // the row was not written at all
        Assert.Equal(1, await ProcessedActivityCountAsync()); // only the seed's
        Assert.False(_bot.Factory.Services.GetRequiredService<ITrustedServiceUrlRegistry>().IsTrusted(refusedServiceUrl));
        await Task.Delay(200);
        Assert.Single(_bot.Connector.Requests); // the seed's reply, nothing more
    }

    private async Task<int> ProcessedActivityCountAsync()
    {
        var table = _bot.Factory.Services.GetRequiredService<TableStore>().Table<ProcessedActivityRow>(ProcessedActivityStore.TableName);
        var count = 0;
        await foreach (var _ in table.QueryAsync(null))
        {
            count++;
        }

        return count;
    }

    private sealed class VouchesForAnything(string signedServiceUrl) : IInboundRequestAuthenticator
    {
        public Task<InboundAuthenticationResult> AuthenticateAsync(string? authorizationHeader, string? channelId, string? serviceUrl, CancellationToken cancellationToken) =>
            Task.FromResult(InboundAuthenticationResult.Authenticated(
                new ClaimsIdentity([new Claim(BotFrameworkAuthenticator.ServiceUrlClaimType, signedServiceUrl)], "test")));
    }
}
