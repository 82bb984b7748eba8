namespace AimsBot.Graph;

/// <summary>
/// An owner's manager for an approval route (impact assessments, risk treatment plans): found by the directory, or null
/// with a sentence for the submitter when Graph could not say, since the card then goes to the risk approvers only.
/// </summary>
public static class OwnersManager
{
    /// <param name="whose">Whose manager, as the sentence names them: "system owner's", "risk owner's".</param>
    public static async Task<(DirectoryUser? Manager, string? Note)> LookUpAsync(this IDirectory directory, string ownerUserId, string whose, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(directory);
        try
        {
            return (await directory.GetManagerAsync(ownerUserId, cancellationToken), null);
        }
        catch (DirectoryException ex)
        {
            return (null, ex.Failure == DirectoryFailure.NotConfigured
                ? $"The {whose} manager could not be looked up (Microsoft Graph is off), so it went to the risk approvers only."
                : $"The {whose} manager could not be looked up in Microsoft 365 ({ex.Message}), so it went to the risk approvers only.");
        }
    }
}
