using AimsBot.Risks.Approval;
using AimsBot.Storage;
using AimsBot.Storage.Risks;
using AimsBot.Workflows;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace AimsBot.Risks;

public static class RisksServiceCollectionExtensions
{
    /// <summary>
    /// The risk register and treatment approvals (ISO/IEC 42001 6.1.2, 6.1.3, 8.2, 8.3): options, the Risks table
    /// (ProposedRisks is the impact assessments' table, declared by them), and what people can ask and press. Needs the register (<c>AddRegister</c>), the ledger
    /// (<c>AddLedger</c>) and the roles (<c>AddRoles</c>).
    /// </summary>
    public static IServiceCollection AddRisks(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(RiskOptions.SectionName);
        // Bound lazily and validated at start-up. The criteria's scales and matrix default to empty lists (the built-in
        // 5 × 5 is used then), so a configured list replaces the default instead of being appended to it.
        services.AddOptions<RiskOptions>().Bind(section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RiskOptions>, RiskOptionsValidator>());

        services.AddStorageTable(RiskRepository.TableName);
        services.TryAddSingleton<RiskRepository>();
        services.TryAddSingleton<ProposedRiskRepository>();

        var risks = services.AddWorkflow("risks")
            .Welcome("You keep the risk register here: `risks` lists them, `risk add` records one with its treatment plan, and plans go to their approver's chat.");

        // --- register (Register/, helper riskcore): risk criteria, risk add, risks, risk R-12, risk edit, the risk card ---

        // --- approval (Approval/, helper riskapproval): routing, the approval card, decisions ---
        services.AddRiskApproval(risks);

        // --- follow-up (FollowUp/, helper riskfollowup): action nudges, acceptance expiry, SoA and control, export risks ---
        _ = risks;
        return services;
    }
}
