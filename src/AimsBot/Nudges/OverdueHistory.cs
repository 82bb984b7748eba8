using System.Globalization;
using System.Text.Json;
using AimsBot.Domain.Catalogue;
using AimsBot.Domain.Ledger;
using AimsBot.Domain.Nudges;
using AimsBot.Domain.Register;
using AimsBot.Domain.Scheduling;
using AimsBot.Register;
using AimsBot.Storage.Ledger;
using AimsBot.Storage.Nudges;
using AimsBot.Storage.Register;
using Microsoft.Extensions.Options;

namespace AimsBot.Nudges;

/// <summary>How an overdue period ended, or that it has not.</summary>
public enum OverdueEndKind { StillOverdue, Evidence, NotApplicable, ScheduleChanged }

/// <summary>The end of an overdue period: how, when (UTC instant and local date), by whom, and what was given.</summary>
public sealed record OverdueEnd(OverdueEndKind Kind, DateTimeOffset? At, DateOnly? On, string? By, string? Text);

/// <summary>One step taken while a period was due: when, and what (in words).</summary>
public sealed record OverdueStep(DateTimeOffset At, string Text);

/// <summary>
/// One control period that was overdue in the window, and what followed: reminders, snoozes, escalations (to whom),
/// reassignment, and what ended it.
/// </summary>
public sealed record OverdueStory(
    string SortKey,
    string ScopeKey,
    string? SystemName,
    AnnexAControl Control,
    DateOnly Due,
    int ReminderCount,
    IReadOnlyList<DateTimeOffset> ReminderTimes,
    DateTimeOffset? LastReminderAt,
    int SnoozeCount,
    IReadOnlyList<OverdueStep> Snoozes,
    IReadOnlyList<OverdueStep> Escalations,
    IReadOnlyList<OverdueStep> Reassignment,
    OverdueEnd End);

/// <summary>
/// The history of what was overdue (<c>overdue [since …] [until …]</c>), read from the nudge records (table Nudges: one
/// row per control instance per due period the scan reached) and, per control instance that has such a row, its ledger
/// history (snoozes, escalations, reassignment, "not applicable this period") and its evidence (the first record after
/// the period was due soon ended it). Which periods count is the domain's <see cref="OverdueWindow"/>.
/// </summary>
/// <remarks>
/// Rows written before <see cref="NudgeStateRow.ReminderTimes"/> existed show the number of reminders and the last one.
/// Evidence that ended a period: the period had a row, so it was open when the scan first reached it — no earlier than
/// <c>Nudges:NoticeDays</c> days before its due date — and the first evidence recorded after that closed it.
/// </remarks>
public sealed class OverdueHistory
{
    private const int EvidencePage = 200;
    private readonly NudgeStateStore _states;
    private readonly ControlInstanceRepository _controls;
    private readonly AiSystemRepository _systems;
    private readonly EvidenceRepository _evidence;
    private readonly ILedgerStore _ledger;
    private readonly IOptions<NudgeOptions> _nudges;
    private readonly IOptions<RegisterOptions> _register;

    public OverdueHistory(NudgeStateStore states, ControlInstanceRepository controls, AiSystemRepository systems, EvidenceRepository evidence, ILedgerStore ledger, IOptions<NudgeOptions> nudges, IOptions<RegisterOptions> register)
    {
        _states = states;
        _controls = controls;
        _systems = systems;
        _evidence = evidence;
        _ledger = ledger;
        _nudges = nudges;
        _register = register;
    }

