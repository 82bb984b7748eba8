using AimsBot.Domain.Access;
using AimsBot.Storage;
using AimsBot.Storage.Register;
using Microsoft.Extensions.DependencyInjection.Extensions;
using AimsBot.Workflows;
using Microsoft.Extensions.Options;

namespace AimsBot.Register;

public static class RegisterServiceCollectionExtensions
{
    /// <summary>
    /// The AIMS register: its tables (AiSystems, ControlInstances, Evidence), the chat commands
    /// (systems, system, system add, controls, control, owner, soa, soa exclude, evidence add) and their
    /// card actions. Changes are recorded through the <see cref="Ledger.LedgerRecorder"/> the ledger
    /// registers (<c>AddLedger</c>): the register cannot be resolved without it.
    /// </summary>
    public static IServiceCollection AddRegister(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RegisterOptions>().Bind(configuration.GetSection(RegisterOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RegisterOptions>, RegisterOptionsValidator>());

        services.AddStorageTable(AiSystemRepository.TableName);
        services.AddStorageTable(ControlInstanceRepository.TableName);
        services.AddStorageTable(EvidenceRepository.TableName);
        services.AddStorageTable(EvidenceRepository.IndexTableName);
        services.TryAddSingleton<AiSystemRepository>();
        services.TryAddSingleton<ControlInstanceRepository>();
        services.TryAddSingleton<EvidenceRepository>();
        services.TryAddSingleton<UserLookup>();
        services.TryAddSingleton<DeciderNames>();

        services.TryAddSingleton<RegisterQueries>();
        services.TryAddSingleton<RegisterService>();
        services.TryAddSingleton<OwnerResolver>();
        // Other workflows' part in adding or changing a system (ISystemChangeFollowUp; impact assessments register theirs).
        services.TryAddSingleton<SystemChangeFollowUps>();

        services.AddSingleton<AimsBot.Files.IExportSource, SoaExport>();

        // What people can ask, and what each needs (the router checks it before the handler runs):
        var register = services.AddWorkflow("register")
            .Welcome("As a compliance lead, you set up the register here: AI systems, control owners and the Statement of Applicability.", Role.ComplianceLead);
        register.Command<SystemsCommand>("systems", "systems", "The AI systems in the register.", DomainAction.ViewRegister).AuditedQuery();
        register.Command<SystemCommand>("system", "system <name>", "One AI system: its details, owner and SoA totals.", DomainAction.ViewRegister).AuditedQuery();
        register.Command<SystemAddCommand>("system add", "system add", "Add an AI system to the register (a form).", DomainAction.ManageRegister);
        register.Verb<SystemAddCommand>(SystemCards.AddVerb, DomainAction.ManageRegister);
        register.Command<ControlsCommand>("controls", "controls [system <name>]", "All 38 Annex A controls: applicability, status, owner, next due.", DomainAction.ViewRegister).AuditedQuery();
        register.Command<ControlCommand>("control", "control <id> [system <name>]", "One control: status, owner, cadence, SoA decision, last evidence, next due.", DomainAction.ViewRegister).AuditedQuery();
        register.Command<OwnerCommand>("owner", "owner <id> [system <name>] <@mention|upn>", "Name the owner of a control (for the organisation or one AI system).", DomainAction.ManageRegister);
        register.Command<SoaCommand>("soa", "soa [system <name>]", "The Statement of Applicability: each control included or excluded, implemented, owner, last evidence.", DomainAction.ViewRegister).AuditedQuery();
        register.Command<ImplementationCommand>("implementation", "implementation <id> [system <name>] not-started | planned | partial | implemented", "Record how far a control is implemented (its owner or a compliance lead).", DomainAction.SetImplementationStatus);
        register.Command<SoaExcludeCommand>("soa exclude", "soa exclude <id> [system <name>] because <reason>", "Exclude a control from the SoA, saying why.", DomainAction.DecideApplicability);
        register.Command<EvidenceAddCommand>("evidence add", "evidence add <id> [system <name>]", "Record evidence for a control you own (a form).", DomainAction.SubmitEvidence);
        register.Verb<EvidenceAddCommand>(ControlCards.EvidenceFormVerb, DomainAction.SubmitEvidence);
        register.Verb<EvidenceSubmitAction>(EvidenceCards.AddVerb, DomainAction.SubmitEvidence);
        return services;
    }
}
