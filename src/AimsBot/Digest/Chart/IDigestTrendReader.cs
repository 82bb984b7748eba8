using AimsBot.Domain.Digest;

namespace AimsBot.Digest.Chart;

/// <summary>
/// The weekly snapshot rows a chart link is drawn from (the digest's snapshot table implements it), read for one tenant only.
/// </summary>
public interface IDigestTrendReader
{
    /// <summary>
    /// <paramref name="tenantId"/>'s weeks up to and including the one starting <paramref name="lastWeekStarting"/>,
    /// oldest first, at most <paramref name="count"/>; empty when the tenant has none.
    /// </summary>
    Task<IReadOnlyList<DigestWeek>> ReadTrendAsync(string tenantId, DateOnly lastWeekStarting, int count, CancellationToken ct);
}
