using System.Globalization;
using AimsBot.Domain.Access;
using AimsBot.Domain.Register;

namespace AimsBot.Domain.Assessments;

/// <summary>
/// A significant change to an AI system that its impact assessment has to answer (ISO/IEC 42001 8.4: assessments are
/// repeated when systems change significantly), said with <c>system change &lt;name&gt; because &lt;reason&gt;</c> by
/// the system's owner or a compliance lead. It stands until an assessment version is started or submitted after it
/// (<see cref="IsAnsweredBy"/>): nobody has to clear it.
/// </summary>
public sealed record SignificantChange(string SystemId, string Reason, string RaisedBy, DateTimeOffset RaisedAt)
{
    public const int ReasonMin = 10;
    public const int ReasonMax = 1000;

    /// <summary>Records a change to <paramref name="system"/> (its owner or a compliance lead; not a retired system), with a reason of 10–1000 characters.</summary>
    public static Result<SignificantChange> Raise(AiSystem system, Actor actor, string? reason, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentNullException.ThrowIfNull(clock);
        if (Permissions.Can(actor, DomainAction.AssessImpact, ResourceContext.OwnedBy(system.OwnerUserId)).ToError() is { } refused)
        {
            return Result.Failure<SignificantChange>(refused);
        }

        if (system.Status == SystemStatus.Retired)
        {
            return Result.Failure<SignificantChange>(new DomainError("change.system-retired", $"'{system.Name}' is retired, so it needs no new impact assessment."));
        }

        var text = TextRules.Clean(reason);
        var errors = new List<DomainError>();
        TextRules.Check(errors, text, "reason", "The reason for the change", ReasonMin, ReasonMax, allowLineBreaks: false, "change.reason");
        return Result.FromValidation(errors, () => new SignificantChange(system.Id, text, actor.UserId.Trim(), clock.GetUtcNow()));
    }

    /// <summary>
    /// Whether <paramref name="latest"/> (the system's latest assessment version) answers this change: it was started,
    /// or last submitted, at or after the change, so its assessor could take the change into account.
    /// </summary>
    public bool IsAnsweredBy(ImpactAssessmentState? latest) =>
        latest is not null && (latest.StartedAt >= RaisedAt || latest.SubmittedAt >= RaisedAt);
}

/// <summary>Where a system's impact assessment stands, as <c>assessments</c> and the due scan read it.</summary>
public enum AssessmentStanding
{
    /// <summary>No assessment was ever started.</summary>
    None,

    Draft,

    Submitted,

    Returned,

    /// <summary>Approved, the next one not due within the warning window.</summary>
    Approved,

    /// <summary>Approved, the next one due within the warning window (<c>Assessments:DueWarningDays</c>).</summary>
    DueSoon,

    /// <summary>Approved, and the next one due today, or now because of a significant change.</summary>
    Due,

    /// <summary>Approved, and the next one's due date passed.</summary>
    Overdue,
}

/// <summary>A system's standing, the date its next assessment is (or was) due, and the change that made it due now, if one did.</summary>
public sealed record AssessmentDue(AssessmentStanding Standing, DateOnly? DueOn, SignificantChange? Change)
{
    /// <summary>Days from today to <see cref="DueOn"/> (negative when overdue); null when nothing is scheduled.</summary>
    public int? DaysLeft { get; init; }

    /// <summary>
    /// Where a system stands, given its latest assessment version (list columns suffice: status, started, submitted,
    /// next due), its latest significant change, and today in the organisation's zone:
    /// <list type="bullet">
    /// <item>never assessed: <see cref="AssessmentStanding.None"/>; being answered or approved: its status;</item>
    /// <item>approved, with a change it does not answer: <see cref="AssessmentStanding.Due"/> from the change's day;</item>
    /// <item>approved: by its next reassessment date — <see cref="AssessmentStanding.Overdue"/> after it,
    /// <see cref="AssessmentStanding.Due"/> on it, <see cref="AssessmentStanding.DueSoon"/> up to
    /// <paramref name="warningDays"/> before it.</item>
    /// </list>
    /// </summary>
    public static AssessmentDue Of(ImpactAssessmentState? latest, SignificantChange? change, DateOnly today, int warningDays, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var open = change is not null && !change.IsAnsweredBy(latest) ? change : null;
        if (latest is null)
        {
            return new AssessmentDue(AssessmentStanding.None, null, open);
        }

        if (latest.Status != AssessmentStatus.Approved)
        {
            var standing = latest.Status switch
            {
                AssessmentStatus.Submitted => AssessmentStanding.Submitted,
                AssessmentStatus.Returned => AssessmentStanding.Returned,
                _ => AssessmentStanding.Draft,
            };
            return new AssessmentDue(standing, null, open);
        }

        if (open is not null)
        {
            var changedOn = Scheduling.DueDateCalculator.LocalDate(open.RaisedAt, zone);
            return new AssessmentDue(AssessmentStanding.Due, changedOn, open) { DaysLeft = changedOn.DayNumber - today.DayNumber };
        }

        if (latest.NextReassessmentDue is not { } due)
        {
            return new AssessmentDue(AssessmentStanding.Approved, null, null);
        }

        var left = due.DayNumber - today.DayNumber;
        var dueStanding = left switch
        {
            < 0 => AssessmentStanding.Overdue,
            0 => AssessmentStanding.Due,
            _ when left <= warningDays => AssessmentStanding.DueSoon,
            _ => AssessmentStanding.Approved,
        };
        return new AssessmentDue(dueStanding, due, null) { DaysLeft = left };
    }

    /// <summary>"due on 2027-02-28 (in 12 days)", "due today", "overdue since 2027-02-28 (3 days)", "due now: changed on …".</summary>
    public string Describe() => Standing switch
    {
        AssessmentStanding.Due when Change is not null => string.Create(CultureInfo.InvariantCulture, $"due now: the system changed on {DueOn:yyyy-MM-dd}"),
        AssessmentStanding.Due => "due today",
        AssessmentStanding.Overdue => string.Create(CultureInfo.InvariantCulture, $"overdue: it was due on {DueOn:yyyy-MM-dd} ({-DaysLeft} day{(DaysLeft == -1 ? "" : "s")} ago)"),
        AssessmentStanding.DueSoon => string.Create(CultureInfo.InvariantCulture, $"due on {DueOn:yyyy-MM-dd} (in {DaysLeft} day{(DaysLeft == 1 ? "" : "s")})"),
        AssessmentStanding.Approved when DueOn is not null => string.Create(CultureInfo.InvariantCulture, $"approved; next due on {DueOn:yyyy-MM-dd}"),
        AssessmentStanding.Approved => "approved",
        AssessmentStanding.Submitted => "submitted, waiting for approval",
        AssessmentStanding.Returned => "returned for changes",
        AssessmentStanding.Draft => "a draft",
        _ => "not assessed yet",
    };
}
