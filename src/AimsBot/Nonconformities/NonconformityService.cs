using System.Globalization;
using AimsBot.Commands;
using AimsBot.Domain;
using AimsBot.Domain.Ledger;
using AimsBot.Domain.Nonconformities;
using AimsBot.Ledger;
using AimsBot.Register;
using AimsBot.Storage;
using AimsBot.Storage.Nonconformities;
using Microsoft.Extensions.Options;

namespace AimsBot.Nonconformities;

/// <summary>A nonconformity as loaded: the stored row (with its ETag) and the aggregate.</summary>
public sealed record LoadedNonconformity(NonconformityRow Row, Nonconformity Nc)
{
    public NonconformityId Id => Nc.Id;
}

/// <summary>A stored change: the nonconformity after it, and whether an earlier request had already made it (a form sent twice).</summary>
public sealed record NonconformityChange(LoadedNonconformity Nc, bool AlreadyDone);

/// <summary>
/// The operations on nonconformities a handler (or another workflow: internal audit findings) calls: load, apply the
/// domain change, write the row under its ETag, record the ledger event. Every change re-reads the nonconformity; a
/// change names the revision its card showed, so a card that predates another change (or loses the race to one) is
/// refused with <see cref="ChangedCode"/> and changes nothing.
/// </summary>
public sealed class NonconformityService
{
    /// <summary>The error code of a change that lost to another (or was asked from an older card): show the current one.</summary>
    public const string ChangedCode = "nc.changed";

    /// <summary>The error code of an id the tenant has no nonconformity for.</summary>
    public const string UnknownCode = "nc.unknown";

    private static readonly NonconformityId Placeholder = new(NonconformityId.MaxNumber);

    private readonly NonconformityRepository _repository;
    private readonly LedgerRecorder _ledger;
    private readonly IOptions<NonconformityOptions> _options;
    private readonly IOptions<RegisterOptions> _register;
    private readonly TimeProvider _clock;

    public NonconformityService(
        NonconformityRepository repository,
        LedgerRecorder ledger,
        IOptions<NonconformityOptions> options,
        IOptions<RegisterOptions> register,
        TimeProvider clock)
    {
        _repository = repository;
        _ledger = ledger;
        _options = options;
        _register = register;
        _clock = clock;
    }

    /// <summary>The zone due dates are dates in: the organisation's.</summary>
    public TimeZoneInfo Zone => _register.Value.OrganizationZone;

    public TimeProvider Clock => _clock;

    public NonconformityOptions Options => _options.Value;

