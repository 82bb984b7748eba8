namespace AimsBot.Teams.Authentication;

/// <summary>Authenticates an inbound Bot Framework request (the Authorization header plus the activity's routing fields).</summary>
public interface IInboundRequestAuthenticator
{
    /// <summary>
    /// Validates <paramref name="authorizationHeader"/> for an activity with the given <paramref name="channelId"/> and
    /// <paramref name="serviceUrl"/>. Never throws for a bad request; the outcome is in the result.
    /// </summary>
    /// <param name="authorizationHeader">The raw <c>Authorization</c> header value, or null when absent.</param>
    /// <param name="channelId">The activity's <c>channelId</c> (e.g. <c>msteams</c>).</param>
    /// <param name="serviceUrl">The activity's <c>serviceUrl</c>.</param>
    /// <param name="cancellationToken">The request's cancellation token.</param>
    Task<InboundAuthenticationResult> AuthenticateAsync(
        string? authorizationHeader,
        string? channelId,
        string? serviceUrl,
        CancellationToken cancellationToken);
}
