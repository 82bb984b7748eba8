using System.Collections.Frozen;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Tokens;

namespace AimsBot.Teams.Authentication;

/// <summary>A signing key of an issuer with the channels its JWKS entry endorses.</summary>
internal sealed record SigningKey(string KeyId, SecurityKey Key, IReadOnlyList<string> Endorsements);

/// <summary>The answer of <see cref="SigningKeyCache.FindAsync"/>: the key, or whether keys could be retrieved at all.</summary>
internal readonly record struct SigningKeyLookup(SigningKey? Key, bool KeysAvailable);

/// <summary>
/// Signing keys of one issuer, read from its OpenID metadata document (<c>jwks_uri</c>) and JWKS.
/// The raw JWKS is parsed here so that each key's <c>endorsements</c> array is kept with it.
/// Keys are retrieved again when older than the automatic refresh interval, and on an unknown <c>kid</c>,
/// but never twice within the minimum refresh interval (successful or not). One retrieval runs at a time.
/// When a retrieval fails the last good keys stay in use.
/// </summary>
internal sealed class SigningKeyCache : IDisposable
{
    /// <summary>Without any keys yet, a failed retrieval is retried after at most this long.</summary>
    private static readonly TimeSpan InitialRetryInterval = TimeSpan.FromSeconds(10);

    private readonly Uri _metadataUrl;
    private readonly bool _requireHttps;
    private readonly IHttpClientFactory _httpClientFactory;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly TimeSpan _minimumRefreshInterval;
    private readonly TimeSpan _automaticRefreshInterval;
    private readonly SemaphoreSlim _refreshLock = new(1, 1);

    private volatile KeySnapshot? _snapshot;
    private DateTimeOffset? _lastAttempt; // guarded by _refreshLock

    public SigningKeyCache(
        string metadataUrl,
        IHttpClientFactory httpClientFactory,
        TimeProvider timeProvider,
        ILogger logger,
        TimeSpan minimumRefreshInterval,
        TimeSpan automaticRefreshInterval)
    {
        _metadataUrl = new Uri(metadataUrl, UriKind.Absolute);
        // https everywhere, unless the metadata itself was configured over http (a local provider in tests).
        _requireHttps = _metadataUrl.Scheme != Uri.UriSchemeHttp;
        _httpClientFactory = httpClientFactory;
        _timeProvider = timeProvider;
        _logger = logger;
        _minimumRefreshInterval = minimumRefreshInterval;
        _automaticRefreshInterval = automaticRefreshInterval;
    }

    public string MetadataUrl => _metadataUrl.AbsoluteUri;

    /// <summary>Finds the key with <paramref name="keyId"/>, refreshing when the keys are stale or the id is unknown.</summary>
    public async Task<SigningKeyLookup> FindAsync(string keyId, CancellationToken cancellationToken)
    {
        var snapshot = _snapshot;
        if (snapshot is null || _timeProvider.GetUtcNow() - snapshot.RetrievedAt >= _automaticRefreshInterval)
        {
            snapshot = await RefreshAsync(snapshot, cancellationToken);
        }

        if (snapshot is not null && snapshot.Keys.TryGetValue(keyId, out var key))
        {
            return new SigningKeyLookup(key, KeysAvailable: true);
        }

        // Unknown kid: the issuer may have rotated its keys. RefreshAsync rate-limits this.
        snapshot = await RefreshAsync(snapshot, cancellationToken);
        return snapshot is not null && snapshot.Keys.TryGetValue(keyId, out key)
            ? new SigningKeyLookup(key, KeysAvailable: true)
            : new SigningKeyLookup(null, KeysAvailable: snapshot is not null);
    }

    public void Dispose() => _refreshLock.Dispose();

    private async Task<KeySnapshot?> RefreshAsync(KeySnapshot? seen, CancellationToken cancellationToken)
    {
        await _refreshLock.WaitAsync(cancellationToken);
        try
        {
            var current = _snapshot;
            if (!ReferenceEquals(current, seen))
            {
                return current; // another request refreshed while this one waited
            }

            var now = _timeProvider.GetUtcNow();
            var interval = current is null && InitialRetryInterval < _minimumRefreshInterval ? InitialRetryInterval : _minimumRefreshInterval;
            if (_lastAttempt is { } last && now - last < interval)
            {
                return current; // rate-limited: keep what we have
            }

            var previousAttempt = _lastAttempt;
            _lastAttempt = now;
            try
            {
                var fresh = await RetrieveAsync(now, cancellationToken);
                _snapshot = fresh;
                _logger.LogDebug("Retrieved {KeyCount} signing keys from {MetadataUrl}.", fresh.Keys.Count, MetadataUrl);
                return fresh;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                _lastAttempt = previousAttempt; // the caller went away; this was no real attempt
                throw;
            }
            catch (Exception ex)
            {
                // Whatever went wrong (network, timeout, bad JSON), authentication answers with the keys it has.
                _logger.LogWarning(
                    "Retrieving signing keys from {MetadataUrl} failed ({Error}); {Fallback}.",
                    MetadataUrl,
                    ex.Message,
                    current is null ? "no keys available yet" : "keeping the previous keys");
                return current;
            }
        }
        finally
        {
            _refreshLock.Release();
        }
    }

