using System.Globalization;
using AimsBot.Domain.Assessments;
using AimsBot.Domain.Register;
using AimsBot.Domain.Scheduling;
using AimsBot.Nudges;
using AimsBot.Proactive;
using AimsBot.Register;
using AimsBot.Storage.Outbox;
using Microsoft.Extensions.Options;

namespace AimsBot.Assessments.Triggers;

/// <summary>Why a system's owner is asked to assess it.</summary>
public enum AssessmentCallReason
{
    /// <summary>The system was just added to the register.</summary>
    NewSystem,

    /// <summary>It is in deployment or operation without an approved assessment.</summary>
    Unassessed,

    /// <summary>Its approved assessment falls due within the warning window.</summary>
    DueSoon,

    /// <summary>Its approved assessment falls due today.</summary>
    DueToday,

    /// <summary>Its approved assessment's due date passed.</summary>
    Overdue,

    /// <summary>Someone said it changed significantly (<c>system change</c>).</summary>
    Changed,
}

/// <summary>What an "assess this system" card says: the system, why, and by when.</summary>
public sealed record AssessmentCall(
    string SystemId,
    string SystemName,
    LifecycleStage Stage,
    RiskTier Tier,
    string OwnerDisplay,
    AssessmentCallReason Reason,
    DateOnly? DueOn = null,
    int? DaysLeft = null,
    int? ApprovedVersion = null,
    string? ChangeReason = null,
    string? ChangedBy = null);

/// <summary>Whether the owner's card was queued, was queued before (a repeat), or can't reach them and why.</summary>
public sealed record CallOutcome(bool Reached, bool Queued, string? Unreachable);

/// <summary>
/// Queues the cards that ask a system's owner to assess it, and tell the compliance leads when an assessment is
/// overdue: through the outbox (sent by the drain, paced), each under a deterministic id built from what it is about,
/// so saying the same thing again queues nothing. A card waits for the next opening of the recipient's working hours
/// (<c>Nudges:WorkingHours…</c>, in their zone).
/// </summary>
public sealed class AssessmentCalls
{
    /// <summary>The outbox purpose of the owner's card.</summary>
    public const string OwnerPurpose = "assessment-call";

    /// <summary>The outbox purpose of the leads' card about an overdue assessment.</summary>
    public const string LeadsPurpose = "assessment-overdue";

    private readonly OutboxStore _outbox;
    private readonly RecipientResolver _recipients;
    private readonly WorkingHours _workingHours;
    private readonly TimeProvider _clock;

    public AssessmentCalls(OutboxStore outbox, RecipientResolver recipients, IOptions<NudgeOptions> nudges, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(nudges);
        _outbox = outbox;
        _recipients = recipients;
        _workingHours = nudges.Value.WorkingHours();
        _clock = clock;
    }

    /// <summary>
    /// The id of the owner's card about <paramref name="call"/>. A system never assessed is asked once in its life
    /// (added, or found unassessed in deployment or operation: the same id); a due date once per approved version and
    /// date (whether first seen as due soon, due or overdue); a change once per change (to the second, which survives any
/// store's rounding of its time).
    /// </summary>
    public static string OwnerMessageId(string tenantId, AssessmentCall call, DateTimeOffset? changedAt = null)
    {
        ArgumentNullException.ThrowIfNull(call);
        return call.Reason switch
        {
            AssessmentCallReason.NewSystem or AssessmentCallReason.Unassessed => OutboxStore.MessageId(OwnerPurpose, tenantId, call.SystemId, "first"),
            AssessmentCallReason.Changed => OutboxStore.MessageId(OwnerPurpose, tenantId, call.SystemId, "change", (changedAt ?? throw new ArgumentNullException(nameof(changedAt))).UtcDateTime.ToString("yyyyMMddTHHmmss", CultureInfo.InvariantCulture)),
            _ => OutboxStore.MessageId(OwnerPurpose, tenantId, call.SystemId, "due", (call.ApprovedVersion ?? 0).ToString(CultureInfo.InvariantCulture), Date(call.DueOn)),
        };
    }

    /// <summary>Queues the owner's card (<paramref name="ownerUserId"/>), or says why they can't get it.</summary>
    public async Task<CallOutcome> CallOwnerAsync(string tenantId, string ownerUserId, string? ownerName, AssessmentCall call, string messageId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        var contact = await _recipients.OwnerAsync(tenantId, ownerUserId, ownerName, cancellationToken);
        if (contact.Reach != OwnerReach.Reachable)
        {
            return new CallOutcome(false, false, contact.Reason ?? "AimsBot is being installed for them in Teams.");
        }

        var queued = await EnqueueAsync(tenantId, messageId, OwnerPurpose, contact.Recipient!, AssessmentTriggerCards.Text(call), AssessmentTriggerCards.ForOwner(call), cancellationToken);
        return new CallOutcome(true, queued, null);
    }

    /// <summary>Tells every compliance lead the bot can write to, once per system, approved version and due date, that an assessment is overdue.</summary>
    public async Task<int> TellLeadsOverdueAsync(string tenantId, AssessmentCall call, IReadOnlyList<NudgeRecipient> leads, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(leads);
        var queued = 0;
        var card = AssessmentTriggerCards.ForLeads(call);
        foreach (var lead in leads)
        {
            var id = OutboxStore.MessageId(LeadsPurpose, tenantId, call.SystemId, (call.ApprovedVersion ?? 0).ToString(CultureInfo.InvariantCulture), Date(call.DueOn), lead.UserKey.ToLowerInvariant());
            if (await EnqueueAsync(tenantId, id, LeadsPurpose, lead, $"The impact assessment of {call.SystemName} is overdue", card, cancellationToken))
            {
                queued++;
            }
        }

        return queued;
    }

    /// <summary>The compliance leads the bot can write to.</summary>
    public Task<IReadOnlyList<NudgeRecipient>> LeadsAsync(string tenantId, CancellationToken cancellationToken) => _recipients.LeadsAsync(tenantId, cancellationToken);

    private Task<bool> EnqueueAsync(string tenantId, string messageId, string purpose, NudgeRecipient to, string text, Teams.Cards.AdaptiveCard card, CancellationToken cancellationToken)
    {
        var now = _clock.GetUtcNow();
        return _outbox.EnqueueAsync(OutboxCards.Message(tenantId, messageId, purpose, to.Chat, text, card, _workingHours.NextOpening(now, to.Zone), now), cancellationToken);
    }

    private static string Date(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "none";
}
