using AimsBot.Teams.Authentication;
using AimsBot.Teams.Tests.Support;
using Xunit;

namespace AimsBot.Teams.Tests.Authentication;

/// <summary>Local anonymous mode: no Authorization header passes only with AllowAnonymous and no app id.</summary>
public sealed class AnonymousModeTests
{
    // Never contacted: anonymous decisions need no keys, and refusals here happen before any key lookup.
    private const string UnreachableMetadata = "http://127.0.0.1:9/v1/.well-known/openidconfiguration";

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public async Task Request_without_credentials_passes_as_anonymous_when_allowed(string? header)
    {
        using var auth = new AuthHarness(UnreachableMetadata, o => { o.AppId = null; o.AllowAnonymous = true; });

        var result = await auth.SendHeaderAsync(header, channelId: "emulator", serviceUrl: "http://localhost:5000");

        Assert.Equal(InboundAuthenticationStatus.Anonymous, result.Status);
        Assert.True(result.Succeeded);
        Assert.Equal(200, result.HttpStatusCode);
        Assert.Null(result.Identity);
        Assert.Null(result.FailureReason);
        Assert.Empty(auth.Http.RequestedNames);
    }

    [Fact]
    public async Task Credentials_sent_in_anonymous_mode_are_still_validated()
    {
        using var auth = new AuthHarness(UnreachableMetadata, o => { o.AppId = null; o.AllowAnonymous = true; });

        var result = await auth.SendHeaderAsync("Bearer not-a-token");

        auth.AssertRefused(result, "no bot app id");
    }

    [Fact]
    public async Task Request_without_credentials_is_refused_when_anonymous_is_not_allowed()
    {
        using var auth = new AuthHarness(UnreachableMetadata, o => { o.AppId = null; o.AllowAnonymous = false; });

        var result = await auth.SendHeaderAsync(null);

        auth.AssertRefused(result, "no Authorization header");
    }

    [Fact]
    public async Task Anonymous_is_never_allowed_once_an_app_id_is_configured()
    {
        using var auth = new AuthHarness(UnreachableMetadata, o => { o.AppId = TestTokens.AppId; o.AllowAnonymous = true; });

        var result = await auth.SendHeaderAsync(null);

        Assert.False(auth.Options.IsAnonymousAllowed);
        auth.AssertRefused(result, "no Authorization header");
    }

    [Fact]
    public async Task Default_options_refuse_requests_without_credentials()
    {
        using var auth = new AuthHarness(UnreachableMetadata);

        var result = await auth.SendHeaderAsync(null);

        auth.AssertRefused(result, "no Authorization header");
    }

    [Theory]
    [InlineData(true, null, true)]
    [InlineData(true, "", true)]
    [InlineData(true, " ", true)]
    [InlineData(true, TestTokens.AppId, false)]
    [InlineData(false, null, false)]
    [InlineData(false, TestTokens.AppId, false)]
    public void IsAnonymousAllowed_needs_AllowAnonymous_and_no_app_id(bool allowAnonymous, string? appId, bool expected)
    {
        var options = new BotAuthenticationOptions { AllowAnonymous = allowAnonymous, AppId = appId };

        Assert.Equal(expected, options.IsAnonymousAllowed);
    }
}
