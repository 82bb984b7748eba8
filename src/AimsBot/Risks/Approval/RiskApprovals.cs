using System.Globalization;
using System.Text.Json.Nodes;
using AimsBot.Commands;
using AimsBot.Domain;
using AimsBot.Domain.Access;
using AimsBot.Domain.Ledger;
using AimsBot.Domain.Risks;
using AimsBot.Domain.Scheduling;
using AimsBot.Ledger;
using AimsBot.Proactive;
using AimsBot.Register;
using AimsBot.Risks.Register;
using AimsBot.Storage;
using AimsBot.Storage.Ledger;
using AimsBot.Storage.Outbox;
using AimsBot.Storage.Register;
using AimsBot.Storage.Risks;
using AimsBot.Teams.Cards;
using Microsoft.Extensions.Options;

namespace AimsBot.Risks.Approval;

/// <summary>A risk as stored, with its AI system (null for an organisation-wide risk), ready for the domain.</summary>
public sealed record RiskUnderApproval(StoredAiSystem? System, Risk Risk, Azure.ETag ETag);

/// <summary>What sending a submitted plan for approval did: who got the card, and what the submitter is told.</summary>
public sealed record RiskApprovalRequestSent(IReadOnlyList<RiskApproverContact> SentTo, string Message);

/// <summary>
/// The approval of submitted treatment plans: sending the approval card to the approvers' 1:1 chats (through the
/// outbox, one deterministic message per approver and plan revision), each viewer's view of the card, and the decision
/// — ETag-guarded, so of any number of presses the first decision wins and the others see it — with its ledger event
/// and the card its requesters get.
/// </summary>
public sealed class RiskApprovals
{
    /// <summary>
    /// How long a decision is left to the press that made it before another press completes what it may have left
    /// undone (the ledger event, the requesters' cards): parallel presses arrive within it; a retry after a crash later.
    /// </summary>
    public static readonly TimeSpan CompletionGrace = TimeSpan.FromSeconds(30);

    /// <summary>The requester's Edit button after a rejection or a request for changes: the register's edit form of the risk as decided.</summary>
    public static ExecuteAction EditButton(Risk risk)
    {
        ArgumentNullException.ThrowIfNull(risk);
        return new ExecuteAction
        {
            Title = "Edit",
            Verb = RiskCards.EditVerb,
            Data = new JsonObject { ["riskId"] = risk.Id.ToString(), ["revision"] = risk.Revision.ToString(CultureInfo.InvariantCulture) },
        };
    }

    private const int MaxAttempts = 5;

    private readonly RiskRepository _risks;
    private readonly AiSystemRepository _systems;
    private readonly RiskApproverRouting _routing;
    private readonly LedgerRecorder _ledger;
    private readonly ILedgerStore _ledgerReads;
    private readonly UserLookup _users;
    private readonly OutboxStore _outbox;
    private readonly IOptions<RiskOptions> _options;
    private readonly RegisterOptions _register;
    private readonly TimeProvider _clock;

    public RiskApprovals(
        RiskRepository risks,
        AiSystemRepository systems,
        RiskApproverRouting routing,
        LedgerRecorder ledger,
        ILedgerStore ledgerReads,
        UserLookup users,
        OutboxStore outbox,
        IOptions<RiskOptions> options,
        IOptions<RegisterOptions> register,
        TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(register);
        _risks = risks;
        _systems = systems;
        _routing = routing;
        _ledger = ledger;
        _ledgerReads = ledgerReads;
        _users = users;
        _outbox = outbox;
        _options = options;
        _register = register.Value;
        _clock = clock;
    }

    private RiskOptions Options => _options.Value;

    private RiskCriteriaOptions Criteria => Options.Criteria;

    private bool ManagersMayApprove => Options.ApproverPolicy == RiskApproverPolicy.RiskApproversOrOwnersManager;

