using AimsBot.Teams.Authentication;
using AimsBot.Teams.Tests.Support;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace AimsBot.Teams.Tests.Authentication;

/// <summary>One authenticator (with a fresh key cache) over fake time, a capturing logger and a real HTTP client.</summary>
public sealed class AuthHarness : IDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    private BotFrameworkAuthenticator? _authenticator;

    public AuthHarness(string metadataUrl, Action<BotAuthenticationOptions>? configure = null)
    {
        Options = new BotAuthenticationOptions { AppId = TestTokens.AppId, OpenIdMetadataUrl = metadataUrl };
        configure?.Invoke(Options);
    }

    public BotAuthenticationOptions Options { get; }

    public FakeTimeProvider Time { get; } = new(Start);

    public ListLogger<BotFrameworkAuthenticator> Logger { get; } = new();

    public SingleClientHttpClientFactory Http { get; } = new();

    public DateTimeOffset Now => Time.GetUtcNow();

    public BotFrameworkAuthenticator Authenticator =>
        _authenticator ??= new BotFrameworkAuthenticator(Microsoft.Extensions.Options.Options.Create(Options), Http, Time, Logger);

    /// <summary>Sends <c>Bearer {token}</c>.</summary>
    public Task<InboundAuthenticationResult> SendTokenAsync(
        string token,
        string? channelId = "msteams",
        string? serviceUrl = TestTokens.ServiceUrl) =>
        SendHeaderAsync("Bearer " + token, channelId, serviceUrl);

    public Task<InboundAuthenticationResult> SendHeaderAsync(
        string? header,
        string? channelId = "msteams",
        string? serviceUrl = TestTokens.ServiceUrl) =>
        Authenticator.AuthenticateAsync(header, channelId, serviceUrl, CancellationToken.None);

    /// <summary>
    /// A refusal: the status, a reason (containing <paramref name="reasonPart"/>), no identity, and exactly one log line at
    /// Information or above, which carries the reason and not the token.
    /// </summary>
    public void AssertRefused(InboundAuthenticationResult result, string reasonPart, string? token = null, int status = 401)
    {
        Assert.Equal(status, result.HttpStatusCode);
        Assert.Equal(status == 403 ? InboundAuthenticationStatus.Forbidden : InboundAuthenticationStatus.Unauthorized, result.Status);
        Assert.False(result.Succeeded);
        Assert.Null(result.Identity);
        Assert.NotNull(result.FailureReason);
        Assert.Contains(reasonPart, result.FailureReason, StringComparison.OrdinalIgnoreCase);

        var line = Assert.Single(Logger.AtLeast(LogLevel.Information));
        Assert.Equal(LogLevel.Warning, line.Level);
        Assert.Contains(result.FailureReason, line.Message, StringComparison.Ordinal);
        Assert.Contains(status.ToString(System.Globalization.CultureInfo.InvariantCulture), line.Message, StringComparison.Ordinal);
        AssertTokenNotLogged(token);
    }

    public void AssertAccepted(InboundAuthenticationResult result, string? token = null)
    {
        Assert.True(
            result.Status == InboundAuthenticationStatus.Authenticated,
            $"expected Authenticated but got {result.Status}: {result.FailureReason}");
        Assert.True(result.Succeeded);
        Assert.Equal(200, result.HttpStatusCode);
        Assert.Null(result.FailureReason);
        Assert.NotNull(result.Identity);
        Assert.True(result.Identity.IsAuthenticated);
        Assert.Equal(BotFrameworkAuthenticator.AuthenticationType, result.Identity.AuthenticationType);
        Assert.Empty(Logger.AtLeast(LogLevel.Warning));
        AssertTokenNotLogged(token);
    }

    public void AssertTokenNotLogged(string? token)
    {
        if (token is null)
        {
            return;
        }

        var signature = token[(token.LastIndexOf('.') + 1)..];
        foreach (var entry in Logger.Entries)
        {
            Assert.DoesNotContain(token, entry.Message, StringComparison.Ordinal);
            if (signature.Length >= 16) // a real signature, not a fragment of a made-up malformed token
            {
                Assert.DoesNotContain(signature, entry.Message, StringComparison.Ordinal);
            }
        }
    }

    public void Dispose()
    {
        _authenticator?.Dispose();
        Http.Dispose();
    }
}
