using AimsBot.Domain.Access;
using AimsBot.Workflows;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace AimsBot.Import;

public static class ImportServiceCollectionExtensions
{
    /// <summary>
    /// The register file: <c>import</c> (chat, with a CSV attached, and the host's <c>import</c> sub-command) and
    /// <c>export register</c>. Needs the register (<c>AddRegister</c>) and the ledger.
    /// </summary>
    public static IServiceCollection AddRegisterImport(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ImportOptions>().Bind(configuration.GetSection(ImportOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ImportOptions>, ImportOptionsValidator>());
        services.AddHttpClient(ImportFileDownloader.HttpClientName, c => c.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false });
        services.TryAddSingleton<ImportFileDownloader>();
        services.TryAddSingleton<IImportBatchWriter, TableImportBatchWriter>();
        services.TryAddSingleton<RegisterImport>();
        services.TryAddSingleton<RegisterExport>();
        services.AddSingleton<AimsBot.Files.IExportSource>(sp => sp.GetRequiredService<RegisterExport>());
        services.AddWorkflow("import")
            .Command<ImportCommand>("import", "import [check] (with a CSV file attached)", "Sets up the register from a CSV file (the format of export register); check only validates.", DomainAction.ImportRegister);
        return services;
    }
}
