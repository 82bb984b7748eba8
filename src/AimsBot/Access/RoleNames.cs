using AimsBot.Domain.Access;

namespace AimsBot.Access;

public static class RoleNames
{
    public static string Display(Role role) => role switch
    {
        Role.ComplianceLead => "compliance lead",
        Role.Auditor => "auditor",
        Role.RiskApprover => "risk approver",
        Role.Admin => "administrator",
        Role.TopManagement => "top management",
        _ => role.ToString(),
    };
}
