namespace AimsBot.Domain.Nonconformities;

/// <summary>
/// Where a nonconformity is in its life (ISO/IEC 42001 10.2): raised, then triaged into correction and containment,
/// root cause, corrective actions, their implementation and a review of their effectiveness; closed when effective.
/// Declined at triage ("not a nonconformity", with the reason). A not-effective review, or a lead reopening a closed
/// one, sends it back to <see cref="RootCause"/>.
/// </summary>
public enum NonconformityStage
{
    Raised,
    Correction,
    RootCause,
    Actions,
    Implementation,
    EffectivenessReview,
    Closed,
    Declined,
}

/// <summary>How serious a nonconformity is, set when raised and confirmed (or changed) at triage.</summary>
public enum NonconformitySeverity
{
    Major,
    Minor,
    Observation,
}

/// <summary>Where a nonconformity was found.</summary>
public enum NonconformitySource
{
    InternalAudit,
    ControlFailure,
    Incident,
    Complaint,
    ManagementReview,
    ExternalAudit,
}

/// <summary>What kind of cause the root-cause analysis found.</summary>
public enum CauseCategory
{
    People,
    Process,
    Technology,
    Data,
    Supplier,
    Other,
}

/// <summary>What the raise form sends (everything as typed, checked by <see cref="Nonconformity.Raise"/>).</summary>
/// <param name="SystemId">The AI system it is about (already looked up and canonical); null for the organisation.</param>
/// <param name="ControlIds">Annex A control ids as typed (<c>A.6.2.6</c>); unknown ones are refused by name.</param>
/// <param name="EvidenceLink">A link to what shows it (https), optional.</param>
public sealed record NonconformityDetails(
    string? Title,
    string? Description,
    NonconformitySource? Source,
    string? SystemId,
    IReadOnlyList<string> ControlIds,
    NonconformitySeverity? Severity,
    string? EvidenceLink);

/// <summary>What the triage form sends: the severity confirmed, the owner, and a due date for each step before implementation.</summary>
public sealed record NonconformityTriage(
    NonconformitySeverity? Severity,
    string? OwnerUserId,
    DateOnly? CorrectionDue,
    DateOnly? RootCauseDue,
    DateOnly? ActionsDue);

/// <summary>The correction and containment: what was done to control and correct it, and to deal with its consequences.</summary>
public sealed record NonconformityCorrection(string Correction, string Consequences, string By, DateTimeOffset At);

/// <summary>The root-cause analysis: what happened, why, the kind of cause, and similar nonconformities elsewhere (links or ids).</summary>
public sealed record NonconformityRootCause(
    string WhatHappened,
    string Why,
    CauseCategory Category,
    string SimilarElsewhere,
    IReadOnlyList<string> SimilarLinks,
    string By,
    DateTimeOffset At);

/// <summary>A corrective action: numbered from 1 in the nonconformity, with its owner and due date; done with evidence.</summary>
public sealed record CorrectiveAction(
    int Number,
    string Title,
    string OwnerUserId,
    DateOnly Due,
    DateTimeOffset? DoneAt = null,
    string? DoneBy = null,
    string? Evidence = null)
{
    public bool IsDone => DoneAt is not null;
}

/// <summary>A corrective action as the form sends it (number null for a new one).</summary>
public sealed record CorrectiveActionDraft(int? Number, string? Title, string? OwnerUserId, DateOnly? Due);

/// <summary>The owner's statement that the actions are implemented, with the evidence that shows it.</summary>
public sealed record NonconformityImplementation(string Evidence, string By, DateTimeOffset At);

/// <summary>An effectiveness review: effective (closes it) or not (back to root cause), with the reviewer's comment.</summary>
public sealed record EffectivenessReviewOutcome(bool Effective, string Comment, string ReviewerUserId, DateTimeOffset At);

/// <summary>A lead reopening a closed nonconformity, and why.</summary>
public sealed record NonconformityReopening(string Reason, string By, DateTimeOffset At);

/// <summary>
/// One pass through root cause → actions → implementation → review. The first cycle starts at triage; a not-effective
/// review or a reopening starts the next one (the earlier cycles stay, for the record).
/// </summary>
public sealed record NonconformityCycle(
    int Number,
    NonconformityRootCause? RootCause,
    IReadOnlyList<CorrectiveAction> Actions,
    NonconformityImplementation? Implementation,
    EffectivenessReviewOutcome? Review,
    NonconformityReopening? ReopenedBecause)
{
    public static NonconformityCycle Start(int number, NonconformityReopening? reopened = null) => new(number, null, [], null, null, reopened);
}

/// <summary>
/// The due dates of the steps before implementation, set at triage (root cause again when a cycle restarts).
/// Implementation is due on the last action's due date; the review on <see cref="NonconformityState.ReviewDueOn"/>.
/// </summary>
public sealed record NonconformityDueDates(DateOnly? Correction, DateOnly? RootCause, DateOnly? Actions)
{
    public static NonconformityDueDates None { get; } = new(null, null, null);
}

