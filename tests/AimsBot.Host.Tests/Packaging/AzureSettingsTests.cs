using Azure.Core;
using Azure.Identity;
using AimsBot.Deployment;
using AimsBot.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AimsBot.Host.Tests.Packaging;

/// <summary>The app settings infra/ gives the bot on App Service work with the host: tables by managed identity.</summary>
public sealed class AzureSettingsTests
{
    private const string ClientId = "5f0c7a4e-3b1d-4c2a-9e8f-1a2b3c4d5e6f";

    [Fact]
    public void With_a_table_endpoint_and_a_managed_identity_the_bot_reaches_tables_without_a_connection_string()
    {
        using var provider = Provider(new()
        {
            ["Storage:TableServiceUri"] = "https://staimsbotsample.table.core.windows.net/",
            [AzureCredentialServiceCollectionExtensions.ClientIdKey] = ClientId,
        });

        var store = provider.GetRequiredService<TableStore>(); // threw "needs a token credential" before
        Assert.NotNull(store);
        Assert.IsType<ManagedIdentityCredential>(provider.GetRequiredService<TokenCredential>());
    }

    [Fact]
    public void With_a_connection_string_no_Azure_sign_in_is_attempted()
    {
        using var provider = Provider(new() { ["Storage:ConnectionString"] = "UseDevelopmentStorage=true" });

        Assert.NotNull(provider.GetRequiredService<TableStore>());
        Assert.Null(provider.GetService<TokenCredential>());
    }

    private static ServiceProvider Provider(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddTableStorage(configuration);
        services.AddAzureCredential(configuration);
        return services.BuildServiceProvider();
    }
}
