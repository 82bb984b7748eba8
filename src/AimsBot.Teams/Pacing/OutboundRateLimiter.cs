using Microsoft.Extensions.Options;

namespace AimsBot.Teams.Pacing;

/// <summary>
/// In-process pacing of outbound connector requests: per-conversation sliding windows
/// (<see cref="TeamsRateLimits.ConversationWindows"/>, each widened by a safety margin) and one
/// global rate spread evenly over time.
/// </summary>
/// <remarks>
/// Permits are granted just in time, at the real current time, by a single scheduler: a late timer
/// never lets requests bunch up. Among conversations that may send now, the one whose oldest waiting
/// request came first goes first, so a hot conversation waiting on its own windows does not hold
/// global slots that others could use. Within a conversation requests are granted in arrival order.
/// Idle conversations are forgotten once their history no longer matters, bounding memory.
/// Register as a singleton: one per process.
/// </remarks>
public sealed class OutboundRateLimiter : IOutboundRateLimiter, IDisposable
{
    private readonly Lock gate = new();
    private readonly TimeProvider time;
    private readonly long frequency;
    private readonly long globalInterval;
    private readonly long globalTolerance;
    private readonly (int Limit, long Length)[] windows;
    private readonly int historyCapacity;
    private readonly long longestWindow;
    private readonly long sweepInterval;
    private readonly Dictionary<string, ConversationState> conversations = new(StringComparer.Ordinal);
    private readonly ConversationState globalOnly = new(null, null);
    private readonly PriorityQueue<ConversationState, long> ready = new();
    private readonly PriorityQueue<ConversationState, long> delayed = new();
    private readonly ITimer timer;
    private long globalTat;
    private long sequence;
    private long lastSweep;
    private bool disposed;

    public OutboundRateLimiter(IOptions<PacingOptions> options, TimeProvider timeProvider)
        : this(options?.Value ?? throw new ArgumentNullException(nameof(options)), timeProvider)
    {
    }

