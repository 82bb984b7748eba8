namespace AimsBot.Domain.Access;

/// <summary>
/// Who an owner id names. Owners (of controls and AI systems) are Entra object ids. An owner named by a UPN the
/// bot cannot resolve yet is kept as the lower-case UPN, "pending": it contains <c>@</c>, which object ids and
/// Teams ids never do. An actor is their object id, so a pending owner matches no actor (<see cref="Actor.Is"/>):
/// nobody acts as that owner until the person is known by their object id.
/// </summary>
public static class OwnerIds
{
    /// <summary>What is shown for a control or system that has no owner.</summary>
    public const string Nobody = "nobody yet";

    public static bool IsPending(string? ownerUserId) => ownerUserId?.Contains('@', StringComparison.Ordinal) == true;

    /// <summary>The owner id kept for a person known only by their UPN: the UPN, trimmed and in lower case.</summary>
    public static string Pending(string userPrincipalName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userPrincipalName);
        if (!userPrincipalName.Contains('@', StringComparison.Ordinal))
        {
            throw new ArgumentException("A pending owner is a UPN (name@domain).", nameof(userPrincipalName));
        }

        return userPrincipalName.Trim().ToLowerInvariant();
    }

    /// <summary>What to show for an owner: the name when known, else the UPN marked pending, else the id.</summary>
    public static string Display(string? ownerUserId, string? ownerName)
    {
        if (string.IsNullOrWhiteSpace(ownerUserId))
        {
            return Nobody;
        }

        if (IsPending(ownerUserId))
        {
            return $"{ownerUserId} (pending: not known to the bot yet)";
        }

        return string.IsNullOrWhiteSpace(ownerName) ? ownerUserId : ownerName;
    }
}
