using System.Globalization;
using System.Text.Json.Nodes;
using AimsBot.Commands;
using AimsBot.Domain;
using AimsBot.Domain.Access;
using AimsBot.Domain.Assessments;
using AimsBot.Domain.Ledger;
using AimsBot.Ledger;
using AimsBot.Proactive;
using AimsBot.Register;
using AimsBot.Storage;
using AimsBot.Storage.Assessments;
using AimsBot.Storage.Ledger;
using AimsBot.Storage.Outbox;
using AimsBot.Storage.Register;
using AimsBot.Storage.Users;
using Microsoft.Extensions.Options;

namespace AimsBot.Assessments.Approval;

/// <summary>An assessment version as stored, with its system, ready for the domain.</summary>
public sealed record LoadedAssessment(StoredAiSystem System, ImpactAssessment Assessment, Azure.ETag ETag);

/// <summary>What sending a submitted assessment for approval did: who got the card, and what the submitter is told.</summary>
public sealed record ApprovalRequestSent(IReadOnlyList<ApproverContact> SentTo, string Message);

/// <summary>
/// The approval of submitted impact assessments: sending the approval card to the approvers' 1:1 chats (through the
/// outbox, one deterministic message per approver and submission), each viewer's view of the card, and the decision —
/// ETag-guarded, so of any number of presses the first decision wins and the others see it — with what approval does
/// (<see cref="ApprovalEffects"/>).
/// </summary>
public sealed class AssessmentApprovals
{
    /// <summary>
    /// How long a decision is left to the press that made it before another press completes what it may have left
    /// undone (the ledger event, evidence, proposed risks): parallel presses arrive within it; a retry after a crash
    /// comes later.
    /// </summary>
    public static readonly TimeSpan CompletionGrace = TimeSpan.FromSeconds(30);

    private const int MaxAttempts = 5;

    private readonly ImpactAssessmentRepository _assessments;
    private readonly AiSystemRepository _systems;
    private readonly QuestionnaireCatalog _questionnaires;
    private readonly ApproverRouting _routing;
    private readonly ApprovalEffects _effects;
    private readonly LedgerRecorder _ledger;
    private readonly ILedgerStore _ledgerReads;
    private readonly UserLookup _users;
    private readonly OutboxStore _outbox;
    private readonly IOptions<AssessmentOptions> _options;
    private readonly RegisterOptions _register;
    private readonly TimeProvider _clock;

    public AssessmentApprovals(
        ImpactAssessmentRepository assessments,
        AiSystemRepository systems,
        QuestionnaireCatalog questionnaires,
        ApproverRouting routing,
        ApprovalEffects effects,
        LedgerRecorder ledger,
        ILedgerStore ledgerReads,
        UserLookup users,
        OutboxStore outbox,
        IOptions<AssessmentOptions> options,
        IOptions<RegisterOptions> register,
        TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(register);
        _assessments = assessments;
        _systems = systems;
        _questionnaires = questionnaires;
        _routing = routing;
        _effects = effects;
        _ledger = ledger;
        _ledgerReads = ledgerReads;
        _users = users;
        _outbox = outbox;
        _options = options;
        _register = register.Value;
        _clock = clock;
    }

    private AssessmentOptions Options => _options.Value;

    /// <summary>The stored version with its system and questionnaire, or why it can't be read.</summary>
    public async Task<Result<LoadedAssessment>> LoadAsync(string tenantId, string systemId, int version, CancellationToken cancellationToken)
    {
        var stored = await _assessments.GetAsync(tenantId, systemId, version, cancellationToken);
        var system = stored is null ? null : await _systems.GetAsync(tenantId, systemId, cancellationToken);
        if (stored is null || system is null)
        {
            return Result.Failure<LoadedAssessment>(new DomainError("assessment.gone", "This impact assessment is no longer in the register. Say **assessments** to see every system's."));
        }

        var key = $"{stored.State.QuestionnaireId}@{stored.State.QuestionnaireVersion}";
        if (await _questionnaires.GetAsync(tenantId, key, cancellationToken) is not { } questionnaire)
        {
            return Result.Failure<LoadedAssessment>(new DomainError("assessment.questionnaire.gone", $"The questionnaire {key} this assessment answers is no longer available; ask a compliance lead."));
        }

        return ImpactAssessment.Restore(stored.State, questionnaire).Map(a => new LoadedAssessment(system, a, stored.ETag));
    }

