namespace AimsBot.Domain.Access;

/// <summary>
/// Who is acting: a user id (Entra object id) and the roles they hold. Someone with no role is still an
/// actor: they may own controls or AI systems. User ids compare case-insensitively (GUIDs arrive in either case).
/// </summary>
public sealed record Actor(string UserId, IReadOnlySet<Role> Roles)
{
    public static Actor Create(string userId, params Role[] roles) => new(userId, new HashSet<Role>(roles));

    public bool Has(Role role) => Roles.Contains(role);

    /// <summary>
    /// True for an auditor who is not also a compliance lead: such an actor never writes, through any path — not even
    /// on a control they own, and not through another role (risk approver, admin) held beside Auditor. Audits stay
    /// impartial. A compliance lead who is also an auditor acts as a compliance lead (a deliberate choice for small teams).
    /// </summary>
    public bool IsReadOnlyAuditor => Roles.Contains(Role.Auditor) && !Roles.Contains(Role.ComplianceLead);

    public bool Is(string? userId) => SameUser(UserId, userId);

    public bool Equals(Actor? other) =>
        other is not null && SameUser(UserId, other.UserId) && Roles.SetEquals(other.Roles);

    public override int GetHashCode() => StringComparer.OrdinalIgnoreCase.GetHashCode(UserId ?? string.Empty);

    internal static bool SameUser(string? a, string? b) =>
        !string.IsNullOrWhiteSpace(a) && !string.IsNullOrWhiteSpace(b) &&
        string.Equals(a.Trim(), b.Trim(), StringComparison.OrdinalIgnoreCase);
}
