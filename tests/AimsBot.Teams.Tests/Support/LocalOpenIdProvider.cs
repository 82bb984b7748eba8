using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using AimsBot.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;

namespace AimsBot.Teams.Tests.Support;

/// <summary>
/// An in-process OpenID provider on http://127.0.0.1:{random port}: serves an OpenID configuration document at
/// <see cref="MetadataPath"/> and its JWKS at <c>/keys</c>. Keys can be added and removed at runtime (key rotation),
/// requests are counted, and the provider can be told to fail.
/// </summary>
public sealed class LocalOpenIdProvider : IAsyncDisposable
{
    public const string BotFrameworkMetadataPath = "/v1/.well-known/openidconfiguration";
    private const string JwksPath = "/keys";

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, JwksEntry> _keys = new(StringComparer.Ordinal);
    private int _metadataRequests;
    private int _jwksRequests;

    private LocalOpenIdProvider(WebApplication app, string metadataPath, string issuer)
    {
        _app = app;
        MetadataPath = metadataPath;
        Issuer = issuer;
    }

    public string MetadataPath { get; }

    public string Issuer { get; }

    public string BaseUrl { get; private set; } = string.Empty;

    public string MetadataUrl => BaseUrl + MetadataPath;

    public string JwksUrl => BaseUrl + JwksPath;

    public int MetadataRequests => Volatile.Read(ref _metadataRequests);

    public int JwksRequests => Volatile.Read(ref _jwksRequests);

    /// <summary>When set, every request is answered with 500.</summary>
    public bool Failing { get; set; }

    /// <summary>Extra JSON objects served verbatim in the JWKS (e.g. symmetric keys), besides the RSA keys.</summary>
    public List<string> RawExtraKeys { get; } = [];

    public static async Task<LocalOpenIdProvider> StartAsync(
        string metadataPath = BotFrameworkMetadataPath,
        string issuer = "https://api.botframework.com")
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var provider = new LocalOpenIdProvider(app, metadataPath, issuer);
        app.Run(provider.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        provider.BaseUrl = address.TrimEnd('/');
        return provider;
    }

    /// <summary>Creates a new RSA key, publishes it (with <paramref name="endorsements"/> when not null) and returns it.</summary>
    public TestSigningKey AddKey(KeyMaterial material, string? kid = null, IReadOnlyList<string>? endorsements = null)
    {
        var key = TestSigningKey.Create(material, kid);
        Publish(key, endorsements);
        return key;
    }

    /// <summary>Publishes <paramref name="key"/>; <paramref name="certificateOnly"/> serves it as an x5c certificate without n/e.</summary>
    public void Publish(TestSigningKey key, IReadOnlyList<string>? endorsements = null, string use = "sig", bool certificateOnly = false) =>
        _keys[key.KeyId] = new JwksEntry(key, endorsements, use, certificateOnly);

    public void RemoveKey(string kid) => _keys.TryRemove(kid, out _);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value;
        var isMetadata = string.Equals(path, MetadataPath, StringComparison.Ordinal);
        var isJwks = string.Equals(path, JwksPath, StringComparison.Ordinal);
        if (isMetadata)
        {
            Interlocked.Increment(ref _metadataRequests);
        }
        else if (isJwks)
        {
            Interlocked.Increment(ref _jwksRequests);
        }

        if (Failing)
        {
            context.Response.StatusCode = (int)HttpStatusCode.InternalServerError;
            return;
        }

        if (isMetadata)
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["issuer"] = Issuer,
                ["jwks_uri"] = JwksUrl,
                ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
                ["token_endpoint_auth_methods_supported"] = new[] { "private_key_jwt" },
            }));
        }
        else if (isJwks)
        {
            context.Response.ContentType = "application/json";
            var keys = _keys.Values.Select(e => JsonSerializer.Serialize(e.ToJwk())).Concat(RawExtraKeys);
            await context.Response.WriteAsync("{\"keys\":[" + string.Join(",", keys) + "]}");
        }
        else
        {
            context.Response.StatusCode = (int)HttpStatusCode.NotFound;
        }
    }

    private sealed record JwksEntry(TestSigningKey Key, IReadOnlyList<string>? Endorsements, string Use, bool CertificateOnly)
    {
        public Dictionary<string, object> ToJwk()
        {
            var jwk = new Dictionary<string, object>
            {
                ["kty"] = "RSA",
                ["use"] = Use,
                ["kid"] = Key.KeyId,
            };
            if (CertificateOnly)
            {
                var request = new CertificateRequest("CN=" + Key.KeyId, Key.Rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
                // The bot reads only the key from x5c, not the validity; still, one that covers every test clock.
                using var certificate = request.CreateSelfSigned(TestClock.Default.AddYears(-1), TestClock.FarFuture);
                jwk["x5c"] = new[] { Convert.ToBase64String(certificate.Export(X509ContentType.Cert)) };
            }
            else
            {
                var parameters = Key.Rsa.ExportParameters(includePrivateParameters: false);
                jwk["n"] = Base64UrlEncoder.Encode(parameters.Modulus);
                jwk["e"] = Base64UrlEncoder.Encode(parameters.Exponent);
            }

            if (Endorsements is not null)
            {
                jwk["endorsements"] = Endorsements;
            }

            return jwk;
        }
    }
}
