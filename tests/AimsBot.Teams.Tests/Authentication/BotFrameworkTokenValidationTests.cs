using System.Security.Cryptography;
using System.Text;
using AimsBot.Teams.Tests.Support;
using Microsoft.IdentityModel.Tokens;
using Xunit;

namespace AimsBot.Teams.Tests.Authentication;

/// <summary>Accepting and refusing Bot Framework tokens against a local OpenID provider.</summary>
public sealed class BotFrameworkTokenValidationTests : IClassFixture<BotFrameworkProviderFixture>, IDisposable
{
    private readonly BotFrameworkProviderFixture _fixture;
    private readonly AuthHarness _auth;

    public BotFrameworkTokenValidationTests(BotFrameworkProviderFixture fixture)
    {
        _fixture = fixture;
        _auth = new AuthHarness(fixture.Provider.MetadataUrl);
    }

    public void Dispose() => _auth.Dispose();

    private string Token(
        TestSigningKey? key = null,
        string? issuer = TestTokens.BotFrameworkIssuer,
        string? audience = TestTokens.AppId,
        TimeSpan? notBefore = null,
        TimeSpan? expires = null,
        bool withExpiry = true,
        string? serviceUrl = TestTokens.ServiceUrl,
        string? kidInHeader = null,
        string algorithm = SecurityAlgorithms.RsaSha256) =>
        TestTokens.Create(key ?? _fixture.EndorsedKey, _auth.Now, issuer, audience, notBefore, expires, withExpiry, serviceUrl, kidInHeader, algorithm);

    // ---- accepted ----

    [Fact]
    public async Task Valid_token_is_authenticated_and_its_claims_are_exposed()
    {
        var token = Token();

        var result = await _auth.SendTokenAsync(token);

        _auth.AssertAccepted(result, token);
        Assert.Equal(TestTokens.AppId, result.Identity!.FindFirst("aud")?.Value);
        Assert.Equal(TestTokens.BotFrameworkIssuer, result.Identity.FindFirst("iss")?.Value);
        Assert.Equal(TestTokens.ServiceUrl, result.Identity.FindFirst("serviceurl")?.Value);
    }

    [Theory]
    [InlineData(SecurityAlgorithms.RsaSha256)]
    [InlineData(SecurityAlgorithms.RsaSha384)]
    [InlineData(SecurityAlgorithms.RsaSha512)]
    public async Task RSA_PKCS1_algorithms_are_accepted(string algorithm)
    {
        var result = await _auth.SendTokenAsync(Token(algorithm: algorithm));

        _auth.AssertAccepted(result);
    }

    [Fact]
    public async Task Bearer_scheme_is_case_insensitive()
    {
        var result = await _auth.SendHeaderAsync("bearer " + Token());

        _auth.AssertAccepted(result);
    }

    [Fact]
    public async Task Token_expired_within_the_clock_skew_is_accepted()
    {
        var result = await _auth.SendTokenAsync(Token(notBefore: TimeSpan.FromMinutes(-60), expires: TimeSpan.FromMinutes(-2)));

        _auth.AssertAccepted(result);
    }

    [Fact]
    public async Task Token_not_yet_valid_within_the_clock_skew_is_accepted()
    {
        var result = await _auth.SendTokenAsync(Token(notBefore: TimeSpan.FromMinutes(2)));

        _auth.AssertAccepted(result);
    }

    [Theory]
    [InlineData("https://smba.trafficmanager.net/emea")]
    [InlineData("HTTPS://SMBA.trafficmanager.net/EMEA/")]
    [InlineData("https://smba.trafficmanager.net/emea//")]
    public async Task Service_url_compares_case_insensitively_and_ignores_trailing_slashes(string activityServiceUrl)
    {
        var result = await _auth.SendTokenAsync(Token(), serviceUrl: activityServiceUrl);

        _auth.AssertAccepted(result);
    }

    // ---- the header ----

