using Cronos;

namespace AimsBot.Scheduling;

/// <summary>Checks a cron setting the way Hangfire reads it (five fields, UTC) and says what to set when it will not do.</summary>
public static class CronSetting
{
    public static bool IsValid(string? expression) =>
        !string.IsNullOrWhiteSpace(expression) && CronExpression.TryParse(expression.Trim(), CronFormat.Standard, out _);

    /// <summary>Null when <paramref name="expression"/> is a valid cron; else the message naming <paramref name="key"/> (<c>Nudges:ScanCron</c>).</summary>
    public static string? Problem(string key, string? expression, string example) =>
        IsValid(expression)
            ? null
            : $"{key} '{expression}' is not a valid cron expression: set {key.Replace(":", "__", StringComparison.Ordinal)} to a 5-field cron (minute hour day month weekday, UTC) such as '{example}'.";
}