    /// <summary>Today in the organisation's zone.</summary>
    public DateOnly Today => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(_clock.GetUtcNow(), Zone).DateTime);

    public static DomainError Unknown(NonconformityId id) =>
        new(UnknownCode, $"There is no nonconformity {id}. Say **ncs** to list them.", "nc");

    /// <summary>One nonconformity, or null when the tenant has none with that id.</summary>
    public async Task<LoadedNonconformity?> GetAsync(string tenantId, NonconformityId id, CancellationToken cancellationToken)
    {
        var row = await _repository.GetAsync(tenantId, id, cancellationToken);
        if (row is null)
        {
            return null;
        }

        var restored = Nonconformity.Restore(NonconformityRepository.StateOf(row));
        return restored.TryGetValue(out var nc)
            ? new LoadedNonconformity(row, nc)
            : throw new InvalidDataException($"Nonconformity {id} of tenant {tenantId} does not read: {restored.ErrorMessage}");
    }

    /// <summary>
    /// Raises a nonconformity: from <c>nc raise</c>, the escalation card's button, or internal audit findings. Checked
    /// in full before an id is drawn (a refused form uses no number); <paramref name="claimKey"/> (the form's submission
    /// id) makes a form sent twice raise one. Recorded as <c>nc.raise</c>.
    /// </summary>
    public async Task<Result<NonconformityChange>> RaiseAsync(Caller caller, NonconformityDetails details, string claimKey, string? sourceActivityId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(details);
        var checkedFirst = Nonconformity.Raise(Placeholder, details, caller.Actor, _clock);
        if (!checkedFirst.IsSuccess)
        {
            return Result.Failure<NonconformityChange>(checkedFirst.Errors);
        }

        var drawn = await _repository.NextIdAsync(caller.TenantId, cancellationToken);
        var id = await _repository.ClaimAsync(caller.TenantId, claimKey, drawn, cancellationToken);
        if (id != drawn && await GetAsync(caller.TenantId, id, cancellationToken) is { } earlier)
        {
            return Result.Success(new NonconformityChange(earlier, AlreadyDone: true));
        }

        var raised = Nonconformity.Raise(id, details, caller.Actor, _clock);
        if (!raised.TryGetValue(out var nc))
        {
            return Result.Failure<NonconformityChange>(raised.Errors);
        }

        var row = NonconformityRepository.RowOf(nc);
        row.RaisedByName = caller.Name;
        try
        {
            row = await _repository.AddAsync(caller.TenantId, row, cancellationToken);
        }
        catch (EntityAlreadyExistsException)
        {
            // The same form, sent twice at once: the other request stored it.
            return await GetAsync(caller.TenantId, id, cancellationToken) is { } other
                ? Result.Success(new NonconformityChange(other, AlreadyDone: true))
                : Result.Failure<NonconformityChange>(new DomainError(ChangedCode, "Someone else is raising the same nonconformity right now, so I changed nothing. Please try again in a moment."));
        }

        await _ledger.RecordAsync(caller, LedgerEvents.NonconformityRaised.About(id, null, NonconformityLedger.Raised(nc)), sourceActivityId, cancellationToken);
        return Result.Success(new NonconformityChange(new LoadedNonconformity(row, nc), AlreadyDone: false));
    }

    /// <summary>Triage by a compliance lead (severity, owner, due dates), recorded as <c>nc.triage</c>; <paramref name="ownerName"/> is kept for lists.</summary>
    public Task<Result<NonconformityChange>> TriageAsync(Caller caller, NonconformityId id, int expectedRevision, NonconformityTriage triage, string? ownerName, string? sourceActivityId, CancellationToken cancellationToken) =>
        ChangeAsync(
            caller,
            id,
            expectedRevision,
            nc => nc.Triage(triage, caller.Actor, Zone, _clock),
            (before, after) => [LedgerEvents.NonconformityTriaged.About(id, NonconformityLedger.Triage(before), NonconformityLedger.Triage(after))],
            row => row.OwnerName = ownerName,
            sourceActivityId,
            cancellationToken);

    /// <summary>Declines at triage as not a nonconformity, with the reason: <c>nc.decline</c>.</summary>
    public Task<Result<NonconformityChange>> DeclineAsync(Caller caller, NonconformityId id, int expectedRevision, string? reason, string? sourceActivityId, CancellationToken cancellationToken) =>
        ChangeAsync(
            caller,
            id,
            expectedRevision,
            nc => nc.Decline(reason, caller.Actor, _clock),
            (before, after) => [LedgerEvents.NonconformityDeclined.About(id, NonconformityLedger.Stage(before), NonconformityLedger.Declined(after))],
            null,
            sourceActivityId,
            cancellationToken);

    /// <summary>Records the correction and containment: <c>nc.correction</c>.</summary>
    public Task<Result<NonconformityChange>> RecordCorrectionAsync(Caller caller, NonconformityId id, int expectedRevision, string? correction, string? consequences, string? sourceActivityId, CancellationToken cancellationToken) =>
        ChangeAsync(
            caller,
            id,
            expectedRevision,
            nc => nc.RecordCorrection(correction, consequences, caller.Actor, _clock),
            (before, after) => [LedgerEvents.NonconformityCorrected.About(id, NonconformityLedger.Stage(before), NonconformityLedger.Correction(after))],
            null,
            sourceActivityId,
            cancellationToken);

    /// <summary>Records the root cause: <c>nc.rootcause</c>.</summary>
    public Task<Result<NonconformityChange>> RecordRootCauseAsync(Caller caller, NonconformityId id, int expectedRevision, string? whatHappened, string? why, CauseCategory? category, string? similarElsewhere, string? sourceActivityId, CancellationToken cancellationToken) =>
        ChangeAsync(
            caller,
            id,
            expectedRevision,
            nc => nc.RecordRootCause(whatHappened, why, category, similarElsewhere, caller.Actor, _clock),
            (before, after) => [LedgerEvents.NonconformityRootCause.About(id, NonconformityLedger.Stage(before), NonconformityLedger.RootCause(after))],
            null,
            sourceActivityId,
            cancellationToken);

    /// <summary>Records the corrective actions: <c>nc.actions</c>.</summary>
    public Task<Result<NonconformityChange>> PlanActionsAsync(Caller caller, NonconformityId id, int expectedRevision, IReadOnlyList<CorrectiveActionDraft> actions, string? sourceActivityId, CancellationToken cancellationToken) =>
        ChangeAsync(
            caller,
            id,
            expectedRevision,
            nc => nc.PlanActions(actions, caller.Actor, Zone, _clock),
            (before, after) => [LedgerEvents.NonconformityActionsPlanned.About(id, NonconformityLedger.Stage(before), NonconformityLedger.Actions(after))],
            null,
            sourceActivityId,
            cancellationToken);

    /// <summary>Marks one corrective action done with its evidence: <c>nc.action.done</c>.</summary>
    public Task<Result<NonconformityChange>> CompleteActionAsync(Caller caller, NonconformityId id, int expectedRevision, int actionNumber, string? evidence, string? sourceActivityId, CancellationToken cancellationToken) =>
        ChangeAsync(
            caller,
            id,
            expectedRevision,
            nc => nc.CompleteAction(actionNumber, evidence, caller.Actor, _clock),
            (before, after) => [LedgerEvents.NonconformityActionDone.About(id, NonconformityLedger.Action(before, actionNumber), NonconformityLedger.Action(after, actionNumber))],
            null,
            sourceActivityId,
            cancellationToken);

    /// <summary>States the actions implemented, with evidence; the review is due after the configured wait: <c>nc.implemented</c>.</summary>
    public Task<Result<NonconformityChange>> MarkImplementedAsync(Caller caller, NonconformityId id, int expectedRevision, string? evidence, string? sourceActivityId, CancellationToken cancellationToken) =>
        ChangeAsync(
            caller,
            id,
            expectedRevision,
            nc => nc.MarkImplemented(evidence, Options.ReviewWaitDays, caller.Actor, Zone, _clock),
            (before, after) => [LedgerEvents.NonconformityImplemented.About(id, NonconformityLedger.Stage(before), NonconformityLedger.Implemented(after))],
            null,
            sourceActivityId,
            cancellationToken);

    /// <summary>
    /// Reviews effectiveness: <c>nc.review</c>, and <c>nc.close</c> when effective; not effective starts a new cycle at
    /// root cause, due on <paramref name="rootCauseDue"/> (the form's, or <see cref="NonconformityOptions.RootCauseDays"/> from today).
    /// </summary>
    public Task<Result<NonconformityChange>> ReviewAsync(Caller caller, NonconformityId id, int expectedRevision, bool effective, string? comment, DateOnly? rootCauseDue, string? sourceActivityId, CancellationToken cancellationToken) =>
        ChangeAsync(
            caller,
            id,
            expectedRevision,
            nc => nc.ReviewEffectiveness(effective, comment, rootCauseDue ?? Today.AddDays(Options.RootCauseDays), caller.Actor, Zone, _clock),
            (before, after) => after.Stage == NonconformityStage.Closed
                ? [LedgerEvents.NonconformityReviewed.About(id, NonconformityLedger.Stage(before), NonconformityLedger.Review(after)), LedgerEvents.NonconformityClosed.About(id, NonconformityLedger.Stage(before), NonconformityLedger.Stage(after))]
                : [LedgerEvents.NonconformityReviewed.About(id, NonconformityLedger.Stage(before), NonconformityLedger.Review(after))],
            null,
            sourceActivityId,
            cancellationToken);

    /// <summary>Reopens a closed one (a compliance lead, with the reason): <c>nc.reopen</c>; root cause due on <paramref name="rootCauseDue"/> or the configured days from today.</summary>
    public Task<Result<NonconformityChange>> ReopenAsync(Caller caller, NonconformityId id, int expectedRevision, string? reason, DateOnly? rootCauseDue, string? sourceActivityId, CancellationToken cancellationToken) =>
        ChangeAsync(
            caller,
            id,
            expectedRevision,
            nc => nc.Reopen(reason, rootCauseDue ?? Today.AddDays(Options.RootCauseDays), caller.Actor, Zone, _clock),
            (before, after) => [LedgerEvents.NonconformityReopened.About(id, NonconformityLedger.Stage(before), NonconformityLedger.Reopened(after))],
            null,
            sourceActivityId,
            cancellationToken);

    private async Task<Result<NonconformityChange>> ChangeAsync(
        Caller caller,
        NonconformityId id,
        int expectedRevision,
        Func<Nonconformity, Result<Nonconformity>> apply,
        Func<Nonconformity, Nonconformity, IReadOnlyList<LedgerRecord>> records,
        Action<NonconformityRow>? fillRow,
        string? sourceActivityId,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var loaded = await GetAsync(caller.TenantId, id, cancellationToken);
        if (loaded is null)
        {
            return Result.Failure<NonconformityChange>(Unknown(id));
        }

        if (loaded.Nc.Revision != expectedRevision)
        {
            return Result.Failure<NonconformityChange>(Changed(id));
        }

        var applied = apply(loaded.Nc);
        if (!applied.TryGetValue(out var after))
        {
            return Result.Failure<NonconformityChange>(applied.Errors);
        }

        var row = NonconformityRepository.RowOf(after);
        row.RaisedByName = loaded.Row.RaisedByName;
        row.OwnerName = loaded.Row.OwnerName;
        fillRow?.Invoke(row);
        try
        {
            row = await _repository.ReplaceAsync(caller.TenantId, row, loaded.Row.ETag, cancellationToken);
        }
        catch (ConcurrencyConflictException)
        {
            return Result.Failure<NonconformityChange>(Changed(id));
        }

        await _ledger.RecordAllAsync(caller, records(loaded.Nc, after), sourceActivityId, cancellationToken);
        return Result.Success(new NonconformityChange(new LoadedNonconformity(row, after), AlreadyDone: false));
    }

    private static DomainError Changed(NonconformityId id) =>
        new(ChangedCode, string.Create(CultureInfo.InvariantCulture, $"{id} changed since this card was made, so I changed nothing. Here it is as it stands now."));
}