    /// <summary>
    /// Sends a just-submitted assessment to everyone who may approve it (their 1:1 chats, through the outbox: a re-run
    /// of the same submission queues nothing twice), and words what happened for the submitter — including who must be
    /// configured when nobody can approve it.
    /// </summary>
    public async Task<ApprovalRequestSent> SendForApprovalAsync(string tenantId, StoredAiSystem system, ImpactAssessment submitted, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentNullException.ThrowIfNull(submitted);
        var route = await _routing.RouteAsync(tenantId, system.System, submitted, Options.ApproverPolicy, cancellationToken);
        var view = await ViewAsync(tenantId, system, submitted, route, cancellationToken);
        var card = ApprovalCards.Card(view, ApprovalViewer.Decider);
        var now = _clock.GetUtcNow();
        var sent = new List<ApproverContact>();
        foreach (var approver in route.Approvers)
        {
            if (approver.Chat is not { ConversationId: { Length: > 0 } conversation, ServiceUrl: { Length: > 0 } serviceUrl })
            {
                continue;
            }

            var id = OutboxStore.MessageId("assessment-approval", tenantId, submitted.SystemId, Num(submitted.Version), Num(submitted.Revision), approver.UserKey);
            await _outbox.EnqueueAsync(
                OutboxCards.Message(tenantId, id, "assessment-approval", new ProactiveRecipient(approver.UserKey, serviceUrl, conversation), $"Impact assessment to approve: {view.Title}", card, now, now),
                cancellationToken);
            sent.Add(approver);
        }

        var names = sent.Select(a => (a.Name ?? a.UserKey) + (a.IsOwnersManager ? " (the system owner's manager)" : "")).ToList();
        var message = sent.Count == 0
            ? $"It is submitted, but I could not send it to anyone for approval. {string.Join(" ", route.Notes)}"
            : $"It is with {Join(names)} for approval. {string.Join(" ", route.Notes)}".TrimEnd();
        return new ApprovalRequestSent(sent, message);
    }

    /// <summary>The card as the caller sees it now (the refresh): buttons only for someone who may decide.</summary>
    public async Task<CardActionOutcome> CardAsync(Caller caller, string systemId, int version, string? notice, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var loaded = await LoadAsync(caller.TenantId, systemId, version, cancellationToken);
        if (!loaded.TryGetValue(out var found))
        {
            return CardActionOutcome.Refuse("BadRequest", loaded.ErrorMessage);
        }

        return await CardAsync(caller, found, notice, null, null, cancellationToken);
    }

