using System.Text.Json;
using System.Text.Json.Serialization;
using AimsBot.Commands;
using AimsBot.Domain;
using AimsBot.Domain.Access;
using AimsBot.Domain.Catalogue;
using AimsBot.Domain.Register;
using AimsBot.Register;
using AimsBot.Storage;
using AimsBot.Storage.Nudges;
using AimsBot.Storage.Register;

namespace AimsBot.Nudges;

/// <summary>The ids a pressed nudge-card button sent (all user-controlled, parsed strictly), and its form's values.</summary>
internal sealed record PressedItem(NudgeItemKey Key, IReadOnlyList<NudgeItemKey> Items, string CardOwner, string Slot, Guid? SubmissionId, FormData Form)
{
    /// <summary>An input of this item's form (inputs are suffixed with the item's slot on the card).</summary>
    public string? Input(string name) => Form.Text(name + Slot);

    public string? Raw(string name) => Form.Raw(name + Slot);

    public static PressedItem? Parse(JsonElement data)
    {
        var form = new FormData(data);
        var items = NudgeItemKey.TryParseList(form.Text("items"), NudgeCards.MaxItems);
        var key = NudgeItemKey.TryParse(form.Text("scope"), form.Text("controlId"), form.Text("due"));
        var slot = form.Text("slot");
        if (items is null || key is null || !items.Contains(key) || form.Text("owner") is not { } owner
            || slot is null || !int.TryParse(slot, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) || n >= NudgeCards.MaxItems)
        {
            return null;
        }

        return new PressedItem(key, items, owner, slot, form.Guid("submissionId"), form);
    }
}

/// <summary>
/// What the nudge card's handlers share: reading the pressed item, checking the caller is the instance's current
/// owner, answering with the card as it now is, and writing the period's nudge row with its ETag.
/// </summary>
public sealed class NudgeCardActions
{
    public const string SnoozeLedgerAction = "nudge.snooze";
    public const string ReassignRequestLedgerAction = "nudge.reassign.request";
    public const string ReassignApproveLedgerAction = "nudge.reassign.approve";
    public const string ReassignDeclineLedgerAction = "nudge.reassign.decline";
    private const int MaxAttempts = 5;

    public NudgeCardActions(ControlInstanceRepository controls, NudgeStateStore nudges, NudgeLiveCards live, RegisterLedger ledger, TimeProvider clock)
    {
        Controls = controls;
        Nudges = nudges;
        Live = live;
        Ledger = ledger;
        Clock = clock;
    }

    internal ControlInstanceRepository Controls { get; }

    internal NudgeStateStore Nudges { get; }

    internal NudgeLiveCards Live { get; }

    internal RegisterLedger Ledger { get; }

    internal TimeProvider Clock { get; }

    internal static CardActionOutcome OutOfDate() =>
        CardActionOutcome.Refuse("BadRequest", "This card is out of date or incomplete. Say **controls** to see the register.");

    /// <summary>The owner's card as it now is, with a line on top and, after a failed action, its form's errors.</summary>
    internal async Task<CardActionOutcome> CardAsync(CardActionContext context, PressedItem pressed, string? notice = null, NudgeRetry? retry = null, CancellationToken cancellationToken = default)
    {
        var caller = context.Caller;
        var mine = string.Equals(caller.UserKey, pressed.CardOwner, StringComparison.OrdinalIgnoreCase);
        // Card data is the caller's to forge: what each item reveals depends on who asks, not on whose card it says it is.
        var view = await Live.ViewAsync(caller.TenantId, pressed.CardOwner, mine ? caller.Name : null, mine ? caller.TeamsUserId : null, pressed.Items, caller.Actor, cancellationToken);
        return CardActionOutcome.Replace(NudgeCards.Live(view with { Notice = notice, Retry = retry }));
    }

