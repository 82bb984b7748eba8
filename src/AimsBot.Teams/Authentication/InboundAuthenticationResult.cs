using System.Security.Claims;
using Microsoft.AspNetCore.Http;

namespace AimsBot.Teams.Authentication;

/// <summary>The outcome of inbound authentication.</summary>
public enum InboundAuthenticationStatus
{
    /// <summary>A valid token; <see cref="InboundAuthenticationResult.Identity"/> holds its claims.</summary>
    Authenticated,

    /// <summary>No Authorization header and local anonymous mode is on; there is no identity.</summary>
    Anonymous,

    /// <summary>Missing, malformed or invalid credentials (HTTP 401).</summary>
    Unauthorized,

    /// <summary>A valid token whose signing key is not endorsed for the activity's channel (HTTP 403).</summary>
    Forbidden,
}

/// <summary>The result of <see cref="IInboundRequestAuthenticator.AuthenticateAsync"/>.</summary>
/// <param name="Status">What happened.</param>
/// <param name="Identity">The validated token's claims, only when <see cref="InboundAuthenticationStatus.Authenticated"/>.</param>
/// <param name="FailureReason">Why the request was refused (never contains the token), only on failure.</param>
public sealed record InboundAuthenticationResult(
    InboundAuthenticationStatus Status,
    ClaimsIdentity? Identity,
    string? FailureReason)
{
    /// <summary>True when the request may be processed (authenticated or anonymous).</summary>
    public bool Succeeded => Status is InboundAuthenticationStatus.Authenticated or InboundAuthenticationStatus.Anonymous;

    /// <summary>The HTTP status to answer a refused request with: 200 on success, 401 or 403 otherwise.</summary>
    public int HttpStatusCode => Status switch
    {
        InboundAuthenticationStatus.Authenticated or InboundAuthenticationStatus.Anonymous => StatusCodes.Status200OK,
        InboundAuthenticationStatus.Forbidden => StatusCodes.Status403Forbidden,
        _ => StatusCodes.Status401Unauthorized,
    };

    /// <summary>A successful result carrying the validated identity.</summary>
    public static InboundAuthenticationResult Authenticated(ClaimsIdentity identity)
    {
        ArgumentNullException.ThrowIfNull(identity);
        return new(InboundAuthenticationStatus.Authenticated, identity, null);
    }

    /// <summary>A request let through by local anonymous mode.</summary>
    public static InboundAuthenticationResult Anonymous() => new(InboundAuthenticationStatus.Anonymous, null, null);

    /// <summary>A 401 result.</summary>
    public static InboundAuthenticationResult Unauthorized(string reason) => new(InboundAuthenticationStatus.Unauthorized, null, reason);

    /// <summary>A 403 result.</summary>
    public static InboundAuthenticationResult Forbidden(string reason) => new(InboundAuthenticationStatus.Forbidden, null, reason);
}
