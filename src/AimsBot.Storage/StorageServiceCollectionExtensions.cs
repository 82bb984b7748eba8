using Azure.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace AimsBot.Storage;

public static class StorageServiceCollectionExtensions
{
    /// <summary>Registers the Table Storage account, start-up table creation, and the named tables.</summary>
    public static IServiceCollection AddTableStorage(this IServiceCollection services, IConfiguration configuration, params string[] tables)
    {
        services.AddOptions<StorageOptions>().Bind(configuration.GetSection(StorageOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<StorageOptions>, StorageOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp =>
        {
            var store = new TableStore(sp.GetRequiredService<IOptions<StorageOptions>>(), sp.GetService<TokenCredential>());
            foreach (var registration in sp.GetServices<TableRegistration>())
            {
                store.Register(registration.LogicalName);
            }

            return store;
        });
        services.TryAddSingleton<TableInitializer>();
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<TableInitializer>());
        foreach (var table in tables)
        {
            services.AddStorageTable(table);
        }

        return services;
    }

    /// <summary>Declares a table a feature uses; it is created at start-up.</summary>
    public static IServiceCollection AddStorageTable(this IServiceCollection services, string logicalName)
    {
        services.AddSingleton(new TableRegistration(logicalName));
        return services;
    }
}

/// <summary>A table some feature declared it needs.</summary>
public sealed record TableRegistration(string LogicalName);