    /// <summary>Every period overdue in the window, by due date (then scope and control), after <paramref name="afterSortKey"/>.</summary>
    public async Task<IReadOnlyList<OverdueStory>> ReadAsync(string tenantId, OverdueWindow window, DateOnly today, string? afterSortKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(window);
        var candidates = new List<(NudgeStateRow Row, string ScopeKey, ControlId Control, DateOnly Due, string SortKey)>();
        await foreach (var row in _states.ListTenantAsync(tenantId, cancellationToken))
        {
            if (Read(row) is not { } key || OverdueWindow.OverdueFrom(key.Due) > window.Until)
            {
                continue;
            }

            var sortKey = string.Create(CultureInfo.InvariantCulture, $"{key.Due:yyyy-MM-dd}|{key.ScopeKey}|{key.Control.Value}");
            if (afterSortKey is null || string.CompareOrdinal(sortKey, afterSortKey) > 0)
            {
                candidates.Add((row, key.ScopeKey, key.Control, key.Due, sortKey));
            }
        }

        if (candidates.Count == 0)
        {
            return [];
        }

        var systemNames = (await _systems.ListAsync(tenantId, cancellationToken)).ToDictionary(s => s.System.Id, s => s.System.Name, StringComparer.Ordinal);
        var stories = new List<OverdueStory>();
        foreach (var instance in candidates.GroupBy(c => (c.ScopeKey, c.Control)))
        {
            var scope = ControlScope.FromKey(instance.Key.ScopeKey);
            var stored = await _controls.GetAsync(tenantId, scope, instance.Key.Control, cancellationToken);
            var zone = stored?.Instance.DueZone ?? _register.Value.OrganizationZone;
            var events = await _ledger.ForEntityAsync(tenantId, LedgerEntityKinds.ControlInstance.IdOf(new ControlInstanceRef(scope, instance.Key.Control)), cancellationToken);
            var earliestCutoff = instance.Min(c => Cutoff(c.Due));
            var evidence = await EvidenceSinceAsync(tenantId, scope, instance.Key.Control, earliestCutoff, zone, cancellationToken);
            foreach (var (row, scopeKey, control, due, sortKey) in instance)
            {
                var end = EndOf(due, events, evidence, zone, stored);
                if (!window.WasOverdue(due, end.On, today))
                {
                    continue;
                }

                var periodEvents = events.Where(e => PeriodOf(e) == due).ToList();
                stories.Add(new OverdueStory(
                    sortKey,
                    scopeKey,
                    scope.SystemId is { } id ? systemNames.GetValueOrDefault(id, id) : null,
                    AnnexA.Get(control),
                    due,
                    row.RemindersQueued,
                    ParseInstants(row.ReminderTimes),
                    row.LastReminderAt,
                    row.SnoozeCount,
                    periodEvents.Where(e => e.Action == LedgerEvents.Snoozed.Name).Select(Snooze).ToList(),
                    periodEvents.Where(e => e.Action == LedgerEvents.Escalated.Name).Select(Escalation).ToList(),
                    periodEvents.Where(e => e.Action is var a && (a == LedgerEvents.ReassignRequested.Name || a == LedgerEvents.ReassignApproved.Name || a == LedgerEvents.ReassignDeclined.Name)).Select(Reassign).ToList(),
                    end));
            }
        }

        return stories.OrderBy(s => s.SortKey, StringComparer.Ordinal).ToList();
    }

    /// <summary>The earliest local date evidence may have ended a period due on <paramref name="due"/>: when the scan could first reach it.</summary>
    private DateOnly Cutoff(DateOnly due) => due.AddDays(-(_nudges.Value.NoticeDays + 1));

    /// <summary>How the period due on <paramref name="due"/> ended: the sooner of "not applicable this period" for it and the first evidence after it was due soon.</summary>
    private OverdueEnd EndOf(DateOnly due, IReadOnlyList<LedgerEvent> events, IReadOnlyList<StoredEvidence> evidence, TimeZoneInfo zone, StoredControl? stored)
    {
        var closed = events.FirstOrDefault(e => e.Action == LedgerEvents.PeriodNotApplicable.Name && NextDueIn(e.Before) == due);
        var cutoff = Cutoff(due);
        var evidenced = evidence.FirstOrDefault(e => DueDateCalculator.LocalDate(e.SubmittedAt, zone) >= cutoff);
        if (closed is not null && (evidenced is null || closed.OccurredAt <= evidenced.SubmittedAt))
        {
            return new OverdueEnd(OverdueEndKind.NotApplicable, closed.OccurredAt, DueDateCalculator.LocalDate(closed.OccurredAt, zone), closed.ActorId, NotApplicableReason(closed.After));
        }

        if (evidenced is not null)
        {
            return new OverdueEnd(OverdueEndKind.Evidence, evidenced.SubmittedAt, DueDateCalculator.LocalDate(evidenced.SubmittedAt, zone), evidenced.SubmittedByName, evidenced.Description);
        }

        // Neither: still open if it is still the period due, else its schedule moved (excluded, a new cadence) — the
        // control's latest change is when it stopped being due.
        if (stored is not null && stored.Instance.NextDue == due)
        {
            return new OverdueEnd(OverdueEndKind.StillOverdue, null, null, null, null);
        }

        var moved = events.LastOrDefault(e => e.Action.StartsWith("register.control.", StringComparison.Ordinal) && NextDueIn(e.Before) == due);
        return new OverdueEnd(OverdueEndKind.ScheduleChanged, moved?.OccurredAt, moved is null ? null : DueDateCalculator.LocalDate(moved.OccurredAt, zone), moved?.ActorId, moved?.Action);
    }

