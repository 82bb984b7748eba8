using AimsBot.Access;
using AimsBot.Commands;
using AimsBot.Domain;
using AimsBot.Domain.Access;
using AimsBot.Domain.Catalogue;
using AimsBot.Domain.Ledger;
using AimsBot.Domain.Nudges;
using AimsBot.Proactive;
using AimsBot.Register;
using AimsBot.Storage.Nudges;
using AimsBot.Storage.Outbox;
using AimsBot.Storage.Register;
using Microsoft.Extensions.Options;

namespace AimsBot.Nudges;

/// <summary>
/// <c>nudge.reassign</c>: the owner names a colleague; the period's nudge row records the request and every
/// compliance lead the bot can reach except the owner (<see cref="RecipientResolver.ReassignmentDecidersAsync"/>, the
/// resolver the due scan uses too) gets a card to approve or decline, through the outbox with a deterministic id.
/// </summary>
public sealed class NudgeReassignAction : ICardActionHandler
{
    public const string OutboxPurpose = "nudge-reassign";
    private readonly NudgeCardActions _actions;
    private readonly OwnerResolver _resolver;
    private readonly OutboxStore _outbox;
    private readonly RecipientResolver _recipients;

    public NudgeReassignAction(NudgeCardActions actions, OwnerResolver resolver, OutboxStore outbox, RecipientResolver recipients)
    {
        _actions = actions;
        _resolver = resolver;
        _outbox = outbox;
        _recipients = recipients;
    }

    public async Task<CardActionOutcome> HandleAsync(CardActionContext context, CancellationToken cancellationToken)
    {
        var (pressed, control, answer) = await _actions.PressedByOwnerAsync(context, needsSubmission: true, cancellationToken);
        if (answer is not null)
        {
            return answer;
        }

        var caller = context.Caller;
        var submissionId = pressed!.SubmissionId!.Value;

        if (control!.Instance.NextDue != pressed.Key.Due)
        {
            return await _actions.CardAsync(context, pressed, cancellationToken: cancellationToken);
        }

        var errors = new List<DomainError>();
        var typed = (pressed.Input("colleague") ?? "").TrimStart('@').Trim();
        OwnerCandidate? target = null;
        if (typed.Length == 0)
        {
            errors.Add(new DomainError("nudge.reassign.colleague", "Name the colleague who should own it: their sign-in name, such as sam@contoso.com.", "colleague"));
        }
        else
        {
            var resolved = await _resolver.ResolveAsync(caller.TenantId, OwnerReference.Typed(typed), context.Turn, cancellationToken);
            if (!resolved.TryGetValue(out target))
            {
                errors.AddRange(resolved.Errors);
            }
            else if (string.Equals(target.UserId, caller.UserKey, StringComparison.OrdinalIgnoreCase))
            {
                errors.Add(new DomainError("nudge.reassign.self", "That is you: name the colleague who should take it over.", "colleague"));
            }
        }

        var reason = NudgeRules.ReassignReason(pressed.Input("why"));
        errors.AddRange(reason.Errors);
        if (errors.Count > 0)
        {
            var values = NudgeCardActions.Values(pressed, "colleague", "why");
            return await _actions.CardAsync(context, pressed, retry: new NudgeRetry(pressed.Key, NudgeCards.ReassignForm, values, errors, submissionId), cancellationToken: cancellationToken);
        }

        var requestId = submissionId.ToString("N");
        var (before, after) = await _actions.ModifyRowAsync(caller.TenantId, pressed.Key, row =>
        {
            if (NudgeLiveCards.IsPending(row))
            {
                return false; // Already asked (this press again, or an earlier one): the leads have it.
            }

            row.ReassignTo = target!.UserId;
            row.ReassignToName = target.Name ?? target.Display;
            row.ReassignRequestedBy = caller.UserKey;
            row.ReassignRequestedAt = _actions.Clock.GetUtcNow();
            row.ReassignReason = reason.Value is { Length: > 0 } why ? why : null;
            row.ReassignRequestId = requestId;
            row.ReassignOutcome = null;
            row.ReassignDecidedBy = null;
            row.ReassignDecidedAt = null;
            return true;
        }, cancellationToken);

        if (after is null)
        {
            return await _actions.CardAsync(context, pressed, cancellationToken: cancellationToken);
        }

        await _actions.AppendAsync(context, LedgerEvents.ReassignRequested, pressed.Key, before, after, cancellationToken);
        var request = new ReassignRequestView(
            pressed.Key, AnnexA.Get(pressed.Key.ControlId).Title, await _actions.Live.SystemNameAsync(caller.TenantId, pressed.Key.Scope, cancellationToken),
            caller.Name ?? OwnerIds.Display(control.Instance.OwnerUserId, control.OwnerName), after.ReassignToName ?? after.ReassignTo!, after.ReassignReason, requestId);
        var queued = await QueueForLeadsAsync(caller, request, cancellationToken);
        var notice = queued > 0
            ? $"Asked the compliance leads to approve handing {pressed.Key.ControlId} to {request.ToName}."
            : $"Recorded your request to hand {pressed.Key.ControlId} to {request.ToName}, but no compliance lead has a chat with the bot yet: please tell one.";
        return await _actions.CardAsync(context, pressed, notice, cancellationToken: cancellationToken);
    }

