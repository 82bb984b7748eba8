using AimsBot.Teams.Tests.Support;
using Microsoft.Extensions.Logging;
using Xunit;

namespace AimsBot.Teams.Tests.Authentication;

/// <summary>Key retrieval, rotation, rate-limited refresh and failure handling (each test has its own provider).</summary>
public sealed class SigningKeyRefreshTests : IAsyncLifetime
{
    private static readonly TimeSpan MinimumRefresh = TimeSpan.FromSeconds(30);

    private LocalOpenIdProvider _provider = null!;
    private TestSigningKey _key = null!;
    private AuthHarness _auth = null!;

    public async Task InitializeAsync()
    {
        _provider = await LocalOpenIdProvider.StartAsync();
        _key = _provider.AddKey(KeyMaterial.A, endorsements: ["msteams"]);
        _auth = new AuthHarness(_provider.MetadataUrl, o => o.MinimumRefreshInterval = MinimumRefresh);
    }

    public async Task DisposeAsync()
    {
        _auth.Dispose();
        await _provider.DisposeAsync();
    }

    private string Token(TestSigningKey key) => TestTokens.Create(key, _auth.Now);

    private async Task WarmUpAsync()
    {
        _auth.AssertAccepted(await _auth.SendTokenAsync(Token(_key)));
        Assert.Equal(1, _provider.MetadataRequests);
        Assert.Equal(1, _provider.JwksRequests);
        _auth.Logger.Clear();
    }

    [Fact]
    public async Task Keys_are_retrieved_once_and_then_served_from_cache()
    {
        await WarmUpAsync();

        for (var i = 0; i < 5; i++)
        {
            _auth.Time.Advance(TimeSpan.FromMinutes(10));
            _auth.AssertAccepted(await _auth.SendTokenAsync(Token(_key)));
        }

        Assert.Equal(1, _provider.MetadataRequests);
        Assert.Equal(1, _provider.JwksRequests);
    }

