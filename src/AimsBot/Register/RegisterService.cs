using AimsBot.Commands;
using AimsBot.Domain;
using AimsBot.Domain.Access;
using AimsBot.Domain.Catalogue;
using AimsBot.Domain.Ledger;
using AimsBot.Domain.Register;
using AimsBot.Domain.Scheduling;
using AimsBot.Ledger;
using AimsBot.Storage;
using AimsBot.Storage.Register;
using Microsoft.Extensions.Options;

namespace AimsBot.Register;

/// <summary>A system the register holds after <c>system add</c>, and whether this submission had already added it.</summary>
public sealed record SystemAdded(StoredAiSystem System, int OwnControls, bool AlreadyRecorded);

/// <summary>Evidence recorded, the control it counted for (after the change), and whether this submission had already recorded it.</summary>
public sealed record EvidenceAdded(StoredEvidence Evidence, StoredControl? Control, bool AlreadyRecorded);

/// <summary>
/// The register's changes. Each one: lets the domain decide (who may act included: the domain operation checks
/// it, so nothing here asks again), writes with ETag concurrency (conditional inserts for new rows), then appends
/// one ledger event.
/// A repeated form submission (same submission id) changes nothing and answers like the first; it also
/// completes what the first may have left undone (the per-system controls, the control's last evidence,
/// a missing ledger event once the first is clearly over).
/// </summary>
public sealed partial class RegisterService
{
    /// <summary>
    /// How long a repeat gives its first copy to record the ledger event before recording it itself: a double
    /// click arrives while the first copy is still running; a retry after a failure comes later.
    /// </summary>
    private static readonly TimeSpan FirstCopyGrace = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);

    private readonly AiSystemRepository _systems;
    private readonly ControlInstanceRepository _controls;
    private readonly EvidenceRepository _evidence;
    private readonly LedgerRecorder _ledger;
    private readonly RegisterOptions _options;
    private readonly TimeProvider _clock;
    private readonly ILogger<RegisterService> _logger;

    public RegisterService(
        AiSystemRepository systems,
        ControlInstanceRepository controls,
        EvidenceRepository evidence,
        LedgerRecorder ledger,
        IOptions<RegisterOptions> options,
        TimeProvider clock,
        ILogger<RegisterService> logger)
    {
        _systems = systems;
        _controls = controls;
        _evidence = evidence;
        _ledger = ledger;
        _options = options.Value;
        _clock = clock;
        _logger = logger;
    }

    /// <summary>Adds an AI system and its own instances of the AI-system-layer controls.</summary>
    public async Task<Result<SystemAdded>> AddSystemAsync(
        Caller caller,
        AiSystemDetails details,
        string? ownerName,
        Guid submissionId,
        string? sourceActivityId,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(details);
        var actor = caller.Actor;
        var created = AiSystem.Create(details, actor, _clock);
        if (!created.TryGetValue(out var system))
        {
            return Result.Failure<SystemAdded>(created.Errors);
        }

        StoredAiSystem stored;
        try
        {
            stored = await _systems.AddAsync(caller.TenantId, system, ownerName, caller.UserKey, submissionId, cancellationToken);
        }
        catch (EntityAlreadyExistsException)
        {
            var existing = await _systems.GetAsync(caller.TenantId, system.Id, cancellationToken);
            if (existing is null || existing.SubmissionId != submissionId.ToString("N"))
            {
                var name = existing?.System.Name ?? system.Name;
                return Result.Failure<SystemAdded>(new DomainError(
                    "system.exists",
                    $"The register already has an AI system called '{name}' (id '{system.Id}'). Choose a different name, or say **system {name}** to see it.",
                    "name"));
            }

            // The first copy may have stopped before the controls or the ledger event: finish its work.
            var own = await CreateSystemControlsAsync(caller, actor, existing, cancellationToken);
            if (await LedgerMissesAsync(caller.TenantId, existing.System.Id, existing.System.CreatedAt, cancellationToken))
            {
                await AppendSystemAddedAsync(caller, existing, own, sourceActivityId, cancellationToken);
            }

            return Result.Success(new SystemAdded(existing, own.Count, AlreadyRecorded: true));
        }

        var controls = await CreateSystemControlsAsync(caller, actor, stored, cancellationToken);
        await AppendSystemAddedAsync(caller, stored, controls, sourceActivityId, cancellationToken);
        return Result.Success(new SystemAdded(stored, controls.Count, AlreadyRecorded: false));
    }

    /// <summary>Names the owner of a control in a scope (creating the scope's instance when it has none yet).</summary>
    public Task<Result<ControlChange>> AssignOwnerAsync(
        Caller caller,
        ControlScope scope,
        ControlId controlId,
        OwnerCandidate owner,
        string? sourceActivityId,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(owner);
        var actor = caller.Actor;
        var zone = TimeZones.TryFind(owner.TimeZoneId, out var ownerZone) ? ownerZone : _options.OrganizationZone;

        return ChangeControlAsync(
            caller,
            scope,
            controlId,
            instance => instance.AssignOwner(owner.UserId, zone, actor).Map(i => new ControlUpdate(i, owner.Name)),
            LedgerEvents.OwnerAssigned,
            sourceActivityId,
            cancellationToken);
    }

    /// <summary>Records how far a control is implemented in a scope (its owner or a compliance lead: the domain decides).</summary>
    public Task<Result<ControlChange>> SetImplementationAsync(
        Caller caller,
        ControlScope scope,
        ControlId controlId,
        ImplementationStatus status,
        string? sourceActivityId,
        CancellationToken cancellationToken)
    {
        var actor = caller.Actor;
        return ChangeControlAsync(
            caller,
            scope,
            controlId,
            (instance, ownerName) => instance.SetImplementationStatus(status, actor).Map(i => new ControlUpdate(i, ownerName)),
            LedgerEvents.ImplementationSet,
            sourceActivityId,
            cancellationToken);
    }

    /// <summary>Excludes a control from a scope's SoA with a justification (compliance leads).</summary>
    public Task<Result<ControlChange>> ExcludeAsync(
        Caller caller,
        ControlScope scope,
        ControlId controlId,
        string? justification,
        string? sourceActivityId,
        CancellationToken cancellationToken)
    {
        var actor = caller.Actor;
        return ChangeControlAsync(
            caller,
            scope,
            controlId,
            (instance, ownerName) => instance.Exclude(actor, justification, _clock).Map(i => new ControlUpdate(i, ownerName, caller.Name)),
            LedgerEvents.ControlExcluded,
            sourceActivityId,
            cancellationToken);
    }

    /// <summary>
    /// The evidence form's submission, whichever card it came from (<c>evidence add</c> or the nudge card):
    /// recorded through <see cref="AddEvidenceAsync"/>; on a problem, every problem with the form at once (what
    /// could not be read, then the domain's), or the refusal; <see cref="RegisterReplies.BusyCode"/> when a
    /// concurrent change won.
    /// </summary>
    public async Task<Result<EvidenceAdded>> SubmitEvidenceAsync(
        Caller caller,
        ScopeView view,
        ControlId controlId,
        EvidenceInput input,
        TimeZoneInfo submitterZone,
        Guid submissionId,
        string? sourceActivityId,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        Result<EvidenceAdded> added;
        try
        {
            added = await AddEvidenceAsync(caller, view, controlId, input.Draft, submitterZone, submissionId, sourceActivityId, cancellationToken);
        }
        catch (ConcurrencyConflictException)
        {
            return Result.Failure<EvidenceAdded>(new DomainError(RegisterReplies.BusyCode, RegisterReplies.Busy));
        }

        return added.IsSuccess ? added : Result.Failure<EvidenceAdded>(input.WithDomainErrors(added.Errors));
    }

    /// <summary>
    /// Records evidence for the instance that answers the control in <paramref name="view"/>'s scope, once per
    /// submission, and moves that instance's last evidence (and so its next due date).
    /// </summary>
    private async Task<Result<EvidenceAdded>> AddEvidenceAsync(
        Caller caller,
        ScopeView view,
        ControlId controlId,
        EvidenceDraft draft,
        TimeZoneInfo submitterZone,
        Guid submissionId,
        string? sourceActivityId,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(view);
        ArgumentNullException.ThrowIfNull(draft);
        var actor = caller.Actor;
        var effective = view.Effective(controlId);
        if (EvidenceTargetError(view, effective) is { } targetError)
        {
            return Result.Failure<EvidenceAdded>(targetError);
        }

        // The domain decides first — who may submit (the control's owner or a compliance lead) and what is valid —
        // so a repeat is answered only to someone who may submit it.
        var scope = effective.InstanceScope;
        var submitted = EvidenceRecord.Submit(draft, effective.Stored?.Instance ?? DefaultInstance(scope, controlId), actor, submitterZone, _clock);
        if (!submitted.TryGetValue(out var record))
        {
            return Result.Failure<EvidenceAdded>(submitted.Errors);
        }

        if (await _evidence.FindSubmissionAsync(caller.TenantId, scope, controlId, submissionId, cancellationToken) is { } earlier)
        {
            return Result.Success(await CompleteRepeatAsync(caller, actor, earlier, draft, submitterZone, sourceActivityId, cancellationToken));
        }

        var outcome = await _evidence.AddAsync(caller.TenantId, record, caller.Name, submissionId, cancellationToken);
        if (outcome.AlreadyRecorded)
        {
            return Result.Success(await CompleteRepeatAsync(caller, actor, outcome.Evidence, draft, submitterZone, sourceActivityId, cancellationToken));
        }

        ControlChange? change = null;
        try
        {
            change = await AcceptAsync(caller, scope, controlId, record, cancellationToken);
        }
        catch (ConcurrencyConflictException)
        {
            // The evidence is stored; the control's last evidence is caught up by the next repeat or evidence.
            LogControlBusy(_logger, controlId.Value);
        }

        await _ledger.RecordAsync(
            caller,
            LedgerEvents.EvidenceAdded.About(
                outcome.Evidence.Id,
                RegisterLedgerRecords.Json(change?.Before),
                RegisterLedgerRecords.Json(outcome.Evidence, change?.After)),
            sourceActivityId,
            cancellationToken);
        return Result.Success(new EvidenceAdded(outcome.Evidence, change?.After, AlreadyRecorded: false));
    }

    /// <summary>Why evidence can't go to this control in this scope, if it can't (before any permission question).</summary>
    public static DomainError? EvidenceTargetError(ScopeView view, EffectiveControl effective)
    {
        ArgumentNullException.ThrowIfNull(view);
        ArgumentNullException.ThrowIfNull(effective);
        var id = effective.Row.ControlId;
        if (!effective.Row.Included)
        {
            var where = effective.IsInherited ? "the organisation (and so for every AI system)" : view.ScopeName;
            return new DomainError("evidence.control-excluded", $"{id} is excluded for {where}, so it takes no evidence.");
        }

        if (view.Scope.IsOrganization && effective.Row.Layer == ControlLayer.AiSystem)
        {
            return new DomainError(
                "evidence.needs-system",
                $"{id} is answered per AI system, so its evidence belongs to one: say **evidence add {id} system <name>**.");
        }

        return null;
    }

    private async Task<EvidenceAdded> CompleteRepeatAsync(
        Caller caller,
        Actor actor,
        StoredEvidence earlier,
        EvidenceDraft draft,
        TimeZoneInfo submitterZone,
        string? sourceActivityId,
        CancellationToken cancellationToken)
    {
        // The first copy may have stopped before the evidence index: index it again (idempotent).
        await _evidence.IndexAsync(caller.TenantId, earlier, cancellationToken);

        // The first copy may have stopped between the evidence row and the control: rebuild the record as
        // it was submitted (its time) and let the control take it into account, which is idempotent.
        var current = await _controls.GetAsync(caller.TenantId, earlier.Scope, earlier.ControlId, cancellationToken);
        var after = current;
        if (current?.Instance.LastEvidenceAt is not { } last || last < earlier.SubmittedAt)
        {
            var basis = current?.Instance ?? DefaultInstance(earlier.Scope, earlier.ControlId);
            var asSubmitted = EvidenceRecord.Submit(draft, basis, actor, submitterZone, new FixedClock(earlier.SubmittedAt));
            if (asSubmitted.TryGetValue(out var record))
            {
                after = (await AcceptAsync(caller, earlier.Scope, earlier.ControlId, record, cancellationToken))?.After ?? current;
            }
        }

        if (await LedgerMissesAsync(caller.TenantId, earlier.Id, earlier.SubmittedAt, cancellationToken))
        {
            await _ledger.RecordAsync(
                caller, LedgerEvents.EvidenceAdded.About(earlier.Id, null, RegisterLedgerRecords.Json(earlier, after)), sourceActivityId, cancellationToken);
        }

        return new EvidenceAdded(earlier, after, AlreadyRecorded: true);
    }

    /// <summary>The control takes the evidence into account (creating the instance if the evidence came first).</summary>
    private async Task<ControlChange?> AcceptAsync(Caller caller, ControlScope scope, ControlId controlId, EvidenceRecord record, CancellationToken cancellationToken)
    {
        var result = await _controls.ModifyAsync(
            caller.TenantId,
            scope,
            controlId,
            stored =>
            {
                var instance = stored?.Instance ?? DefaultInstance(scope, controlId);
                return instance.AcceptEvidence(record).Map(i => new ControlUpdate(i, stored?.OwnerName));
            },
            cancellationToken);
        return result.IsSuccess ? result.Value : null;
    }

    private Task<Result<ControlChange>> ChangeControlAsync(
        Caller caller,
        ControlScope scope,
        ControlId controlId,
        Func<ControlInstance, Result<ControlUpdate>> apply,
        LedgerEventDefinition<ControlInstanceRef> ledgerAction,
        string? sourceActivityId,
        CancellationToken cancellationToken) =>
        ChangeControlAsync(caller, scope, controlId, (instance, _) => apply(instance), ledgerAction, sourceActivityId, cancellationToken);

    /// <summary>
    /// Applies one domain change to a control instance (the scope's implicit default one when none is stored yet);
    /// the change's own domain method decides whether the caller may make it.
    /// </summary>
    private async Task<Result<ControlChange>> ChangeControlAsync(
        Caller caller,
        ControlScope scope,
        ControlId controlId,
        Func<ControlInstance, string?, Result<ControlUpdate>> apply,
        LedgerEventDefinition<ControlInstanceRef> ledgerAction,
        string? sourceActivityId,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var result = await _controls.ModifyAsync(
            caller.TenantId,
            scope,
            controlId,
            stored => apply(stored?.Instance ?? DefaultInstance(scope, controlId), stored?.OwnerName),
            cancellationToken);
        if (result.TryGetValue(out var change))
        {
            await RecordControlChangeAsync(caller, ledgerAction, scope, controlId, change, sourceActivityId, cancellationToken);
        }

        return result;
    }

    /// <summary>Appends the ledger event of a control instance's change (entity <c>{scope}/{control}</c>, before → after).</summary>
    private Task<LedgerEvent> RecordControlChangeAsync(Caller caller, LedgerEventDefinition<ControlInstanceRef> ledgerAction, ControlScope scope, ControlId controlId, ControlChange change, string? sourceActivityId, CancellationToken cancellationToken) =>
        _ledger.RecordAsync(
            caller,
            ledgerAction.About(new ControlInstanceRef(scope, controlId), RegisterLedgerRecords.Json(change.Before), RegisterLedgerRecords.Json(change.After)),
            sourceActivityId,
            cancellationToken);

    /// <summary>
    /// Makes sure the system has its own instance of every control it answers itself (<see cref="SystemControls"/>;
    /// a concurrent copy of the same submission may be creating them too) and returns those controls' ids.
    /// </summary>
    private async Task<IReadOnlyList<string>> CreateSystemControlsAsync(Caller caller, Actor actor, StoredAiSystem system, CancellationToken cancellationToken)
    {
        var organization = (await _controls.ListScopeAsync(caller.TenantId, ControlScope.Organization, cancellationToken))
            .ToDictionary(c => c.Instance.ControlId, c => c.Instance.Layer);
        var created = SystemControls.CreateForNewSystem(system.System, organization, actor, _clock, _options.OrganizationZone, _options.Cadence);
        if (!created.TryGetValue(out var instances))
        {
            // Not reached: the same actor was just allowed to add the system, which is the same permission.
            LogSystemControlsRefused(_logger, system.System.Id, created.ErrorMessage);
            return [];
        }

        await _controls.AddMissingAsync(caller.TenantId, instances.Select(i => new ControlUpdate(i, null)).ToList(), cancellationToken);
        return instances.Select(i => i.ControlId.Value).ToList();
    }

    private Task<LedgerEvent> AppendSystemAddedAsync(Caller caller, StoredAiSystem system, IReadOnlyList<string> controls, string? sourceActivityId, CancellationToken cancellationToken) =>
        _ledger.RecordAsync(
            caller,
            LedgerEvents.SystemAdded.About(system.System, null, RegisterLedgerRecords.Json(system, controls)),
            sourceActivityId,
            cancellationToken);

    /// <summary>
    /// Whether the ledger still has nothing about an entity written at <paramref name="writtenAt"/> by an
    /// earlier copy of this submission. While that copy is younger than <see cref="FirstCopyGrace"/> it may
    /// still be about to record it, so this waits (polling) rather than record the event twice.
    /// </summary>
    private async Task<bool> LedgerMissesAsync(string tenantId, string entityId, DateTimeOffset writtenAt, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (await _ledger.HasEventsForAsync(tenantId, entityId, cancellationToken))
            {
                return false;
            }

            var left = FirstCopyGrace - (_clock.GetUtcNow() - writtenAt);
            if (left <= TimeSpan.Zero)
            {
                return true;
            }

            await Task.Delay(left < PollInterval ? left : PollInterval, _clock, cancellationToken);
        }
    }

    /// <summary>The instance a scope has of a control before any decision (<see cref="ControlInstance.Default"/>), on the default cadence.</summary>
    private ControlInstance DefaultInstance(ControlScope scope, ControlId controlId) =>
        ControlInstance.Default(scope, controlId, _clock, _options.OrganizationZone, _options.Cadence);

    /// <summary>A clock stopped at one instant: rebuilds a record as it was at its submission.</summary>
    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The new AI system {SystemId} got none of its own controls: {Reason}")]
    private static partial void LogSystemControlsRefused(ILogger logger, string systemId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Evidence for {ControlId} is stored but the control stayed busy; its last evidence date catches up on the next change")]
    private static partial void LogControlBusy(ILogger logger, string controlId);
}
