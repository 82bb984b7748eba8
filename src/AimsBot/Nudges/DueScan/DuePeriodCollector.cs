using AimsBot.Domain.Nudges;
using AimsBot.Domain.Scheduling;
using AimsBot.Storage.Nudges;
using AimsBot.Storage.Register;
using Microsoft.Extensions.Options;

namespace AimsBot.Nudges;

/// <summary>
/// What a scan found: the counts (due and overdue include the unowned ones), the owned periods in the window grouped
/// by owner, and the unowned controls in the window (no one to remind: the compliance leads are told).
/// </summary>
public sealed record DuePeriods(int Due, int Overdue, int NoOwner, IReadOnlyDictionary<string, List<DuePeriod>> ByOwner, IReadOnlyList<DueControl> Unowned);

/// <summary>
/// Collects a tenant's control periods that are in the notice window or overdue, each decided by the domain's
/// <see cref="NudgePolicy"/> against its period's Nudges row, and the applicable controls no one owns that are in the
/// same window (<see cref="UnownedControlFinder"/>: controls never registered count too). One key-range query over the
/// tenant's control instances (all of them: due dates are recomputed by the domain, so a stored date written under an
/// older rule cannot hide a due control); one partition read of Nudges per scope that has an owned due instance; one
/// read of the systems.
/// </summary>
public sealed class DuePeriodCollector
{
    private readonly ControlInstanceRepository _controls;
    private readonly NudgeStateStore _states;
    private readonly AiSystemRepository _systems;
    private readonly NudgeOptions _options;
    private readonly TimeProvider _clock;

    private readonly UnownedControlFinder _unowned;

    public DuePeriodCollector(ControlInstanceRepository controls, NudgeStateStore states, AiSystemRepository systems, UnownedControlFinder unowned, IOptions<NudgeOptions> options, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(options);
        _unowned = unowned;
        _controls = controls;
        _states = states;
        _systems = systems;
        _options = options.Value;
        _clock = clock;
    }

    public async Task<DuePeriods> CollectAsync(string tenantId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var rules = _options.Schedule();
        // NextDue is a date in each instance's own zone: a day of margin catches zones ahead of UTC, and the
        // policy then decides exactly per instance in its zone.
        var dueBy = DueDateCalculator.LocalDate(now, TimeZoneInfo.Utc).AddDays(rules.NoticeDays + 1);
        var systems = await _systems.ListAsync(tenantId, cancellationToken);
        var systemNames = systems.ToDictionary(s => s.System.Id, s => s.System.Name, StringComparer.Ordinal);
        var statesByPartition = new Dictionary<string, Dictionary<string, NudgeStateRow>>(StringComparer.Ordinal);
        var byOwner = new Dictionary<string, List<DuePeriod>>(StringComparer.OrdinalIgnoreCase);
        var all = new List<StoredControl>();
        int due = 0, overdue = 0;

        await foreach (var control in _controls.ListTenantAsync(tenantId, cancellationToken))
        {
            all.Add(control);
            var instance = control.Instance;
            if (instance.NextDue is not { } nextDue || nextDue > dueBy || string.IsNullOrWhiteSpace(instance.OwnerUserId))
            {
                // Unowned instances are counted below with the controls never registered, by the same rule.
                continue;
            }

            var partition = RegisterKeys.ControlPartition(tenantId, instance.Scope);
            if (!statesByPartition.TryGetValue(partition, out var states))
            {
                states = new Dictionary<string, NudgeStateRow>(StringComparer.Ordinal);
                await foreach (var row in _states.ListPartitionAsync(partition, cancellationToken))
                {
                    states[row.RowKey] = row;
                }

                statesByPartition[partition] = states;
            }

            var rowKey = NudgeStateStore.RowKey(instance.ControlId.Value, nextDue);
            var state = states.TryGetValue(rowKey, out var found) ? found : new NudgeStateRow { PartitionKey = partition, RowKey = rowKey };
            var decision = NudgePolicy.Decide(nextDue, instance.DueZone, Memory(state), rules, _clock);
            if (!decision.InWindow)
            {
                continue;
            }

            if (decision.Status.State == DueState.Overdue)
            {
                overdue++;
            }
            else
            {
                due++;
            }

            var systemName = instance.Scope.SystemId is { } id ? systemNames.GetValueOrDefault(id, id) : null;
            var shown = new DueControl(instance.Scope.Key, systemName, instance.ControlId.Value, instance.Control.Title, nextDue, decision.Status, state.SnoozeCount);
            if (!byOwner.TryGetValue(instance.OwnerUserId, out var list))
            {
                byOwner[instance.OwnerUserId] = list = [];
            }

            list.Add(new DuePeriod(control, state, decision, shown));
        }

        var unowned = new List<DueControl>();
        foreach (var scope in _unowned.Find(all, systems))
        {
            foreach (var control in scope.Controls.Where(c => UnownedControls.IsDue(c, rules)))
            {
                unowned.Add(new DueControl(scope.Scope.Key, scope.System?.System.Name, control.Control.Id, control.Control.Title, control.Due!.Value, control.Status, 0));
            }
        }

        due += unowned.Count(c => c.Status.State != DueState.Overdue);
        overdue += unowned.Count(c => c.Status.State == DueState.Overdue);
        return new DuePeriods(due, overdue, unowned.Count, byOwner, unowned);
    }

    private static NudgeMemory Memory(NudgeStateRow row) =>
        new(row.RemindersQueued, row.LastReminderAt, row.SnoozedUntil, row.SnoozeCount, row.EscalationLevel);
}
