using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using AimsBot.Commands;
using AimsBot.Domain;
using AimsBot.Domain.Access;
using AimsBot.Domain.Ledger;
using AimsBot.Domain.Nudges;
using AimsBot.Domain.Register;
using AimsBot.Domain.Risks;
using AimsBot.Domain.Scheduling;
using AimsBot.Ledger;
using AimsBot.Nudges;
using AimsBot.Register;
using AimsBot.Storage;
using AimsBot.Storage.Register;
using AimsBot.Storage.Risks;
using Microsoft.Extensions.Options;

namespace AimsBot.Risks.FollowUp;

/// <summary>The ids a pressed action-card button sent (user-controlled, parsed strictly), and its form.</summary>
internal sealed record PressedRiskAction(RiskId RiskId, int ActionNumber, DateOnly Due, Guid? SubmissionId, FormData Form)
{
    public static PressedRiskAction? Parse(JsonElement data)
    {
        var form = new FormData(data);
        return RiskId.TryParse(form.Text("risk"), out var id)
            && int.TryParse(form.Text("action"), NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number is > 0 and < 10_000
            && DateOnly.TryParseExact(form.Text("due"), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var due)
                ? new PressedRiskAction(id, number, due, form.Guid("submissionId"), form)
                : null;
    }
}

/// <summary>A risk as a card handler reads it: stored (with its ETag), restored, and its AI system.</summary>
internal sealed record LoadedRisk(StoredRisk Stored, Risk Risk, AiSystem? System, string? SystemName);

/// <summary>
/// What the action card's handlers share: reading the pressed action and its risk, answering with the card as it now
/// is (for the people who may see the risk), and the follow-up row's snooze state.
/// </summary>
public sealed class RiskActionCardActions
{
    internal const int MaxAttempts = 5;

    public RiskActionCardActions(RiskRepository risks, RiskFollowUpStore followUps, AiSystemRepository systems, UserLookup users, LedgerRecorder ledger, IOptions<NudgeOptions> nudges, IOptions<RegisterOptions> register, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(nudges);
        ArgumentNullException.ThrowIfNull(register);
        Risks = risks;
        FollowUps = followUps;
        Systems = systems;
        Users = users;
        Ledger = ledger;
        MaxSnoozes = nudges.Value.MaxSnoozes;
        OrganizationZone = register.Value.OrganizationZone;
        Clock = clock;
    }

    internal RiskRepository Risks { get; }

    internal RiskFollowUpStore FollowUps { get; }

    internal AiSystemRepository Systems { get; }

    internal UserLookup Users { get; }

    internal LedgerRecorder Ledger { get; }

    internal int MaxSnoozes { get; }

    internal TimeZoneInfo OrganizationZone { get; }

    internal TimeProvider Clock { get; }

    internal static CardActionOutcome OutOfDate() =>
        CardActionOutcome.Refuse("BadRequest", "This card is out of date or incomplete. Say **risks** to see the register.");

    internal async Task<LoadedRisk?> LoadAsync(string tenantId, RiskId id, CancellationToken cancellationToken)
    {
        var stored = await Risks.GetAsync(tenantId, id, cancellationToken);
        if (stored is null || !Risk.Restore(stored.State).TryGetValue(out var risk))
        {
            return null;
        }

        var system = risk.SystemId is null ? null : await Systems.GetAsync(tenantId, risk.SystemId, cancellationToken);
        return new LoadedRisk(stored, risk, system?.System, system?.System.Name);
    }

    /// <summary>Whether the caller may see this action's card: its owner, or anyone who may read the risk.</summary>
    internal static AccessDecision CanSee(Actor actor, LoadedRisk loaded, int actionNumber) =>
        loaded.Risk.Plan.Action(actionNumber) is { } action && actor.Is(action.OwnerUserId)
            ? AccessDecision.Allowed
            : Permissions.Can(actor, DomainAction.ViewRisks, loaded.Risk.ViewContext(loaded.System));

    /// <summary>The card as it now stands for the caller, with a line on top or a form's errors; refused to someone who may not see the risk.</summary>
    internal async Task<CardActionOutcome> CardAsync(CardActionContext context, PressedRiskAction pressed, LoadedRisk? loaded = null, string? notice = null, IReadOnlyList<DomainError>? errors = null, CancellationToken cancellationToken = default)
    {
        var caller = context.Caller;
        loaded ??= await LoadAsync(caller.TenantId, pressed.RiskId, cancellationToken);
        if (loaded is null)
        {
            return CardActionOutcome.Refuse("NotFound", $"There is no risk {pressed.RiskId} any more. Say **risks** to see the register.");
        }

        var seen = CanSee(caller.Actor, loaded, pressed.ActionNumber);
        if (!seen.IsAllowed)
        {
            return CardActionOutcome.Refuse("Forbidden", seen.Reason ?? "You can't see this risk.");
        }

        var risk = loaded.Risk;
        var action = risk.Plan.Action(pressed.ActionNumber);
        var row = await FollowUps.GetOrNewAsync(caller.TenantId, RiskFollowUpStore.ActionKey(risk.Id.Number, pressed.ActionNumber, pressed.Due), cancellationToken);
        var zone = TimeZones.TryFind(context.Turn.Activity.LocalTimezone, out var local) ? local : OrganizationZone;
        var status = action?.Status(Clock, zone) ?? new DueStatus(DueState.NotScheduled, 0);
        string? doneBy = null;
        if (action?.DoneBy is { } by)
        {
            doneBy = OwnerIds.Display(by, (await Users.GetAsync(caller.TenantId, by, cancellationToken))?.Name);
        }

        var model = new RiskActionCardModel(risk.Id, risk.Title, loaded.SystemName, pressed.ActionNumber, pressed.Due, action, status, risk.Status == RiskStatus.Closed,
            row.SnoozeCount, MaxSnoozes, row.SnoozedUntil, caller.TeamsUserId, doneBy, notice, errors);
        return CardActionOutcome.Replace(RiskFollowUpCards.Action(model));
    }

