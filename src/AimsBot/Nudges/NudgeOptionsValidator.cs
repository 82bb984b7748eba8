using System.Globalization;
using AimsBot.Scheduling;
using Microsoft.Extensions.Options;

namespace AimsBot.Nudges;

/// <summary>Refuses nudge settings the due scan could not follow, naming the setting (<c>Nudges:*</c>) and what to set.</summary>
internal sealed class NudgeOptionsValidator : IValidateOptions<NudgeOptions>
{
    public ValidateOptionsResult Validate(string? name, NudgeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (CronSetting.Problem("Nudges:ScanCron", options.ScanCron, "*/15 * * * *") is { } cron)
        {
            failures.Add(cron);
        }

        if (options.NudgeNowWait < TimeSpan.Zero || options.NudgeNowWait > NudgeOptions.MaxNudgeNowWait)
        {
            failures.Add($"Nudges:NudgeNowWait '{options.NudgeNowWait}' must be between 00:00:00 and {NudgeOptions.MaxNudgeNowWait:c} (how long nudge now waits for its scan before answering that it is running): set Nudges__NudgeNowWait to e.g. 00:00:05.");
        }

        if (options.NoticeDays is < 0 or > 366)
        {
            failures.Add($"Nudges:NoticeDays '{options.NoticeDays}' must be between 0 and 366: set Nudges__NoticeDays to the days before a due date that nudges start, e.g. 7.");
        }

        if (options.ReminderIntervalDays is < 1 or > 366)
        {
            failures.Add($"Nudges:ReminderIntervalDays '{options.ReminderIntervalDays}' must be between 1 and 366: set Nudges__ReminderIntervalDays to e.g. 3.");
        }

        if (options.MaxSnoozes is < 0 or > 20)
        {
            failures.Add($"Nudges:MaxSnoozes '{options.MaxSnoozes}' must be between 0 and 20: set Nudges__MaxSnoozes to e.g. 2.");
        }

        if (options.EscalationDays.Any(d => d < 1) || options.EscalationDays.Zip(options.EscalationDays.Skip(1)).Any(p => p.Second <= p.First))
        {
            failures.Add($"Nudges:EscalationDays [{string.Join(", ", options.EscalationDays)}] must be positive days overdue, each later than the one before: set Nudges__EscalationDays__0=7, Nudges__EscalationDays__1=21.");
        }

        var start = ReadTime(options.WorkdayStart);
        var end = ReadTime(options.WorkdayEnd);
        if (start is null)
        {
            failures.Add($"Nudges:WorkdayStart '{options.WorkdayStart}' is not a time of day: set Nudges__WorkdayStart to HH:mm, e.g. 09:00.");
        }

        if (end is null)
        {
            failures.Add($"Nudges:WorkdayEnd '{options.WorkdayEnd}' is not a time of day: set Nudges__WorkdayEnd to HH:mm, e.g. 17:00.");
        }

        if (start is not null && end is not null && start >= end)
        {
            failures.Add($"Nudges:WorkdayStart '{options.WorkdayStart}' must be before Nudges:WorkdayEnd '{options.WorkdayEnd}': set them to e.g. 09:00 and 17:00.");
        }

        if (options.WorkingDays.Count == 0)
        {
            failures.Add("Nudges:WorkingDays is empty: set Nudges__WorkingDays__0=Monday (and so on) to the days cards may arrive.");
        }

        if (!string.IsNullOrWhiteSpace(options.TeamsAppCatalogId) && !Guid.TryParse(options.TeamsAppCatalogId, out _))
        {
            failures.Add($"Nudges:TeamsAppCatalogId '{options.TeamsAppCatalogId}' is not an app catalog id: set Nudges__TeamsAppCatalogId to the bot's id in the org's Teams app catalog (a GUID), or leave it empty.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    // The same reading NudgeOptions.WorkingHours() uses.
    private static TimeOnly? ReadTime(string? text) =>
        TimeOnly.TryParse(text, CultureInfo.InvariantCulture, out var time) ? time : null;
}