    /// <summary>Queues the leads' card once per lead and request (a repeat queues nothing); returns how many leads it reaches.</summary>
    private async Task<int> QueueForLeadsAsync(Caller caller, ReassignRequestView request, CancellationToken cancellationToken)
    {
        var reached = 0;
        var now = _actions.Clock.GetUtcNow();
        var card = NudgeCards.ReassignRequest(request);
        // The person asking does not decide their own request (separation of duties), so they get no card.
        foreach (var lead in await _recipients.ReassignmentDecidersAsync(caller.TenantId, caller.UserKey, cancellationToken))
        {
            var id = OutboxStore.MessageId(OutboxPurpose, caller.TenantId, request.Key.ToString(), request.RequestId, lead.UserKey);
            await _outbox.EnqueueAsync(OutboxCards.Message(caller.TenantId, id, OutboxPurpose, lead.Chat, $"Reassignment requested for {request.Key.ControlId}", card, now, now), cancellationToken);
            reached++;
        }

        return reached;
    }
}

/// <summary>
/// <c>nudge.reassign.approve</c> and <c>nudge.reassign.decline</c>: a compliance lead decides. Approving needs a
/// lead other than the person who asked; it changes the owner through the register's owner-change path (ledger
/// event, the new owner's zone). The first decision wins: a second press (or a second lead) sees the outcome.
/// </summary>
public abstract class NudgeReassignDecision : ICardActionHandler
{
    private readonly NudgeCardActions _actions;
    private readonly RegisterService _register;
    private readonly UserLookup _users;
    private readonly bool _approve;

    protected NudgeReassignDecision(NudgeCardActions actions, RegisterService register, UserLookup users, bool approve)
    {
        _actions = actions;
        _register = register;
        _users = users;
        _approve = approve;
    }

