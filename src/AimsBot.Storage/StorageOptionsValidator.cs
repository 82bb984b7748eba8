using Microsoft.Extensions.Options;

namespace AimsBot.Storage;

/// <summary>Refuses storage settings the bot could not work with, naming the setting (<c>Storage:*</c>) and what to set.</summary>
internal sealed class StorageOptionsValidator : IValidateOptions<StorageOptions>
{
    public ValidateOptionsResult Validate(string? name, StorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.TableServiceUri is null && string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            failures.Add("Storage:ConnectionString is empty: set Storage__ConnectionString to the storage account's connection string (UseDevelopmentStorage=true reaches Azurite), or Storage__TableServiceUri to use the managed identity.");
        }

        CheckEndpoint(options.TableServiceUri, "TableServiceUri", "https://<account>.table.core.windows.net/", failures);
        CheckEndpoint(options.BlobServiceUri, "BlobServiceUri", "https://<account>.blob.core.windows.net/", failures);

        if (!string.IsNullOrEmpty(options.TablePrefix) && !TableStore.TablePrefixPattern().IsMatch(options.TablePrefix))
        {
            failures.Add($"Storage:TablePrefix '{options.TablePrefix}' must be letters and digits, starting with a letter (at most 20): set Storage__TablePrefix to e.g. 'test1', or leave it empty.");
        }

        if (options.MaxRetries is < 0 or > 10)
        {
            failures.Add($"Storage:MaxRetries '{options.MaxRetries}' must be between 0 and 10: set Storage__MaxRetries to e.g. 3.");
        }

        if (options.NetworkTimeout <= TimeSpan.Zero)
        {
            failures.Add($"Storage:NetworkTimeout '{options.NetworkTimeout}' must be positive: set Storage__NetworkTimeout to e.g. 00:00:20.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void CheckEndpoint(Uri? uri, string key, string example, List<string> failures)
    {
        // The binder gives a relative Uri for text that is not an absolute URL.
        if (uri is not null && (!uri.IsAbsoluteUri || (uri.Scheme != Uri.UriSchemeHttps && !(uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback))))
        {
            failures.Add($"Storage:{key} '{uri}' must be an absolute https URL: set Storage__{key} to e.g. {example} (http only on loopback).");
        }
    }
}
