using AimsBot.Digest.Chart;
using AimsBot.Domain.Digest;
using AimsBot.Storage.Digest;

namespace AimsBot.Digest;

/// <summary>The chart's view of the weekly snapshot rows (<c>DigestSnapshots</c>): one range query of the tenant's partition.</summary>
public sealed class DigestTrendReader : IDigestTrendReader
{
    private readonly DigestSnapshotStore _snapshots;

    public DigestTrendReader(DigestSnapshotStore snapshots) => _snapshots = snapshots;

    public async Task<IReadOnlyList<DigestWeek>> ReadTrendAsync(string tenantId, DateOnly lastWeekStarting, int count, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        return await _snapshots.WeeksAsync(tenantId, lastWeekStarting.AddDays(-7 * (count - 1)), lastWeekStarting, ct);
    }
}
