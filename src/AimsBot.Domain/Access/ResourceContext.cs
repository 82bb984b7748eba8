namespace AimsBot.Domain.Access;

/// <summary>
/// What the permission check needs to know about the thing acted on: its owner (the control owner, or the
/// AI system owner for risk work) and who started the piece of work being decided (the proposer of a risk
/// treatment, the person who raised a nonconformity), and for a control instance of an AI system the
/// system's owner.
/// </summary>
public sealed record ResourceContext(string? OwnerUserId = null, string? InitiatedByUserId = null, string? SystemOwnerUserId = null)
{
    public static ResourceContext None { get; } = new();

    public static ResourceContext OwnedBy(string? ownerUserId) => new(OwnerUserId: ownerUserId);

    /// <summary>A control instance: its owner, and the owner of the AI system it was asked about (null: the organisation).</summary>
    public static ResourceContext ControlInstance(string? ownerUserId, string? systemOwnerUserId) => new(OwnerUserId: ownerUserId, SystemOwnerUserId: systemOwnerUserId);

    public static ResourceContext InitiatedBy(string? userId) => new(InitiatedByUserId: userId);
}
