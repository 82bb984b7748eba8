using System.Globalization;
using AimsBot.Domain.Access;
using AimsBot.Domain.Nudges;
using AimsBot.Storage.Nudges;
using AimsBot.Storage.Register;

namespace AimsBot.Nudges;

/// <summary>What one scan found and did. Due and overdue count control periods; queued counts owner cards.</summary>
public sealed record NudgeScanReport(int Due, int Overdue, int Queued, int Unreachable, int Installing, int NoOwner, int Escalated, int Snoozed)
{
    public static NudgeScanReport Empty { get; } = new(0, 0, 0, 0, 0, 0, 0, 0);

    public NudgeScanReport Add(NudgeScanReport other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new(Due + other.Due, Overdue + other.Overdue, Queued + other.Queued, Unreachable + other.Unreachable,
            Installing + other.Installing, NoOwner + other.NoOwner, Escalated + other.Escalated, Snoozed + other.Snoozed);
    }
}

/// <summary>
/// One control period a scan found in its notice window or overdue, with an owner: the instance, its period's
/// Nudges row, what the policy decided, and how the period is shown on cards.
/// </summary>
public sealed record DuePeriod(StoredControl Control, NudgeStateRow State, NudgeDecision Decision, DueControl Shown)
{
    public DateOnly Due => Shown.Due;

    /// <summary>The period, as it goes into deterministic outbox ids.</summary>
    public string PeriodKey => string.Create(CultureInfo.InvariantCulture, $"{Shown.ScopeKey}|{Shown.ControlId}|{Due:yyyy-MM-dd}");
}

/// <summary>
/// One scan of one tenant in progress: who it acts as, the instant it decides at, and its counters. Owners are
/// handled in parallel, so the counters are only changed through the methods here.
/// </summary>
public sealed class DueScanRun
{
    private int _due, _overdue, _queued, _unreachable, _installing, _noOwner, _escalated, _snoozed;
    private Task<IReadOnlyList<NudgeRecipient>>? _leads;

    public DueScanRun(string tenantId, Actor actor, DateTimeOffset now)
    {
        TenantId = tenantId;
        Actor = actor;
        Now = now;
    }

    public string TenantId { get; }

    /// <summary>Recorded in the ledger: <c>system:nudge-scan</c>, or the lead who ran <c>nudge now</c>.</summary>
    public Actor Actor { get; }

    public DateTimeOffset Now { get; }

    public NudgeScanReport Report => new(_due, _overdue, _queued, _unreachable, _installing, _noOwner, _escalated, _snoozed);

    public void Found(int due, int overdue, int noOwner)
    {
        Interlocked.Add(ref _due, due);
        Interlocked.Add(ref _overdue, overdue);
        Interlocked.Add(ref _noOwner, noOwner);
    }

    public void Queued() => Interlocked.Increment(ref _queued);

    public void Unreachable() => Interlocked.Increment(ref _unreachable);

    public void Installing() => Interlocked.Increment(ref _installing);

    public void Escalated(int periods) => Interlocked.Add(ref _escalated, periods);

    public void Snoozed(int periods) => Interlocked.Add(ref _snoozed, periods);

    /// <summary>The run's compliance leads: looked up once, by whichever owner needs them first (owners run in parallel).</summary>
    public Task<IReadOnlyList<NudgeRecipient>> LeadsAsync(Func<Task<IReadOnlyList<NudgeRecipient>>> find)
    {
        ArgumentNullException.ThrowIfNull(find);
        if (Volatile.Read(ref _leads) is { } known)
        {
            return known;
        }

        var created = find();
        return Interlocked.CompareExchange(ref _leads, created, null) ?? created;
    }
}