    /// <summary>A control instance's evidence recorded on or after a local date, oldest first (pages newest first until older).</summary>
    private async Task<IReadOnlyList<StoredEvidence>> EvidenceSinceAsync(string tenantId, ControlScope scope, ControlId control, DateOnly since, TimeZoneInfo zone, CancellationToken cancellationToken)
    {
        var found = new List<StoredEvidence>();
        string? token = null;
        do
        {
            var page = await _evidence.PageAsync(tenantId, scope, control, EvidencePage, token, cancellationToken);
            foreach (var item in page.Items)
            {
                if (DueDateCalculator.LocalDate(item.SubmittedAt, zone) < since)
                {
                    return Oldest(found);
                }

                found.Add(item);
            }

            token = page.ContinuationToken;
        }
        while (token is not null);

        return Oldest(found);

        static List<StoredEvidence> Oldest(List<StoredEvidence> items) => items.OrderBy(e => e.SubmittedAt).ToList();
    }

    private static OverdueStep Snooze(LedgerEvent e)
    {
        var until = Property(e.After, "snoozedUntil") is { } text && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var u) ? u : (DateTimeOffset?)null;
        return new OverdueStep(e.OccurredAt, until is { } t
            ? "snoozed until " + t.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)
            : "snoozed");
    }

    private static OverdueStep Escalation(LedgerEvent e)
    {
        var level = Property(e.After, "level") ?? "?";
        var manager = Property(e.After, "manager");
        return new OverdueStep(e.OccurredAt, $"level {level} to the compliance leads{(string.IsNullOrWhiteSpace(manager) ? "" : ". " + manager)}");
    }

    private static OverdueStep Reassign(LedgerEvent e)
    {
        if (e.Action == LedgerEvents.ReassignRequested.Name)
        {
            var to = Property(e.After, "reassignToName") ?? "a colleague";
            var reason = Property(e.After, "reassignReason");
            return new OverdueStep(e.OccurredAt, $"the owner asked to hand it to {to}{(string.IsNullOrWhiteSpace(reason) ? "" : $" ({reason})")}");
        }

        return new OverdueStep(e.OccurredAt, Property(e.After, "reassignOutcome") ?? (e.Action == LedgerEvents.ReassignApproved.Name ? "approved" : "declined"));
    }

    /// <summary>The due period a nudge event is about (its <c>due</c>), or the period a register change closed (its before-state's next due).</summary>
    private static DateOnly? PeriodOf(LedgerEvent e) =>
        e.Action.StartsWith("nudge.", StringComparison.Ordinal) ? ParseDate(Property(e.After, "due")) : null;

    private static DateOnly? NextDueIn(string? json) => ParseDate(Property(json, "nextDue"));

    private static string? NotApplicableReason(string? json)
    {
        if (json is null)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.TryGetProperty("state", out var state) && state.TryGetProperty("notApplicableReason", out var reason) && reason.ValueKind == JsonValueKind.String
                ? reason.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>A top-level property of stored event JSON as text; null when absent or the JSON is not readable (old or foreign events).</summary>
    private static string? Property(string? json, string name)
    {
        if (string.IsNullOrEmpty(json))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty(name, out var value)
                ? value.ValueKind switch
                {
                    JsonValueKind.String => value.GetString(),
                    JsonValueKind.Null or JsonValueKind.Undefined => null,
                    _ => value.GetRawText(),
                }
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static DateOnly? ParseDate(string? text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;

    /// <summary>A Nudges row's scope, control and due date, from its keys (<c>{tenant}|{scope}</c>, <c>{control}|{due}</c>); null for a row that does not read.</summary>
    private static (string ScopeKey, ControlId Control, DateOnly Due)? Read(NudgeStateRow row)
    {
        var scopeKey = row.PartitionKey[(row.PartitionKey.LastIndexOf('|') + 1)..];
        var bar = row.RowKey.LastIndexOf('|');
        return bar > 0
            && ControlId.TryParse(row.RowKey[..bar], out var control)
            && ParseDate(row.RowKey[(bar + 1)..]) is { } due
            && (scopeKey == ControlScope.OrganizationKey || AiSystem.IsValidId(scopeKey))
            ? (scopeKey, control, due)
            : null;
    }

    private static List<DateTimeOffset> ParseInstants(string? text) =>
        (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries)
            .Select(t => DateTimeOffset.TryParse(t, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at) ? at : (DateTimeOffset?)null)
            .OfType<DateTimeOffset>()
            .ToList();
}

/// <summary>The reminder instants a Nudges row keeps (<see cref="NudgeStateRow.ReminderTimes"/>).</summary>
public static class NudgeHistory
{
    /// <summary>At most this many instants are kept (the oldest are dropped): a row stays small however long a period runs.</summary>
    public const int MaxKept = 50;

    public static string AppendInstant(string? times, DateTimeOffset at)
    {
        var kept = (times ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries).ToList();
        kept.Add(at.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
        return string.Join(',', kept.TakeLast(MaxKept));
    }
}
