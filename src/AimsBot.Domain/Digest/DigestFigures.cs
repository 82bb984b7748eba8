namespace AimsBot.Domain.Digest;

/// <summary>How long a nonconformity has been open, in the digest's buckets.</summary>
public enum NonconformityAge
{
    /// <summary>Raised less than 30 days ago.</summary>
    UnderThirtyDays,

    /// <summary>30 to 89 days.</summary>
    ThirtyToNinetyDays,

    /// <summary>90 days or more.</summary>
    NinetyDaysOrMore,
}

/// <summary>Open nonconformities of one severity (<c>major</c>, <c>minor</c>, <c>observation</c>, or <c>unrated</c>) by age.</summary>
public sealed record NonconformityCounts(string Severity, int UnderThirtyDays, int ThirtyToNinetyDays, int NinetyDaysOrMore)
{
    public int Total => UnderThirtyDays + ThirtyToNinetyDays + NinetyDaysOrMore;
}

/// <summary>An owner of applicable controls whom the bot cannot write to, and how many controls they own.</summary>
public sealed record UnreachableOwner(string Name, int Controls);

/// <summary>The ledger's latest signed checkpoint: its sequence and head hash, so the leads' chat holds a copy outside the trail.</summary>
public sealed record DigestCheckpoint(long Sequence, string HeadHash, DateTimeOffset CreatedAt);

/// <summary>
/// One tenant's digest figures, computed in one pass over its tables. A section is null when the workflow it reads
/// has not landed (it is left out of the card, not shown empty).
/// </summary>
public sealed record DigestFigures(
    DateOnly WeekStarting,
    string WeekId,
    int Systems,
    int ControlInstances,
    int OverdueControls,
    int NewlyOverdueControls,
    int EvidenceReceived,
    int ApplicableControls,
    int ImplementedControls,
    IReadOnlyList<NonconformityCounts>? OpenNonconformities,
    int RisksAwaitingApproval,
    int RisksAboveThreshold,
    int RiskAcceptancesExpiring,
    int AssessmentsDueSoon,
    int AssessmentsOverdue,
    IReadOnlyList<UnreachableOwner> UnreachableOwners,
    DigestCheckpoint? Checkpoint)
{
    public int OpenNonconformityCount => OpenNonconformities?.Sum(n => n.Total) ?? 0;

    /// <summary>Nothing registered yet: no AI system, no control instance, no risk, no nonconformity.</summary>
    public bool IsEmpty => Systems == 0 && ControlInstances == 0 && OpenNonconformityCount == 0
        && RisksAwaitingApproval == 0 && RisksAboveThreshold == 0 && RiskAcceptancesExpiring == 0 && EvidenceReceived == 0;

    /// <summary>The week's row of the trend.</summary>
    public DigestWeek Snapshot => new(WeekStarting, OverdueControls, EvidenceReceived, OpenNonconformityCount);
}

/// <summary>The digest's rules for what counts.</summary>
public static class DigestRules
{
    /// <summary>The nonconformity severities, in the order the digest lists them; anything else counts as unrated.</summary>
    public static IReadOnlyList<string> Severities { get; } = ["major", "minor", "observation", "unrated"];

    /// <summary>Overdue from the day after the due date (in the control's own zone).</summary>
    public static bool IsOverdue(DateOnly due, DateOnly today) => due < today;

    /// <summary>
    /// Newly overdue this week: overdue today, and the first overdue day (the day after the due date) falls on or after
    /// the Monday the week started (a control due on Sunday is newly overdue on Monday; one due last Saturday is not).
    /// </summary>
    public static bool IsNewlyOverdue(DateOnly due, DateOnly today, DateOnly weekStarting) =>
        IsOverdue(due, today) && due.AddDays(1) >= weekStarting;

    /// <summary>How long a nonconformity raised on <paramref name="raisedOn"/> has been open on <paramref name="today"/>.</summary>
    public static NonconformityAge AgeOf(DateOnly raisedOn, DateOnly today) => (today.DayNumber - raisedOn.DayNumber) switch
    {
        < 30 => NonconformityAge.UnderThirtyDays,
        < 90 => NonconformityAge.ThirtyToNinetyDays,
        _ => NonconformityAge.NinetyDaysOrMore,
    };

    /// <summary>The severity as the digest lists it: the stored one (lower case) when known, else <c>unrated</c>.</summary>
    public static string SeverityOf(string? stored)
    {
        var value = stored?.Trim().ToLowerInvariant();
        return value is "major" or "minor" or "observation" ? value : "unrated";
    }

    /// <summary>Counts open nonconformities by severity and age; severities with none are left out.</summary>
    public static IReadOnlyList<NonconformityCounts> CountNonconformities(IEnumerable<(string? Severity, DateOnly RaisedOn)> open, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(open);
        var counts = Severities.ToDictionary(s => s, _ => new int[3], StringComparer.Ordinal);
        foreach (var (severity, raisedOn) in open)
        {
            counts[SeverityOf(severity)][(int)AgeOf(raisedOn, today)]++;
        }

        return Severities.Select(s => new NonconformityCounts(s, counts[s][0], counts[s][1], counts[s][2])).Where(c => c.Total > 0).ToList();
    }

    /// <summary>The last <paramref name="weeks"/> weeks of a trend ending with <paramref name="current"/>, oldest first, one row per week.</summary>
    public static IReadOnlyList<DigestWeek> Trend(IEnumerable<DigestWeek> stored, DigestWeek current, int weeks = 12)
    {
        ArgumentNullException.ThrowIfNull(stored);
        ArgumentNullException.ThrowIfNull(current);
        var first = current.WeekStarting.AddDays(-7 * (weeks - 1));
        return stored.Where(w => w.WeekStarting >= first && w.WeekStarting < current.WeekStarting)
            .GroupBy(w => w.WeekStarting).Select(g => g.Last())
            .Append(current)
            .OrderBy(w => w.WeekStarting)
            .ToList();
    }
}
