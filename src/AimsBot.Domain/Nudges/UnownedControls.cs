using AimsBot.Domain.Catalogue;
using AimsBot.Domain.Register;
using AimsBot.Domain.Scheduling;
using AimsBot.Domain.Soa;

namespace AimsBot.Domain.Nudges;

/// <summary>
/// An applicable control that no one owns, in the scope that must answer it: when its evidence is due (null when it
/// has no cadence) and where that stands today.
/// </summary>
public sealed record UnownedControl(ControlScope Scope, AnnexAControl Control, DateOnly? Due, DueStatus Status)
{
    /// <summary>The due period, as it goes into deterministic message ids.</summary>
    public string PeriodKey => Due is { } due
        ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Scope.Key}|{Control.Id}|{due:yyyy-MM-dd}")
        : $"{Scope.Key}|{Control.Id}|-";
}

/// <summary>
/// What counts as an unowned control, and when one is due. The rules:
/// <list type="number">
/// <item>A control is unowned in a scope when the scope's Statement of Applicability includes it, no one owns it, and
/// the scope itself answers it: an AI system's row inherited from the organisation is the organisation's to own, so
/// it is counted once, in the organisation.</item>
/// <item>Its due date is the one an owned control would have: the stored instance's next due date; for a control
/// with no stored instance (the default row: applicable, no owner), the first-due rule
/// (<see cref="DueDateCalculator.FirstDue"/>) on the default cadence from when its scope entered the register, in the
/// organisation's zone. No cadence: never due, but still unowned.</item>
/// <item>It is "due" on the same days an owner would be nudged: from <see cref="NudgeSchedule.NoticeDays"/> days before
/// its due date, and while overdue. No owner means no one gets that reminder, so the compliance leads are told instead.</item>
/// </list>
/// </summary>
public static class UnownedControls
{
    /// <summary>
    /// The unowned controls of one scope's SoA, in catalogue order. <paramref name="scopeStartedAt"/> is when the scope
    /// entered the register (a system's creation; for the organisation, the register's first record).
    /// </summary>
    public static IReadOnlyList<UnownedControl> In(
        StatementOfApplicability soa,
        DateTimeOffset scopeStartedAt,
        EvidenceCadence? defaultCadence,
        TimeZoneInfo organizationZone,
        TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(soa);
        ArgumentNullException.ThrowIfNull(organizationZone);
        ArgumentNullException.ThrowIfNull(clock);
        var found = new List<UnownedControl>();
        foreach (var row in soa.Rows)
        {
            if (!IsUnowned(row) || !AnsweredBy(row, soa.Scope))
            {
                continue;
            }

            var due = row.Source == SoaRowSource.Default
                ? defaultCadence is null ? (DateOnly?)null : DueDateCalculator.FirstDue(defaultCadence, DueDateCalculator.LocalDate(scopeStartedAt, organizationZone), organizationZone)
                : row.NextDue;
            found.Add(new UnownedControl(soa.Scope, AnnexA.Get(row.ControlId), due, DueDateCalculator.Status(due, clock, organizationZone)));
        }

        return found;
    }

    /// <summary>Included in the SoA and owned by no one.</summary>
    public static bool IsUnowned(SoaRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return row.Included && string.IsNullOrWhiteSpace(row.OwnerUserId);
    }

    /// <summary>Whether the scope's own instance answers the row (not the organisation's, inherited).</summary>
    public static bool AnsweredBy(SoaRow row, ControlScope scope)
    {
        ArgumentNullException.ThrowIfNull(row);
        ArgumentNullException.ThrowIfNull(scope);
        return scope.IsOrganization || row.Source switch
        {
            SoaRowSource.Scope => true,
            SoaRowSource.Default => row.Layer == ControlLayer.AiSystem,
            _ => false,
        };
    }

    /// <summary>Due within the notice window, due today or overdue: the days an owner would be nudged.</summary>
    public static bool IsDue(UnownedControl control, NudgeSchedule rules)
    {
        ArgumentNullException.ThrowIfNull(control);
        ArgumentNullException.ThrowIfNull(rules);
        return control.Status.State != DueState.NotScheduled && control.Status.DaysUntilDue <= rules.NoticeDays;
    }
}
