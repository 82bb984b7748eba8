using AimsBot.Domain.Nudges;
using AimsBot.Domain.Scheduling;
using AimsBot.Storage.Nudges;
using AimsBot.Storage.Register;
using Microsoft.Extensions.Options;

namespace AimsBot.Nudges;

/// <summary>What a scan found: the counts, and the owned periods in the window grouped by owner.</summary>
public sealed record DuePeriods(int Due, int Overdue, int NoOwner, IReadOnlyDictionary<string, List<DuePeriod>> ByOwner);

/// <summary>
/// Collects a tenant's control periods that are in the notice window or overdue, each decided by the domain's
/// <see cref="NudgePolicy"/> against its period's Nudges row. One key-range query over the tenant's control
/// instances; one partition read of Nudges per scope that has a due instance; one read of the system names.
/// </summary>
public sealed class DuePeriodCollector
{
    private readonly ControlInstanceRepository _controls;
    private readonly NudgeStateStore _states;
    private readonly AiSystemRepository _systems;
    private readonly NudgeOptions _options;
    private readonly TimeProvider _clock;

    public DuePeriodCollector(ControlInstanceRepository controls, NudgeStateStore states, AiSystemRepository systems, IOptions<NudgeOptions> options, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(options);
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
        var systemNames = (await _systems.ListAsync(tenantId, cancellationToken)).ToDictionary(s => s.System.Id, s => s.System.Name, StringComparer.Ordinal);
        var statesByPartition = new Dictionary<string, Dictionary<string, NudgeStateRow>>(StringComparer.Ordinal);
        var byOwner = new Dictionary<string, List<DuePeriod>>(StringComparer.OrdinalIgnoreCase);
        int due = 0, overdue = 0, noOwner = 0;

        await foreach (var control in _controls.ListDueByAsync(tenantId, dueBy, cancellationToken))
        {
            var instance = control.Instance;
            if (instance.NextDue is not { } nextDue)
            {
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

            if (string.IsNullOrWhiteSpace(instance.OwnerUserId))
            {
                noOwner++;
                continue;
            }

            var systemName = instance.Scope.SystemId is { } id ? systemNames.GetValueOrDefault(id, id) : null;
            var shown = new DueControl(instance.Scope.Key, systemName, instance.ControlId.Value, instance.Control.Title, nextDue, decision.Status, state.SnoozeCount);
            if (!byOwner.TryGetValue(instance.OwnerUserId, out var list))
            {
                byOwner[instance.OwnerUserId] = list = [];
            }

            list.Add(new DuePeriod(control, state, decision, shown));
        }

        return new DuePeriods(due, overdue, noOwner, byOwner);
    }

    private static NudgeMemory Memory(NudgeStateRow row) =>
        new(row.RemindersQueued, row.LastReminderAt, row.SnoozedUntil, row.SnoozeCount, row.EscalationLevel);
}
