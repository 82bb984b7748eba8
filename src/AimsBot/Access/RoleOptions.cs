namespace AimsBot.Access;

/// <summary>
/// Who holds which AIMS role: Entra object ids of users or groups. Bound from <c>Roles</c>; each key takes
/// an array (<c>Roles__Auditors__0=...</c>) or a comma-separated list (<c>Roles__Auditors=id1,id2</c>).
/// </summary>
public sealed class RoleOptions
{
    public const string SectionName = "Roles";

    public IReadOnlyList<string> ComplianceLeads { get; set; } = [];
    public IReadOnlyList<string> Auditors { get; set; } = [];
    public IReadOnlyList<string> RiskApprovers { get; set; } = [];
    public IReadOnlyList<string> Admins { get; set; } = [];

    public static RoleOptions From(IConfiguration configuration)
    {
        var section = configuration.GetSection(SectionName);
        return new RoleOptions
        {
            ComplianceLeads = ReadIds(section.GetSection(nameof(ComplianceLeads))),
            Auditors = ReadIds(section.GetSection(nameof(Auditors))),
            RiskApprovers = ReadIds(section.GetSection(nameof(RiskApprovers))),
            Admins = ReadIds(section.GetSection(nameof(Admins))),
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
