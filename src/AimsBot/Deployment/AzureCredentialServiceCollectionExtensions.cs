using Azure.Core;
using Azure.Identity;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AimsBot.Deployment;

/// <summary>
/// The Azure identity the bot reaches Azure resources with. On App Service (infra/) that is the user-assigned
/// managed identity whose client id the platform setting <c>AZURE_CLIENT_ID</c> names; it is needed when
/// <c>Storage:TableServiceUri</c> or <c>Storage:BlobServiceUri</c> replaces a connection string.
/// </summary>
public static class AzureCredentialServiceCollectionExtensions
{
    public const string ClientIdKey = "AZURE_CLIENT_ID";

    public static IServiceCollection AddAzureCredential(this IServiceCollection services, IConfiguration configuration)
    {
        if (string.IsNullOrWhiteSpace(configuration["Storage:TableServiceUri"]) && string.IsNullOrWhiteSpace(configuration["Storage:BlobServiceUri"]))
        {
            return services;
        }

        services.TryAddSingleton<TokenCredential>(_ => Create(configuration[ClientIdKey]));
        return services;
    }

    /// <summary>The user-assigned managed identity when its client id is known, else the developer's sign-in chain.</summary>
    public static TokenCredential Create(string? managedIdentityClientId) =>
        string.IsNullOrWhiteSpace(managedIdentityClientId)
            ? new DefaultAzureCredential(new DefaultAzureCredentialOptions { ExcludeInteractiveBrowserCredential = true })
            : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(managedIdentityClientId.Trim()));
}