    /// <summary>
    /// Approve or Return pressed. Checked in order: the card's ids, that it still shows this submission (else the card
    /// as it is now, "moved on"), who may decide (the domain, with the owner's manager looked up only for a caller it
    /// refuses otherwise), the comment; then written with the ETag read, so a concurrent decision makes this one
    /// re-read and answer with the decision that won. One ledger event per decision.
    /// </summary>
    public async Task<CardActionOutcome> DecideAsync(CardActionContext context, AssessmentDecisionKind kind, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var caller = context.Caller;
        var form = new FormData(context.Data);
        if (Pressed.Parse(form) is not { } pressed)
        {
            return OutOfDate();
        }

        var comment = form.Raw(ApprovalCards.CommentInput);
        for (var attempt = 1; ; attempt++)
        {
            var loaded = await LoadAsync(caller.TenantId, pressed.SystemId, pressed.Version, cancellationToken);
            if (!loaded.TryGetValue(out var found))
            {
                return CardActionOutcome.Refuse("BadRequest", loaded.ErrorMessage);
            }

            var assessment = found.Assessment;
            if (assessment.Revision != pressed.Revision || assessment.Status != AssessmentStatus.Submitted)
            {
                return await MovedOnAsync(context, found, cancellationToken);
            }

            // The domain decides with risk approvers alone first; only someone it refuses, under the manager's policy, costs a
            // directory look-up (are they the system owner's manager?).
            Result<ImpactAssessment> Decide(ImpactApproval approval) => kind == AssessmentDecisionKind.Approved
                ? assessment.Approve(found.System.System, caller.Actor, comment, approval, Options.Scoring, Options.Reassessment, _register.OrganizationZone, _clock)
                : assessment.Return(found.System.System, caller.Actor, comment, approval, _clock);
            var decided = Decide(new ImpactApproval(Options.ApproverPolicy));
            string? managerNote = null;
            if (Refused(decided) && Options.ApproverPolicy == ImpactApproverPolicy.RiskApproversOrOwnersManager)
            {
                (var manager, managerNote) = await _routing.OwnersManagerAsync(found.System.System, Options.ApproverPolicy, cancellationToken);
                if (manager is not null)
                {
                    decided = Decide(new ImpactApproval(Options.ApproverPolicy, manager.Id));
                }
            }

            if (!decided.TryGetValue(out var after))
            {
                if (decided.Errors.FirstOrDefault(e => e.Code == "access.refused") is { } refused)
                {
                    return CardActionOutcome.Refuse("Forbidden", refused.Message + (managerNote is null ? "" : " " + managerNote));
                }

                // A problem with the comment: the card again, the comment kept, the problem said.
                return await CardAsync(caller, found, null, decided.Errors, comment, cancellationToken);
            }

            try
            {
                await _assessments.ReplaceAsync(caller.TenantId, after.ToState(), found.ETag, cancellationToken);
            }
            catch (ConcurrencyConflictException) when (attempt < MaxAttempts)
            {
                continue; // another press wrote first: read what it wrote and answer with that
            }
            catch (ConcurrencyConflictException)
            {
                return CardActionOutcome.Refuse("Conflict", "Someone else is deciding on this assessment right now, so I changed nothing. Please try again in a moment.");
            }

            await _ledger.RecordAsync(caller, DecisionRecord(after, assessment), context.Turn.Activity.Id, cancellationToken);
            var now = found with { Assessment = after };
            var noticeText = await AfterDecisionAsync(caller, now, firstRun: true, context.Turn.Activity.Id, cancellationToken);
            return await CardAsync(caller, now, noticeText, null, null, cancellationToken);
        }
    }

    /// <summary>A press on a card that no longer shows the assessment as it is: finish a decided one's work if it was left undone, then show it.</summary>
    private async Task<CardActionOutcome> MovedOnAsync(CardActionContext context, LoadedAssessment found, CancellationToken cancellationToken)
    {
        var assessment = found.Assessment;
        var last = assessment.Decisions.Count > 0 ? assessment.Decisions[^1] : null;
        string notice;
        if (last is not null && assessment.Status != AssessmentStatus.Submitted)
        {
            var decider = await NameAsync(context.Caller.TenantId, found, last.DecidedBy, cancellationToken);
            notice = $"{decider} already {(last.Kind == AssessmentDecisionKind.Approved ? "approved" : "returned")} this assessment, so I changed nothing.";
            if (_clock.GetUtcNow() - last.DecidedAt >= CompletionGrace)
            {
                // The press that decided had long enough: whatever it left undone (it may have stopped) is done now.
                await CompleteAsync(context, found, last, cancellationToken);
            }
        }
        else
        {
            notice = "This assessment has moved on since this card was sent, so I changed nothing: here it is as it is now.";
        }

        return await CardAsync(context.Caller, found, notice, null, null, cancellationToken);
    }

