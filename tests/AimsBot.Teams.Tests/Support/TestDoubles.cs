using AimsBot.Teams.Connector;
using AimsBot.Teams.Pacing;

namespace AimsBot.Teams.Tests.Support;

/// <summary>Returns a known token and counts the calls.</summary>
public sealed class StaticTokenProvider(string token) : IConnectorTokenProvider
{
    private int calls;

    public int Calls => calls;

    public bool IsAnonymous => false;

    public ValueTask<string?> GetTokenAsync(CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref calls);
        return ValueTask.FromResult<string?>(token);
    }
}

/// <summary>Lets everything through at once; records the keys it was asked about and the leases released.</summary>
public sealed class RecordingLimiter : IOutboundRateLimiter
{
    private readonly List<string?> keys = [];
    private int released;

    public int Released => Volatile.Read(ref released);

    public IReadOnlyList<string?> Keys
    {
        get
        {
            lock (keys)
            {
                return [.. keys];
            }
        }
    }

    public ValueTask<IDisposable> WaitAsync(string? conversationKey, CancellationToken cancellationToken = default)
    {
        lock (keys)
        {
            keys.Add(conversationKey);
        }

        return ValueTask.FromResult<IDisposable>(new Lease(this));
    }

    private sealed class Lease(RecordingLimiter owner) : IDisposable
    {
        public void Dispose() => Interlocked.Increment(ref owner.released);
    }
}