    [Fact]
    public async Task Concurrent_first_requests_retrieve_the_keys_once()
    {
        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => _auth.SendTokenAsync(Token(_key))));

        Assert.All(results, r => Assert.Equal(Teams.Authentication.InboundAuthenticationStatus.Authenticated, r.Status));
        Assert.Equal(1, _provider.MetadataRequests);
        Assert.Equal(1, _provider.JwksRequests);
    }

    [Fact]
    public async Task Concurrent_first_requests_retrieve_the_keys_once_even_without_rate_limiting()
    {
        using var auth = new AuthHarness(_provider.MetadataUrl, o => o.MinimumRefreshInterval = TimeSpan.Zero);

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => auth.SendTokenAsync(TestTokens.Create(_key, auth.Now))));

        Assert.All(results, r => Assert.Equal(Teams.Authentication.InboundAuthenticationStatus.Authenticated, r.Status));
        Assert.Equal(1, _provider.JwksRequests);
    }

    [Fact]
    public async Task Rotated_key_is_accepted_after_a_refresh_on_its_unknown_kid()
    {
        await WarmUpAsync();
        var rotated = _provider.AddKey(KeyMaterial.B, endorsements: ["msteams"]);
        _auth.Time.Advance(MinimumRefresh + TimeSpan.FromSeconds(1));

        var result = await _auth.SendTokenAsync(Token(rotated));

        _auth.AssertAccepted(result);
        Assert.Equal(2, _provider.JwksRequests);
        _auth.AssertAccepted(await _auth.SendTokenAsync(Token(_key))); // the old key is still published
        Assert.Equal(2, _provider.JwksRequests);
    }

    [Fact]
    public async Task Refresh_on_unknown_kid_waits_for_the_minimum_refresh_interval()
    {
        await WarmUpAsync();
        var rotated = _provider.AddKey(KeyMaterial.B, endorsements: ["msteams"]);

        var early = await _auth.SendTokenAsync(Token(rotated));

        _auth.AssertRefused(early, "not in the issuer's JWKS");
        Assert.Equal(1, _provider.JwksRequests);

        _auth.Logger.Clear();
        _auth.Time.Advance(MinimumRefresh);
        _auth.AssertAccepted(await _auth.SendTokenAsync(Token(rotated)));
        Assert.Equal(2, _provider.JwksRequests);
    }

    [Fact]
    public async Task Unknown_kid_is_refused_after_a_refresh()
    {
        await WarmUpAsync();
        _auth.Time.Advance(MinimumRefresh + TimeSpan.FromSeconds(1));
        var stranger = TestSigningKey.Create(KeyMaterial.D);
        var token = Token(stranger);

        var result = await _auth.SendTokenAsync(token);

        _auth.AssertRefused(result, "not in the issuer's JWKS", token);
        Assert.Equal(2, _provider.MetadataRequests);
        Assert.Equal(2, _provider.JwksRequests);
    }

    [Fact]
    public async Task Flood_of_unknown_kids_refreshes_at_most_once_per_interval()
    {
        await WarmUpAsync();
        var stranger = TestSigningKey.Create(KeyMaterial.D);
        _auth.Time.Advance(MinimumRefresh + TimeSpan.FromSeconds(1));

        var flood = await Task.WhenAll(Enumerable.Range(0, 50)
            .Select(i => _auth.SendTokenAsync(TestTokens.Create(stranger, _auth.Now, kidInHeader: $"garbage-{i}"))));

        Assert.All(flood, r => Assert.Equal(401, r.HttpStatusCode));
        Assert.Equal(2, _provider.JwksRequests);

        _auth.Time.Advance(MinimumRefresh - TimeSpan.FromSeconds(2));
        for (var i = 0; i < 10; i++)
        {
            await _auth.SendTokenAsync(TestTokens.Create(stranger, _auth.Now, kidInHeader: $"more-garbage-{i}"));
        }

        Assert.Equal(2, _provider.JwksRequests);

        _auth.Time.Advance(TimeSpan.FromSeconds(2));
        await _auth.SendTokenAsync(TestTokens.Create(stranger, _auth.Now, kidInHeader: "late-garbage"));
        Assert.Equal(3, _provider.JwksRequests);
        Assert.Equal(3, _provider.MetadataRequests);
    }

    [Fact]
    public async Task Keys_are_refreshed_when_older_than_the_automatic_refresh_interval()
    {
        await WarmUpAsync();

        _auth.Time.Advance(TimeSpan.FromHours(23));
        _auth.AssertAccepted(await _auth.SendTokenAsync(Token(_key)));
        Assert.Equal(1, _provider.JwksRequests);

        _auth.Time.Advance(TimeSpan.FromHours(1));
        _auth.AssertAccepted(await _auth.SendTokenAsync(Token(_key)));
        Assert.Equal(2, _provider.JwksRequests);
    }

    [Fact]
    public async Task Key_removed_from_the_JWKS_is_refused_after_the_automatic_refresh()
    {
        await WarmUpAsync();
        var successor = _provider.AddKey(KeyMaterial.B, endorsements: ["msteams"]);
        _provider.RemoveKey(_key.KeyId);

        _auth.Time.Advance(TimeSpan.FromHours(24));
        var token = Token(_key);
        var result = await _auth.SendTokenAsync(token);

        _auth.AssertRefused(result, "not in the issuer's JWKS", token);
        _auth.Logger.Clear();
        _auth.AssertAccepted(await _auth.SendTokenAsync(Token(successor)));
    }

    [Fact]
    public async Task Endorsements_are_re_read_on_refresh()
    {
        await WarmUpAsync();
        _provider.Publish(_key, endorsements: ["webchat"]);
        _auth.Time.Advance(TimeSpan.FromHours(24));

        var result = await _auth.SendTokenAsync(Token(_key));

        _auth.AssertRefused(result, "not endorsed", status: 403);
    }

    [Fact]
    public async Task Key_published_only_as_an_x5c_certificate_is_usable()
    {
        var certified = TestSigningKey.Create(KeyMaterial.E);
        _provider.Publish(certified, endorsements: ["msteams"], certificateOnly: true);

        _auth.AssertAccepted(await _auth.SendTokenAsync(Token(certified)));

        var result = await _auth.SendTokenAsync(TestTokens.Create(TestSigningKey.Create(KeyMaterial.D), _auth.Now, kidInHeader: certified.KeyId));
        _auth.AssertRefused(result, "signature is invalid");
    }

    [Fact]
    public async Task Encryption_key_in_the_JWKS_is_not_a_signing_key()
    {
        var encryptionKey = TestSigningKey.Create(KeyMaterial.E);
        _provider.Publish(encryptionKey, endorsements: ["msteams"], use: "enc");
        await WarmUpAsync();

        var result = await _auth.SendTokenAsync(Token(encryptionKey));

        _auth.AssertRefused(result, "not in the issuer's JWKS");
    }

    [Fact]
    public async Task Unreachable_metadata_without_cached_keys_is_refused_with_a_reason()
    {
        _provider.Failing = true;
        var token = Token(_key);

        var result = await _auth.SendTokenAsync(token);

        Assert.Equal(401, result.HttpStatusCode);
        Assert.Contains("could not be retrieved", result.FailureReason, StringComparison.Ordinal);
        var refusal = Assert.Single(_auth.Logger.Entries, e => e.Message.StartsWith("Inbound request refused", StringComparison.Ordinal));
        Assert.Contains(result.FailureReason!, refusal.Message, StringComparison.Ordinal);
        Assert.Single(_auth.Logger.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("500", StringComparison.Ordinal));
        _auth.AssertTokenNotLogged(token);
    }

    [Fact]
    public async Task Failed_first_retrieval_is_retried_after_a_short_pause()
    {
        _provider.Failing = true;
        Assert.Equal(401, (await _auth.SendTokenAsync(Token(_key))).HttpStatusCode);
        _provider.Failing = false;

        Assert.Equal(401, (await _auth.SendTokenAsync(Token(_key))).HttpStatusCode); // not hammered right away
        Assert.Equal(1, _provider.MetadataRequests);

        _auth.Time.Advance(TimeSpan.FromSeconds(10));
        _auth.Logger.Clear();
        _auth.AssertAccepted(await _auth.SendTokenAsync(Token(_key)));
        Assert.Equal(2, _provider.MetadataRequests);
    }

    [Fact]
    public async Task Last_good_keys_stay_in_use_when_a_refresh_fails()
    {
        await WarmUpAsync();
        _provider.Failing = true;
        _auth.Time.Advance(TimeSpan.FromHours(25));

        var result = await _auth.SendTokenAsync(Token(_key));

        Assert.Equal(Teams.Authentication.InboundAuthenticationStatus.Authenticated, result.Status);
        var warning = Assert.Single(_auth.Logger.AtLeast(LogLevel.Warning));
        Assert.Contains("keeping the previous keys", warning.Message, StringComparison.Ordinal);
        Assert.Equal(2, _provider.MetadataRequests);

        // The failed attempt counts for rate limiting: no retry on every request.
        _auth.Logger.Clear();
        _auth.AssertAccepted(await _auth.SendTokenAsync(Token(_key)));
        Assert.Equal(2, _provider.MetadataRequests);
    }

    [Fact]
    public async Task Metadata_url_answering_404_is_treated_as_unavailable()
    {
        await using var broken = await LocalOpenIdProvider.StartAsync(metadataPath: "/no-such-metadata");
        using var auth = new AuthHarness(broken.BaseUrl + "/elsewhere");

        var result = await auth.SendTokenAsync(TestTokens.Create(_key, auth.Now));

        Assert.Equal(401, result.HttpStatusCode);
        Assert.Contains("could not be retrieved", result.FailureReason, StringComparison.Ordinal);
    }
}
