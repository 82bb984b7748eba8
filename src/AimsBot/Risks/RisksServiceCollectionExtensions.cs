using AimsBot.Domain.Access;
using AimsBot.Risks.Approval;
using AimsBot.Risks.FollowUp;
using AimsBot.Risks.Register;
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
            .Welcome("If you own a risk or an AI system, you keep its risks here: `risks` lists them, `risk add` records one with how it is treated, and `risk criteria` says how risks are rated.");

        // --- register (Register/, helper riskcore): risk criteria, risk add, risks, risk R-12, risk edit, the risk card ---
        services.TryAddSingleton<RiskService>();
        services.TryAddSingleton<RiskPeople>();
        services.TryAddSingleton<RiskRegister>();
        // The criteria are open to everyone identified in the tenant, like the register (they say how risks are rated).
        risks.Command<RiskCriteriaCommand>(RiskCriteriaCommand.Name, RiskCriteriaCommand.Name, "The risk criteria: the likelihood and consequence scales, the level matrix and the acceptance threshold.", DomainAction.ViewRegister);
        risks.Command<RisksCommand>(RisksCommand.Name, RisksCommand.Usage, "The risk register: id, title, system, level, status, owner and what is due next.", DomainAction.ViewRisks).PersonalChatOnly().AuditedQuery();
        risks.Command<RiskCommand>(RiskCommand.Name, RiskCommand.Usage, "One risk in full: its rating, treatment plan, actions, decisions and history.", DomainAction.ViewRisks).PersonalChatOnly().AuditedQuery();
        risks.Command<RiskAddCommand>(RiskAddCommand.Name, RiskAddCommand.Usage, "Record a risk with its rating and treatment plan (a form): of an AI system you own, or (compliance leads) of the organisation.", DomainAction.ManageRisks).PersonalChatOnly();
        risks.Command<RiskEditCommand>(RiskEditCommand.Name, RiskEditCommand.Usage, "Change a risk, its rating or its treatment plan (a form); a change to an approved plan goes back for approval.", DomainAction.ManageRisks).PersonalChatOnly();
        // Whose risk it is is decided on the stored risk (its owner, its system's owner, or a compliance lead).
        risks.Verb<RiskAddCommand>(RiskCards.AddVerb, DomainAction.ManageRisks).PersonalChatOnly();
        risks.Verb<RiskEditCommand>(RiskCards.EditVerb, DomainAction.ManageRisks).PersonalChatOnly();
        risks.Verb<RiskSaveAction>(RiskCards.SaveVerb, DomainAction.ManageRisks).PersonalChatOnly();
        risks.Verb<RiskSubmitAction>(RiskCards.SubmitVerb, DomainAction.ManageRisks).PersonalChatOnly();
        risks.Verb<RiskCloseAction>(RiskCards.CloseVerb, DomainAction.ManageRisks).PersonalChatOnly();
        risks.Verb<RiskAdoptAction>(RiskCards.AdoptVerb, DomainAction.ManageRisks).PersonalChatOnly();

        // --- approval (Approval/, helper riskapproval): routing, the approval card, decisions ---
        services.AddRiskApproval(risks);

        // --- follow-up (FollowUp/, helper riskfollowup): action nudges, acceptance expiry, SoA and control, export risks ---
        services.AddRiskFollowUp(risks);
        return services;
    }
}
