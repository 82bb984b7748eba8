namespace AimsBot.Domain.Access;

/// <summary>
/// What the permission check needs to know about the thing acted on: its owner (the control owner, or the
/// AI system owner for risk work) and who started the piece of work being decided (the proposer of a risk
/// treatment, the person who raised a nonconformity).
/// </summary>
public sealed record ResourceContext(string? OwnerUserId = null, string? InitiatedByUserId = null)
{
    public static ResourceContext None { get; } = new();

    public static ResourceContext OwnedBy(string? ownerUserId) => new(OwnerUserId: ownerUserId);

    public static ResourceContext InitiatedBy(string? userId) => new(InitiatedByUserId: userId);
}