    private async Task CompleteAsync(CardActionContext context, LoadedAssessment found, AssessmentDecision last, CancellationToken cancellationToken)
    {
        var definition = last.Kind == AssessmentDecisionKind.Approved ? LedgerEvents.AssessmentApproved : LedgerEvents.AssessmentReturned;
        var reference = ImpactAssessmentRef.Of(found.Assessment);
        var events = await _ledgerReads.ForEntityAsync(context.Caller.TenantId, definition.EntityIdOf(reference), cancellationToken);
        var decider = DeciderCaller(context.Caller, last.DecidedBy);
        if (!events.Any(e => e.Action == definition.Name && e.OccurredAt >= last.DecidedAt))
        {
            await _ledger.RecordAsync(context.Caller.TenantId, decider.Actor, DecisionRecord(found.Assessment, null), context.Turn.Activity.Id, cancellationToken);
        }

        if (found.Assessment.Status == AssessmentStatus.Approved)
        {
            await AfterDecisionAsync(decider, found, firstRun: false, context.Turn.Activity.Id, cancellationToken);
        }
        else
        {
            await NotifyAssessorAsync(context.Caller.TenantId, found, cancellationToken);
        }
    }

    /// <summary>What follows a decision: for an approval its effects; the assessor's card either way. Returns the line the decider sees.</summary>
    private async Task<string> AfterDecisionAsync(Caller decider, LoadedAssessment found, bool firstRun, string? activityId, CancellationToken cancellationToken)
    {
        var assessment = found.Assessment;
        await NotifyAssessorAsync(decider.TenantId, found, cancellationToken);
        if (assessment.Status != AssessmentStatus.Approved)
        {
            return "Returned to the assessor with your comment.";
        }

        var name = await NameAsync(decider.TenantId, found, assessment.Approval!.DecidedBy, cancellationToken);
        if (string.Equals(name, assessment.Approval.DecidedBy, StringComparison.Ordinal) && decider.Actor.Is(name) && decider.Name is { Length: > 0 } asked)
        {
            name = asked;
        }

        var outcome = await _effects.CompleteAsync(decider, found.System, assessment, Options.Scoring, name, activityId, firstRun, cancellationToken);
        var risks = outcome.ProposedRisks.Count;
        var line = string.Create(
            CultureInfo.InvariantCulture,
            $"Approved. Evidence recorded on {(outcome.EvidenceControls.Count == 0 ? "no control" : string.Join(", ", outcome.EvidenceControls))}; {risks} high impact{(risks == 1 ? "" : "s")} proposed for the risk register; next reassessment due {CardText.Date(assessment.NextReassessmentDue)}.");
        return outcome.Problems.Count == 0 ? line : line + " " + string.Join(" ", outcome.Problems);
    }

    private async Task NotifyAssessorAsync(string tenantId, LoadedAssessment found, CancellationToken cancellationToken)
    {
        var assessment = found.Assessment;
        var assessor = await _users.GetAsync(tenantId, assessment.AssessorUserId, cancellationToken);
        if (assessor is not { Reachable: true, ConversationId: { Length: > 0 } conversation, ServiceUrl: { Length: > 0 } serviceUrl })
        {
            return; // No chat with the bot: the approval card's refresh and `assessment` still show it.
        }

        var view = await ViewAsync(tenantId, found.System, assessment, null, cancellationToken);
        var returned = assessment.Status == AssessmentStatus.Returned;
        var now = _clock.GetUtcNow();
        // One message per decision (the n-th decision of this version), however often its completion runs.
        var id = OutboxStore.MessageId("assessment-decision", tenantId, assessment.SystemId, Num(assessment.Version), Num(assessment.Decisions.Count));
        await _outbox.EnqueueAsync(
            OutboxCards.Message(
                tenantId, id, "assessment-decision", new ProactiveRecipient(assessor.RowKey, serviceUrl, conversation),
                returned ? $"Your impact assessment of {view.SystemName} was returned for changes" : $"Your impact assessment of {view.SystemName} was approved",
                ApprovalCards.DecisionForAssessor(view), now, now),
            cancellationToken);
    }

