using System.Globalization;
using AimsBot.Domain.Digest;
using AimsBot.Scheduling;
using Microsoft.Extensions.Options;

namespace AimsBot.Digest;

/// <summary>The weekly digest: when it goes and what counts as "due soon". Bound from <c>Digest</c>.</summary>
public sealed class DigestOptions
{
    public const string SectionName = "Digest";

    /// <summary>The day of the week it goes, in each lead's zone.</summary>
    public DayOfWeek Day { get; set; } = DayOfWeek.Monday;

    /// <summary>The local time it goes, <c>HH:mm</c>.</summary>
    public string Time { get; set; } = "09:00";

    /// <summary>How late after its time a digest may still go (a host down at 09:00 sends when it is back; a lead added mid-week waits for the next one).</summary>
    public TimeSpan SendWindow { get; set; } = TimeSpan.FromHours(12);

    /// <summary>How often (UTC cron) the job looks for leads whose digest is due.</summary>
    public string ScanCron { get; set; } = "0 * * * *";

    /// <summary>Impact assessments whose reassessment falls due within this many days count as due soon.</summary>
    public int DueSoonDays { get; set; } = 30;

    public DigestCalendar Calendar() =>
        new(Day, TimeOnly.ParseExact(Time, "HH:mm", CultureInfo.InvariantCulture), SendWindow);
}

/// <summary>Refuses to start with a day, time, window or cron the digest could not use.</summary>
public sealed class DigestOptionsValidator : IValidateOptions<DigestOptions>
{
    public ValidateOptionsResult Validate(string? name, DigestOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (!Enum.IsDefined(options.Day))
        {
            failures.Add($"Digest:Day '{options.Day}' is not a day: set Digest__Day to Monday … Sunday.");
        }

        if (!TimeOnly.TryParseExact(options.Time, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
        {
            failures.Add($"Digest:Time '{options.Time}' is not a time: set Digest__Time to HH:mm, e.g. 09:00.");
        }

        if (options.SendWindow < TimeSpan.FromHours(1) || options.SendWindow > TimeSpan.FromDays(6))
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture, $"Digest:SendWindow is {options.SendWindow}: set Digest__SendWindow to 01:00:00–6.00:00:00 (longer than the time between two runs of Digest:ScanCron)."));
        }

        if (CronSetting.Problem("Digest:ScanCron", options.ScanCron, "0 * * * *") is { } cron)
        {
            failures.Add(cron);
        }

        if (options.DueSoonDays is < 0 or > 365)
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture, $"Digest:DueSoonDays is {options.DueSoonDays}: set Digest__DueSoonDays to 0–365 days."));
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
