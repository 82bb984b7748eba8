namespace AimsBot.Teams.Pacing;

/// <summary>Options of <see cref="OutboundRateLimiter"/>; the host binds them from the <c>Teams</c> section.</summary>
public sealed class PacingOptions
{
    /// <summary>Configuration section the host binds (<c>Teams:GlobalRatePerSecond</c>).</summary>
    public const string SectionName = "Teams";

    /// <summary>
    /// Requests per second across all conversations (Teams allows 50 per app per tenant; the
    /// default keeps a margin). Requests are spaced evenly, at most two back to back.
    /// </summary>
    public double GlobalRatePerSecond { get; set; } = 45;

    /// <summary>
    /// Added to each per-conversation window so that network jitter between our departure and
    /// Teams' arrival-side measurement does not squeeze two bursts into one window.
    /// </summary>
    public TimeSpan ConversationWindowMargin { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>How often conversations with no waiting request and no send within the longest window are forgotten.</summary>
    public TimeSpan IdleSweepInterval { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>At most <see cref="Limit"/> requests in any <see cref="Length"/>.</summary>
public readonly record struct RateWindow(int Limit, TimeSpan Length);

/// <summary>The documented Teams per-bot-per-conversation (thread) limits.</summary>
public static class TeamsRateLimits
{
    /// <summary>7 per 1 s, 8 per 2 s, 60 per 30 s, 1800 per 3600 s.</summary>
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
