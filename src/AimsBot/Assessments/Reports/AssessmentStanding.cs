using AimsBot.Domain.Assessments;

namespace AimsBot.Assessments.Reports;

/// <summary>
/// Where an AI system's impact assessment stands, as <c>assessments</c> lists it: the latest version's status, and for
/// an approved one whether its reassessment is coming up or late.
/// </summary>
public enum AssessmentStanding
{
    /// <summary>No assessment was ever started.</summary>
    None,
    Draft,
    Submitted,
    Returned,

    /// <summary>Approved, and the next reassessment is more than the warning days away (or not scheduled).</summary>
    Approved,

    /// <summary>Approved, and the next reassessment falls due within <c>Assessments:DueWarningDays</c> (today included).</summary>
    Due,

    /// <summary>Approved, and the date the next reassessment was due has passed.</summary>
    Overdue,
}

public static class AssessmentStandings
{
    /// <summary>
    /// The standing of a system whose latest assessment has <paramref name="status"/> (null: none) and, once approved,
    /// <paramref name="nextDue"/>, on <paramref name="today"/> (the organisation's date).
    /// </summary>
    public static AssessmentStanding Of(AssessmentStatus? status, DateOnly? nextDue, DateOnly today, int dueWarningDays) => status switch
    {
        null => AssessmentStanding.None,
        AssessmentStatus.Draft => AssessmentStanding.Draft,
        AssessmentStatus.Submitted => AssessmentStanding.Submitted,
        AssessmentStatus.Returned => AssessmentStanding.Returned,
        _ => nextDue switch
        {
            null => AssessmentStanding.Approved,
            { } due when due < today => AssessmentStanding.Overdue,
            { } due when due.DayNumber - today.DayNumber <= dueWarningDays => AssessmentStanding.Due,
            _ => AssessmentStanding.Approved,
        },
    };

    /// <summary>The word people read.</summary>
    public static string Words(this AssessmentStanding standing) => standing switch
    {
        AssessmentStanding.None => "none",
        AssessmentStanding.Draft => "draft",
        AssessmentStanding.Submitted => "submitted",
        AssessmentStanding.Returned => "returned",
        AssessmentStanding.Approved => "approved",
        AssessmentStanding.Due => "due",
        AssessmentStanding.Overdue => "overdue",
        _ => throw new ArgumentOutOfRangeException(nameof(standing), standing, "Unknown standing."),
    };

    /// <summary>How an assessment's own status reads.</summary>
    public static string Words(this AssessmentStatus status) => status switch
    {
        AssessmentStatus.Draft => "draft",
        AssessmentStatus.Submitted => "submitted, waiting for approval",
        AssessmentStatus.Returned => "returned for changes",
        AssessmentStatus.Approved => "approved",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Unknown status."),
    };
}