    internal Task RecordAsync(CardActionContext context, LedgerEventDefinition<RiskId> ledgerEvent, RiskId id, string? before, string after, CancellationToken cancellationToken) =>
        Ledger.RecordAsync(context.Caller, ledgerEvent.About(id, before, after), context.Turn.Activity.Id, cancellationToken);
}

/// <summary>What the ledger records about a treatment action done or snoozed.</summary>
internal sealed record RiskActionSnapshot(
    string Risk,
    int Action,
    string Title,
    string OwnerUserId,
    DateOnly Due,
    DateTimeOffset? DoneAt = null,
    string? DoneBy = null,
    DateTimeOffset? SnoozedUntil = null,
    int? SnoozeCount = null)
{
    public static string Json(RiskActionSnapshot snapshot) => JsonSerializer.Serialize(snapshot, RiskFollowUpJsonContext.Default.RiskActionSnapshot);

    public static RiskActionSnapshot Of(RiskId risk, TreatmentAction action) =>
        new(risk.ToString(), action.Number, action.Title, action.OwnerUserId, action.Due, action.DoneAt, action.DoneBy);
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(RiskActionSnapshot))]
internal sealed partial class RiskFollowUpJsonContext : JsonSerializerContext;

/// <summary><c>risk.action.refresh</c>: Teams asks for the card's current state when its owner opens it.</summary>
public sealed class RiskActionRefreshAction : ICardActionHandler
{
    private readonly RiskActionCardActions _actions;

    public RiskActionRefreshAction(RiskActionCardActions actions) => _actions = actions;

    public async Task<CardActionOutcome> HandleAsync(CardActionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        return PressedRiskAction.Parse(context.Data) is { } pressed
            ? await _actions.CardAsync(context, pressed, cancellationToken: cancellationToken)
            : RiskActionCardActions.OutOfDate();
    }
}

/// <summary>
/// <c>risk.action.done</c>: marks the action done (<see cref="Risk.CompleteAction"/>: its owner, the risk owner, the
/// system's owner or a compliance lead), saved under the risk's ETag, recorded as <c>risk.action.done</c>; the card
/// then shows it done. A second press, or a press after someone else marked it, shows when it was done.
/// </summary>
public sealed class RiskActionDoneAction : ICardActionHandler
{
    private readonly RiskActionCardActions _actions;

    public RiskActionDoneAction(RiskActionCardActions actions) => _actions = actions;

    public async Task<CardActionOutcome> HandleAsync(CardActionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (PressedRiskAction.Parse(context.Data) is not { } pressed)
        {
            return RiskActionCardActions.OutOfDate();
        }

        var caller = context.Caller;
        for (var attempt = 1; ; attempt++)
        {
            var loaded = await _actions.LoadAsync(caller.TenantId, pressed.RiskId, cancellationToken);
            if (loaded is null)
            {
                return await _actions.CardAsync(context, pressed, cancellationToken: cancellationToken);
            }

            var action = loaded.Risk.Plan.Action(pressed.ActionNumber);
            if (action is null || action.IsDone || action.Due != pressed.Due || loaded.Risk.Status == RiskStatus.Closed)
            {
                // Done already, removed or moved by a plan change: show it as it is rather than act on an old card.
                return await _actions.CardAsync(context, pressed, loaded, cancellationToken: cancellationToken);
            }

            var completed = loaded.Risk.CompleteAction(loaded.System, pressed.ActionNumber, caller.Actor, _actions.Clock);
            if (!completed.TryGetValue(out var risk))
            {
                return completed.Errors.Any(e => e.Code == "access.refused")
                    ? CardActionOutcome.Refuse("Forbidden", completed.ErrorMessage + " I changed nothing.")
                    : await _actions.CardAsync(context, pressed, loaded, errors: completed.Errors, cancellationToken: cancellationToken);
            }

            StoredRisk saved;
            try
            {
                saved = await _actions.Risks.ReplaceAsync(caller.TenantId, risk.ToState(), loaded.Stored.ETag, cancellationToken);
            }
            catch (ConcurrencyConflictException) when (attempt < RiskActionCardActions.MaxAttempts)
            {
                continue; // Someone changed the risk meanwhile: decide again on what they wrote.
            }

            var done = risk.Plan.Action(pressed.ActionNumber)!;
            await _actions.RecordAsync(context, LedgerEvents.RiskActionDone, risk.Id,
                RiskActionSnapshot.Json(RiskActionSnapshot.Of(risk.Id, action)), RiskActionSnapshot.Json(RiskActionSnapshot.Of(risk.Id, done)), cancellationToken);
            var after = new LoadedRisk(saved, risk, loaded.System, loaded.SystemName);
            return await _actions.CardAsync(context, pressed, after, $"Action {pressed.ActionNumber} of {risk.Id} is done.", cancellationToken: cancellationToken);
        }
    }
}

