using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Azure;
using Azure.Core;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using AimsBot.Domain.Ledger;
using Microsoft.Extensions.Options;

namespace AimsBot.Storage.Ledger;

/// <summary>
/// Where signed checkpoints of each tenant's chain are kept, apart from the ledger's table: a store the bot
/// only adds to (in Azure a blob container under a time-based immutability policy). A checkpoint, once
/// written, is never replaced.
/// </summary>
public interface ILedgerCheckpointStore
{
    /// <summary>The tenant's newest checkpoint (highest sequence, then newest), or null when none was written.</summary>
    Task<LedgerCheckpoint?> LatestAsync(string tenantId, CancellationToken cancellationToken = default);

    /// <summary>Writes a new checkpoint and returns its name; <see cref="LedgerCheckpointExistsException"/> if the name is taken (nothing is overwritten).</summary>
    Task<string> AddAsync(LedgerCheckpoint checkpoint, CancellationToken cancellationToken = default);
}

/// <summary>Where the checkpoints are (bound by the host from <c>Ledger:CheckpointContainer</c>).</summary>
public sealed partial class LedgerCheckpointStoreOptions
{
    public const string DefaultContainer = "ledger-checkpoints";

    /// <summary>The blob container: 3-63 lower-case letters, digits and single hyphens.</summary>
    public string ContainerName { get; set; } = DefaultContainer;

    public static bool IsValidContainerName(string? name) => name is not null && ContainerNamePattern().IsMatch(name) && !name.Contains("--", StringComparison.Ordinal);

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$")]
    private static partial Regex ContainerNamePattern();
}

/// <summary>A checkpoint with that name exists already; it was left as it is.</summary>
public sealed class LedgerCheckpointExistsException(string name, Exception? inner = null)
    : Exception($"A ledger checkpoint named '{name}' exists already; checkpoints are never overwritten.", inner)
{
    public string Name { get; } = name;
}

/// <summary>
/// Checkpoints as blobs: <c>{container}/{tenant}/{sequence, 19 digits}-{UTC ticks of its time, 19 digits}.json</c>,
/// each created with <c>If-None-Match: *</c> (never overwritten). Names sort by sequence, then time, so the
/// latest of a tenant is the last name under its prefix. The account comes from <c>Storage:BlobServiceUri</c>
/// with the managed identity, or from <c>Storage:ConnectionString</c> (which must name the blob endpoint:
/// <c>UseDevelopmentStorage=true</c> does).
/// </summary>
public sealed class BlobLedgerCheckpointStore : ILedgerCheckpointStore
{
    public const int FormatVersion = 1;

    private readonly Lazy<BlobContainerClient> _container;
    private volatile bool _containerReady;

    public BlobLedgerCheckpointStore(IOptions<StorageOptions> storage, IOptions<LedgerCheckpointStoreOptions> options, TokenCredential? credential = null)
    {
        ArgumentNullException.ThrowIfNull(storage);
        ArgumentNullException.ThrowIfNull(options);
        var containerName = options.Value.ContainerName;
        if (!LedgerCheckpointStoreOptions.IsValidContainerName(containerName))
        {
            throw new ArgumentException($"Ledger:CheckpointContainer '{containerName}' is not a blob container name: 3-63 lower-case letters, digits and single hyphens.");
        }

        // Built on first use: a host that never checkpoints (a test, a CLI run) needs no blob endpoint.
        _container = new Lazy<BlobContainerClient>(() => CreateService(storage.Value, credential).GetBlobContainerClient(containerName));
    }

    public BlobContainerClient Container => _container.Value;

    /// <summary>The blob name of a checkpoint.</summary>
    public static string BlobName(LedgerCheckpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        return Prefix(checkpoint.TenantId) + string.Create(CultureInfo.InvariantCulture, $"{checkpoint.Sequence:D19}-{checkpoint.CreatedAt.UtcTicks:D19}.json");
    }

