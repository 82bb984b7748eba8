using AimsBot.Domain.Access;
using AimsBot.Hosting;

namespace AimsBot.Access;

/// <summary>
/// Who holds which AIMS role: Entra object ids of users or groups, each bound to its tenant. Bound from
/// <c>Roles</c>; each key takes an array (<c>Roles__Auditors__0=...</c>) or a comma-separated list
/// (<c>Roles__Auditors=id1,id2</c>). An entry is <c>&lt;tenant id&gt;/&lt;object id&gt;</c>; a bare object id is
/// bound to <see cref="DefaultTenantId"/>, the deployment's single tenant.
/// </summary>
public sealed class RoleOptions
{
    public const string SectionName = "Roles";

    public IReadOnlyList<string> ComplianceLeads { get; set; } = [];
    public IReadOnlyList<string> Auditors { get; set; } = [];
    public IReadOnlyList<string> RiskApprovers { get; set; } = [];
    public IReadOnlyList<string> Admins { get; set; } = [];

    /// <summary>Top management: approves treatment plans whose residual risk is above the acceptance threshold.</summary>
    public IReadOnlyList<string> TopManagement { get; set; } = [];

    /// <summary>
    /// The tenant a bare object id belongs to: <c>Bot:TenantId</c>, else the only entry of <c>Bot:AllowedTenants</c>,
    /// else (local anonymous mode) the local tenant. Null when that is ambiguous: then every entry must name its tenant.
    /// </summary>
    public string? DefaultTenantId { get; set; }

    /// <summary>The configured entries of one role, by the name of their setting.</summary>
    public IReadOnlyList<string> EntriesOf(Role role) => role switch
    {
        Role.ComplianceLead => ComplianceLeads,
        Role.Auditor => Auditors,
        Role.RiskApprover => RiskApprovers,
        Role.Admin => Admins,
        Role.TopManagement => TopManagement,
        _ => [],
    };

    /// <summary>The setting a role is configured in (for messages): <c>Roles:Auditors</c>.</summary>
    public static string SettingOf(Role role) => SectionName + ":" + role switch
    {
        Role.ComplianceLead => nameof(ComplianceLeads),
        Role.Auditor => nameof(Auditors),
        Role.RiskApprover => nameof(RiskApprovers),
        Role.Admin => nameof(Admins),
        Role.TopManagement => nameof(TopManagement),
        _ => role.ToString(),
    };

    /// <summary>The holders of one role, each with its tenant. Entries that do not read are left out (start-up refuses them).</summary>
    public IReadOnlyList<RoleHolder> HoldersOf(Role role) =>
        EntriesOf(role).Select(e => RoleHolder.Parse(e, DefaultTenantId)).OfType<RoleHolder>().ToList();

    public static RoleOptions From(IConfiguration configuration, string? defaultTenantId)
    {
        var section = configuration.GetSection(SectionName);
        return new RoleOptions
        {
            ComplianceLeads = ReadIds(section.GetSection(nameof(ComplianceLeads))),
            Auditors = ReadIds(section.GetSection(nameof(Auditors))),
            RiskApprovers = ReadIds(section.GetSection(nameof(RiskApprovers))),
            Admins = ReadIds(section.GetSection(nameof(Admins))),
            TopManagement = ReadIds(section.GetSection(nameof(TopManagement))),
            DefaultTenantId = defaultTenantId,
        };
    }

    /// <summary>
    /// The deployment's single tenant, which a bare role entry is bound to: <c>Bot:TenantId</c>, else the only entry of
    /// <c>Bot:AllowedTenants</c>, else in local anonymous mode <paramref name="localTenantId"/>; null when ambiguous.
    /// </summary>
    public static string? DefaultTenantFor(BotOptions bot, bool localAnonymous, string localTenantId)
    {
        ArgumentNullException.ThrowIfNull(bot);
        if (!string.IsNullOrWhiteSpace(bot.TenantId))
        {
            return bot.TenantId.Trim();
        }

        var allowed = bot.AllowedTenants.Where(t => !string.IsNullOrWhiteSpace(t)).Select(t => t.Trim()).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        return allowed.Count switch
        {
            1 => allowed[0],
            0 when localAnonymous => localTenantId,
            _ => null,
        };
    }

    private static string[] ReadIds(IConfigurationSection section)
    {
        var values = section.Value is { Length: > 0 } single
            ? single.Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : section.GetChildren().Select(c => c.Value).OfType<string>();
        return values.Select(v => v.Trim()).Where(v => v.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
    }
}

/// <summary>One configured role holder: an Entra user or group object id in its tenant.</summary>
public sealed record RoleHolder(string TenantId, string ObjectId)
{
    public const char Separator = '/';

    /// <summary>
    /// Reads <c>&lt;tenant id&gt;/&lt;object id&gt;</c>, or a bare object id bound to <paramref name="defaultTenantId"/>.
    /// Null when the entry is malformed, or bare with no tenant to bind it to.
    /// </summary>
    public static RoleHolder? Parse(string? entry, string? defaultTenantId)
    {
        var text = entry?.Trim() ?? "";
        var parts = text.Split(Separator);
        return parts switch
        {
            [var id] when id.Length > 0 && !string.IsNullOrWhiteSpace(defaultTenantId) => new RoleHolder(defaultTenantId.Trim(), id),
            [var tenant, var id] when tenant.Trim().Length > 0 && id.Trim().Length > 0 => new RoleHolder(tenant.Trim(), id.Trim()),
            _ => null,
        };
    }

    /// <summary>Whether this holder belongs to <paramref name="tenantId"/> (ids compare case-insensitively: GUIDs arrive in either case).</summary>
    public bool IsIn(string? tenantId) => string.Equals(TenantId, tenantId?.Trim(), StringComparison.OrdinalIgnoreCase);

    public bool Is(string? objectId) => string.Equals(ObjectId, objectId?.Trim(), StringComparison.OrdinalIgnoreCase);
}
