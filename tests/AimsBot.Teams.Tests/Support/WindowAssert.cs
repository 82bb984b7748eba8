namespace AimsBot.Teams.Tests.Support;

/// <summary>Checks sliding-window limits over a set of event times.</summary>
internal static class WindowAssert
{
    /// <summary>The largest number of events within any half-open window [t, t + length).</summary>
    public static int MaxInAnyWindow(IEnumerable<TimeSpan> times, TimeSpan length)
    {
        var sorted = times.OrderBy(t => t).ToArray();
        var max = 0;
        var start = 0;
        for (var end = 0; end < sorted.Length; end++)
        {
            while (sorted[end] - sorted[start] >= length)
            {
                start++;
            }

            max = Math.Max(max, end - start + 1);
        }

        return max;
    }

    public static void AtMost(int limit, IEnumerable<TimeSpan> times, TimeSpan length)
    {
        var max = MaxInAnyWindow(times, length);
        Assert.True(max <= limit, $"{max} events within {length.TotalSeconds} s, limit {limit}.");
    }
}