    [Fact]
    public async Task Missing_header_is_refused()
    {
        var result = await _auth.SendHeaderAsync(null);

        _auth.AssertRefused(result, "no Authorization header");
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task Empty_header_is_refused(string header)
    {
        var result = await _auth.SendHeaderAsync(header);

        _auth.AssertRefused(result, "no Authorization header");
    }

    [Theory]
    [InlineData("Basic dXNlcjpwYXNzd29yZA==")]
    [InlineData("Bearer")]
    [InlineData("Bearer    ")]
    [InlineData("Token abc.def.ghi")]
    [InlineData("Bearerabc.def.ghi")]
    public async Task Non_bearer_header_is_refused(string header)
    {
        var result = await _auth.SendHeaderAsync(header);

        _auth.AssertRefused(result, "not a Bearer token");
    }

    [Fact]
    public async Task Bearer_token_with_another_scheme_prefix_is_refused()
    {
        var token = Token();

        var result = await _auth.SendHeaderAsync("Basic " + token);

        _auth.AssertRefused(result, "not a Bearer token", token);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("a.b.c")]
    [InlineData("eyJhbGciOiJSUzI1NiJ9.not-base64!.sig")]
    [InlineData("....")]
    [InlineData("a.b.c.d.e")]
    public async Task Malformed_token_is_refused(string token)
    {
        var result = await _auth.SendTokenAsync(token);

        _auth.AssertRefused(result, "not a well-formed JWT", token);
    }

    [Fact]
    public async Task Token_whose_claims_have_unexpected_types_is_refused()
    {
        var payload = TestTokens.Payload(_auth.Now);
        payload["iss"] = 42;
        var token = TestTokens.Unsigned(payload, kid: _fixture.EndorsedKey.KeyId, alg: "RS256") + "c2lnbmF0dXJl";

        var result = await _auth.SendTokenAsync(token);

        _auth.AssertRefused(result, "not a well-formed JWT", token);
    }

    [Fact]
    public async Task Token_whose_kid_is_not_a_string_is_refused()
    {
        var header = Base64UrlEncoder.Encode("{\"alg\":\"RS256\",\"kid\":123}");
        var payload = Base64UrlEncoder.Encode(System.Text.Json.JsonSerializer.Serialize(TestTokens.Payload(_auth.Now)));
        var token = header + "." + payload + ".c2lnbmF0dXJl";

        var result = await _auth.SendTokenAsync(token);

        _auth.AssertRefused(result, "not a well-formed JWT", token);
    }

    // ---- issuer, audience, lifetime ----

    [Theory]
    [InlineData("https://evil.example")]
    [InlineData("https://api.botframework.com/")]
    [InlineData("https://API.botframework.com")]
    [InlineData("https://sts.windows.net/72f988bf-86f1-41af-91ab-2d7cd011db47/")]
    public async Task Wrong_issuer_is_refused(string issuer)
    {
        var token = Token(issuer: issuer);

        var result = await _auth.SendTokenAsync(token);

        _auth.AssertRefused(result, "issuer is not trusted", token);
    }

    [Fact]
    public async Task Missing_issuer_is_refused()
    {
        var result = await _auth.SendTokenAsync(Token(issuer: null));

        _auth.AssertRefused(result, "issuer is not trusted");
    }

    [Theory]
    [InlineData("00000000-0000-0000-0000-000000000001")]
    [InlineData("https://api.botframework.com")]
    [InlineData("6B0C4C7A-2A1E-4F39-9A57-1F6B8F0F3A11x")]
    public async Task Wrong_audience_is_refused(string audience)
    {
        var token = Token(audience: audience);

        var result = await _auth.SendTokenAsync(token);

        _auth.AssertRefused(result, "audience", token);
    }

    [Fact]
    public async Task Missing_audience_is_refused()
    {
        var result = await _auth.SendTokenAsync(Token(audience: null));

        _auth.AssertRefused(result, "audience");
    }

    [Fact]
    public async Task Token_expired_beyond_the_clock_skew_is_refused()
    {
        var token = Token(notBefore: TimeSpan.FromMinutes(-60), expires: TimeSpan.FromMinutes(-6));

        var result = await _auth.SendTokenAsync(token);

        _auth.AssertRefused(result, "expired", token);
    }

    [Fact]
    public async Task Token_not_yet_valid_beyond_the_clock_skew_is_refused()
    {
        var token = Token(notBefore: TimeSpan.FromMinutes(6));

        var result = await _auth.SendTokenAsync(token);

        _auth.AssertRefused(result, "not valid yet", token);
    }

    [Fact]
    public async Task Token_that_becomes_expired_as_time_passes_is_refused()
    {
        var token = Token(expires: TimeSpan.FromMinutes(10));
        _auth.AssertAccepted(await _auth.SendTokenAsync(token));

        _auth.Time.Advance(TimeSpan.FromMinutes(16));
        var result = await _auth.SendTokenAsync(token);

        _auth.AssertRefused(result, "expired", token);
    }

    [Fact]
    public async Task Token_without_expiry_is_refused()
    {
        var token = Token(withExpiry: false);

        var result = await _auth.SendTokenAsync(token);

        _auth.AssertRefused(result, "no expiration", token);
    }

    // ---- keys and signatures ----

    [Fact]
    public async Task Token_signed_by_a_foreign_key_under_a_known_kid_is_refused()
    {
        var token = Token(key: _fixture.OutsiderKey, kidInHeader: _fixture.EndorsedKey.KeyId);

        var result = await _auth.SendTokenAsync(token);

        _auth.AssertRefused(result, "signature is invalid", token);
    }

    [Fact]
    public async Task Token_with_a_tampered_payload_is_refused()
    {
        var genuine = Token();
        var parts = genuine.Split('.');
        var payload = Encoding.UTF8.GetString(Base64UrlEncoder.DecodeBytes(parts[1]))
            .Replace(TestTokens.ServiceUrl, "https://attacker.example/", StringComparison.Ordinal);
        var forged = parts[0] + "." + Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(payload)) + "." + parts[2];

        var result = await _auth.SendTokenAsync(forged, serviceUrl: "https://attacker.example/");

        _auth.AssertRefused(result, "signature is invalid", forged);
    }

