using Microsoft.Extensions.Options;

namespace AimsBot.Teams.Pacing;

/// <summary>
/// In-process pacing of outbound connector requests against the Teams limits: per-conversation
/// sliding windows (<see cref="TeamsRateLimits.ConversationWindows"/>), an even global pace
/// (<see cref="PacingOptions.GlobalRatePerSecond"/>) and a hard global cap per second
/// (<see cref="PacingOptions.GlobalWindowLimit"/>). Register as a singleton: one per process.
/// </summary>
/// <remarks>
/// <para>
/// Teams counts requests when they reach it, which is some time between our sending and our
/// receiving the response. So the windows are kept against <em>completion</em> times (when the
/// lease is disposed) and a new request must leave a full window after them: however long an
/// earlier request spent on the way, the later one cannot land in the same window. A conversation
/// has one request in flight at a time (which also keeps its messages in order), and in-flight
/// requests count fully against the global cap.
/// </para>
/// <para>
/// Permits are granted by one scheduler at the real current time, never ahead: a late timer does
/// not make requests bunch up. Among conversations that may send now, the one whose oldest waiting
/// request came first goes first, so a hot conversation held by its own windows does not take
/// global capacity others could use. Idle conversations are forgotten once their history no longer
/// matters, bounding memory.
/// </para>
/// </remarks>
public sealed class OutboundRateLimiter : IOutboundRateLimiter, IDisposable
{
    private readonly Lock gate = new();
    private readonly TimeProvider time;
    private readonly long frequency;
    private readonly long globalInterval;
    private readonly long globalTolerance;
    private readonly int globalCap;
    private readonly long globalWindow;
    private readonly (int Limit, long Length)[] windows;
    private readonly int historyCapacity;
    private readonly long longestWindow;
    private readonly long leaseTimeout;
    private readonly long sweepInterval;
    private readonly Dictionary<string, ConversationState> conversations = new(StringComparer.Ordinal);
    private readonly ConversationState globalOnly = new(null, null);
    private readonly PriorityQueue<(ConversationState State, int Version), long> ready = new();
    private readonly PriorityQueue<(ConversationState State, int Version), long> delayed = new();
    private readonly Queue<Lease> inFlight = new();
    private readonly TimestampRing globalCompletions;
    private readonly ITimer timer;
    private int inFlightCount;
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

        ArgumentOutOfRangeException.ThrowIfLessThan(options.GlobalWindowLimit, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.WindowMargin, TimeSpan.Zero, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.LeaseTimeout, TimeSpan.Zero, nameof(options));

        time = timeProvider;
        frequency = timeProvider.TimestampFrequency;
        globalInterval = Math.Max(1, (long)Math.Ceiling(frequency / options.GlobalRatePerSecond));
        globalTolerance = globalInterval; // at most two requests back to back
        globalCap = options.GlobalWindowLimit;
        globalWindow = ToTimestampUnits(TimeSpan.FromSeconds(1) + options.WindowMargin);
        globalCompletions = new TimestampRing(globalCap);
        windows = TeamsRateLimits.ConversationWindows
            .Select(w => (w.Limit, ToTimestampUnits(w.Length + options.WindowMargin)))
            .ToArray();
        historyCapacity = windows.Max(w => w.Limit);
        longestWindow = windows.Max(w => w.Length);
        leaseTimeout = ToTimestampUnits(options.LeaseTimeout);
        sweepInterval = ToTimestampUnits(options.IdleSweepInterval);
        var now = time.GetTimestamp();
        globalTat = now - globalTolerance;
        lastSweep = now;
        timer = time.CreateTimer(static s => ((OutboundRateLimiter)s!).OnTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Conversations currently tracked (waiting, in flight or with relevant history); for diagnostics.</summary>
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

    /// <summary>Leases granted and not yet disposed (or expired); for diagnostics.</summary>
    public int InFlight
    {
        get
        {
            lock (gate)
            {
                return inFlightCount;
            }
        }
    }

    /// <inheritdoc />
    public ValueTask<IDisposable> WaitAsync(string? conversationKey, CancellationToken cancellationToken = default)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled<IDisposable>(cancellationToken);
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
            if (waiter.Lease is { } granted)
            {
                return new ValueTask<IDisposable>(granted);
            }

            if (cancellationToken.CanBeCanceled)
            {
                waiter.Registration = cancellationToken.UnsafeRegister(static (s, ct) => ((Waiter)s!).Cancel(ct), waiter);
            }
        }

        return new ValueTask<IDisposable>(waiter.Completion.Task);
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

