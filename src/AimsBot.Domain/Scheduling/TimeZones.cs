using System.Diagnostics.CodeAnalysis;
using TimeZoneConverter;

namespace AimsBot.Domain.Scheduling;

/// <summary>
/// Resolves the time zone names the bot receives: IANA ids from Teams activities (<c>Pacific/Auckland</c>)
/// and Windows ids from Graph mailbox settings (<c>New Zealand Standard Time</c>), on any OS.
/// </summary>
public static class TimeZones
{
    public static bool TryFind([NotNullWhen(true)] string? id, [NotNullWhen(true)] out TimeZoneInfo? zone)
    {
        zone = null;
        if (string.IsNullOrWhiteSpace(id) || id.Length > 64)
        {
            return false;
        }

        if (string.Equals(id.Trim(), "UTC", StringComparison.OrdinalIgnoreCase))
        {
            zone = TimeZoneInfo.Utc;
            return true;
        }

        return TZConvert.TryGetTimeZoneInfo(id.Trim(), out zone);
    }

    /// <summary>The zone named, or UTC when the name is missing or unknown.</summary>
    public static TimeZoneInfo FindOrUtc(string? id) => TryFind(id, out var zone) ? zone : TimeZoneInfo.Utc;
}
