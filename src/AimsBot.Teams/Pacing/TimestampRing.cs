namespace AimsBot.Teams.Pacing;

/// <summary>The most recent timestamps of one conversation, newest last; keeps at most a fixed number.</summary>
internal sealed class TimestampRing(int capacityLimit)
{
    private long[] items = new long[Math.Min(8, capacityLimit)];
    private int start;

    public int Count { get; private set; }

    public long Newest => this[Count - 1];

    /// <summary>The <paramref name="back"/>-th newest timestamp (0 = newest).</summary>
    public long FromNewest(int back) => this[Count - 1 - back];

    private long this[int index] => items[(start + index) % items.Length];

    public void Add(long timestamp)
    {
        if (Count == items.Length)
        {
            if (items.Length < capacityLimit)
            {
                Grow();
            }
            else
            {
                // Full at the limit: overwrite the oldest.
                items[start] = timestamp;
                start = (start + 1) % items.Length;
                return;
            }
        }

        items[(start + Count) % items.Length] = timestamp;
        Count++;
    }

    /// <summary>Drops the timestamps older than <paramref name="cutoff"/>.</summary>
    public void TrimOlderThan(long cutoff)
    {
        while (Count > 0 && this[0] < cutoff)
        {
            start = (start + 1) % items.Length;
            Count--;
        }
    }

    private void Grow()
    {
        var bigger = new long[Math.Min(items.Length * 2, capacityLimit)];
        for (var i = 0; i < Count; i++)
        {
            bigger[i] = this[i];
        }

        items = bigger;
        start = 0;
    }
}
