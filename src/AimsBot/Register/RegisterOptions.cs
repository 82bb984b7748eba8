using AimsBot.Domain.Scheduling;
using Microsoft.Extensions.Options;

namespace AimsBot.Register;

/// <summary>How the register sets up control instances. Bound from <c>Register</c>.</summary>
public sealed class RegisterOptions
{
    public const string SectionName = "Register";

    /// <summary>
    /// The organisation's time zone (IANA or Windows id): due dates of controls without an owner are dates
    /// in this zone. An owner's own zone takes over once one is assigned.
    /// </summary>
    public string OrganizationTimeZone { get; set; } = "UTC";

    /// <summary>
    /// How often new control instances need fresh evidence: monthly, quarterly, half-yearly, yearly, a cron
    /// expression (<c>cron 0 9 1 * *</c>), or <c>none</c> for no schedule.
    /// </summary>
    public string DefaultCadence { get; set; } = "yearly";

    public TimeZoneInfo OrganizationZone => TimeZones.FindOrUtc(OrganizationTimeZone);

    /// <summary>The default cadence, or null for <c>none</c>.</summary>
    public EvidenceCadence? Cadence =>
        IsNone(DefaultCadence) ? null : EvidenceCadence.Parse(DefaultCadence).Value;

    internal static bool IsNone(string? cadence) =>
        string.IsNullOrWhiteSpace(cadence) || string.Equals(cadence.Trim(), "none", StringComparison.OrdinalIgnoreCase);
}

/// <summary>Refuses to start with a time zone or cadence the register could not use.</summary>
public sealed class RegisterOptionsValidator : IValidateOptions<RegisterOptions>
{
    public ValidateOptionsResult Validate(string? name, RegisterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (!TimeZones.TryFind(options.OrganizationTimeZone, out _))
        {
            failures.Add($"Register:OrganizationTimeZone '{options.OrganizationTimeZone}' is not a time zone I know: set Register__OrganizationTimeZone to an IANA id such as 'Europe/Berlin'.");
        }

        if (!RegisterOptions.IsNone(options.DefaultCadence) && EvidenceCadence.Parse(options.DefaultCadence) is { IsFailure: true } parsed)
        {
            failures.Add($"Register:DefaultCadence: {parsed.ErrorMessage} Set Register__DefaultCadence to monthly, quarterly, half-yearly, yearly, 'cron <5 fields>' or none.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