    /// <summary>The stored risk with its AI system, or why it can't be read.</summary>
    public async Task<Result<RiskUnderApproval>> LoadAsync(string tenantId, RiskId id, CancellationToken cancellationToken)
    {
        var stored = await _risks.GetAsync(tenantId, id, cancellationToken);
        StoredAiSystem? system = null;
        if (stored?.State.SystemId is { } systemId)
        {
            system = await _systems.GetAsync(tenantId, systemId, cancellationToken);
        }

        if (stored is null || (stored.State.SystemId is not null && system is null))
        {
            return Result.Failure<RiskUnderApproval>(new DomainError("risk.gone", $"{id} is no longer in the register. Say **risks** to list them."));
        }

        return Risk.Restore(stored.State).Map(r => new RiskUnderApproval(system, r, stored.ETag));
    }

    /// <summary>
    /// Sends a just-submitted plan to everyone who may approve it (their 1:1 chats, through the outbox: a re-run of the
    /// same submission queues nothing twice), and words what happened for the submitter — including what must be
    /// configured when nobody can approve it.
    /// </summary>
    public async Task<RiskApprovalRequestSent> SendForApprovalAsync(string tenantId, StoredAiSystem? system, Risk submitted, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(submitted);
        var route = await _routing.RouteAsync(tenantId, submitted, Criteria, ManagersMayApprove, cancellationToken);
        var view = await ViewAsync(tenantId, system, submitted, route, null, cancellationToken);
        var card = RiskApprovalCards.Card(view, RiskApprovalViewer.Decider);
        var now = _clock.GetUtcNow();
        var sent = new List<RiskApproverContact>();
        foreach (var approver in route.Approvers)
        {
            if (approver.Chat is not { ConversationId: { Length: > 0 } conversation, ServiceUrl: { Length: > 0 } serviceUrl })
            {
                continue;
            }

            var id = OutboxStore.MessageId("risk-approval", tenantId, submitted.Id.ToString(), Num(submitted.PlanRevision), approver.UserKey);
            await _outbox.EnqueueAsync(
                OutboxCards.Message(tenantId, id, "risk-approval", new ProactiveRecipient(approver.UserKey, serviceUrl, conversation), $"Risk treatment plan to approve: {view.Heading}", card, now, now),
                cancellationToken);
            sent.Add(approver);
        }

        var names = sent.Select(a => (a.Name ?? a.UserKey) + (a.IsOwnersManager ? " (the risk owner's manager)" : "")).ToList();
        var who = route.Route.Kind == RiskApproverKind.TopManagement ? " (top management: the residual risk is above the acceptance threshold)" : "";
        var message = sent.Count == 0
            ? $"I could not send it to anyone for approval. {string.Join(" ", route.Notes)}"
            : $"It went to {Join(names)}{who} for approval. {string.Join(" ", route.Notes)}".TrimEnd();
        return new RiskApprovalRequestSent(sent, message);
    }

    /// <summary>The card as the caller sees it now (the refresh): buttons only for someone who may decide; refused to someone who may not read the risk.</summary>
    public async Task<CardActionOutcome> CardAsync(Caller caller, RiskId id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var loaded = await LoadAsync(caller.TenantId, id, cancellationToken);
        if (!loaded.TryGetValue(out var found))
        {
            return CardActionOutcome.Refuse("BadRequest", loaded.ErrorMessage);
        }

        return await CardAsync(caller, found, null, null, null, null, cancellationToken);
    }

