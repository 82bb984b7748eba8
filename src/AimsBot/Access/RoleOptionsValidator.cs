using AimsBot.Domain.Access;
using Microsoft.Extensions.Options;

namespace AimsBot.Access;

/// <summary>
/// Refuses to start when a role entry cannot be bound to a tenant: malformed, or a bare object id in a deployment that
/// serves several tenants (a role granted "in whichever tenant" would hold in all of them). Runs at start-up.
/// </summary>
internal sealed class RoleOptionsValidator : IValidateOptions<RoleOptions>
{
    private static readonly Role[] Roles = [Role.ComplianceLead, Role.Auditor, Role.RiskApprover, Role.Admin, Role.TopManagement];

    public ValidateOptionsResult Validate(string? name, RoleOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<string>();
        foreach (var role in Roles)
        {
            var setting = RoleOptions.SettingOf(role);
            var variable = setting.Replace(":", "__", StringComparison.Ordinal);
            foreach (var entry in options.EntriesOf(role))
            {
                if (RoleHolder.Parse(entry, options.DefaultTenantId) is not null)
                {
                    continue;
                }

                problems.Add(!entry.Contains(RoleHolder.Separator, StringComparison.Ordinal) && options.DefaultTenantId is null
                    ? $"{setting} lists '{entry}' without its tenant, and this bot serves more than one tenant (Bot:TenantId is not set and Bot:AllowedTenants does not name exactly one), so I cannot tell where the role holds: qualify each id as <tenant id>/<object id> ({variable}__0=<tenant id>/{entry})."
                    : $"{setting} entry '{entry}' is not an object id or <tenant id>/<object id>: write it as {variable}__0=<tenant id>/<object id>.");
            }
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
