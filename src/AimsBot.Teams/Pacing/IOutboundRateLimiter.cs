namespace AimsBot.Teams.Pacing;

/// <summary>
/// Paces outbound connector requests so the bot stays under Teams' rate limits. One instance per
/// process (a distributed implementation can replace it when the bot scales out).
/// </summary>
public interface IOutboundRateLimiter
{
    /// <summary>
    /// Waits until one request may be sent now and reserves it. Call once per HTTP request
    /// (retries included), right before sending it, and dispose the returned lease as soon as the
    /// response (or the failure) is in: the limits are kept against completion times, so a request
    /// delayed on its way cannot squeeze a later one into the same window.
    /// </summary>
    /// <param name="conversationKey">
    /// The conversation the request targets, for the per-conversation windows; null for a request
    /// that only counts against the global limits (e.g. creating a conversation).
    /// </param>
    /// <param name="cancellationToken">Cancels the wait; a cancelled wait reserves nothing.</param>
    ValueTask<IDisposable> WaitAsync(string? conversationKey, CancellationToken cancellationToken = default);
}
