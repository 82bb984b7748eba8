namespace AimsBot.Teams.Hosting;

/// <summary>Limits and policy for <c>POST /api/messages</c>.</summary>
public sealed class BotEndpointOptions
{
    /// <summary>Bodies larger than this are refused with 413 before they are parsed.</summary>
    public int MaxBodyBytes { get; set; } = 256 * 1024;

    /// <summary>Tenants whose activities are accepted. Empty is allowed only in local anonymous mode.</summary>
    public ISet<string> AllowedTenants { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>The tenant recorded for local anonymous activities that carry none.</summary>
    public string LocalTenantId { get; set; } = "local";
}
