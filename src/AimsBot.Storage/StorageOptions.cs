namespace AimsBot.Storage;

/// <summary>Where the bot keeps its state. Bound from the <c>Storage</c> configuration section.</summary>
public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    /// <summary>An Azure Storage connection string. The default reaches Azurite on this machine.</summary>
    public string ConnectionString { get; set; } = "UseDevelopmentStorage=true";

    /// <summary>
    /// When set (an https table endpoint such as <c>https://acct.table.core.windows.net</c>), the bot reaches
    /// Table Storage with its managed identity instead of a connection string.
    /// </summary>
    public Uri? TableServiceUri { get; set; }

    /// <summary>
    /// When set (an https blob endpoint such as <c>https://acct.blob.core.windows.net</c>), ledger checkpoints are
    /// written with the managed identity; otherwise through <see cref="ConnectionString"/>, which must then name
    /// the blob endpoint (<c>UseDevelopmentStorage=true</c> does).
    /// </summary>
    public Uri? BlobServiceUri { get; set; }

    /// <summary>Prepended to every table name: lets tests and several environments share one account.</summary>
    public string TablePrefix { get; set; } = "";

    /// <summary>Retries for transient failures (408, 429, 500, 502, 503, 504) before an operation gives up.</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>How long one request to Table Storage may take before it is abandoned.</summary>
    public TimeSpan NetworkTimeout { get; set; } = TimeSpan.FromSeconds(20);
}
