using AimsBot.Domain.Access;
using AimsBot.Workflows;
using AimsBot.Storage;
using AimsBot.Teams.Files;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AimsBot.Files;

public static class FilesServiceCollectionExtensions
{
    /// <summary>Exports through the Teams file consent flow; each export kind registers an <see cref="IExportSource"/>.</summary>
    public static IServiceCollection AddFileExports(this IServiceCollection services)
    {
        services.AddStorageTable(ExportOfferStore.TableName);
        services.TryAddSingleton<ExportOfferStore>();
        services.AddHttpClient(FileUploader.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(60));
        services.TryAddSingleton<FileUploader>();
        services.TryAddSingleton<FileExports>();

        // The kinds need different rights (IExportSource.Action); the command needs the least of them.
        services.AddWorkflow("exports")
            .Welcome("As an administrator, you can export the register and the SoA and check the audit trail.", Role.Admin)
            .Command<ExportCommand>("export", "export soa | evidence <id> | evidence all | register | assessment <system> [version] [as csv|xlsx|docx]", "Sends you the file in our 1:1 chat (tables as CSV or XLSX, an assessment as Word).", DomainAction.ViewRegister)
            .AuditedQuery()
            .PersonalChatOnly();
        return services;
    }
}
