using Microsoft.Extensions.Options;

namespace AimsBot.Audit;

/// <summary>How auditor queries page. Bound from <c>Audit</c>.</summary>
public sealed class AuditOptions
{
    public const string SectionName = "Audit";

    /// <summary>The fewest bytes a continuation signing key may have (HMAC-SHA256 wants 32).</summary>
    public const int MinKeyBytes = 32;

    /// <summary>
    /// Base64 HMAC-SHA256 key that signs the "More" continuations of <c>evidence</c> (at least 32 bytes). Every
    /// instance of the bot must share it (put it in Key Vault and reference it from the app settings; infra/ does).
    /// Required outside Development. In Development, when it is empty, the process makes up its own at start: a
    /// "More" pressed after a restart is then refused as not issued by the bot.
    /// </summary>
    public string? ContinuationKey { get; set; }

    /// <summary>How long a "More" button stays usable.</summary>
    public TimeSpan ContinuationLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Rows on one page of <c>evidence</c> (fewer when the card would be too large for Teams).</summary>
    public int PageSize { get; set; } = 20;

    /// <summary>When the daily sweep of expired continuation claims runs (cron, UTC).</summary>
    public string ClaimSweepCron { get; set; } = "30 3 * * *";

    /// <summary>
    /// When the evidence index repair runs (cron, UTC): it indexes evidence recorded before the index existed, or whose
    /// index row a stopped process did not write. Hourly by default, so such a record is missing from
    /// <c>evidence &lt;id&gt; all systems</c> for an hour at most.
    /// </summary>
    public string EvidenceIndexRepairCron { get; set; } = "40 * * * *";
}

/// <summary>
/// Refuses to start with a key or page size the audit queries could not use, and outside Development without a
/// shared key (a key made up per process breaks every "More" after a restart or on another instance).
/// </summary>
public sealed class AuditOptionsValidator : IValidateOptions<AuditOptions>
{
    private readonly IHostEnvironment _environment;

    public AuditOptionsValidator(IHostEnvironment environment) => _environment = environment;

    public ValidateOptionsResult Validate(string? name, AuditOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.ContinuationKey) && !_environment.IsDevelopment())
        {
            failures.Add($"Audit:ContinuationKey is required in the {_environment.EnvironmentName} environment: set Audit__ContinuationKey to base64 of at least {AuditOptions.MinKeyBytes} random bytes (e.g. `openssl rand -base64 32`), from Key Vault, the same on every instance.");
        }
        else if (!string.IsNullOrWhiteSpace(options.ContinuationKey) && DecodeKey(options.ContinuationKey) is null)
        {
            failures.Add($"Audit:ContinuationKey must be base64 of at least {AuditOptions.MinKeyBytes} random bytes: set Audit__ContinuationKey to e.g. the output of `openssl rand -base64 32`.");
        }

        if (options.ContinuationLifetime <= TimeSpan.Zero || options.ContinuationLifetime > TimeSpan.FromDays(7))
        {
            failures.Add($"Audit:ContinuationLifetime '{options.ContinuationLifetime}' must be more than zero and at most 7 days: set Audit__ContinuationLifetime to e.g. 01:00:00.");
        }

        if (options.PageSize is < 5 or > 25)
        {
            failures.Add($"Audit:PageSize '{options.PageSize}' must be between 5 and 25 (a Teams card holds about 28 KB): set Audit__PageSize to e.g. 20.");
        }

        if (AimsBot.Scheduling.CronSetting.Problem("Audit:ClaimSweepCron", options.ClaimSweepCron, "30 3 * * *") is { } cron)
        {
            failures.Add(cron);
        }

        if (AimsBot.Scheduling.CronSetting.Problem("Audit:EvidenceIndexRepairCron", options.EvidenceIndexRepairCron, "40 * * * *") is { } repairCron)
        {
            failures.Add(repairCron);
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    internal static byte[]? DecodeKey(string text)
    {
        var buffer = new byte[text.Length];
        return Convert.TryFromBase64String(text.Trim(), buffer, out var written) && written >= AuditOptions.MinKeyBytes ? buffer[..written] : null;
    }
}
