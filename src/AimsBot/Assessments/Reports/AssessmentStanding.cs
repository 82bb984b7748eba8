using AimsBot.Domain.Assessments;

namespace AimsBot.Assessments.Reports;

/// <summary>How <c>assessments</c> and <c>assessment</c> word a system's standing (the domain's <see cref="AssessmentDue"/>).</summary>
public static class AssessmentStandings
{
    /// <summary>The word people read: due soon (within the warning days) and due now (today, or a significant change) both read "due".</summary>
    public static string Words(this AssessmentStanding standing) => standing switch
    {
        AssessmentStanding.None => "none",
        AssessmentStanding.Draft => "draft",
        AssessmentStanding.Submitted => "submitted",
        AssessmentStanding.Returned => "returned",
        AssessmentStanding.Approved => "approved",
        AssessmentStanding.DueSoon or AssessmentStanding.Due => "due",
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
