using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace AimsBot.Teams.Tests.Support;

/// <summary>Mints test JWTs: RSA-signed through <see cref="JsonWebTokenHandler"/>, or hand-made unsigned/HMAC ones.</summary>
public static class TestTokens
{
    public const string AppId = "6b0c4c7a-2a1e-4f39-9a57-1f6b8f0f3a11";
    public const string ServiceUrl = "https://smba.trafficmanager.net/emea/";
    public const string BotFrameworkIssuer = "https://api.botframework.com";

    /// <summary>A signed token. Defaults: Bot Framework issuer, <see cref="AppId"/> audience, valid from now-1min to now+1h, <see cref="ServiceUrl"/>.</summary>
    public static string Create(
        TestSigningKey key,
        DateTimeOffset now,
        string? issuer = BotFrameworkIssuer,
        string? audience = AppId,
        TimeSpan? notBefore = null,
        TimeSpan? expires = null,
        bool withExpiry = true,
        string? serviceUrl = ServiceUrl,
        string? kidInHeader = null,
        string algorithm = SecurityAlgorithms.RsaSha256,
        IDictionary<string, object>? claims = null)
    {
        var allClaims = new Dictionary<string, object>(claims ?? new Dictionary<string, object>());
        if (serviceUrl is not null)
        {
            allClaims["serviceurl"] = serviceUrl;
        }

        var nbf = now + (notBefore ?? TimeSpan.FromMinutes(-1));
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            IssuedAt = nbf.UtcDateTime,
            NotBefore = nbf.UtcDateTime,
            Expires = withExpiry ? (now + (expires ?? TimeSpan.FromHours(1))).UtcDateTime : null,
            Claims = allClaims,
            SigningCredentials = key.Credentials(algorithm, kidInHeader),
        };
        var handler = new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false };
        return handler.CreateToken(descriptor);
    }

    /// <summary>A standard payload for hand-made tokens.</summary>
    public static Dictionary<string, object> Payload(DateTimeOffset now, string issuer = BotFrameworkIssuer) => new()
    {
        ["iss"] = issuer,
        ["aud"] = AppId,
        ["nbf"] = (now - TimeSpan.FromMinutes(1)).ToUnixTimeSeconds(),
        ["exp"] = (now + TimeSpan.FromHours(1)).ToUnixTimeSeconds(),
        ["serviceurl"] = ServiceUrl,
    };

    /// <summary>An unsigned token (<c>alg: none</c>, empty signature).</summary>
    public static string Unsigned(Dictionary<string, object> payload, string? kid = null, string alg = "none")
    {
        var header = new Dictionary<string, object> { ["alg"] = alg, ["typ"] = "JWT" };
        if (kid is not null)
        {
            header["kid"] = kid;
        }

        return Encode(header) + "." + Encode(payload) + ".";
    }

    /// <summary>An HS256 token signed with <paramref name="secret"/> (a guessed secret, or a public key for alg confusion).</summary>
    public static string Hs256(Dictionary<string, object> payload, byte[] secret, string? kid = null)
    {
        var header = new Dictionary<string, object> { ["alg"] = "HS256", ["typ"] = "JWT" };
        if (kid is not null)
        {
            header["kid"] = kid;
        }

        var signingInput = Encode(header) + "." + Encode(payload);
        var signature = HMACSHA256.HashData(secret, Encoding.ASCII.GetBytes(signingInput));
        return signingInput + "." + Base64UrlEncoder.Encode(signature);
    }

    private static string Encode(Dictionary<string, object> value) =>
        Base64UrlEncoder.Encode(JsonSerializer.SerializeToUtf8Bytes(value));
}
