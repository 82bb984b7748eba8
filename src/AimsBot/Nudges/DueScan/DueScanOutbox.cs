using AimsBot.Domain.Scheduling;
using AimsBot.Proactive;
using AimsBot.Storage.Outbox;
using AimsBot.Teams.Cards;
using Microsoft.Extensions.Options;

namespace AimsBot.Nudges;

/// <summary>
/// Queues what a scan sends into the outbox: each message under a deterministic id (queuing it again is a no-op),
/// to go at the next opening of the recipient's working hours in their zone.
/// </summary>
public sealed class DueScanOutbox
{
    private readonly OutboxStore _outbox;
    private readonly WorkingHours _workingHours;

    public DueScanOutbox(OutboxStore outbox, IOptions<NudgeOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _outbox = outbox;
        _workingHours = options.Value.WorkingHours();
    }

    /// <summary>True when this queued it; false when a message with the id was queued before (a re-run).</summary>
    public Task<bool> EnqueueAsync(DueScanRun run, string messageId, string purpose, NudgeRecipient to, string text, AdaptiveCard card, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(to);
        return _outbox.EnqueueAsync(
            OutboxCards.Message(run.TenantId, messageId, purpose, to.Chat, text, card, _workingHours.NextOpening(run.Now, to.Zone), run.Now),
            cancellationToken);
    }
}
