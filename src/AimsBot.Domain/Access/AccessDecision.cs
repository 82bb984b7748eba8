namespace AimsBot.Domain.Access;

/// <summary>Allowed, or refused with a reason the person can act on.</summary>
public sealed record AccessDecision
{
    private AccessDecision(bool isAllowed, string? reason)
    {
        IsAllowed = isAllowed;
        Reason = reason;
    }

    public static AccessDecision Allowed { get; } = new(true, null);

    public bool IsAllowed { get; }

    /// <summary>Why the action was refused; null when allowed.</summary>
    public string? Reason { get; }

    public static AccessDecision Refused(string reason) => new(false, reason);

    /// <summary>The refusal as a <see cref="DomainError"/> (code <c>access.refused</c>), or null when allowed.</summary>
    public DomainError? ToError() => IsAllowed ? null : new DomainError("access.refused", Reason!);
}
