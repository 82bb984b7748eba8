using System.Globalization;
using AimsBot.Domain.Scheduling;
using AimsBot.Register;
using AimsBot.Storage.Outbox;
using Microsoft.Extensions.Options;

namespace AimsBot.Nudges;

/// <summary>
/// Tells people other than the owner: escalation cards to the owner's manager and the compliance leads when
/// periods reach an escalation level, a report to the leads when an owner cannot be reached, and one summary to the
/// leads of the applicable controls that are due with no owner to remind.
/// </summary>
public sealed partial class DueEscalation
{
    private readonly RecipientResolver _recipients;
    private readonly DueScanOutbox _outbox;
    private readonly ILogger<DueEscalation> _logger;

    private readonly NudgeOptions _options;
    private readonly RegisterOptions _register;

    public DueEscalation(RecipientResolver recipients, DueScanOutbox outbox, IOptions<NudgeOptions> options, IOptions<RegisterOptions> register, ILogger<DueEscalation> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(register);
        _recipients = recipients;
        _outbox = outbox;
        _options = options.Value;
        _register = register.Value;
        _logger = logger;
    }

    /// <summary>
    /// Tells every lead which applicable controls are due or overdue with no owner: one card per lead per reminder
    /// interval (<c>Nudges:ReminderIntervalDays</c>, counted in the organisation's zone), however many controls and
    /// however many scans run in it. The id names the lead and the interval, so a re-run in the same interval queues
    /// nothing; while controls stay unowned, the next interval brings one new card. Returns whether anything was queued.
    /// </summary>
    public async Task<bool> ReportUnownedAsync(DueScanRun run, IReadOnlyList<DueControl> unowned, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(unowned);
        if (unowned.Count == 0)
        {
            return false;
        }

        var interval = UnownedInterval(run.Now);
        var items = unowned.OrderBy(i => i.Due).ThenBy(i => i.SystemName ?? "", StringComparer.OrdinalIgnoreCase).ThenBy(i => i.ControlId, StringComparer.Ordinal).ToList();
        var card = EscalationCards.Unowned(items);
        var text = items.Count == 1
            ? $"{items[0].ControlId} is due and has no owner"
            : string.Create(CultureInfo.InvariantCulture, $"{items.Count} applicable controls are due and have no owner");
        var queued = false;
        foreach (var lead in await LeadsAsync(run, cancellationToken))
        {
            var id = OutboxStore.MessageId(["unowned", run.TenantId, lead.UserKey.ToLowerInvariant(), interval.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)]);
            queued |= await _outbox.EnqueueAsync(run, id, "unowned", lead, text, card, cancellationToken);
        }

        return queued;
    }

    /// <summary>The first day of the reminder interval <paramref name="now"/> falls in, on a fixed grid of days in the organisation's zone.</summary>
    private DateOnly UnownedInterval(DateTimeOffset now)
    {
        var today = DueDateCalculator.LocalDate(now, _register.OrganizationZone).DayNumber;
        return DateOnly.FromDayNumber(today - (today % _options.ReminderIntervalDays));
    }

    /// <summary>Queues the escalation cards for the periods reaching a new level; returns what the leads are told about the manager.</summary>
    public async Task<string> EscalateAsync(DueScanRun run, string owner, string ownerDisplay, IReadOnlyList<DuePeriod> escalating, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(escalating);
        var (manager, note) = await _recipients.ManagerAsync(run.TenantId, owner, cancellationToken);

        // One card per recipient for each level the owner's controls reached in this run, not one per control:
        // a mass overdue must not bury the leads. The id names the periods it covers, so a re-run queues nothing.
        foreach (var group in escalating.GroupBy(i => i.Decision.EscalateTo))
        {
            var level = group.Key.ToString(CultureInfo.InvariantCulture);
            var items = group.OrderBy(i => i.Due).ThenBy(i => i.PeriodKey, StringComparer.Ordinal).ToList();
            var periods = items.Select(i => i.PeriodKey).ToArray();
            var model = new EscalationCardModel(ownerDisplay, items.Select(i => i.Shown).ToList(), group.Key, note);
            var text = items.Count == 1
                ? string.Create(CultureInfo.InvariantCulture, $"Escalation level {level}: {items[0].Shown.ControlId} is {EscalationCards.When(items[0].Shown)}")
                : string.Create(CultureInfo.InvariantCulture, $"Escalation level {level}: {items.Count} controls of {ownerDisplay} are overdue");
            if (manager is not null)
            {
                var id = OutboxStore.MessageId(["escalation", run.TenantId, level, "manager", manager.UserKey.ToLowerInvariant(), .. periods]);
                await _outbox.EnqueueAsync(run, id, "escalation", manager, text, EscalationCards.ForManager(model), cancellationToken);
            }

            foreach (var lead in await LeadsAsync(run, cancellationToken))
            {
                var id = OutboxStore.MessageId(["escalation", run.TenantId, level, "lead", lead.UserKey.ToLowerInvariant(), .. periods]);
                await _outbox.EnqueueAsync(run, id, "escalation", lead, text, EscalationCards.ForLeads(model), cancellationToken);
            }

            run.Escalated(items.Count);
        }

        return note;
    }

    /// <summary>Tells every lead, once per owner and set of due periods, that the owner cannot be reached and why.</summary>
    public async Task ReportUnreachableAsync(DueScanRun run, string owner, string ownerDisplay, string reason, IReadOnlyList<DuePeriod> items, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(items);
        var shown = items.Select(i => i.Shown).OrderBy(i => i.Due).ThenBy(i => i.ControlId, StringComparer.Ordinal).ToList();
        var card = EscalationCards.Unreachable(new UnreachableOwnerModel(ownerDisplay, reason, shown));
        var periods = items.Select(i => i.PeriodKey).Order(StringComparer.Ordinal).ToArray();
        foreach (var lead in await LeadsAsync(run, cancellationToken))
        {
            var id = OutboxStore.MessageId(["unreachable", run.TenantId, owner.ToLowerInvariant(), lead.UserKey.ToLowerInvariant(), .. periods]);
            await _outbox.EnqueueAsync(run, id, "unreachable", lead, $"{ownerDisplay} can't be reached with evidence reminders", card, cancellationToken);
        }
    }

    private Task<IReadOnlyList<NudgeRecipient>> LeadsAsync(DueScanRun run, CancellationToken cancellationToken) =>
        run.LeadsAsync(async () =>
        {
            var leads = await _recipients.LeadsAsync(run.TenantId, cancellationToken);
            if (leads.Count == 0)
            {
                LogNoLeads(_logger, run.TenantId);
            }

            return leads;
        });

    [LoggerMessage(Level = LogLevel.Warning, Message = "Nudge scan of {Tenant}: no compliance lead has a chat with AimsBot, so escalations and unreachable owners reach no one")]
    private static partial void LogNoLeads(ILogger logger, string tenant);
}
