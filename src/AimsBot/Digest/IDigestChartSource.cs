using AimsBot.Domain.Digest;

namespace AimsBot.Digest;

/// <summary>Gives the digest card its trend chart's image URL; null leaves the chart out.</summary>
public interface IDigestChartSource
{
    Task<string?> ImageUrlAsync(string tenantId, IReadOnlyList<DigestWeek> weeks, CancellationToken ct);
}
