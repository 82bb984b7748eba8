using System.Globalization;
using AimsBot.Domain.Assessments;
using AimsBot.Domain.Catalogue;
using AimsBot.Domain.Scheduling;

namespace AimsBot.Domain.Risks;

/// <summary>
/// Where a risk stands. Draft → AwaitingApproval → Approved, or back to ChangesRequested / Rejected (both edited and
/// submitted again); any status → Closed. A change to an approved plan's option, controls, actions or residual rating
/// puts it back to AwaitingApproval.
/// </summary>
public enum RiskStatus
{
    /// <summary>Being identified, rated and planned; nobody has submitted the plan.</summary>
    Draft,

    /// <summary>The plan was submitted (or an approved plan changed) and waits for its approver.</summary>
    AwaitingApproval,

    /// <summary>The approver asked for changes (with a comment); edited and submitted again.</summary>
    ChangesRequested,

    /// <summary>The approver rejected the plan (with a reason); a different plan is proposed and submitted again.</summary>
    Rejected,

    /// <summary>The plan is approved and the residual risk accepted until <see cref="Risk.AcceptedUntil"/>.</summary>
    Approved,

    /// <summary>No longer a risk (with a reason); nothing changes any more.</summary>
    Closed,
}

/// <summary>Where a risk was identified.</summary>
public enum RiskSourceKind
{
    ImpactAssessment,
    Nonconformity,
    Audit,
    Manual,
}

/// <summary>How a risk is treated (ISO/IEC 42001 6.1.3).</summary>
public enum TreatmentOption
{
    /// <summary>Controls and actions make it less likely or less serious.</summary>
    Reduce,

    /// <summary>Stop the activity that gives rise to it.</summary>
    Avoid,

    /// <summary>Share it with another party (a supplier, an insurer).</summary>
    Share,

    /// <summary>Accept it as it is, knowingly.</summary>
    Accept,
}

public enum RiskDecisionKind
{
    Approved,
    Rejected,
    ChangesRequested,
}

/// <summary>The spellings of the risk enums in storage, commands and on cards.</summary>
public static class RiskNames
{
    public static string Name(this RiskStatus status) => status switch
    {
        RiskStatus.Draft => "draft",
        RiskStatus.AwaitingApproval => "awaiting-approval",
        RiskStatus.ChangesRequested => "changes-requested",
        RiskStatus.Rejected => "rejected",
        RiskStatus.Approved => "approved",
        RiskStatus.Closed => "closed",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Unknown risk status."),
    };

    public static string Name(this RiskSourceKind kind) => kind switch
    {
        RiskSourceKind.ImpactAssessment => "impact-assessment",
        RiskSourceKind.Nonconformity => "nonconformity",
        RiskSourceKind.Audit => "audit",
        RiskSourceKind.Manual => "manual",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown risk source."),
    };

    public static string Name(this TreatmentOption option) => option switch
    {
        TreatmentOption.Reduce => "reduce",
        TreatmentOption.Avoid => "avoid",
        TreatmentOption.Share => "share",
        TreatmentOption.Accept => "accept",
        _ => throw new ArgumentOutOfRangeException(nameof(option), option, "Unknown treatment option."),
    };

    /// <summary>"awaiting approval" for people.</summary>
    public static string Words(this RiskStatus status) => status.Name().Replace('-', ' ');

    public static bool TryParseStatus(string? text, out RiskStatus status) => TryParse(text, Name, out status);

    public static bool TryParseSource(string? text, out RiskSourceKind kind) => TryParse(text, Name, out kind);

    public static bool TryParseOption(string? text, out TreatmentOption option) => TryParse(text, Name, out option);

    private static bool TryParse<T>(string? text, Func<T, string> name, out T value)
        where T : struct, Enum
    {
        var cleaned = text?.Trim().Replace(' ', '-');
        foreach (var candidate in Enum.GetValues<T>())
        {
            if (string.Equals(name(candidate), cleaned, StringComparison.OrdinalIgnoreCase))
            {
                value = candidate;
                return true;
            }
        }

        value = default;
        return false;
    }
}

/// <summary>
/// Where a risk came from and what it points at: the proposed-risk key <c>{systemId}/v{version}/{item}</c> for an
/// impact assessment, the nonconformity's or audit's id; nothing for a risk added by hand.
/// </summary>
public sealed record RiskSource(RiskSourceKind Kind, string? Reference)
{
    public const int ReferenceMax = 200;

    public static RiskSource Manual { get; } = new(RiskSourceKind.Manual, null);

    /// <summary>Checks a source typed or sent by a card: a reference (1–200 characters, one line) is required except for a manual risk.</summary>
    public static Result<RiskSource> Create(RiskSourceKind kind, string? reference)
    {
        if (!Enum.IsDefined(kind))
        {
            throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown risk source.");
        }

        var text = TextRules.Clean(reference);
        var errors = new List<DomainError>();
        if (kind == RiskSourceKind.Manual)
        {
            TextRules.Check(errors, text, "source", "The source reference", 0, ReferenceMax, allowLineBreaks: false, "risk.source");
        }
        else if (text.Length == 0)
        {
            errors.Add(new DomainError("risk.source.required", $"Say which {Describe(kind)} the risk comes from (its id).", "source"));
        }
        else
        {
            TextRules.Check(errors, text, "source", "The source reference", 1, ReferenceMax, allowLineBreaks: false, "risk.source");
        }

        return Result.FromValidation(errors, () => new RiskSource(kind, text.Length == 0 ? null : text));
    }