    /// <summary>
    /// The instance behind the pressed item, when the caller is its current owner; else the refusal (nothing is
    /// written). A compliance lead is refused too: the card is the owner's, and leads have the register's commands.
    /// </summary>
    internal async Task<(StoredControl? Control, CardActionOutcome? Refusal)> OwnedAsync(Caller caller, NudgeItemKey key, CancellationToken cancellationToken)
    {
        var stored = await Controls.GetAsync(caller.TenantId, key.Scope, key.ControlId, cancellationToken);
        var actor = caller.Actor;
        if (stored is null || !actor.Is(stored.Instance.OwnerUserId))
        {
            var owner = stored is null ? "nobody" : stored.OwnerDisplay;
            return (null, CardActionOutcome.Refuse(
                "Forbidden",
                $"Only the owner of {key.ControlId} ({CardText.Md(owner)}) can act on this reminder, so I changed nothing. If it should be yours, ask a compliance lead."));
        }

        return (stored, null);
    }

    /// <summary>
    /// The button press every owner action starts with: the item it names (out of date when its ids don't read, or
    /// lack the submission id a form carries) and its control, if the caller is the owner; else the answer to give.
    /// </summary>
    internal async Task<(PressedItem? Pressed, StoredControl? Control, CardActionOutcome? Answer)> PressedByOwnerAsync(CardActionContext context, bool needsSubmission, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (PressedItem.Parse(context.Data) is not { } pressed || (needsSubmission && pressed.SubmissionId is null))
        {
            return (null, null, OutOfDate());
        }

        var (control, refusal) = await OwnedAsync(context.Caller, pressed.Key, cancellationToken);
        return (pressed, control, refusal);
    }

    /// <summary>
    /// Reads the period's nudge row, lets <paramref name="change"/> decide, and saves with the ETag read; when
    /// another press got there first, reads again and decides again. Null from <paramref name="change"/> means
    /// nothing to write (a repeat, or a refusal it reports itself).
    /// </summary>
    internal async Task<(NudgeStateRow? Before, NudgeStateRow? After)> ModifyRowAsync(string tenantId, NudgeItemKey key, Func<NudgeStateRow, bool> change, CancellationToken cancellationToken)
    {
        var partition = RegisterKeys.ControlPartition(tenantId, key.Scope);
        for (var attempt = 1; ; attempt++)
        {
            var row = await Nudges.GetOrNewAsync(partition, key.ControlId.Value, key.Due, cancellationToken);
            var before = Snapshot(row);
            if (!change(row))
            {
                return (before, null);
            }

            try
            {
                return (before, await Nudges.SaveAsync(row, cancellationToken));
            }
            catch (ConcurrencyConflictException) when (attempt < MaxAttempts)
            {
                // Another press changed the row: decide again on what it wrote.
            }
        }
    }

    internal Task AppendAsync(CardActionContext context, string action, NudgeItemKey key, NudgeStateRow? before, NudgeStateRow after, CancellationToken cancellationToken) =>
        Ledger.AppendAsync(
            context.Caller,
            action,
            RegisterLedgerRecords.ControlInstanceEntity,
            RegisterLedgerRecords.ControlEntityId(key.Scope, key.ControlId),
            before?.ETag == default ? null : Json(key, before!),
            Json(key, after),
            context.Turn.Activity.Id,
            cancellationToken);

    internal static string Json(NudgeItemKey key, NudgeStateRow row) =>
        JsonSerializer.Serialize(
            new NudgePeriodSnapshot(
                key.ScopeKey, key.ControlId.Value, key.Due, row.SnoozedUntil, row.SnoozeCount, row.ReassignTo, row.ReassignToName,
                row.ReassignRequestedBy, row.ReassignReason, row.ReassignOutcome, row.ReassignDecidedBy, row.ReassignDecidedAt),
            NudgeJsonContext.Default.NudgePeriodSnapshot);