    public OutboundRateLimiter(PacingOptions options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        if (!(options.GlobalRatePerSecond > 0) || double.IsInfinity(options.GlobalRatePerSecond))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.GlobalRatePerSecond, "GlobalRatePerSecond must be a positive number.");
        }

        if (options.ConversationWindowMargin < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.ConversationWindowMargin, "ConversationWindowMargin must not be negative.");
        }

        time = timeProvider;
        frequency = timeProvider.TimestampFrequency;
        globalInterval = Math.Max(1, (long)Math.Ceiling(frequency / options.GlobalRatePerSecond));
        globalTolerance = globalInterval; // at most two requests back to back
        windows = TeamsRateLimits.ConversationWindows
            .Select(w => (w.Limit, ToTimestampUnits(w.Length + options.ConversationWindowMargin)))
            .ToArray();
        historyCapacity = windows.Max(w => w.Limit);
        longestWindow = windows.Max(w => w.Length);
        sweepInterval = ToTimestampUnits(options.IdleSweepInterval);
        var now = time.GetTimestamp();
        globalTat = now - globalTolerance;
        lastSweep = now;
        timer = time.CreateTimer(static s => ((OutboundRateLimiter)s!).OnTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Conversations currently tracked (waiting or with relevant history); for diagnostics.</summary>
    public int TrackedConversations
    {
        get
        {
            lock (gate)
            {
                return conversations.Count;
            }
        }
    }

    /// <inheritdoc />
    public ValueTask WaitAsync(string? conversationKey, CancellationToken cancellationToken = default)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled(cancellationToken);
        }

        Waiter waiter;
        lock (gate)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            var state = GetState(conversationKey);
            waiter = new Waiter(this, ++sequence);
            state.Waiters.Enqueue(waiter);
            var now = time.GetTimestamp();
            if (!state.Queued)
            {
                Schedule(state, now);
            }

            Pump(now);
            if (waiter.Granted)
            {
                return ValueTask.CompletedTask;
            }

            if (cancellationToken.CanBeCanceled)
            {
                waiter.Registration = cancellationToken.UnsafeRegister(static (s, ct) => ((Waiter)s!).Cancel(ct), waiter);
            }
        }

        return new ValueTask(waiter.Completion.Task);
    }

    public void Dispose()
    {
        lock (gate)
        {
            disposed = true;
        }

        timer.Dispose();
    }

    private void OnTimer()
    {
        lock (gate)
        {
            if (!disposed)
            {
                Pump(time.GetTimestamp());
            }
        }
    }

    private ConversationState GetState(string? key)
    {
        if (key is null)
        {
            return globalOnly;
        }

        if (!conversations.TryGetValue(key, out var state))
        {
            state = new ConversationState(key, new TimestampRing(historyCapacity));
            conversations.Add(key, state);
        }

        return state;
    }

    /// <summary>Puts a conversation with waiting requests in the ready or delayed queue.</summary>
    private void Schedule(ConversationState state, long now)
    {
        state.DropCancelledHead();
        if (state.Waiters.Count == 0)
        {
            state.Queued = false;
            return;
        }

        state.Queued = true;
        var eligibleAt = EligibleAt(state);
        if (eligibleAt <= now)
        {
            ready.Enqueue(state, state.Waiters.Peek().Sequence);
        }
        else
        {
            delayed.Enqueue(state, eligibleAt);
        }
    }

    /// <summary>Earliest time at which the conversation's windows allow one more request.</summary>
    private long EligibleAt(ConversationState state)
    {
        var history = state.History;
        if (history is null)
        {
            return long.MinValue;
        }

        var at = long.MinValue;
        foreach (var (limit, length) in windows)
        {
            if (history.Count >= limit)
            {
                at = Math.Max(at, history.FromNewest(limit - 1) + length);
            }
        }

        return at;
    }

    private void Pump(long now)
    {
        while (delayed.TryPeek(out var waiting, out var at) && at <= now)
        {
            delayed.Dequeue();
            Schedule(waiting, now);
        }

        while (now >= globalTat - globalTolerance && ready.TryDequeue(out var state, out var priority))
        {
            state.DropCancelledHead();
            if (state.Waiters.Count == 0)
            {
                state.Queued = false;
                continue;
            }

            if (state.Waiters.Peek().Sequence != priority)
            {
                // The head was cancelled since the conversation was queued: queue it again in its real place.
                Schedule(state, now);
                continue;
            }

            var waiter = state.Waiters.Dequeue();
            state.History?.Add(now);
            globalTat = Math.Max(globalTat, now) + globalInterval;
            waiter.Grant();
            Schedule(state, now);
        }

        ArmTimer(now);
        SweepIdle(now);
    }

    private void ArmTimer(long now)
    {
        var nextGlobal = globalTat - globalTolerance;
        long wake;
        if (ready.Count > 0)
        {
            wake = nextGlobal;
        }
        else if (delayed.TryPeek(out _, out var at))
        {
            wake = Math.Max(at, nextGlobal);
        }
        else
        {
            timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            return;
        }

        var ticks = (long)Math.Ceiling((double)Math.Max(0, wake - now) * TimeSpan.TicksPerSecond / frequency);
        timer.Change(TimeSpan.FromTicks(Math.Max(ticks, 1)), Timeout.InfiniteTimeSpan);
    }

    private void SweepIdle(long now)
    {
        if (now - lastSweep < sweepInterval)
        {
            return;
        }

        lastSweep = now;
        List<string>? idle = null;
        foreach (var (key, state) in conversations)
        {
            if (!state.Queued && state.Waiters.Count == 0
                && (state.History is not { Count: > 0 } history || now - history.Newest >= longestWindow))
            {
                (idle ??= []).Add(key);
            }
        }

        if (idle is not null)
        {
            foreach (var key in idle)
            {
                conversations.Remove(key);
            }
        }
    }

    private long ToTimestampUnits(TimeSpan span) => (long)Math.Ceiling(span.Ticks * (double)frequency / TimeSpan.TicksPerSecond);

    private sealed class ConversationState(string? key, TimestampRing? history)
    {
        public string? Key { get; } = key;

        public TimestampRing? History { get; } = history;

        public Queue<Waiter> Waiters { get; } = new();

        /// <summary>True while the conversation is in the ready or the delayed queue.</summary>
        public bool Queued { get; set; }

        public void DropCancelledHead()
        {
            while (Waiters.TryPeek(out var head) && head.Cancelled)
            {
                Waiters.Dequeue();
            }
        }
    }

    private sealed class Waiter(OutboundRateLimiter owner, long sequence)
    {
        public long Sequence { get; } = sequence;

        public TaskCompletionSource Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public CancellationTokenRegistration Registration { get; set; }

        /// <summary>Guarded by the limiter's lock.</summary>
        public bool Granted { get; private set; }

        /// <summary>Guarded by the limiter's lock.</summary>
        public bool Cancelled { get; private set; }

        /// <summary>Called under the limiter's lock.</summary>
        public void Grant()
        {
            Granted = true;
            Registration.Unregister();
            Completion.TrySetResult();
        }

        public void Cancel(CancellationToken token)
        {
            lock (owner.gate)
            {
                if (Granted || Cancelled)
                {
                    return;
                }

                Cancelled = true;
            }

            Completion.TrySetCanceled(token);
        }
    }
}