/// <summary>
/// <c>risk.action.snooze</c>: puts the action's reminders off by 1 day, 3 days or 1 week, at most <c>Nudges:MaxSnoozes</c>
/// times per due date, as for a control (<see cref="NudgeRules.Snooze"/>); the action's owner only. Recorded as
/// <c>risk.action.snooze</c>. A snooze quiets reminders, not the overdue clock: escalation to the risk owner still comes.
/// </summary>
public sealed class RiskActionSnoozeAction : ICardActionHandler
{
    /// <summary>Snoozes are bounded (MaxSnoozes), so remembering this many presses covers every one of a due date.</summary>
    private const int MaxRememberedSnoozes = 20;

    private readonly RiskActionCardActions _actions;

    public RiskActionSnoozeAction(RiskActionCardActions actions) => _actions = actions;

    public async Task<CardActionOutcome> HandleAsync(CardActionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (PressedRiskAction.Parse(context.Data) is not { SubmissionId: { } submissionId } pressed)
        {
            return RiskActionCardActions.OutOfDate();
        }

        var caller = context.Caller;
        var loaded = await _actions.LoadAsync(caller.TenantId, pressed.RiskId, cancellationToken);
        var action = loaded?.Risk.Plan.Action(pressed.ActionNumber);
        if (loaded is null || action is null || action.IsDone || action.Due != pressed.Due || loaded.Risk.Status == RiskStatus.Closed)
        {
            return await _actions.CardAsync(context, pressed, loaded, cancellationToken: cancellationToken);
        }

        if (!caller.Actor.Is(action.OwnerUserId) || caller.Actor.IsReadOnlyAuditor)
        {
            return CardActionOutcome.Refuse("Forbidden", $"Only the owner of action {pressed.ActionNumber} of {pressed.RiskId} can snooze its reminders, so I changed nothing.");
        }

        var length = NudgeRules.ParseSnooze(pressed.Form.Text("snooze"));
        var submission = submissionId.ToString("N");
        var key = RiskFollowUpStore.ActionKey(pressed.RiskId.Number, pressed.ActionNumber, pressed.Due);
        for (var attempt = 1; ; attempt++)
        {
            var row = await _actions.FollowUps.GetOrNewAsync(caller.TenantId, key, cancellationToken);
            var earlier = (row.SnoozeSubmissionIds ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries);
            if (earlier.Contains(submission, StringComparer.Ordinal))
            {
                return await _actions.CardAsync(context, pressed, loaded, cancellationToken: cancellationToken); // The same press again: it counted once.
            }

            var decision = NudgeRules.Snooze(length, row.SnoozeCount, _actions.MaxSnoozes, _actions.Clock.GetUtcNow(), "the risk owner");
            if (!decision.TryGetValue(out var snoozed))
            {
                return await _actions.CardAsync(context, pressed, loaded, errors: decision.Errors, cancellationToken: cancellationToken);
            }

            var before = RiskActionSnapshot.Of(pressed.RiskId, action) with { SnoozedUntil = row.SnoozedUntil, SnoozeCount = row.SnoozeCount };
            row.SnoozedUntil = snoozed.Until;
            row.SnoozeCount = snoozed.Count;
            row.SnoozeSubmissionIds = string.Join(',', earlier.Append(submission).TakeLast(MaxRememberedSnoozes));
            try
            {
                await _actions.FollowUps.SaveAsync(row, cancellationToken);
            }
            catch (ConcurrencyConflictException) when (attempt < RiskActionCardActions.MaxAttempts)
            {
                continue; // Another press or the scan wrote the row: decide again on what it wrote.
            }

            var after = before with { SnoozedUntil = snoozed.Until, SnoozeCount = snoozed.Count };
            await _actions.RecordAsync(context, LedgerEvents.RiskActionSnoozed, pressed.RiskId, RiskActionSnapshot.Json(before), RiskActionSnapshot.Json(after), cancellationToken);
            var until = snoozed.Until.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
            return await _actions.CardAsync(context, pressed, loaded, $"Snoozed action {pressed.ActionNumber} of {pressed.RiskId} until {until}.", cancellationToken: cancellationToken);
        }
    }
}
