using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Azure.Core;
using Azure.Data.Tables;
using AimsBot.Storage.Tables;
using Microsoft.Extensions.Options;

namespace AimsBot.Storage;

/// <summary>
/// The bot's Table Storage account: hands out typed tables (prefixed per environment) and knows which
/// tables exist. One per process; every client it hands out is thread-safe and cheap to share.
/// </summary>
public sealed partial class TableStore
{
    private readonly TableServiceClient _service;
    private readonly TableServiceClient _probe;
    private readonly StorageOptions _options;
    private readonly ConcurrentDictionary<string, TableClient> _clients = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _registered = new(StringComparer.Ordinal);

    public TableStore(IOptions<StorageOptions> options, TokenCredential? credential = null)
    {
        _options = options.Value;
        if (!string.IsNullOrEmpty(_options.TablePrefix) && !TablePrefixPattern().IsMatch(_options.TablePrefix))
        {
            throw new ArgumentException($"Storage:TablePrefix '{_options.TablePrefix}' must be letters and digits, starting with a letter.");
        }

        _service = CreateClient(_options, credential, _options.MaxRetries, _options.NetworkTimeout);
        // Health probes must answer fast and honestly: no retries, a short timeout.
        _probe = CreateClient(_options, credential, 0, TimeSpan.FromSeconds(3));
    }

    /// <summary>The logical names of every table the bot uses (registered at start-up).</summary>
    public IReadOnlyCollection<string> RegisteredTables => _registered.Keys.ToArray();

    /// <summary>Declares a table the bot needs, so start-up creates it.</summary>
    public void Register(string logicalName)
    {
        if (!TableNamePattern().IsMatch(logicalName))
        {
            throw new ArgumentException($"Table name '{logicalName}' must be 3-40 letters and digits, starting with a letter.", nameof(logicalName));
        }

        _registered.TryAdd(logicalName, 0);
    }

    /// <summary>The physical name of a logical table (the prefix applied).</summary>
    public string PhysicalName(string logicalName) => _options.TablePrefix + logicalName;

    public TypedTable<T> Table<T>(string logicalName) where T : class, ITableEntity =>
        new(_clients.GetOrAdd(logicalName, n => _service.GetTableClient(PhysicalName(n))));

    /// <summary>Creates every registered table that does not exist yet.</summary>
    public async Task EnsureTablesAsync(CancellationToken cancellationToken = default)
    {
        foreach (var name in _registered.Keys)
        {
            await _service.CreateTableIfNotExistsAsync(PhysicalName(name), cancellationToken);
        }
    }

    /// <summary>One cheap round trip to the service; throws what the service (or the network) said.</summary>
    public async Task ProbeAsync(CancellationToken cancellationToken = default)
    {
        await foreach (var _ in _probe.QueryAsync(maxPerPage: 1, cancellationToken: cancellationToken).AsPages(pageSizeHint: 1))
        {
            return;
        }
    }

    private static TableServiceClient CreateClient(StorageOptions options, TokenCredential? credential, int maxRetries, TimeSpan timeout)
    {
        var clientOptions = new TableClientOptions();
        clientOptions.Retry.MaxRetries = maxRetries;
        clientOptions.Retry.Mode = RetryMode.Exponential;
        clientOptions.Retry.Delay = TimeSpan.FromMilliseconds(200);
        clientOptions.Retry.MaxDelay = TimeSpan.FromSeconds(5);
        clientOptions.Retry.NetworkTimeout = timeout;

        if (options.TableServiceUri is { } uri)
        {
            return new TableServiceClient(uri, credential ?? throw new InvalidOperationException("Storage:TableServiceUri needs a token credential (managed identity)."), clientOptions);
        }

        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            throw new InvalidOperationException("Set Storage:ConnectionString (or Storage:TableServiceUri with a managed identity). For local work, UseDevelopmentStorage=true reaches Azurite.");
        }

        return new TableServiceClient(options.ConnectionString, clientOptions);
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]{0,19}$")]
    internal static partial Regex TablePrefixPattern();

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]{2,39}$")]
    private static partial Regex TableNamePattern();
}
