using AimsBot.Storage;
using AimsBot.Storage.Nonconformities;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace AimsBot.Nonconformities;

public static class NonconformitiesServiceCollectionExtensions
{
    /// <summary>
    /// Nonconformities and corrective actions (ISO/IEC 42001 10.2): options, the service, and what people can ask and
    /// press. The Nonconformities table is declared by the audit queries (<c>AddAudit</c>), which list it. Needs the
    /// register (<c>AddRegister</c>), the ledger (<c>AddLedger</c>) and the roles (<c>AddRoles</c>).
    /// </summary>
    public static IServiceCollection AddNonconformities(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<NonconformityOptions>().Bind(configuration.GetSection(NonconformityOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<NonconformityOptions>, NonconformityOptionsValidator>());
        services.TryAddSingleton<NonconformityRepository>();
        services.TryAddSingleton<NonconformityService>();
        return services;
    }
}