    /// <summary>
    /// Approve, Reject or Request changes pressed. The domain checks, in order: a decision already made on this plan
    /// (first wins: the card as it is, saying who decided), a plan changed since the card (the current plan), that it
    /// waits, who may decide (with the risk owner's manager looked up only for a caller it refuses otherwise), the
    /// reason or comment; then it is written with the ETag read, so a concurrent decision makes this one re-read and
    /// answer with the decision that won. One ledger event per decision.
    /// </summary>
    public async Task<CardActionOutcome> DecideAsync(CardActionContext context, RiskDecisionKind kind, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var caller = context.Caller;
        var form = new FormData(context.Data);
        if (Pressed.Parse(form) is not { } pressed)
        {
            return OutOfDate();
        }

        var text = kind switch
        {
            RiskDecisionKind.Rejected => form.Raw(RiskApprovalCards.ReasonInput),
            RiskDecisionKind.ChangesRequested => form.Raw(RiskApprovalCards.CommentInput),
            _ => null,
        };
        var zone = _register.OrganizationZone;
        for (var attempt = 1; ; attempt++)
        {
            var loaded = await LoadAsync(caller.TenantId, pressed.Id, cancellationToken);
            if (!loaded.TryGetValue(out var found))
            {
                return CardActionOutcome.Refuse("BadRequest", loaded.ErrorMessage);
            }

            var risk = found.Risk;
            var names = await NamesAsync(caller.TenantId, found, caller, cancellationToken);
            string NameOf(string userId) => names.GetValueOrDefault(userId, userId);
            Result<Risk> Decide(string? manager) => kind switch
            {
                RiskDecisionKind.Approved => risk.Approve(found.System?.System, caller.Actor, pressed.PlanRevision, text, manager, Criteria, zone, _clock, NameOf),
                RiskDecisionKind.Rejected => risk.Reject(found.System?.System, caller.Actor, pressed.PlanRevision, text, manager, Criteria, zone, _clock, NameOf),
                _ => risk.RequestChanges(found.System?.System, caller.Actor, pressed.PlanRevision, text, manager, Criteria, zone, _clock, NameOf),
            };

            // The domain decides with risk approvers (or top management) alone first; only someone it refuses, under the
            // manager's policy, costs a directory look-up (are they the risk owner's manager?).
            var decided = Decide(null);
            string? managerNote = null;
            if (HasError(decided, "access.refused") && ManagersMayApprove)
            {
                (var manager, managerNote) = await _routing.OwnersManagerAsync(risk, Criteria, ManagersMayApprove, cancellationToken);
                if (manager is not null)
                {
                    decided = Decide(manager.Id);
                }
            }

            if (!decided.TryGetValue(out var after))
            {
                var error = decided.Errors[0];
                switch (error.Code)
                {
                    case "access.refused":
                        return CardActionOutcome.Refuse("Forbidden", error.Message + " I changed nothing." + (managerNote is null ? "" : " " + managerNote));
                    case "risk.already-decided":
                        await CompleteIfLeftUndoneAsync(context, found, cancellationToken);
                        return await CardAsync(caller, found, error.Message, null, null, null, cancellationToken);
                    case "risk.plan-changed":
                    case "risk.not-submitted":
                    case "risk.closed":
                        return await CardAsync(caller, found, error.Message, null, null, null, cancellationToken);
                    default:
                        // A problem with the reason or comment: the card again, the text kept, the problem said.
                        return await CardAsync(
                            caller, found, null, decided.Errors,
                            kind == RiskDecisionKind.Rejected ? text : null,
                            kind == RiskDecisionKind.ChangesRequested ? text : null,
                            cancellationToken);
                }
            }

            StoredRisk written;
            try
            {
                written = await _risks.ReplaceAsync(caller.TenantId, after.ToState(), found.ETag, cancellationToken);
            }
            catch (ConcurrencyConflictException) when (attempt < MaxAttempts)
            {
                continue; // another press wrote first: read what it wrote and answer with that
            }
            catch (ConcurrencyConflictException)
            {
                return CardActionOutcome.Refuse("Conflict", $"Someone else is changing {risk.Id} right now, so I changed nothing. Please try again in a moment.");
            }

            await _ledger.RecordAsync(caller, DecisionRecord(after), context.Turn.Activity.Id, cancellationToken);
            var now = found with { Risk = after, ETag = written.ETag };
            await NotifyRequestersAsync(caller.TenantId, now, caller, cancellationToken);
            var notice = after.Status switch
            {
                RiskStatus.Approved => $"You approved the plan: the residual risk is accepted until {CardText.Date(after.AcceptedUntil)}. The requester has been told.",
                RiskStatus.Rejected => "You rejected the plan with your reason. The requester has been told.",
                _ => "You asked for changes with your comment. The requester has been told.",
            };
            return await CardAsync(caller, now, notice, null, null, null, cancellationToken);
        }
    }