    private static NudgeStateRow Snapshot(NudgeStateRow row) => new()
    {
        PartitionKey = row.PartitionKey,
        RowKey = row.RowKey,
        ETag = row.ETag,
        SnoozedUntil = row.SnoozedUntil,
        SnoozeCount = row.SnoozeCount,
        ReassignTo = row.ReassignTo,
        ReassignToName = row.ReassignToName,
        ReassignRequestedBy = row.ReassignRequestedBy,
        ReassignReason = row.ReassignReason,
        ReassignOutcome = row.ReassignOutcome,
        ReassignDecidedBy = row.ReassignDecidedBy,
        ReassignDecidedAt = row.ReassignDecidedAt,
    };

    /// <summary>The unsuffixed values of a form, to put back on the card after a problem.</summary>
    internal static FormData Values(PressedItem pressed, params string[] names) =>
        FormData.Of(names.Select(n => (n, pressed.Raw(n) ?? "")).ToArray());
}

/// <summary>What the ledger records about a due period's nudge state.</summary>
internal sealed record NudgePeriodSnapshot(
    string Scope,
    string ControlId,
    DateOnly Due,
    DateTimeOffset? SnoozedUntil,
    int SnoozeCount,
    string? ReassignTo,
    string? ReassignToName,
    string? ReassignRequestedBy,
    string? ReassignReason,
    string? ReassignOutcome,
    string? ReassignDecidedBy,
    DateTimeOffset? ReassignDecidedAt);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(NudgePeriodSnapshot))]
internal sealed partial class NudgeJsonContext : JsonSerializerContext;

/// <summary><c>nudge.refresh</c>: Teams asks for the card's current state when the owner opens it.</summary>
public sealed class NudgeRefreshAction : ICardActionHandler
{
    private readonly NudgeCardActions _actions;

    public NudgeRefreshAction(NudgeCardActions actions) => _actions = actions;

    public async Task<CardActionOutcome> HandleAsync(CardActionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var form = new FormData(context.Data);
        var items = NudgeItemKey.TryParseList(form.Text("items"), NudgeCards.MaxItems);
        if (items is null || form.Text("owner") is not { } owner)
        {
            return NudgeCardActions.OutOfDate();
        }

        // Reading is open to everyone in the tenant (the register is); each action re-checks ownership.
        var first = items[0];
        return await _actions.CardAsync(context, new PressedItem(first, items, owner, "0", null, form), cancellationToken: cancellationToken);
    }
}

/// <summary><c>nudge.evidence</c>: records evidence through the register's own path (one record per submission id).</summary>
public sealed class NudgeEvidenceAction : ICardActionHandler
{
    private readonly NudgeCardActions _actions;
    private readonly RegisterQueries _queries;
    private readonly RegisterService _register;

    public NudgeEvidenceAction(NudgeCardActions actions, RegisterQueries queries, RegisterService register)
    {
        _actions = actions;
        _queries = queries;
        _register = register;
    }

