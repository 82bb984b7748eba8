using AimsBot.Commands;
using AimsBot.Conversations;
using AimsBot.Storage;
using AimsBot.Storage.Register;
using Microsoft.Extensions.DependencyInjection.Extensions;
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
        services.TryAddSingleton<AiSystemRepository>();
        services.TryAddSingleton<ControlInstanceRepository>();
        services.TryAddSingleton<EvidenceRepository>();
        services.TryAddSingleton<UserLookup>();

        services.TryAddSingleton<RegisterQueries>();
        services.TryAddSingleton<RegisterService>();
        services.TryAddSingleton<OwnerResolver>();

        services.AddChatCommand<SystemsCommand>();
        services.AddSingleton<AimsBot.Files.IExportSource, SoaExport>();
        services.AddChatCommand<SystemCommand>();
        services.AddSingleton<SystemAddCommand>();
        services.AddSingleton<IChatCommand>(sp => sp.GetRequiredService<SystemAddCommand>());
        services.AddSingleton<ICardActionHandler>(sp => sp.GetRequiredService<SystemAddCommand>());
        services.AddChatCommand<ControlsCommand>();
        services.AddChatCommand<ControlCommand>();
        services.AddChatCommand<OwnerCommand>();
        services.AddChatCommand<SoaCommand>();
        services.AddChatCommand<SoaExcludeCommand>();
        services.AddSingleton<EvidenceAddCommand>();
        services.AddSingleton<IChatCommand>(sp => sp.GetRequiredService<EvidenceAddCommand>());
        services.AddSingleton<ICardActionHandler>(sp => sp.GetRequiredService<EvidenceAddCommand>());
        services.AddCardAction<EvidenceSubmitAction>();
        return services;
    }
}