    public async Task<string> AddAsync(LedgerCheckpoint checkpoint, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        var name = BlobName(checkpoint);
        await EnsureContainerAsync(cancellationToken);
        var blob = Container.GetBlobClient(name);
        try
        {
            await blob.UploadAsync(
                BinaryData.FromString(Serialize(checkpoint)),
                new BlobUploadOptions
                {
                    Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
                    HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" },
                },
                cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status is (int)HttpStatusCode.Conflict or (int)HttpStatusCode.PreconditionFailed)
        {
            throw new LedgerCheckpointExistsException(name, ex);
        }

        return name;
    }

    public async Task<LedgerCheckpoint?> LatestAsync(string tenantId, CancellationToken cancellationToken = default)
    {
        string? latest = null;
        try
        {
            await foreach (var item in Container.GetBlobsAsync(new GetBlobsOptions { Prefix = Prefix(tenantId) }, cancellationToken))
            {
                if (latest is null || string.CompareOrdinal(item.Name, latest) > 0)
                {
                    latest = item.Name;
                }
            }
        }
        catch (RequestFailedException ex) when (ex.Status == (int)HttpStatusCode.NotFound)
        {
            return null; // no container yet: nothing was ever checkpointed
        }

        if (latest is null)
        {
            return null;
        }

        var content = await Container.GetBlobClient(latest).DownloadContentAsync(cancellationToken);
        return Parse(content.Value.Content.ToString(), latest);
    }

    /// <summary>The blob's JSON: every field of the checkpoint, instants as the ledger writes them.</summary>
    public static string Serialize(LedgerCheckpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        return new JsonObject
        {
            ["version"] = FormatVersion,
            ["tenantId"] = checkpoint.TenantId,
            ["sequence"] = checkpoint.Sequence,
            ["headHash"] = checkpoint.HeadHash,
            ["headOccurredAt"] = LedgerKeys.FormatInstant(checkpoint.HeadOccurredAt),
            ["createdAt"] = LedgerKeys.FormatInstant(checkpoint.CreatedAt),
            ["keyId"] = checkpoint.KeyId,
            ["mac"] = checkpoint.Mac,
        }.ToJsonString();
    }

    /// <summary>Reads a checkpoint blob; <see cref="InvalidDataException"/> naming the blob when it is not one.</summary>
    public static LedgerCheckpoint Parse(string json, string name)
    {
        try
        {
            var node = JsonNode.Parse(json)?.AsObject() ?? throw new InvalidDataException("empty");
            if ((int?)node["version"] != FormatVersion)
            {
                throw new InvalidDataException("unknown version");
            }

            if (!LedgerKeys.TryParseInstant((string?)node["headOccurredAt"], out var headAt) || !LedgerKeys.TryParseInstant((string?)node["createdAt"], out var createdAt))
            {
                throw new InvalidDataException("unreadable time");
            }

            return new LedgerCheckpoint(
                (string?)node["tenantId"] ?? throw new InvalidDataException("no tenant"),
                (long?)node["sequence"] ?? throw new InvalidDataException("no sequence"),
                (string?)node["headHash"] ?? throw new InvalidDataException("no head hash"),
                headAt,
                createdAt,
                (string?)node["keyId"] ?? "",
                (string?)node["mac"] ?? "");
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            throw new InvalidDataException($"The ledger checkpoint '{name}' is not a checkpoint the bot wrote: {ex.Message}", ex);
        }
        catch (InvalidDataException ex)
        {
            throw new InvalidDataException($"The ledger checkpoint '{name}' is not a checkpoint the bot wrote: {ex.Message}.", ex);
        }
    }

    private static string Prefix(string tenantId)
    {
        if (string.IsNullOrWhiteSpace(tenantId) || tenantId.Any(c => c is '/' or '\\' or '#' or '?' || char.IsControl(c)))
        {
            throw new ArgumentException($"'{tenantId}' is not a usable tenant id for a checkpoint name.", nameof(tenantId));
        }

        return tenantId + "/";
    }

    private async Task EnsureContainerAsync(CancellationToken cancellationToken)
    {
        if (_containerReady)
        {
            return;
        }

        // In Azure the container (with its immutability policy) comes from infra/; locally it is made here.
        await Container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        _containerReady = true;
    }

    private static BlobServiceClient CreateService(StorageOptions options, TokenCredential? credential)
    {
        var clientOptions = new BlobClientOptions();
        clientOptions.Retry.MaxRetries = options.MaxRetries;
        clientOptions.Retry.Mode = RetryMode.Exponential;
        clientOptions.Retry.Delay = TimeSpan.FromMilliseconds(200);
        clientOptions.Retry.MaxDelay = TimeSpan.FromSeconds(5);
        clientOptions.Retry.NetworkTimeout = options.NetworkTimeout;

        if (options.BlobServiceUri is { } uri)
        {
            return new BlobServiceClient(uri, credential ?? throw new InvalidOperationException("Storage:BlobServiceUri needs a token credential (managed identity)."), clientOptions);
        }

        var connection = options.ConnectionString;
        if (string.IsNullOrWhiteSpace(connection))
        {
            throw new InvalidOperationException("Set Storage:ConnectionString (with a BlobEndpoint) or Storage:BlobServiceUri: ledger checkpoints are kept in Blob Storage.");
        }

        if (connection.Contains("TableEndpoint=", StringComparison.OrdinalIgnoreCase) && !connection.Contains("BlobEndpoint=", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException("Storage:ConnectionString names a TableEndpoint but no BlobEndpoint: add BlobEndpoint=… (ledger checkpoints are kept in Blob Storage), or set Storage:BlobServiceUri.");
        }

        return new BlobServiceClient(connection, clientOptions);
    }
}
