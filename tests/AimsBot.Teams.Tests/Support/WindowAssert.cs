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

    /// <summary>
    /// Checks a limit however each request was delayed between its departure and its completion:
    /// for every request, the earlier ones that may still have been counted within the window
    /// before it arrived (completed after its departure minus the window, or never completed)
    /// number fewer than the limit.
    /// </summary>
    public static void AtMostWhateverTheDelays(int limit, IEnumerable<(TimeSpan Departure, TimeSpan? Completion)> requests, TimeSpan length)
    {
        var ordered = requests.OrderBy(r => r.Departure).ToArray();
        for (var j = 0; j < ordered.Length; j++)
        {
            var earlier = 0;
            for (var i = 0; i < j; i++)
            {
                if (ordered[i].Completion is not { } completion || completion > ordered[j].Departure - length)
                {
                    earlier++;
                }
            }

            Assert.True(earlier < limit, $"request departing at {ordered[j].Departure} may share a {length.TotalSeconds} s window with {earlier} earlier ones (limit {limit}).");
        }
    }
}
