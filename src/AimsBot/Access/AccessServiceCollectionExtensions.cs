using AimsBot.Hosting;
using AimsBot.Teams.Authentication;
using AimsBot.Teams.Hosting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace AimsBot.Access;

public static class AccessServiceCollectionExtensions
{
    /// <summary>
    /// Who holds which AIMS role (<c>Roles:*</c>, bound lazily and validated at start-up) and the lookups built on it.
    /// Roles hold in their own tenant: a bare id belongs to the deployment's single tenant, and start-up refuses bare ids
    /// when there is none to bind them to.
    /// </summary>
    public static IServiceCollection AddRoles(this IServiceCollection services)
    {
        services.AddOptions<RoleOptions>()
            .Configure<IConfiguration, IOptions<BotOptions>, IOptions<BotAuthenticationOptions>, IOptions<BotEndpointOptions>>((roles, configuration, bot, authentication, endpoint) =>
            {
                var localAnonymous = authentication.Value.IsAnonymousAllowed;
                var bound = RoleOptions.From(configuration, RoleOptions.DefaultTenantFor(bot.Value, localAnonymous, endpoint.Value.LocalTenantId));
                roles.ComplianceLeads = bound.ComplianceLeads;
                roles.Auditors = bound.Auditors;
                roles.RiskApprovers = bound.RiskApprovers;
                roles.Admins = bound.Admins;
                roles.TopManagement = bound.TopManagement;
                roles.DefaultTenantId = bound.DefaultTenantId;
            })
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RoleOptions>, RoleOptionsValidator>());
        services.TryAddSingleton<IGroupMembership, NoGroupMembership>();
        services.TryAddSingleton<RoleDirectory>();
        services.TryAddSingleton<ComplianceLeadContacts>();
        return services;
    }
}
