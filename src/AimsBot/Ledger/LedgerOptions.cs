using System.Security.Cryptography;
using System.Text;
using AimsBot.Domain.Ledger;
using AimsBot.Storage.Ledger;
using Microsoft.Extensions.Options;

namespace AimsBot.Ledger;

/// <summary>The ledger's signing keys and where its checkpoints go. Bound from <c>Ledger</c>.</summary>
public sealed class LedgerOptions
{
    public const string SectionName = "Ledger";

    /// <summary>The key id used in Development when no key is configured: says what it is wherever it is stored.</summary>
    public const string DevelopmentKeyId = "development-only-not-secret";

    /// <summary>
    /// Base64 HMAC-SHA256 key (at least 32 bytes) that signs every ledger event and checkpoint. A secret, the same
    /// on every instance, kept in Key Vault (infra/ creates one per deployment, once). Required outside
    /// Development; in Development, when empty, the fixed, public development key is used.
    /// </summary>
    public string? SigningKey { get; set; }

    /// <summary>The id recorded with every MAC made by <see cref="SigningKey"/>: give a new key a new id.</summary>
    public string? SigningKeyId { get; set; }

    /// <summary>Keys that signed events before a rotation, by id (<c>Ledger:PreviousKeys:k1</c>): they only verify.</summary>
    public Dictionary<string, string> PreviousKeys { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The blob container checkpoints are written to.</summary>
    public string CheckpointContainer { get; set; } = LedgerCheckpointStoreOptions.DefaultContainer;

    /// <summary>When the daily signed checkpoint is written (cron, UTC).</summary>
    public string CheckpointCron { get; set; } = "15 2 * * *";

    /// <summary>
    /// The development key: derived from a public sentence, so anyone can forge with it. It exists so that a
    /// local ledger (./aims run) verifies across restarts; outside Development it is refused.
    /// </summary>
    public static LedgerSigningKey DevelopmentKey { get; } = new(DevelopmentKeyId, DevelopmentKeyBytes);

    /// <summary>The development key's bytes: public by design (see <see cref="DevelopmentKey"/>).</summary>
    public static byte[] DevelopmentKeyBytes =>
        SHA256.HashData(Encoding.UTF8.GetBytes("AimsBot development ledger signing key. Public, NOT SECRET: never use it outside Development."));

    /// <summary>The key bytes of base64 text, or null when it is not base64 of at least 32 bytes.</summary>
    public static byte[]? DecodeKey(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var buffer = new byte[text.Length];
        return Convert.TryFromBase64String(text.Trim(), buffer, out var written) && written >= LedgerSigningKey.MinBytes ? buffer[..written] : null;
    }

    /// <summary>The key ring these options describe (validated first: see <see cref="LedgerOptionsValidator"/>).</summary>
    public LedgerKeyRing KeyRing()
    {
        var current = string.IsNullOrWhiteSpace(SigningKey)
            ? DevelopmentKey
            : new LedgerSigningKey(SigningKeyId!.Trim(), DecodeKey(SigningKey)!);
        return new LedgerKeyRing(current, PreviousKeys.Select(p => new LedgerSigningKey(p.Key, DecodeKey(p.Value)!)));
    }
}

/// <summary>
/// Refuses to start without a usable signing key outside Development (a missing key would leave the trail
/// unprovable; the public development key would let anyone forge it), with a malformed key or key id, with a
/// previous key that reuses the current id, or with a container name Blob Storage would refuse.
/// </summary>
public sealed class LedgerOptionsValidator : IValidateOptions<LedgerOptions>
{
    private readonly IHostEnvironment _environment;

    public LedgerOptionsValidator(IHostEnvironment environment) => _environment = environment;

    public ValidateOptionsResult Validate(string? name, LedgerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        var production = !_environment.IsDevelopment();
        if (string.IsNullOrWhiteSpace(options.SigningKey))
        {
            if (production)
            {
                failures.Add($"Ledger:SigningKey is required in the {_environment.EnvironmentName} environment: set Ledger__SigningKey to base64 of at least {LedgerSigningKey.MinBytes} random bytes (e.g. `openssl rand -base64 32`), from Key Vault, the same on every instance, and Ledger__SigningKeyId to a name for it (e.g. k1). It signs every ledger event and checkpoint.");
            }
        }
        else
        {
            var bytes = LedgerOptions.DecodeKey(options.SigningKey);
            if (bytes is null)
            {
                failures.Add($"Ledger:SigningKey must be base64 of at least {LedgerSigningKey.MinBytes} random bytes (e.g. `openssl rand -base64 32`).");
            }
            else if (production && bytes.AsSpan().SequenceEqual(LedgerOptions.DevelopmentKeyBytes))
            {
                failures.Add("Ledger:SigningKey is the public development key: outside Development set a secret one (e.g. `openssl rand -base64 32`).");
            }

            if (string.IsNullOrWhiteSpace(options.SigningKeyId))
            {
                failures.Add("Ledger:SigningKeyId is required with Ledger:SigningKey: set Ledger__SigningKeyId to a name for the key (e.g. k1; letters, digits, '.', '_', '-'), and give every new key a new id.");
            }
            else if (!LedgerSigningKey.IsValidId(options.SigningKeyId.Trim()))
            {
                failures.Add($"Ledger:SigningKeyId '{options.SigningKeyId}' must be 1-{LedgerSigningKey.MaxIdLength} letters, digits, '.', '_' or '-'.");
            }
            else if (production && options.SigningKeyId.Trim() == LedgerOptions.DevelopmentKeyId)
            {
                failures.Add($"Ledger:SigningKeyId '{LedgerOptions.DevelopmentKeyId}' is reserved for the development key: choose another id (e.g. k1).");
            }
        }

        foreach (var (id, value) in options.PreviousKeys)
        {
            if (!LedgerSigningKey.IsValidId(id))
            {
                failures.Add($"Ledger:PreviousKeys:{id}: a key id is 1-{LedgerSigningKey.MaxIdLength} letters, digits, '.', '_' or '-'.");
            }
            else if (string.Equals(id, options.SigningKeyId?.Trim() ?? LedgerOptions.DevelopmentKeyId, StringComparison.Ordinal))
            {
                failures.Add($"Ledger:PreviousKeys:{id} reuses the current key's id: give the new key (Ledger:SigningKeyId) a new id.");
            }

            var previous = LedgerOptions.DecodeKey(value);
            if (previous is null)
            {
                failures.Add($"Ledger:PreviousKeys:{id} must be base64 of at least {LedgerSigningKey.MinBytes} bytes (the old Ledger:SigningKey).");
            }
            else if (production && previous.AsSpan().SequenceEqual(LedgerOptions.DevelopmentKeyBytes))
            {
                failures.Add($"Ledger:PreviousKeys:{id} is the public development key: anyone could sign with it, so it may not verify anything outside Development.");
            }
        }

        if (!LedgerCheckpointStoreOptions.IsValidContainerName(options.CheckpointContainer))
        {
            failures.Add($"Ledger:CheckpointContainer '{options.CheckpointContainer}' is not a blob container name: set Ledger__CheckpointContainer to 3-63 lower-case letters, digits and single hyphens, e.g. ledger-checkpoints.");
        }

        if (AimsBot.Scheduling.CronSetting.Problem("Ledger:CheckpointCron", options.CheckpointCron, "15 2 * * *") is { } cron)
        {
            failures.Add(cron);
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