    public async Task<CardActionOutcome> HandleAsync(CardActionContext context, CancellationToken cancellationToken)
    {
        var (pressed, control, answer) = await _actions.PressedByOwnerAsync(context, needsSubmission: true, cancellationToken);
        if (answer is not null)
        {
            return answer;
        }

        var submissionId = pressed!.SubmissionId!.Value;

        var values = NudgeCardActions.Values(pressed, "kind", "url", "note", "periodFrom", "periodTo");
        if (control!.Instance.NextDue != pressed.Key.Due)
        {
            // Answered already (evidence, not applicable, a cadence change): show it rather than record again.
            return await _actions.CardAsync(context, pressed, cancellationToken: cancellationToken);
        }

        var inputErrors = new List<DomainError>();
        var kindText = pressed.Input("kind");
        var kind = kindText is not null && !char.IsAsciiDigit(kindText[0]) && Enum.TryParse<EvidenceKind>(kindText, ignoreCase: true, out var k) && Enum.IsDefined(k) ? k : (EvidenceKind?)null;
        if (kind is null)
        {
            inputErrors.Add(new DomainError("evidence.kind.invalid", "Pick what kind of evidence this is: a link, a note, a file reference or an attestation.", "kind"));
        }

        var from = pressed.Form.Date("periodFrom" + pressed.Slot, out var fromInvalid);
        var to = pressed.Form.Date("periodTo" + pressed.Slot, out var toInvalid);
        if (fromInvalid || toInvalid)
        {
            inputErrors.Add(new DomainError("evidence.period.invalid", "Dates must look like 2025-03-31.", "period"));
        }

        var view = await _queries.LoadByKeyAsync(context.Caller.TenantId, pressed.Key.ScopeKey, cancellationToken);
        if (!view.TryGetValue(out var scope))
        {
            return CardActionOutcome.Refuse("BadRequest", view.ErrorMessage);
        }

        var draft = new EvidenceDraft(kind ?? (EvidenceKind)(-1), pressed.Input("url"), pressed.Input("note"), from, to);
        var zone = Domain.Scheduling.TimeZones.FindOrUtc(context.Turn.Activity.LocalTimezone);
        Result<EvidenceAdded> added;
        try
        {
            added = await _register.AddEvidenceAsync(context.Caller, scope, pressed.Key.ControlId, draft, zone, submissionId, context.Turn.Activity.Id, cancellationToken);
        }
        catch (ConcurrencyConflictException)
        {
            return CardActionOutcome.Refuse("Conflict", RegisterReplies.Busy);
        }

        if (added.TryGetValue(out var evidence))
        {
            var next = CardText.Date(evidence.Control?.Instance.NextDue);
            return await _actions.CardAsync(context, pressed, $"Evidence recorded for {pressed.Key.ControlId}. Next due {next}.", cancellationToken: cancellationToken);
        }

        if (RegisterReplies.Refusal(added.Errors) is { } refused)
        {
            return refused;
        }

        var repeated = new HashSet<string>(StringComparer.Ordinal);
        if (kind is null)
        {
            repeated.Add("evidence.kind.invalid");
        }

        if (fromInvalid || toInvalid)
        {
            repeated.Add("evidence.period.required");
        }

        var errors = inputErrors.Concat(added.Errors.Where(e => !repeated.Contains(e.Code))).ToList();
        return await _actions.CardAsync(context, pressed, retry: new NudgeRetry(pressed.Key, NudgeCards.EvidenceForm, values, errors, submissionId), cancellationToken: cancellationToken);
    }
}

/// <summary><c>nudge.notApplicable</c>: closes the period without evidence, with a reason (see docs/domain.md).</summary>
public sealed class NudgeNotApplicableAction : ICardActionHandler
{
    private readonly NudgeCardActions _actions;
    private readonly RegisterService _register;

    public NudgeNotApplicableAction(NudgeCardActions actions, RegisterService register)
    {
        _actions = actions;
        _register = register;
    }

    public async Task<CardActionOutcome> HandleAsync(CardActionContext context, CancellationToken cancellationToken)
    {
        var (pressed, control, answer) = await _actions.PressedByOwnerAsync(context, needsSubmission: false, cancellationToken);
        if (answer is not null)
        {
            return answer;
        }

        if (control!.Instance.NextDue != pressed!.Key.Due)
        {
            return await _actions.CardAsync(context, pressed, cancellationToken: cancellationToken);
        }

        Result<ControlChange> closed;
        try
        {
            closed = await _register.DeclarePeriodNotApplicableAsync(context.Caller, pressed.Key.Scope, pressed.Key.ControlId, pressed.Key.Due, pressed.Input("reason"), context.Turn.Activity.Id, cancellationToken);
        }
        catch (ConcurrencyConflictException)
        {
            return CardActionOutcome.Refuse("Conflict", RegisterReplies.Busy);
        }

        if (closed.TryGetValue(out var change))
        {
            return await _actions.CardAsync(context, pressed, $"{pressed.Key.ControlId}: this period is closed as not applicable. Next due {CardText.Date(change.After.Instance.NextDue)}.", cancellationToken: cancellationToken);
        }

        if (RegisterReplies.Refusal(closed.Errors) is { } refused)
        {
            return refused;
        }

        if (closed.Errors.Any(e => e.Code == "control.period.closed"))
        {
            return await _actions.CardAsync(context, pressed, cancellationToken: cancellationToken);
        }

        var retry = new NudgeRetry(pressed.Key, NudgeCards.NotApplicableForm, NudgeCardActions.Values(pressed, "reason"), closed.Errors, Guid.NewGuid());
        return await _actions.CardAsync(context, pressed, retry: retry, cancellationToken: cancellationToken);
    }
}

