namespace AimsBot.Domain.Register;

public enum ApplicabilityStatus
{
    Applicable,
    Excluded,
}

/// <summary>
/// Whether a control is in the Statement of Applicability, why, and who decided when. Every control starts
/// applicable (<see cref="Default"/>: no decision recorded); excluding one needs a justification and a
/// compliance lead.
/// </summary>
public sealed record Applicability(ApplicabilityStatus Status, string? Justification, string? DecidedBy, DateTimeOffset? DecidedAt)
{
    public const int JustificationMin = 10;
    public const int JustificationMax = 1000;

    public static Applicability Default { get; } = new(ApplicabilityStatus.Applicable, null, null, null);

    public bool IsExcluded => Status == ApplicabilityStatus.Excluded;
}

/// <summary>How far a control is implemented.</summary>
public enum ImplementationStatus
{
    NotStarted,
    Planned,
    Partial,
    Implemented,
}
