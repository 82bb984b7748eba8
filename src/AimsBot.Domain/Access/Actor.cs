namespace AimsBot.Domain.Access;

/// <summary>
/// Who is acting: a user id (Entra object id) and the roles they hold. Someone with no role is still an
/// actor: they may own controls or AI systems. User ids compare case-insensitively (GUIDs arrive in either case).
/// </summary>
public sealed record Actor(string UserId, IReadOnlySet<Role> Roles)
{
    public static Actor Create(string userId, params Role[] roles) => new(userId, new HashSet<Role>(roles));

    public bool Has(Role role) => Roles.Contains(role);

    /// <summary>True when the actor's only role is Auditor: such an actor never writes.</summary>
    public bool IsAuditorOnly => Roles.Count == 1 && Roles.Contains(Role.Auditor);

    public bool Is(string? userId) => SameUser(UserId, userId);

    public bool Equals(Actor? other) =>
        other is not null && SameUser(UserId, other.UserId) && Roles.SetEquals(other.Roles);

    public override int GetHashCode() => StringComparer.OrdinalIgnoreCase.GetHashCode(UserId ?? string.Empty);

    internal static bool SameUser(string? a, string? b) =>
        !string.IsNullOrWhiteSpace(a) && !string.IsNullOrWhiteSpace(b) &&
        string.Equals(a.Trim(), b.Trim(), StringComparison.OrdinalIgnoreCase);
}