/// <summary><c>nudge.snooze</c>: puts the period's reminders off by 1 day, 3 days or 1 week, a bounded number of times.</summary>
public sealed class NudgeSnoozeAction : ICardActionHandler
{
    /// <summary>Snoozes are bounded (MaxSnoozes), so remembering this many presses covers every one of a period.</summary>
    private const int MaxRememberedSnoozes = 20;

    private readonly NudgeCardActions _actions;

    public NudgeSnoozeAction(NudgeCardActions actions) => _actions = actions;

    public async Task<CardActionOutcome> HandleAsync(CardActionContext context, CancellationToken cancellationToken)
    {
        var (pressed, control, answer) = await _actions.PressedByOwnerAsync(context, needsSubmission: true, cancellationToken);
        if (answer is not null)
        {
            return answer;
        }

        var submissionId = pressed!.SubmissionId!.Value;

        if (control!.Instance.NextDue != pressed.Key.Due)
        {
            return await _actions.CardAsync(context, pressed, cancellationToken: cancellationToken);
        }

        var length = Domain.Nudges.NudgeRules.ParseSnooze(pressed.Input("snooze"));
        var submission = submissionId.ToString("N");
        Result<Domain.Nudges.Snoozed>? decision = null;
        var (before, after) = await _actions.ModifyRowAsync(context.Caller.TenantId, pressed.Key, row =>
        {
            var earlier = (row.SnoozeSubmissionId ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries);
            if (earlier.Contains(submission, StringComparer.Ordinal))
            {
                decision = null; // The same press again: it counted once already.
                return false;
            }

            decision = Domain.Nudges.NudgeRules.Snooze(length, row.SnoozeCount, _actions.Live.MaxSnoozes, _actions.Clock.GetUtcNow(), "your manager and the compliance leads");
            if (!decision.TryGetValue(out var snoozed))
            {
                return false;
            }

            row.SnoozedUntil = snoozed.Until;
            row.SnoozeCount = snoozed.Count;
            row.SnoozeSubmissionId = string.Join(',', earlier.Append(submission).TakeLast(MaxRememberedSnoozes));
            return true;
        }, cancellationToken);

        if (after is not null)
        {
            await _actions.AppendAsync(context, NudgeCardActions.SnoozeLedgerAction, pressed.Key, before, after, cancellationToken);
            var until = after.SnoozedUntil!.Value.ToString("yyyy-MM-dd HH:mm 'UTC'", System.Globalization.CultureInfo.InvariantCulture);
            return await _actions.CardAsync(context, pressed, $"Snoozed {pressed.Key.ControlId} until {until}.", cancellationToken: cancellationToken);
        }

        return decision is { IsSuccess: false } refused
            ? await _actions.CardAsync(context, pressed, retry: new NudgeRetry(pressed.Key, NudgeCards.SnoozeForm, NudgeCardActions.Values(pressed, "snooze"), refused.Errors, submissionId), cancellationToken: cancellationToken)
            : await _actions.CardAsync(context, pressed, cancellationToken: cancellationToken);
    }
}
