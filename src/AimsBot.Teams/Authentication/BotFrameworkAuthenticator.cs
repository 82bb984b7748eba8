using System.Security.Claims;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace AimsBot.Teams.Authentication;

/// <summary>
/// Authenticates inbound Bot Framework requests as the Bot Connector authentication protocol prescribes:
/// a Bearer JWT issued by <c>https://api.botframework.com</c>, for the bot's app id, within its lifetime (with clock
/// skew), RS256/RS384/RS512-signed by a key of the Bot Framework JWKS that endorses the activity's channel, carrying
/// a <c>serviceurl</c> claim equal to the activity's service URL.
/// Entra-issued tokens are refused whatever the app type: the Teams channel always sends Bot Framework tokens, also
/// to single-tenant bots; Entra tokens come from the Emulator and from bot-to-bot skills, which this bot is not
/// (docs/security.md). Every refusal is logged once, with its reason and never the token.
/// </summary>
public sealed class BotFrameworkAuthenticator : IInboundRequestAuthenticator, IDisposable
{
    /// <summary>The named <see cref="HttpClient"/> used to retrieve OpenID metadata and JWKS.</summary>
    public const string HttpClientName = "AimsBot.Teams.Authentication.OpenIdMetadata";

    /// <summary>The issuer of tokens the Bot Framework channel service sends to bots.</summary>
    public const string BotFrameworkIssuer = "https://api.botframework.com";

    /// <summary>The claim carrying the service URL the token was issued for.</summary>
    public const string ServiceUrlClaimType = "serviceurl";

    /// <summary>The authentication type of identities this authenticator produces.</summary>
    public const string AuthenticationType = "BotFramework";

    private const string BearerScheme = "Bearer";

    private static readonly string[] AllowedAlgorithms =
        [SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512];

