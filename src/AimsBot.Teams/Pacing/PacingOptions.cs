namespace AimsBot.Teams.Pacing;

/// <summary>Options of <see cref="OutboundRateLimiter"/>; the host binds them from the <c>Teams</c> section.</summary>
public sealed class PacingOptions
{
    /// <summary>Configuration section the host binds (<c>Teams:GlobalRatePerSecond</c>).</summary>
    public const string SectionName = "Teams";

    /// <summary>
    /// Pace of requests across all conversations, spread evenly (at most two back to back). Teams
    /// allows 50 per second per app per tenant; the default keeps a margin.
    /// </summary>
    public double GlobalRatePerSecond { get; set; } = 45;

    /// <summary>
    /// Hard cap: requests in flight plus requests completed within the last second (plus
    /// <see cref="WindowMargin"/>) never exceed this, however requests are delayed on their way.
    /// </summary>
    public int GlobalWindowLimit { get; set; } = TeamsRateLimits.GlobalRequestsPerSecond;

    /// <summary>Added to every window (per conversation and global) as a safety margin.</summary>
    public TimeSpan WindowMargin { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// A lease not disposed within this time is treated as completed then, so a leaked lease cannot
    /// block a conversation for ever. Keep it above the HTTP request timeout.
    /// </summary>
    public TimeSpan LeaseTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How often conversations with nothing waiting and no request within the longest window are forgotten.</summary>
    public TimeSpan IdleSweepInterval { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>At most <see cref="Limit"/> requests in any <see cref="Length"/>.</summary>
public readonly record struct RateWindow(int Limit, TimeSpan Length);

/// <summary>The documented Teams rate limits for bots.</summary>
public static class TeamsRateLimits
{
    /// <summary>Per bot per conversation (thread): 7 per 1 s, 8 per 2 s, 60 per 30 s, 1800 per 3600 s.</summary>
    public static IReadOnlyList<RateWindow> ConversationWindows { get; } =
    [
        new(7, TimeSpan.FromSeconds(1)),
        new(8, TimeSpan.FromSeconds(2)),
        new(60, TimeSpan.FromSeconds(30)),
        new(1800, TimeSpan.FromSeconds(3600)),
    ];

    /// <summary>Requests per second per app per tenant.</summary>
    public const int GlobalRequestsPerSecond = 50;
}