    /// <summary>A risk taken up from an approved impact assessment's proposal.</summary>
    public static RiskSource FromProposal(ProposedRiskRef proposal)
    {
        ArgumentNullException.ThrowIfNull(proposal);
        return new RiskSource(RiskSourceKind.ImpactAssessment, ProposedRisk.KeyOf(proposal));
    }

    private static string Describe(RiskSourceKind kind) => kind switch
    {
        RiskSourceKind.ImpactAssessment => "impact assessment",
        RiskSourceKind.Nonconformity => "nonconformity",
        _ => "audit",
    };
}

/// <summary>
/// A risk an approved impact assessment proposed (the storage layer's <c>ProposedRisks</c> row): one harm with its
/// severity and likelihood on the questionnaire's scales (<paramref name="ScalePoints"/> points each, 5 in v1.0).
/// </summary>
public sealed record ProposedRisk(
    ProposedRiskRef Ref,
    string Title,
    string? Description,
    string? Area,
    string? AffectedParties,
    int Severity,
    int Likelihood,
    string Level,
    bool RaisedForSensitiveUse,
    string? ExistingMeasures,
    int ScalePoints = 5)
{
    /// <summary><c>{systemId}/v{version}/{item}</c>, the ledger's ProposedRisk id.</summary>
    public string Key => KeyOf(Ref);

    public static string KeyOf(ProposedRiskRef proposal)
    {
        ArgumentNullException.ThrowIfNull(proposal);
        return string.Create(CultureInfo.InvariantCulture, $"{proposal.SystemId}/v{proposal.Version}/{proposal.Item}");
    }
}

/// <summary>
/// A treatment action: what is to be done, by whom, by when. <see cref="Number"/> is the action's own number in its
/// risk (1, 2, …, never reused), so a card can name it after others are removed. Done is recorded once.
/// </summary>
public sealed record TreatmentAction(int Number, string Title, string OwnerUserId, DateOnly Due, DateTimeOffset? DoneAt = null, string? DoneBy = null)
{
    public bool IsDone => DoneAt is not null;

    /// <summary>Upcoming, due today or overdue in the owner's zone; not scheduled once done.</summary>
    public DueStatus Status(TimeProvider clock, TimeZoneInfo zone) => DueDateCalculator.Status(IsDone ? null : Due, clock, zone);

    /// <summary>Whether two versions of an action are the same plan (done or not does not change the plan).</summary>
    internal bool SamePlanAs(TreatmentAction other) =>
        Number == other.Number && string.Equals(Title, other.Title, StringComparison.Ordinal)
        && Access.Actor.SameUser(OwnerUserId, other.OwnerUserId) && Due == other.Due;
}

/// <summary>
/// What a plan card or form sends: an action without a number is new; with a number it replaces that action (title,
/// owner, due date); an existing action left out is removed.
/// </summary>
public sealed record TreatmentActionDraft(int? Number, string? Title, string? OwnerUserId, DateOnly? Due);

/// <summary>
/// A whole treatment plan as a form sends it: the option, the control ids as typed, the actions, and the target
/// residual likelihood and consequence (both or neither). Anything may still be missing while the risk is a draft;
/// <see cref="Risk.Missing"/> says what submission needs.
/// </summary>
public sealed record TreatmentPlanDraft(
    TreatmentOption? Option,
    IReadOnlyList<string> Controls,
    IReadOnlyList<TreatmentActionDraft> Actions,
    int? ResidualLikelihood,
    int? ResidualConsequence);

/// <summary>The treatment plan (ISO/IEC 42001 6.1.3): option, the Annex A controls that treat the risk, the actions, the target residual rating.</summary>
public sealed record TreatmentPlan(TreatmentOption? Option, IReadOnlyList<ControlId> Controls, IReadOnlyList<TreatmentAction> Actions, RiskRating? Residual)
{
    public static TreatmentPlan Empty { get; } = new(null, [], [], null);

    public TreatmentAction? Action(int number) => Actions.FirstOrDefault(a => a.Number == number);
}

/// <summary>A decision on one plan revision: who, when, the comment or reason, the route it took and who proposed the plan.</summary>
public sealed record RiskDecision(
    RiskDecisionKind Kind,
    string DecidedBy,
    DateTimeOffset DecidedAt,
    string? Comment,
    int PlanRevision,
    RiskApproverKind Route,
    RiskLevel ResidualLevel,
    IReadOnlyList<string> ProposedBy);

/// <summary>The descriptive fields a form edits; none of them needs a new approval.</summary>
public sealed record RiskDetails(string? Title, string? Description, string? OwnerUserId);

/// <summary>Every stored field of a risk, for persistence adapters. Control ids are canonical strings (<c>A.6.2.6</c>).</summary>
public sealed record RiskState(
    int Number,
    string? SystemId,
    string Title,
    string Description,
    RiskSourceKind SourceKind,
    string? SourceReference,
    string? OwnerUserId,
    RiskRating? Inherent,
    TreatmentOption? Option,
    IReadOnlyList<string> Controls,
    IReadOnlyList<TreatmentAction> Actions,
    RiskRating? Residual,
    RiskStatus Status,
    int Revision,
    int PlanRevision,
    int NextActionNumber,
    IReadOnlyList<string> ProposedBy,
    string? ReapprovalReason,
    IReadOnlyList<RiskDecision> Decisions,
    DateOnly? AcceptedUntil,
    string CreatedBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset? SubmittedAt,
    string? ClosedReason,
    DateTimeOffset? ClosedAt);