/// <summary>The step records, kept as one JSON value by storage.</summary>
public sealed record NonconformitySteps(
    NonconformityCorrection? Correction,
    IReadOnlyList<NonconformityCycle> Cycles,
    string? DeclinedReason,
    NonconformityDueDates Due)
{
    public static NonconformitySteps Empty { get; } = new(null, [NonconformityCycle.Start(1)], null, NonconformityDueDates.None);

    public NonconformityCycle Current => Cycles[^1];
}

/// <summary>Everything a nonconformity holds, as stored.</summary>
public sealed record NonconformityState(
    int Number,
    string Title,
    string Description,
    NonconformitySource Source,
    string? SystemId,
    IReadOnlyList<string> ControlIds,
    NonconformitySeverity Severity,
    string? EvidenceLink,
    NonconformityStage Stage,
    string RaisedBy,
    DateTimeOffset RaisedAt,
    string? OwnerUserId,
    string? TriagedBy,
    DateTimeOffset? TriagedAt,
    DateOnly? ReviewDueOn,
    DateTimeOffset? ClosedAt,
    int Revision,
    NonconformitySteps Steps);

/// <summary>Names as stored and typed (lower-case, hyphenated), and words for people.</summary>
public static class NonconformityNames
{
    public static string Name(this NonconformityStage stage) => stage switch
    {
        NonconformityStage.Raised => "raised",
        NonconformityStage.Correction => "correction",
        NonconformityStage.RootCause => "root-cause",
        NonconformityStage.Actions => "actions",
        NonconformityStage.Implementation => "implementation",
        NonconformityStage.EffectivenessReview => "effectiveness-review",
        NonconformityStage.Closed => "closed",
        NonconformityStage.Declined => "declined",
        _ => throw new ArgumentOutOfRangeException(nameof(stage), stage, null),
    };

    /// <summary>The step in words: "Correction and containment", "Root cause", ….</summary>
    public static string Words(this NonconformityStage stage) => stage switch
    {
        NonconformityStage.Raised => "Waiting for triage",
        NonconformityStage.Correction => "Correction and containment",
        NonconformityStage.RootCause => "Root cause",
        NonconformityStage.Actions => "Corrective actions",
        NonconformityStage.Implementation => "Implementation",
        NonconformityStage.EffectivenessReview => "Effectiveness review",
        NonconformityStage.Closed => "Closed",
        NonconformityStage.Declined => "Declined (not a nonconformity)",
        _ => throw new ArgumentOutOfRangeException(nameof(stage), stage, null),
    };

    public static bool IsOpen(this NonconformityStage stage) => stage is not (NonconformityStage.Closed or NonconformityStage.Declined);

    public static string Name(this NonconformitySeverity severity) => severity switch
    {
        NonconformitySeverity.Major => "major",
        NonconformitySeverity.Minor => "minor",
        NonconformitySeverity.Observation => "observation",
        _ => throw new ArgumentOutOfRangeException(nameof(severity), severity, null),
    };

    public static string Name(this NonconformitySource source) => source switch
    {
        NonconformitySource.InternalAudit => "internal-audit",
        NonconformitySource.ControlFailure => "control-failure",
        NonconformitySource.Incident => "incident",
        NonconformitySource.Complaint => "complaint",
        NonconformitySource.ManagementReview => "management-review",
        NonconformitySource.ExternalAudit => "external-audit",
        _ => throw new ArgumentOutOfRangeException(nameof(source), source, null),
    };

    public static string Words(this NonconformitySource source) => source switch
    {
        NonconformitySource.InternalAudit => "Internal audit",
        NonconformitySource.ControlFailure => "Control failure",
        NonconformitySource.Incident => "Incident",
        NonconformitySource.Complaint => "Complaint",
        NonconformitySource.ManagementReview => "Management review",
        NonconformitySource.ExternalAudit => "External audit",
        _ => throw new ArgumentOutOfRangeException(nameof(source), source, null),
    };

    public static string Name(this CauseCategory category) => category switch
    {
        CauseCategory.People => "people",
        CauseCategory.Process => "process",
        CauseCategory.Technology => "technology",
        CauseCategory.Data => "data",
        CauseCategory.Supplier => "supplier",
        CauseCategory.Other => "other",
        _ => throw new ArgumentOutOfRangeException(nameof(category), category, null),
    };

    public static bool TryParseStage(string? text, out NonconformityStage value) => TryParse(text, Name, out value);

    public static bool TryParseSeverity(string? text, out NonconformitySeverity value) => TryParse(text, Name, out value);

    public static bool TryParseSource(string? text, out NonconformitySource value) => TryParse(text, Name, out value);

    public static bool TryParseCause(string? text, out CauseCategory value) => TryParse(text, Name, out value);

    private static bool TryParse<T>(string? text, Func<T, string> name, out T value)
        where T : struct, Enum
    {
        var wanted = (text ?? string.Empty).Trim().Replace(' ', '-').Replace('_', '-');
        foreach (var candidate in Enum.GetValues<T>())
        {
            if (string.Equals(name(candidate), wanted, StringComparison.OrdinalIgnoreCase))
            {
                value = candidate;
                return true;
            }
        }

        value = default;
        return false;
    }
}
