using AimsBot.Commands;
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
        services.AddChatCommand<ExportCommand>();
        return services;
    }
}
