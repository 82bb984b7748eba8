using System.Globalization;
using AimsBot.Domain.Nudges;
using AimsBot.Domain.Scheduling;
using AimsBot.Storage.Outbox;
using Microsoft.Extensions.Options;

namespace AimsBot.Nudges;

/// <summary>
/// The owner's reminder: one card per owner per run listing the periods owed a reminder (at most
/// <see cref="NudgeCards.MaxItems"/>, the most overdue first; the rest follow on the next run), under an id built
/// from the periods and their reminder numbers.
/// </summary>
public sealed class OwnerReminders
{
    private readonly DueScanOutbox _outbox;
    private readonly int _maxSnoozes;

    public OwnerReminders(DueScanOutbox outbox, IOptions<NudgeOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _outbox = outbox;
        _maxSnoozes = options.Value.MaxSnoozes;
    }

    /// <summary>
    /// Queues the owner's card (nothing when no period is owed a reminder) and returns what each period it carries
    /// must record: its reminder number and the card's id.
    /// </summary>
    public async Task<IReadOnlyList<(DuePeriod Period, int Reminder, string MessageId)>> RemindAsync(
        DueScanRun run, string owner, string? ownerName, IReadOnlyList<DuePeriod> items, NudgeRecipient recipient, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(recipient);
        var owed = items.Where(i => i.Decision.Verdict == ReminderVerdict.Remind).OrderBy(i => i.Due).ThenBy(i => i.PeriodKey, StringComparer.Ordinal).ToList();
        if (owed.Count == 0)
        {
            return [];
        }

        // A card carries no more than it can show with its actions; the rest follow on the next run.
        var max = NudgeCards.MaxItems;
        var card = owed.Take(max).Select(i => (Item: i, Number: i.Decision.ReminderNumber)).ToList();

        // A scan that crashed after queuing a card but before recording it on every row left some rows marked
        // with the card's id and some not. Rebuild that card's set: if it hashes to the id, it is the same card.
        foreach (var group in items.Where(i => i.Decision.Verdict == ReminderVerdict.RemindedRecently && i.State.LastReminderMessageId is not null)
                     .GroupBy(i => i.State.LastReminderMessageId!, StringComparer.Ordinal))
        {
            var marked = group.Select(i => (Item: i, Number: i.State.RemindersQueued)).ToList();
            var candidate = marked.Concat(owed.Take(Math.Max(0, max - marked.Count)).Select(i => (Item: i, Number: i.Decision.ReminderNumber))).ToList();
            if (string.Equals(MessageId(run.TenantId, owner, candidate), group.Key, StringComparison.Ordinal))
            {
                card = candidate;
                break;
            }
        }

        var messageId = MessageId(run.TenantId, owner, card);
        var model = new NudgeCardModel(run.TenantId, owner, ownerName, card.Select(c => c.Item.Shown).OrderBy(i => i.Due).ThenBy(i => i.ControlId, StringComparer.Ordinal).ToList(), run.Now, _maxSnoozes, recipient.TeamsUserId);
        var overdue = card.Count(c => c.Item.Decision.Status.State == DueState.Overdue);
        var text = overdue > 0
            ? string.Create(CultureInfo.InvariantCulture, $"Evidence is overdue for {overdue} of your control{(overdue == 1 ? "" : "s")}")
            : string.Create(CultureInfo.InvariantCulture, $"Evidence is due soon for {card.Count} of your control{(card.Count == 1 ? "" : "s")}");
        if (await _outbox.EnqueueAsync(run, messageId, "nudge", recipient, text, NudgeCards.ForOwner(model), cancellationToken))
        {
            run.Queued();
        }

        return card.Select(c => (c.Item, c.Number, messageId)).ToList();
    }

    private static string MessageId(string tenantId, string owner, IEnumerable<(DuePeriod Item, int Number)> card) =>
        OutboxStore.MessageId(
        [
            "nudge", tenantId, owner.ToLowerInvariant(),
            .. card.Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Item.PeriodKey}|{c.Number}")).Order(StringComparer.Ordinal),
        ]);
}