    private readonly BotAuthenticationOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<BotFrameworkAuthenticator> _logger;
    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };
    private readonly SigningKeyCache _botFrameworkKeys;

    /// <summary>Creates the authenticator; throws <see cref="OptionsValidationException"/> for invalid options.</summary>
    public BotFrameworkAuthenticator(
        IOptions<BotAuthenticationOptions> options,
        IHttpClientFactory httpClientFactory,
        TimeProvider timeProvider,
        ILogger<BotFrameworkAuthenticator> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(httpClientFactory);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);

        _options = options.Value;
        var validation = new BotAuthenticationOptionsValidator().Validate(Options.DefaultName, _options);
        if (validation.Failed)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(BotAuthenticationOptions), validation.Failures);
        }

        _timeProvider = timeProvider;
        _logger = logger;
        _botFrameworkKeys = new SigningKeyCache(
            _options.OpenIdMetadataUrl,
            httpClientFactory,
            timeProvider,
            logger,
            _options.MinimumRefreshInterval,
            _options.AutomaticRefreshInterval);
    }

    /// <inheritdoc />
    public async Task<InboundAuthenticationResult> AuthenticateAsync(
        string? authorizationHeader,
        string? channelId,
        string? serviceUrl,
        CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(authorizationHeader))
        {
            if (_options.IsAnonymousAllowed)
            {
                _logger.LogDebug("Inbound request accepted without credentials (local anonymous mode).");
                return InboundAuthenticationResult.Anonymous();
            }

            return Unauthorized("no Authorization header");
        }

        if (!TryGetBearerToken(authorizationHeader, out var token))
        {
            return Unauthorized("the Authorization header is not a Bearer token");
        }

        if (string.IsNullOrWhiteSpace(_options.AppId))
        {
            return Unauthorized("no bot app id is configured, so no token can be valid");
        }

        JsonWebToken jwt;
        try
        {
            jwt = _handler.ReadJsonWebToken(token);
        }
        catch (ArgumentException)
        {
            return Unauthorized("the token is not a well-formed JWT");
        }

        if (jwt.IsEncrypted)
        {
            return Unauthorized("encrypted tokens are not accepted");
        }

        if (!AllowedAlgorithms.Contains(jwt.Alg, StringComparer.Ordinal))
        {
            return Unauthorized("the token's signing algorithm is not allowed (RS256, RS384, RS512 only)");
        }

        if (string.IsNullOrEmpty(jwt.Kid))
        {
            return Unauthorized("the token has no key id (kid)");
        }

        // Checked before any key is fetched (a foreign issuer costs no metadata request); validated again with the
        // signature below. Only the Bot Framework issues tokens the Teams channel sends: Entra-issued tokens (the
        // Emulator's, a skill caller's, or any app of the tenant asking for the bot's audience) are not accepted.
        if (!string.Equals(ReadIssuer(jwt), BotFrameworkIssuer, StringComparison.Ordinal))
        {
            return Unauthorized("the token's issuer is not trusted (only Bot Framework tokens are accepted)");
        }

        var lookup = await _botFrameworkKeys.FindAsync(jwt.Kid, cancellationToken);
        if (lookup.Key is not { } signingKey)
        {
            return Unauthorized(lookup.KeysAvailable
                ? "the token's signing key (kid) is not in the issuer's JWKS"
                : "the issuer's signing keys could not be retrieved");
        }

        var parameters = CreateValidationParameters(signingKey.Key);
        var validation = await _handler.ValidateTokenAsync(jwt, parameters);
        if (!validation.IsValid)
        {
            return Unauthorized(Describe(validation.Exception));
        }

        // Bot Framework keys say which channels they may sign for.
        if (string.IsNullOrEmpty(channelId) || !signingKey.Endorsements.Contains(channelId, StringComparer.Ordinal))
        {
            return Forbidden(string.IsNullOrEmpty(channelId)
                ? "the activity has no channelId to check the signing key's endorsements against"
                : "the token's signing key is not endorsed for the activity's channel");
        }

        var serviceUrlClaim = validation.ClaimsIdentity.FindFirst(ServiceUrlClaimType)?.Value;
        // The service URL is where the bot will later send its own Bot Connector token: it is trusted only because
        // the Bot Framework signed it into this token.
        if (string.IsNullOrWhiteSpace(serviceUrlClaim))
        {
            return Unauthorized("the token has no serviceurl claim");
        }

        if (!ServiceUrlsMatch(serviceUrlClaim, serviceUrl))
        {
            return Unauthorized("the token's serviceurl claim does not match the activity's serviceUrl");
        }

        _logger.LogDebug("Inbound request authenticated (Bot Framework token).");
        return InboundAuthenticationResult.Authenticated(validation.ClaimsIdentity);
    }

    /// <inheritdoc />
    public void Dispose() => _botFrameworkKeys.Dispose();

    /// <summary>Service URLs compare case-insensitively and without trailing slashes.</summary>
    internal static bool ServiceUrlsMatch(string claimed, string? actual) =>
        !string.IsNullOrWhiteSpace(actual)
        && string.Equals(claimed.Trim().TrimEnd('/'), actual.Trim().TrimEnd('/'), StringComparison.OrdinalIgnoreCase);

    private static bool TryGetBearerToken(string header, out string token)
    {
        var value = header.Trim();
        if (value.Length > BearerScheme.Length
            && value.StartsWith(BearerScheme, StringComparison.OrdinalIgnoreCase)
            && value[BearerScheme.Length] == ' ')
        {
            token = value[(BearerScheme.Length + 1)..].Trim();
            return token.Length > 0;
        }

        token = string.Empty;
        return false;
    }

    private static string? ReadIssuer(JsonWebToken jwt)
    {
        try
        {
            return jwt.Issuer;
        }
        catch (ArgumentException)
        {
            return null; // an iss that is not a string
        }
    }

    private TokenValidationParameters CreateValidationParameters(SecurityKey key) => new()
    {
        ValidIssuer = BotFrameworkIssuer,
        ValidAudience = _options.AppId,
        IssuerSigningKey = key,
        TryAllIssuerSigningKeys = false,
        ValidAlgorithms = AllowedAlgorithms,
        ValidateIssuer = true,
        ValidateAudience = true,
        ValidateLifetime = true,
        RequireAudience = true,
        RequireExpirationTime = true,
        RequireSignedTokens = true,
        ClockSkew = _options.ClockSkew,
        LifetimeValidator = ValidateLifetime,
        AuthenticationType = AuthenticationType,
        SaveSigninToken = false,
    };

    /// <summary>Lifetime against <see cref="TimeProvider"/> (testable) with the configured skew; throws to carry the reason.</summary>
    private bool ValidateLifetime(DateTime? notBefore, DateTime? expires, SecurityToken token, TokenValidationParameters parameters)
    {
        if (expires is not { } exp)
        {
            throw new SecurityTokenNoExpirationException("the token has no expiration (exp)");
        }

        if (notBefore is { } nbf && nbf > exp)
        {
            throw new SecurityTokenInvalidLifetimeException("the token's nbf is after its exp");
        }

        var now = _timeProvider.GetUtcNow().UtcDateTime;
        if (notBefore is { } start && start > now + _options.ClockSkew)
        {
            throw new SecurityTokenNotYetValidException("the token is not valid yet") { NotBefore = start };
        }

        if (exp < now - _options.ClockSkew)
        {
            throw new SecurityTokenExpiredException("the token has expired") { Expires = exp };
        }

        return true;
    }

    private static string Describe(Exception? exception) => exception switch
    {
        SecurityTokenExpiredException => "the token has expired",
        SecurityTokenNotYetValidException => "the token is not valid yet",
        SecurityTokenNoExpirationException => "the token has no expiration (exp)",
        SecurityTokenInvalidLifetimeException => "the token's lifetime is invalid",
        SecurityTokenInvalidIssuerException => "the token's issuer is not trusted",
        SecurityTokenInvalidAudienceException => "the token's audience is not this bot's app id",
        SecurityTokenInvalidAlgorithmException => "the token's signing algorithm is not allowed (RS256, RS384, RS512 only)",
        SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidSignatureException => "the token's signature is invalid",
        null => "the token failed validation",
        _ => $"the token failed validation ({exception.GetType().Name})",
    };

    private InboundAuthenticationResult Unauthorized(string reason)
    {
        _logger.LogWarning("Inbound request refused with 401: {Reason}.", reason);
        return InboundAuthenticationResult.Unauthorized(reason);
    }

    private InboundAuthenticationResult Forbidden(string reason)
    {
        _logger.LogWarning("Inbound request refused with 403: {Reason}.", reason);
        return InboundAuthenticationResult.Forbidden(reason);
    }
}