    [Fact]
    public async Task Token_with_an_unknown_kid_is_refused()
    {
        var token = Token(key: _fixture.OutsiderKey);

        var result = await _auth.SendTokenAsync(token);

        _auth.AssertRefused(result, "not in the issuer's JWKS", token);
    }

    [Fact]
    public async Task Token_without_kid_is_refused()
    {
        var key = new RsaSecurityKey(_fixture.EndorsedKey.Rsa); // no KeyId: no kid header
        var token = new Microsoft.IdentityModel.JsonWebTokens.JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = TestTokens.BotFrameworkIssuer,
            Audience = TestTokens.AppId,
            NotBefore = _auth.Now.AddMinutes(-1).UtcDateTime,
            IssuedAt = _auth.Now.AddMinutes(-1).UtcDateTime,
            Expires = _auth.Now.AddHours(1).UtcDateTime,
            Claims = new Dictionary<string, object> { ["serviceurl"] = TestTokens.ServiceUrl },
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.RsaSha256),
        });

        var result = await _auth.SendTokenAsync(token);

        _auth.AssertRefused(result, "no key id", token);
    }

    [Theory]
    [InlineData("none")]
    [InlineData("None")]
    [InlineData("NONE")]
    public async Task Unsigned_alg_none_token_is_refused(string alg)
    {
        var token = TestTokens.Unsigned(TestTokens.Payload(_auth.Now), kid: _fixture.EndorsedKey.KeyId, alg: alg);

        var result = await _auth.SendTokenAsync(token);

        _auth.AssertRefused(result, "algorithm is not allowed", token);
    }

    public static TheoryData<string> GuessedSecrets => new()
    {
        TestTokens.AppId,
        "secret",
        "a-shared-secret-that-is-long-enough-for-hs256",
    };

    [Theory]
    [MemberData(nameof(GuessedSecrets))]
    public async Task HS256_token_signed_with_a_guessed_secret_is_refused(string secret)
    {
        var token = TestTokens.Hs256(TestTokens.Payload(_auth.Now), Encoding.UTF8.GetBytes(secret), kid: _fixture.EndorsedKey.KeyId);

        var result = await _auth.SendTokenAsync(token);

        _auth.AssertRefused(result, "algorithm is not allowed", token);
    }

    [Fact]
    public async Task HS256_token_signed_with_the_published_public_key_is_refused()
    {
        // Algorithm confusion: an attacker uses the JWKS's public key material as the HMAC secret.
        var publicKey = _fixture.EndorsedKey.Rsa.ExportParameters(false);
        var secrets = new[]
        {
            publicKey.Modulus!,
            _fixture.EndorsedKey.Rsa.ExportSubjectPublicKeyInfo(),
            Encoding.ASCII.GetBytes(_fixture.EndorsedKey.Rsa.ExportSubjectPublicKeyInfoPem()),
        };

        foreach (var secret in secrets)
        {
            _auth.Logger.Clear();
            var token = TestTokens.Hs256(TestTokens.Payload(_auth.Now), secret, kid: _fixture.EndorsedKey.KeyId);

            var result = await _auth.SendTokenAsync(token);

            _auth.AssertRefused(result, "algorithm is not allowed", token);
        }
    }

    [Fact]
    public async Task HS256_token_under_the_kid_of_a_symmetric_key_in_the_JWKS_is_refused()
    {
        var token = TestTokens.Hs256(TestTokens.Payload(_auth.Now), BotFrameworkProviderFixture.SymmetricSecret, kid: BotFrameworkProviderFixture.SymmetricKid);

        var result = await _auth.SendTokenAsync(token);

        _auth.AssertRefused(result, "algorithm is not allowed", token);
    }

    [Fact]
    public async Task RS256_token_under_the_kid_of_a_symmetric_key_in_the_JWKS_is_refused()
    {
        // Symmetric JWKS entries are never signing keys, whatever the token claims.
        var token = Token(key: _fixture.OutsiderKey, kidInHeader: BotFrameworkProviderFixture.SymmetricKid);

        var result = await _auth.SendTokenAsync(token);

        _auth.AssertRefused(result, "not in the issuer's JWKS", token);
    }

    [Fact]
    public async Task RSASSA_PSS_token_is_refused()
    {
        var token = Token(algorithm: SecurityAlgorithms.RsaSsaPssSha256);

        var result = await _auth.SendTokenAsync(token);

        _auth.AssertRefused(result, "algorithm is not allowed", token);
    }

    // ---- endorsements (403) ----

    [Fact]
    public async Task Key_without_endorsements_is_forbidden()
    {
        var token = Token(key: _fixture.UnendorsedKey);

        var result = await _auth.SendTokenAsync(token);

        _auth.AssertRefused(result, "not endorsed", token, status: 403);
    }

    [Fact]
    public async Task Key_endorsed_for_another_channel_is_forbidden()
    {
        var token = Token(key: _fixture.WebChatKey);

        var result = await _auth.SendTokenAsync(token, channelId: "msteams");

        _auth.AssertRefused(result, "not endorsed", token, status: 403);
    }

    [Fact]
    public async Task Endorsement_is_checked_against_the_activity_channel()
    {
        _auth.AssertAccepted(await _auth.SendTokenAsync(Token(key: _fixture.WebChatKey), channelId: "webchat"));

        var result = await _auth.SendTokenAsync(Token(key: _fixture.EndorsedKey), channelId: "webchat");

        _auth.AssertRefused(result, "not endorsed", status: 403);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public async Task Activity_without_channel_id_is_forbidden(string? channelId)
    {
        var result = await _auth.SendTokenAsync(Token(), channelId: channelId);

        _auth.AssertRefused(result, "no channelId", status: 403);
    }

    [Fact]
    public async Task Invalid_token_signed_by_an_unendorsed_key_is_unauthorized_not_forbidden()
    {
        // Token validity is checked before endorsements: a bad token never learns about endorsements.
        var token = Token(key: _fixture.UnendorsedKey, audience: "someone-else");

        var result = await _auth.SendTokenAsync(token);

        _auth.AssertRefused(result, "audience", token, status: 401);
    }

    // ---- service url ----

    [Fact]
    public async Task Service_url_claim_different_from_the_activity_is_refused()
    {
        var token = Token(serviceUrl: "https://attacker.example/");

        var result = await _auth.SendTokenAsync(token, serviceUrl: TestTokens.ServiceUrl);

        _auth.AssertRefused(result, "serviceurl claim does not match", token);
    }

    [Fact]
    public async Task Missing_service_url_claim_is_refused()
    {
        var token = Token(serviceUrl: null);

        var result = await _auth.SendTokenAsync(token);

        _auth.AssertRefused(result, "no serviceurl claim", token);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public async Task Activity_without_service_url_is_refused(string? activityServiceUrl)
    {
        var result = await _auth.SendTokenAsync(Token(), serviceUrl: activityServiceUrl);

        _auth.AssertRefused(result, "serviceurl claim does not match");
    }

    // ---- configuration ----

    [Fact]
    public async Task Without_an_app_id_no_token_is_accepted()
    {
        using var auth = new AuthHarness(_fixture.Provider.MetadataUrl, o => o.AppId = null);
        var token = TestTokens.Create(_fixture.EndorsedKey, auth.Now);

        var result = await auth.SendTokenAsync(token);

        auth.AssertRefused(result, "no bot app id", token);
    }

    [Fact]
    public async Task Clock_skew_is_configurable()
    {
        using var auth = new AuthHarness(_fixture.Provider.MetadataUrl, o => o.ClockSkew = TimeSpan.Zero);
        var token = TestTokens.Create(_fixture.EndorsedKey, auth.Now, notBefore: TimeSpan.FromMinutes(-60), expires: TimeSpan.FromSeconds(-30));

        var result = await auth.SendTokenAsync(token);

        auth.AssertRefused(result, "expired", token);
    }

    [Fact]
    public async Task Keys_are_read_over_the_named_http_client()
    {
        _auth.AssertAccepted(await _auth.SendTokenAsync(Token()));

        Assert.NotEmpty(_auth.Http.RequestedNames);
        Assert.All(_auth.Http.RequestedNames, name => Assert.Equal(AimsBot.Teams.Authentication.BotFrameworkAuthenticator.HttpClientName, name));
    }

    [Fact]
    public async Task Cancelled_request_throws_instead_of_answering()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            _auth.Authenticator.AuthenticateAsync("Bearer " + Token(), "msteams", TestTokens.ServiceUrl, cancelled.Token));
    }

    [Fact]
    public void Hs256_helper_produces_a_verifiable_signature()
    {
        // Guards the HS256 tests above: the forged tokens are genuinely HMAC-signed, so they are refused for the algorithm.
        var token = TestTokens.Hs256(TestTokens.Payload(_auth.Now), Encoding.UTF8.GetBytes("secret"));
        var parts = token.Split('.');
        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes("secret"), Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]));
        Assert.Equal(Base64UrlEncoder.Encode(expected), parts[2]);
    }
}