    private void Release(Lease lease)
    {
        lock (gate)
        {
            var now = time.GetTimestamp();
            if (Complete(lease, now) && !disposed)
            {
                Pump(now);
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

    /// <summary>(Re)places a conversation with waiting requests in the ready or the delayed queue.</summary>
    private void Schedule(ConversationState state, long now)
    {
        state.Version++;
        state.Queued = false;
        state.DropCancelledHead();
        if (state.Waiters.Count == 0)
        {
            return;
        }

        // While a request is in flight the conversation waits for its completion (which reschedules
        // it); the lease timeout is only the backstop for a lease that is never disposed.
        var at = state.InFlight is { } lease ? lease.Departure + leaseTimeout : EligibleAt(state);
        state.Queued = true;
        if (at <= now)
        {
            ready.Enqueue((state, state.Version), state.Waiters.Peek().Sequence);
        }
        else
        {
            delayed.Enqueue((state, state.Version), at);
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

    /// <summary>Earliest time at which the global pace and cap allow one more request.</summary>
    private long GlobalAllowedAt()
    {
        var at = globalTat - globalTolerance;
        var room = globalCap - 1 - inFlightCount;
        if (room < 0)
        {
            // Full of requests in flight: wait for a completion (or, as a backstop, the oldest lease's expiry).
            return inFlight.TryPeek(out var oldest) ? Math.Max(at, oldest.Departure + leaseTimeout) : at;
        }

        if (globalCompletions.Count > room)
        {
            at = Math.Max(at, globalCompletions.FromNewest(room) + globalWindow);
        }

        return at;
    }

    private void Pump(long now)
    {
        ExpireLeases(now);
        globalCompletions.TrimOlderThan(now - globalWindow);

        while (delayed.TryPeek(out var entry, out var at) && at <= now)
        {
            delayed.Dequeue();
            if (entry.Version == entry.State.Version)
            {
                Schedule(entry.State, now);
            }
        }

        while (ready.TryPeek(out var entry, out var priority))
        {
            var state = entry.State;
            if (entry.Version != state.Version)
            {
                ready.Dequeue(); // superseded by a later Schedule
                continue;
            }

            if (GlobalAllowedAt() > now)
            {
                break;
            }

            ready.Dequeue();
            state.DropCancelledHead();
            if (state.Waiters.Count == 0)
            {
                state.Queued = false;
                continue;
            }

            if (state.Waiters.Peek().Sequence != priority || state.InFlight is not null || EligibleAt(state) > now)
            {
                // Its head was cancelled, or it is not in fact free to send: queue it again in its real place.
                Schedule(state, now);
                continue;
            }

            var waiter = state.Waiters.Dequeue();
            var lease = new Lease(this, state, now);
            if (state.History is not null)
            {
                state.InFlight = lease;
            }

            inFlight.Enqueue(lease);
            inFlightCount++;
            globalTat = Math.Max(globalTat, now) + globalInterval;
            waiter.Grant(lease);
            Schedule(state, now);
        }

        ArmTimer(now);
        SweepIdle(now);
    }

    /// <summary>Drops completed leases from the head of the in-flight queue and expires leaked ones.</summary>
    private void ExpireLeases(long now)
    {
        while (inFlight.TryPeek(out var oldest))
        {
            if (oldest.Completed)
            {
                inFlight.Dequeue();
            }
            else if (oldest.Departure + leaseTimeout <= now)
            {
                Complete(oldest, now);
                inFlight.Dequeue();
            }
            else
            {
                break;
            }
        }
    }

    /// <summary>Records a lease's completion at <paramref name="now"/>; false if it was already complete.</summary>
    private bool Complete(Lease lease, long now)
    {
        if (lease.Completed)
        {
            return false;
        }

        lease.Completed = true;
        inFlightCount--;
        globalCompletions.Add(now);
        var state = lease.State;
        if (state.History is not null)
        {
            state.History.Add(now);
            if (ReferenceEquals(state.InFlight, lease))
            {
                state.InFlight = null;
            }

            if (!disposed)
            {
                Schedule(state, now);
            }
        }

        return true;
    }

    private void ArmTimer(long now)
    {
        // Superseded entries (e.g. the lease-timeout backstop of a request that completed) need no wake-up.
        while (delayed.TryPeek(out var head, out _) && head.Version != head.State.Version)
        {
            delayed.Dequeue();
        }

        var wake = long.MaxValue;
        if (ready.Count > 0)
        {
            wake = GlobalAllowedAt();
        }

        if (delayed.TryPeek(out _, out var at))
        {
            wake = Math.Min(wake, at);
        }

        if (inFlight.TryPeek(out var oldest))
        {
            wake = Math.Min(wake, oldest.Departure + leaseTimeout);
        }

        if (wake == long.MaxValue)
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
            if (!state.Queued && state.Waiters.Count == 0 && state.InFlight is null
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

        /// <summary>Completion times of this conversation's requests; null for the global-only pseudo conversation.</summary>
        public TimestampRing? History { get; } = history;

        public Queue<Waiter> Waiters { get; } = new();

        /// <summary>The request of this conversation in flight, if any (one at a time).</summary>
        public Lease? InFlight { get; set; }

        /// <summary>True while a current entry for the conversation is in the ready or the delayed queue.</summary>
        public bool Queued { get; set; }

        /// <summary>Bumped by every Schedule; queue entries with an older version are stale.</summary>
        public int Version { get; set; }

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

        public TaskCompletionSource<IDisposable> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public CancellationTokenRegistration Registration { get; set; }

        /// <summary>Set when granted; guarded by the limiter's lock.</summary>
        public Lease? Lease { get; private set; }

        /// <summary>Guarded by the limiter's lock.</summary>
        public bool Cancelled { get; private set; }

        /// <summary>Called under the limiter's lock.</summary>
        public void Grant(Lease lease)
        {
            Lease = lease;
            Registration.Unregister();
            Completion.TrySetResult(lease);
        }

        public void Cancel(CancellationToken token)
        {
            lock (owner.gate)
            {
                if (Lease is not null || Cancelled)
                {
                    return;
                }

                Cancelled = true;
            }

            Completion.TrySetCanceled(token);
        }
    }

    private sealed class Lease(OutboundRateLimiter owner, ConversationState state, long departure) : IDisposable
    {
        public ConversationState State { get; } = state;

        public long Departure { get; } = departure;

        /// <summary>Guarded by the limiter's lock.</summary>
        public bool Completed { get; set; }

        public void Dispose() => owner.Release(this);
    }
}