    /// <summary>
    /// A press after the decision: when the press that decided had long enough and its ledger event is missing (it
    /// stopped after writing the row), record it and queue the requesters' cards (their ids are deterministic).
    /// </summary>
    private async Task CompleteIfLeftUndoneAsync(CardActionContext context, RiskUnderApproval found, CancellationToken cancellationToken)
    {
        if (found.Risk.LastDecision is not { } last || _clock.GetUtcNow() - last.DecidedAt < CompletionGrace)
        {
            return;
        }

        var definition = Definition(last.Kind);
        var events = await _ledgerReads.ForEntityAsync(context.Caller.TenantId, definition.EntityIdOf(found.Risk.Id), cancellationToken);
        if (events.Any(e => e.Action == definition.Name && e.OccurredAt >= last.DecidedAt))
        {
            return;
        }

        var decider = context.Caller.Actor.Is(last.DecidedBy) ? context.Caller.Actor : Actor.Create(last.DecidedBy);
        await _ledger.RecordAsync(context.Caller.TenantId, decider, DecisionRecord(found.Risk), context.Turn.Activity.Id, cancellationToken);
        await NotifyRequestersAsync(context.Caller.TenantId, found, null, cancellationToken);
    }

    /// <summary>The decided plan's card to each of its proposers with a chat: one message per person and decision, however often it runs.</summary>
    private async Task NotifyRequestersAsync(string tenantId, RiskUnderApproval found, Caller? decider, CancellationToken cancellationToken)
    {
        var risk = found.Risk;
        if (risk.LastDecision is not { } decision)
        {
            return;
        }

        var view = await ViewAsync(tenantId, found.System, risk, null, decider, cancellationToken);
        var card = RiskApprovalCards.DecisionForRequester(view, EditButton(risk));
        var now = _clock.GetUtcNow();
        foreach (var requester in decision.ProposedBy.Distinct(StringComparer.OrdinalIgnoreCase))
        {
            var record = await _users.GetAsync(tenantId, requester, cancellationToken);
            if (record is not { Reachable: true, ConversationId: { Length: > 0 } conversation, ServiceUrl: { Length: > 0 } serviceUrl })
            {
                continue; // No chat with the bot: the approval card's refresh and `risk R-12` still show it.
            }

            var id = OutboxStore.MessageId("risk-decision", tenantId, risk.Id.ToString(), Num(risk.Decisions.Count), record.RowKey);
            await _outbox.EnqueueAsync(
                OutboxCards.Message(tenantId, id, "risk-decision", new ProactiveRecipient(record.RowKey, serviceUrl, conversation), card.FallbackText ?? view.Heading, card, now, now),
                cancellationToken);
        }
    }

    private async Task<CardActionOutcome> CardAsync(Caller caller, RiskUnderApproval found, string? notice, IReadOnlyList<DomainError>? errors, string? typedReason, string? typedComment, CancellationToken cancellationToken)
    {
        var (viewer, manager) = await ViewerAsync(caller, found, cancellationToken);
        if (viewer is null)
        {
            var refused = Permissions.Can(caller.Actor, DomainAction.ViewRisks, found.Risk.ViewContext(found.System?.System, manager)).Reason;
            return CardActionOutcome.Refuse("Forbidden", refused ?? "You can't see this risk.");
        }

        // The risk approvers (or top management) only: no directory call on every refresh; the viewer is added when they may decide.
        RiskApproverRoute? route = found.Risk.Status == RiskStatus.AwaitingApproval && found.Risk.Plan.Residual is not null
            ? await _routing.RouteAsync(caller.TenantId, found.Risk, Criteria, managersMayApprove: false, cancellationToken)
            : null;
        var view = await ViewAsync(caller.TenantId, found.System, found.Risk, route, caller, cancellationToken);
        if (viewer == RiskApprovalViewer.Decider && caller.TeamsUserId.Length > 0 && !view.RefreshUserIds.Contains(caller.TeamsUserId, StringComparer.Ordinal))
        {
            view = view with { RefreshUserIds = [.. view.RefreshUserIds, caller.TeamsUserId] };
        }

        return CardActionOutcome.Replace(RiskApprovalCards.Card(view, viewer.Value, notice, errors, typedReason, typedComment));
    }

