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

/// <summary>Lets everything through at once and records the keys it was asked about.</summary>
public sealed class RecordingLimiter : IOutboundRateLimiter
{
    private readonly List<string?> keys = [];

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

    public ValueTask WaitAsync(string? conversationKey, CancellationToken cancellationToken = default)
    {
        lock (keys)
        {
            keys.Add(conversationKey);
        }

        return ValueTask.CompletedTask;
    }
}