    public async Task<CardActionOutcome> HandleAsync(CardActionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var form = new FormData(context.Data);
        var key = NudgeItemKey.TryParse(form.Text("scope"), form.Text("controlId"), form.Text("due"));
        var requestId = form.Guid("requestId")?.ToString("N");
        if (key is null || requestId is null)
        {
            return NudgeCardActions.OutOfDate();
        }

        var caller = context.Caller;
        var partition = RegisterKeys.ControlPartition(caller.TenantId, key.Scope);
        var current = await _actions.Nudges.GetOrNewAsync(partition, key.ControlId.Value, key.Due, cancellationToken);
        if (current.ReassignRequestId != requestId || current.ReassignTo is null || current.ReassignRequestedBy is null)
        {
            return NudgeCardActions.OutOfDate();
        }

        var view = await ViewAsync(caller.TenantId, key, current, cancellationToken);
        if (!NudgeLiveCards.IsPending(current))
        {
            return CardActionOutcome.Replace(NudgeCards.ReassignDecided(view, $"Already decided: {current.ReassignOutcome}."));
        }

        if (NudgeRules.MayDecideReassignment(caller.Actor, current.ReassignRequestedBy, _approve) is { } refused)
        {
            return CardActionOutcome.Refuse("Forbidden", refused.Message);
        }

        var who = caller.Name ?? caller.UserKey;
        var stored = await _actions.Controls.GetAsync(caller.TenantId, key.Scope, key.ControlId, cancellationToken);
        var stillTheirs = stored is not null && string.Equals(stored.Instance.OwnerUserId, current.ReassignRequestedBy, StringComparison.OrdinalIgnoreCase);
        var outcome = !_approve ? $"Declined by {who}"
            : stillTheirs ? $"Approved by {who}"
            : $"Not applied (approved by {who}, but the owner had changed meanwhile)";

        // Claim the decision first, with the row's ETag: of two leads deciding at once, one wins and the other sees it.
        var (before, after) = await _actions.ModifyRowAsync(caller.TenantId, key, row =>
        {
            if (row.ReassignRequestId != requestId || !NudgeLiveCards.IsPending(row))
            {
                return false;
            }

            row.ReassignOutcome = outcome;
            row.ReassignDecidedBy = caller.UserKey;
            row.ReassignDecidedAt = _actions.Clock.GetUtcNow();
            return true;
        }, cancellationToken);
        if (after is null)
        {
            var decided = await _actions.Nudges.GetOrNewAsync(partition, key.ControlId.Value, key.Due, cancellationToken);
            return CardActionOutcome.Replace(NudgeCards.ReassignDecided(view, $"Already decided: {decided.ReassignOutcome}."));
        }

        if (_approve && stillTheirs)
        {
            var zone = (await _users.GetAsync(caller.TenantId, after.ReassignTo!, cancellationToken))?.TimeZone;
            var changed = await _register.AssignOwnerAsync(caller, key.Scope, key.ControlId, new OwnerCandidate(after.ReassignTo!, after.ReassignToName, zone), context.Turn.Activity.Id, cancellationToken);
            if (!changed.IsSuccess)
            {
                // Give the request back so it can be decided again; the owner did not change.
                await _actions.ModifyRowAsync(caller.TenantId, key, row =>
                {
                    row.ReassignOutcome = null;
                    row.ReassignDecidedBy = null;
                    row.ReassignDecidedAt = null;
                    return true;
                }, cancellationToken);
                return CardActionOutcome.Refuse("BadRequest", $"I could not change the owner, so the request is still open: {changed.ErrorMessage}");
            }
        }

        await _actions.AppendAsync(context, _approve ? LedgerEvents.ReassignApproved : LedgerEvents.ReassignDeclined, key, before, after, cancellationToken);
        var shown = _approve && stillTheirs ? $"{outcome}: {view.ToName} now owns {key.ControlId}." : outcome + ".";
        return CardActionOutcome.Replace(NudgeCards.ReassignDecided(view, shown));
    }

    private async Task<ReassignRequestView> ViewAsync(string tenantId, NudgeItemKey key, NudgeStateRow row, CancellationToken cancellationToken)
    {
        var asker = await _users.GetAsync(tenantId, row.ReassignRequestedBy!, cancellationToken);
        return new ReassignRequestView(
            key, AnnexA.Get(key.ControlId).Title, await _actions.Live.SystemNameAsync(tenantId, key.Scope, cancellationToken),
            asker?.Name ?? row.ReassignRequestedBy!, row.ReassignToName ?? row.ReassignTo!, row.ReassignReason, row.ReassignRequestId!);
    }
}

public sealed class NudgeReassignApproveAction(NudgeCardActions actions, RegisterService register, UserLookup users)
    : NudgeReassignDecision(actions, register, users, approve: true)
{
}

public sealed class NudgeReassignDeclineAction(NudgeCardActions actions, RegisterService register, UserLookup users)
    : NudgeReassignDecision(actions, register, users, approve: false)
{
}