    /// <summary>
    /// How the caller sees the card: someone the domain lets decide the buttons (a risk approver or top management, or
    /// the risk owner's manager, looked up only for someone refused otherwise); a proposer or the risk owner the status;
    /// anyone else who may read the risk read-only; null for someone who may not read it.
    /// </summary>
    private async Task<(RiskApprovalViewer? Viewer, string? Manager)> ViewerAsync(Caller caller, RiskUnderApproval found, CancellationToken cancellationToken)
    {
        var actor = caller.Actor;
        var risk = found.Risk;
        string? managerId = null;
        if (risk.Status == RiskStatus.AwaitingApproval && risk.Route(Criteria, null) is { } route)
        {
            if (RiskApproverRouting.MayDecide(actor, risk, route))
            {
                return (RiskApprovalViewer.Decider, null);
            }

            if (!risk.ProposedBy.Any(actor.Is))
            {
                var (manager, _) = await _routing.OwnersManagerAsync(risk, Criteria, ManagersMayApprove, cancellationToken);
                managerId = manager?.Id;
                if (risk.Route(Criteria, managerId) is { } withManager && RiskApproverRouting.MayDecide(actor, risk, withManager) && managerId is not null)
                {
                    return (RiskApprovalViewer.Decider, managerId);
                }
            }
        }

        var requesters = risk.Status == RiskStatus.AwaitingApproval || risk.LastDecision is null ? risk.ProposedBy : risk.LastDecision.ProposedBy;
        if (requesters.Any(actor.Is) || actor.Is(risk.OwnerUserId))
        {
            return (RiskApprovalViewer.Requester, managerId);
        }

        return Permissions.Can(actor, DomainAction.ViewRisks, risk.ViewContext(found.System?.System, managerId)).IsAllowed
            ? (RiskApprovalViewer.Other, managerId)
            : (null, managerId);
    }

    /// <param name="viewer">Who asks: the name Teams gave them counts when the bot has none stored for them yet.</param>
    private async Task<RiskApprovalView> ViewAsync(string tenantId, StoredAiSystem? system, Risk risk, RiskApproverRoute? route, Caller? viewer, CancellationToken cancellationToken)
    {
        var found = new RiskUnderApproval(system, risk, default);
        var names = await NamesAsync(tenantId, found, viewer, cancellationToken);
        var refresh = new List<string>();
        var requesters = risk.Status == RiskStatus.AwaitingApproval || risk.LastDecision is null ? risk.ProposedBy : risk.LastDecision.ProposedBy;
        foreach (var id in requesters.Concat(risk.LastDecision is { } last ? [last.DecidedBy] : []))
        {
            if ((await _users.GetAsync(tenantId, id, cancellationToken))?.TeamsUserId is { Length: > 0 } teamsId)
            {
                refresh.Add(teamsId);
            }
        }

        refresh.AddRange((route?.Approvers ?? []).Select(a => a.TeamsUserId).OfType<string>().Where(t => t.Length > 0));
        var today = DueDateCalculator.Today(_clock, _register.OrganizationZone);
        return RiskApprovalViews.Build(risk, system?.System.Name, Criteria, id => names.GetValueOrDefault(id, id), today, refresh.Distinct(StringComparer.Ordinal).ToList());
    }

