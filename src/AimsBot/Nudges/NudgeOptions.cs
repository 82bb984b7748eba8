using AimsBot.Domain.Scheduling;

namespace AimsBot.Nudges;

/// <summary>How control owners are nudged (section <c>Nudges</c>; documented in docs/configuration.md).</summary>
public sealed class NudgeOptions
{
    public const string SectionName = "Nudges";
    public const int DefaultMaxSnoozes = 2;

    /// <summary>The longest <see cref="NudgeNowWait"/>: a chat turn must answer well within the ~15 s Teams waits.</summary>
    public static readonly TimeSpan MaxNudgeNowWait = TimeSpan.FromSeconds(10);

    /// <summary>When the due scan runs (Hangfire cron, UTC). Default every 15 minutes.</summary>
    public string ScanCron { get; set; } = "*/15 * * * *";

    /// <summary>
    /// How long <c>nudge now</c> waits for its scan before answering that it is running (the counts then follow in
    /// the 1:1 chat). Teams waits about 15 seconds for a message to be accepted, so at most 10 seconds.
    /// </summary>
    public TimeSpan NudgeNowWait { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Evidence due within this many days counts as due soon and is nudged.</summary>
    public int NoticeDays { get; set; } = 7;

    /// <summary>Days between two reminders for the same control and period.</summary>
    public int ReminderIntervalDays { get; set; } = 3;

    /// <summary>How many times an owner may snooze one control's period; after that the next step is escalation.</summary>
    public int MaxSnoozes { get; set; } = DefaultMaxSnoozes;

    /// <summary>Days overdue at which each escalation level starts (level 1 = first entry). Each level is sent once.</summary>
    public IList<int> EscalationDays { get; set; } = [7, 21];

    /// <summary>Working-day window in the recipient's zone, <c>HH:mm</c>.</summary>
    public string WorkdayStart { get; set; } = "09:00";

    public string WorkdayEnd { get; set; } = "17:00";

    /// <summary>Working days, English day names.</summary>
    public IList<DayOfWeek> WorkingDays { get; set; } =
        [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday];

    /// <summary>
    /// The bot's id in the organisation's Teams app catalog (a GUID; not the manifest id when the app was uploaded
    /// to the org catalog). With Graph on, owners the bot has no 1:1 conversation with get the app installed with
    /// it; empty: they are reported to the compliance leads as unreachable instead.
    /// </summary>
    public string? TeamsAppCatalogId { get; set; }

    /// <summary>The rules the domain's nudge policy needs.</summary>
    public Domain.Nudges.NudgeSchedule Schedule() => new(NoticeDays, ReminderIntervalDays, MaxSnoozes, EscalationDays.ToArray());

    /// <summary>The configured window as the domain's <see cref="Domain.Scheduling.WorkingHours"/>.</summary>
    public WorkingHours WorkingHours() =>
        new(TimeOnly.Parse(WorkdayStart, System.Globalization.CultureInfo.InvariantCulture),
            TimeOnly.Parse(WorkdayEnd, System.Globalization.CultureInfo.InvariantCulture),
            WorkingDays.ToHashSet());
}