    private async Task<CardActionOutcome> CardAsync(Caller caller, LoadedAssessment found, string? notice, IReadOnlyList<DomainError>? errors, string? typedComment, CancellationToken cancellationToken)
    {
        var viewer = await ViewerAsync(caller, found, cancellationToken);
        // Someone forwarded the card, or who opens it in a shared chat, sees it only if they may read the assessment anyway.
        if (viewer == ApprovalViewer.Other && await MayNotReadAsync(caller, found, cancellationToken) is { } refused)
        {
            return CardActionOutcome.Refuse("Forbidden", refused.Message + " I changed nothing.");
        }

        // The risk approvers only (no directory call on every refresh); the viewer is added when they may decide.
        var route = await _routing.RouteAsync(caller.TenantId, found.System.System, found.Assessment, ImpactApproverPolicy.RiskApprovers, cancellationToken);
        var view = await ViewAsync(caller.TenantId, found.System, found.Assessment, route, cancellationToken, caller);
        if (viewer == ApprovalViewer.Decider && caller.TeamsUserId.Length > 0 && !view.RefreshUserIds.Contains(caller.TeamsUserId, StringComparer.Ordinal))
        {
            view = view with { RefreshUserIds = [.. view.RefreshUserIds, caller.TeamsUserId] };
        }

        return CardActionOutcome.Replace(ApprovalCards.Card(view, viewer, notice, errors, typedComment));
    }

    /// <summary>
    /// Why the caller may not read this assessment, or null when they may: by role or part taken first; only then, under the
    /// manager's policy, whether they are the system owner's manager (who may read it after deciding too).
    /// </summary>
    private async Task<DomainError?> MayNotReadAsync(Caller caller, LoadedAssessment found, CancellationToken cancellationToken)
    {
        var (system, assessment) = (found.System.System, found.Assessment);
        var refused = Permissions.Can(caller.Actor, DomainAction.ViewImpactAssessments, ApproverRouting.Context(system, assessment, new ImpactApproval(Options.ApproverPolicy))).ToError();
        if (refused is null || Options.ApproverPolicy != ImpactApproverPolicy.RiskApproversOrOwnersManager)
        {
            return refused;
        }

        var (manager, _) = await _routing.OwnersManagerAsync(system, Options.ApproverPolicy, cancellationToken);
        return manager is null
            ? refused
            : Permissions.Can(caller.Actor, DomainAction.ViewImpactAssessments, ApproverRouting.Context(system, assessment, new ImpactApproval(Options.ApproverPolicy, manager.Id))).ToError();
    }

    /// <summary>
    /// How the caller sees the card: a participant the status; someone the domain lets decide the buttons — a risk
    /// approver, or under the manager's policy the owner's manager (looked up only for someone it refuses otherwise);
    /// anyone else read-only.
    /// </summary>
    private async Task<ApprovalViewer> ViewerAsync(Caller caller, LoadedAssessment found, CancellationToken cancellationToken)
    {
        var actor = caller.Actor;
        var (system, assessment) = (found.System.System, found.Assessment);
        if (assessment.Participants.Any(actor.Is))
        {
            return ApprovalViewer.Assessor;
        }

        if (ApproverRouting.MayDecide(actor, system, assessment, new ImpactApproval(Options.ApproverPolicy)))
        {
            return ApprovalViewer.Decider;
        }

        if (assessment.Status != AssessmentStatus.Submitted || Options.ApproverPolicy != ImpactApproverPolicy.RiskApproversOrOwnersManager)
        {
            return ApprovalViewer.Other;
        }

        var (manager, _) = await _routing.OwnersManagerAsync(system, Options.ApproverPolicy, cancellationToken);
        return manager is not null && ApproverRouting.MayDecide(actor, system, assessment, new ImpactApproval(Options.ApproverPolicy, manager.Id))
            ? ApprovalViewer.Decider
            : ApprovalViewer.Other;
    }