    private async Task<KeySnapshot> RetrieveAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var client = _httpClientFactory.CreateClient(BotFrameworkAuthenticator.HttpClientName);

        Uri jwksUri;
        using (var metadata = await GetJsonAsync(client, _metadataUrl, cancellationToken))
        {
            if (metadata.RootElement.ValueKind != JsonValueKind.Object
                || !metadata.RootElement.TryGetProperty("jwks_uri", out var jwksProperty)
                || jwksProperty.ValueKind != JsonValueKind.String
                || !Uri.TryCreate(jwksProperty.GetString(), UriKind.Absolute, out jwksUri!))
            {
                throw new InvalidDataException("the OpenID metadata has no valid jwks_uri");
            }
        }

        if (jwksUri.Scheme != Uri.UriSchemeHttps && (_requireHttps || jwksUri.Scheme != Uri.UriSchemeHttp))
        {
            throw new InvalidDataException("the jwks_uri does not use https");
        }

        using var jwks = await GetJsonAsync(client, jwksUri, cancellationToken);
        if (jwks.RootElement.ValueKind != JsonValueKind.Object
            || !jwks.RootElement.TryGetProperty("keys", out var keys)
            || keys.ValueKind != JsonValueKind.Array)
        {
            throw new InvalidDataException("the JWKS has no keys array");
        }

        var result = new Dictionary<string, SigningKey>(StringComparer.Ordinal);
        foreach (var element in keys.EnumerateArray())
        {
            if (TryReadKey(element) is { } key)
            {
                result.TryAdd(key.KeyId, key);
            }
        }

        return new KeySnapshot(result.ToFrozenDictionary(StringComparer.Ordinal), now);
    }

    /// <summary>Reads one JWKS entry: RSA signing keys with a kid only (never symmetric keys).</summary>
    private SigningKey? TryReadKey(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        try
        {
            var jwk = JsonWebKey.Create(element.GetRawText());
            if (!string.Equals(jwk.Kty, JsonWebAlgorithmsKeyTypes.RSA, StringComparison.Ordinal)
                || string.IsNullOrEmpty(jwk.Kid)
                || (jwk.Use is not null && !string.Equals(jwk.Use, JsonWebKeyUseNames.Sig, StringComparison.Ordinal)))
            {
                return null;
            }

            SecurityKey key;
            if (!string.IsNullOrEmpty(jwk.N) && !string.IsNullOrEmpty(jwk.E))
            {
                key = new RsaSecurityKey(new RSAParameters
                {
                    Modulus = Base64UrlEncoder.DecodeBytes(jwk.N),
                    Exponent = Base64UrlEncoder.DecodeBytes(jwk.E),
                })
                { KeyId = jwk.Kid };
            }
            else if (jwk.X5c.Count > 0)
            {
                var certificate = X509CertificateLoader.LoadCertificate(Convert.FromBase64String(jwk.X5c[0]));
                key = new X509SecurityKey(certificate, jwk.Kid);
            }
            else
            {
                return null;
            }

            var endorsements = new List<string>();
            if (element.TryGetProperty("endorsements", out var endorsementsElement) && endorsementsElement.ValueKind == JsonValueKind.Array)
            {
                foreach (var endorsement in endorsementsElement.EnumerateArray())
                {
                    if (endorsement.ValueKind == JsonValueKind.String && endorsement.GetString() is { Length: > 0 } value)
                    {
                        endorsements.Add(value);
                    }
                }
            }

            return new SigningKey(jwk.Kid, key, endorsements);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or CryptographicException)
        {
            _logger.LogDebug("Skipped an unreadable JWKS entry from {MetadataUrl}: {Error}", MetadataUrl, ex.Message);
            return null;
        }
    }

    private static async Task<JsonDocument> GetJsonAsync(HttpClient client, Uri uri, CancellationToken cancellationToken)
    {
        using var response = await client.GetAsync(uri, HttpCompletionOption.ResponseContentRead, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"GET {uri.AbsoluteUri} answered {(int)response.StatusCode}", null, response.StatusCode);
        }

        var content = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        return JsonDocument.Parse(content);
    }

    private sealed record KeySnapshot(FrozenDictionary<string, SigningKey> Keys, DateTimeOffset RetrievedAt);
}