    /// <summary>The names the bot knows of everyone the card mentions; the system owner's name from the register, the viewer's from Teams.</summary>
    private async Task<Dictionary<string, string>> NamesAsync(string tenantId, RiskUnderApproval found, Caller? viewer, CancellationToken cancellationToken)
    {
        var risk = found.Risk;
        var ids = new[] { risk.OwnerUserId }.OfType<string>()
            .Concat(risk.ProposedBy)
            .Concat(risk.Decisions.SelectMany(d => d.ProposedBy.Append(d.DecidedBy)))
            .Concat(risk.Plan.Actions.Select(a => a.OwnerUserId))
            .Distinct(StringComparer.OrdinalIgnoreCase);
        var names = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var id in ids)
        {
            var record = await _users.GetAsync(tenantId, id, cancellationToken);
            names[id] = record?.Name is { Length: > 0 } name ? name
                : string.Equals(id, found.System?.System.OwnerUserId, StringComparison.OrdinalIgnoreCase) && found.System?.OwnerName is { Length: > 0 } owner ? owner
                : viewer is not null && viewer.Actor.Is(id) && viewer.Name is { Length: > 0 } asked ? asked
                : id;
        }

        return names;
    }

    private static LedgerEventDefinition<RiskId> Definition(RiskDecisionKind kind) => kind switch
    {
        RiskDecisionKind.Approved => LedgerEvents.RiskApproved,
        RiskDecisionKind.Rejected => LedgerEvents.RiskRejected,
        _ => LedgerEvents.RiskChangesRequested,
    };

    private static LedgerRecord DecisionRecord(Risk after)
    {
        var decision = after.Decisions[^1];
        var was = new JsonObject { ["status"] = RiskStatus.AwaitingApproval.Name(), ["planRevision"] = decision.PlanRevision };
        var now = new JsonObject
        {
            ["status"] = after.Status.Name(),
            ["planRevision"] = decision.PlanRevision,
            ["decidedBy"] = decision.DecidedBy,
            ["decidedAt"] = decision.DecidedAt.ToString("O", CultureInfo.InvariantCulture),
            ["route"] = decision.Route == RiskApproverKind.TopManagement ? "top-management" : "owners-manager-or-risk-approver",
            ["residualLevel"] = decision.ResidualLevel.Name(),
            ["proposedBy"] = new JsonArray([.. decision.ProposedBy.Select(p => (JsonNode?)JsonValue.Create(p))]),
            ["comment"] = decision.Comment,
        };
        if (after.Status == RiskStatus.Approved)
        {
            now["acceptedUntil"] = CardText.Date(after.AcceptedUntil);
        }

        return Definition(decision.Kind).About(after.Id, was.ToJsonString(), now.ToJsonString());
    }

    private static bool HasError(Result<Risk> result, string code) => !result.IsSuccess && result.Errors.Any(e => e.Code == code);

    private static CardActionOutcome OutOfDate() =>
        CardActionOutcome.Refuse("BadRequest", "This card is out of date or incomplete. Say **risks** to list the risks.");

    private static string Num(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Join(List<string> names) => names.Count switch
    {
        1 => names[0],
        _ => string.Join(", ", names.Take(names.Count - 1)) + " and " + names[^1],
    };

    /// <summary>The ids a pressed button sent (user-controlled, parsed strictly).</summary>
    internal sealed record Pressed(RiskId Id, int PlanRevision)
    {
        public static Pressed? Parse(FormData form)
        {
            var risk = form.Text(RiskApprovalCards.RiskKey);
            return RiskId.TryParse(risk, out var id)
                && int.TryParse(form.Text(RiskApprovalCards.PlanRevisionKey), NumberStyles.None, CultureInfo.InvariantCulture, out var revision) && revision <= 1_000_000
                ? new Pressed(id, revision)
                : null;
        }
    }
}