    /// <param name="viewer">Who asks: the name Teams gave them counts when the bot has none stored for them yet.</param>
    private async Task<ApprovalView> ViewAsync(string tenantId, StoredAiSystem system, ImpactAssessment assessment, ApproverRoute? route, CancellationToken cancellationToken, Caller? viewer = null)
    {
        var names = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var ids = assessment.Participants.Concat(assessment.Decisions.Select(d => d.DecidedBy)).Distinct(StringComparer.OrdinalIgnoreCase);
        string? assessorTeamsId = null;
        foreach (var id in ids)
        {
            var record = await _users.GetAsync(tenantId, id, cancellationToken);
            names[id] = record?.Name is { Length: > 0 } name ? name
                : string.Equals(id, system.System.OwnerUserId, StringComparison.OrdinalIgnoreCase) && system.OwnerName is { Length: > 0 } owner ? owner
                : viewer is not null && viewer.Actor.Is(id) && viewer.Name is { Length: > 0 } asked ? asked
                : id;
            if (string.Equals(id, assessment.AssessorUserId, StringComparison.OrdinalIgnoreCase))
            {
                assessorTeamsId = record?.TeamsUserId;
            }
        }

        var refresh = new List<string>();
        if (assessorTeamsId is { Length: > 0 })
        {
            refresh.Add(assessorTeamsId);
        }

        refresh.AddRange((route?.Approvers ?? []).Select(a => a.TeamsUserId).OfType<string>().Where(t => t.Length > 0));
        return ApprovalViews.Build(assessment, system.System.Name, Options.Scoring, id => names.GetValueOrDefault(id, id), refresh.Distinct(StringComparer.Ordinal).ToList());
    }

    private async Task<string> NameAsync(string tenantId, LoadedAssessment found, string userId, CancellationToken cancellationToken) =>
        (await _users.GetAsync(tenantId, userId, cancellationToken))?.Name is { Length: > 0 } name ? name
        : string.Equals(userId, found.System.System.OwnerUserId, StringComparison.OrdinalIgnoreCase) && found.System.OwnerName is { Length: > 0 } owner ? owner
        : userId;

    /// <summary>The decider as the ledger and the evidence name them when another press completes their decision's work.</summary>
    private static Caller DeciderCaller(Caller pressing, string decidedBy) =>
        pressing.Actor.Is(decidedBy) ? pressing : new Caller(pressing.TenantId, decidedBy, decidedBy, null, new HashSet<Role>());

    private static LedgerRecord DecisionRecord(ImpactAssessment after, ImpactAssessment? before)
    {
        var decision = after.Decisions[^1];
        var definition = decision.Kind == AssessmentDecisionKind.Approved ? LedgerEvents.AssessmentApproved : LedgerEvents.AssessmentReturned;
        var was = new JsonObject { ["status"] = "submitted", ["revision"] = before?.Revision ?? after.Revision - 1 };
        var now = new JsonObject
        {
            ["status"] = after.Status == AssessmentStatus.Approved ? "approved" : "returned",
            ["revision"] = after.Revision,
            ["decidedBy"] = decision.DecidedBy,
            ["decidedAt"] = decision.DecidedAt.ToString("O", CultureInfo.InvariantCulture),
            ["comment"] = decision.Comment,
        };
        if (after.Status == AssessmentStatus.Approved)
        {
            now["level"] = after.ApprovedLevel?.Name();
            now["nextReassessmentDue"] = CardText.Date(after.NextReassessmentDue);
        }

        return definition.About(ImpactAssessmentRef.Of(after), was.ToJsonString(), now.ToJsonString());
    }

    private static bool Refused(Result<ImpactAssessment> decided) => !decided.IsSuccess && decided.Errors.Any(e => e.Code == "access.refused");

    private static CardActionOutcome OutOfDate() =>
        CardActionOutcome.Refuse("BadRequest", "This card is out of date or incomplete. Say **assessments** to see every system's impact assessment.");

    private static string Num(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Join(List<string> names) => names.Count switch
    {
        1 => names[0],
        _ => string.Join(", ", names.Take(names.Count - 1)) + " and " + names[^1],
    };

    /// <summary>The ids a pressed approval-card button sent (user-controlled, parsed strictly).</summary>
    internal sealed record Pressed(string SystemId, int Version, int Revision)
    {
        public static Pressed? Parse(FormData form)
        {
            var system = form.Text("system");
            return system is not null && Domain.Register.AiSystem.IsValidId(system)
                && int.TryParse(form.Text("version"), NumberStyles.None, CultureInfo.InvariantCulture, out var version) && version is >= 1 and <= 9999
                && int.TryParse(form.Text("revision"), NumberStyles.None, CultureInfo.InvariantCulture, out var revision)
                ? new Pressed(system, version, revision)
                : null;
        }
    }
}
