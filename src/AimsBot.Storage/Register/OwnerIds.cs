namespace AimsBot.Storage.Register;

/// <summary>
/// Owners are stored by Entra object id. An owner named by a UPN the bot cannot resolve yet is stored as the
/// lower-case UPN ("pending"): it contains <c>@</c>, which object ids and Teams ids never do.
/// </summary>
public static class OwnerIds
{
    public static bool IsPending(string? ownerUserId) => ownerUserId?.Contains('@', StringComparison.Ordinal) == true;

    /// <summary>What to show for an owner: the name when known, else the UPN marked pending, else the id.</summary>
    public static string Display(string? ownerUserId, string? ownerName)
    {
        if (string.IsNullOrWhiteSpace(ownerUserId))
        {
            return "nobody yet";
        }

        if (IsPending(ownerUserId))
        {
            return $"{ownerUserId} (pending: not known to the bot yet)";
        }

        return string.IsNullOrWhiteSpace(ownerName) ? ownerUserId : ownerName;
    }
}
