using AimsBot.Domain.Access;
using AimsBot.Domain.Catalogue;
using AimsBot.Domain.Scheduling;

namespace AimsBot.Domain.Register;

/// <summary>Identifies a control instance: a scope and an Annex A control.</summary>
public sealed record ControlInstanceRef(ControlScope Scope, ControlId ControlId)
{
    public override string ToString() => $"{ControlId} for {Scope}";
}

/// <summary>Every stored field of a control instance, for persistence adapters.</summary>
public sealed record ControlInstanceState(
    string ScopeKey,
    string ControlId,
    ControlLayer Layer,
    ApplicabilityStatus Applicability,
    string? Justification,
    string? DecidedBy,
    DateTimeOffset? DecidedAt,
    ImplementationStatus Implementation,
    string? OwnerUserId,
    string? Cadence,
    string DueTimeZoneId,
    DateTimeOffset CreatedAt,
    DateTimeOffset ScheduleStartedAt,
    DateTimeOffset? LastEvidenceAt,
    DateOnly? NotApplicableThrough = null,
    string? NotApplicableReason = null);

/// <summary>
/// One Annex A control as the organisation runs it, in one scope (the organisation, or one AI system): its
/// layer, applicability decision, implementation status, owner, evidence cadence and last accepted evidence.
/// Immutable: every change returns a new instance (or a friendly refusal), so each change can be recorded.
/// </summary>
/// <remarks>
/// <see cref="NextDue"/> is derived (see <see cref="DueDateCalculator"/>): from the last accepted evidence,
/// or — before any evidence — by the first-due rule from when the schedule started (creation with a cadence, a
/// cadence change, or re-inclusion after an exclusion). Excluded controls and controls without a cadence are never due.
/// Due dates are dates in <see cref="DueZone"/>: the owner's zone once an owner is assigned, else the
/// organisation's zone given at creation.
/// </remarks>
public sealed class ControlInstance
{
    private ControlInstance(
        ControlScope scope,
        ControlId controlId,
        ControlLayer layer,
        Applicability applicability,
        ImplementationStatus implementation,
        string? ownerUserId,
        EvidenceCadence? cadence,
        TimeZoneInfo dueZone,
        DateTimeOffset createdAt,
        DateTimeOffset scheduleStartedAt,
        DateTimeOffset? lastEvidenceAt,
        DateOnly? notApplicableThrough = null,
        string? notApplicableReason = null)
    {
        Scope = scope;
        ControlId = controlId;
        Layer = layer;
        Applicability = applicability;
        Implementation = implementation;
        OwnerUserId = ownerUserId;
        Cadence = cadence;
        DueZone = dueZone;
        CreatedAt = createdAt;
        ScheduleStartedAt = scheduleStartedAt;
        LastEvidenceAt = lastEvidenceAt;
        NotApplicableThrough = notApplicableThrough;
        NotApplicableReason = notApplicableReason;
    }

    public ControlScope Scope { get; }

    public ControlId ControlId { get; }

    public ControlInstanceRef Ref => new(Scope, ControlId);

    public AnnexAControl Control => AnnexA.Get(ControlId);

    /// <summary>The layer in force. Organisation-scope instances may be moved; AI-system instances are always <see cref="ControlLayer.AiSystem"/>.</summary>
    public ControlLayer Layer { get; }

    public Applicability Applicability { get; }

    public ImplementationStatus Implementation { get; }

    public string? OwnerUserId { get; }

    public EvidenceCadence? Cadence { get; }

    public TimeZoneInfo DueZone { get; }

    public DateTimeOffset CreatedAt { get; }

    public DateTimeOffset ScheduleStartedAt { get; }

    public DateTimeOffset? LastEvidenceAt { get; }

    /// <summary>
    /// The due date of the latest period the owner declared "not applicable this period": that period is closed
    /// without evidence, and the next one starts on this date. <see cref="LastEvidenceAt"/> is left alone, so the
    /// SoA's last evidence stays real evidence.
    /// </summary>
    public DateOnly? NotApplicableThrough { get; }

    /// <summary>Why the period ending on <see cref="NotApplicableThrough"/> needed no evidence.</summary>
    public string? NotApplicableReason { get; }

    /// <summary>The date fresh evidence is due, in <see cref="DueZone"/>; null when nothing is expected.</summary>
    public DateOnly? NextDue
    {
        get
        {
            if (Applicability.IsExcluded || Cadence is null)
            {
                return null;
            }

            // The period starts at the later of the last evidence (or the schedule start) and a period declared not applicable.
            var anchor = DueDateCalculator.LocalDate(LastEvidenceAt ?? ScheduleStartedAt, DueZone);
            if (NotApplicableThrough is { } closed && closed > anchor)
            {
                return DueDateCalculator.NextDue(Cadence, closed, DueZone);
            }

            // No evidence and no closed period yet: the first-due rule (a short first period, not a whole cadence).
            return LastEvidenceAt is null
                ? DueDateCalculator.FirstDue(Cadence, anchor, DueZone)
                : DueDateCalculator.NextDue(Cadence, anchor, DueZone);
        }
    }

    /// <summary>Whether evidence is upcoming, due today or overdue, by the clock, in <see cref="DueZone"/>.</summary>
    public DueStatus DueStatus(TimeProvider clock) => DueDateCalculator.Status(NextDue, clock, DueZone);

    /// <summary>
    /// Registers a control for a scope (compliance leads only). It starts applicable, not started, without an
    /// owner. The layer defaults to the catalogue's for the organisation scope, and is always AI-system for a
    /// system scope (a system instance is that system's own answer to the control).
    /// </summary>
    public static Result<ControlInstance> Create(
        ControlScope scope,
        ControlId controlId,
        Actor actor,
        TimeProvider clock,
        TimeZoneInfo organizationZone,
        EvidenceCadence? cadence = null,
        ControlLayer? layer = null)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(controlId);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(organizationZone);
        if (Permissions.Can(actor, DomainAction.ManageRegister).ToError() is { } refused)
        {
            return Result.Failure<ControlInstance>(refused);
        }

        var effectiveLayer = layer ?? (scope.IsOrganization ? AnnexA.Get(controlId).DefaultLayer : ControlLayer.AiSystem);
        if (LayerError(scope, effectiveLayer) is { } error)
        {
            return Result.Failure<ControlInstance>(error);
        }

        var now = clock.GetUtcNow();
        return Result.Success(new ControlInstance(
            scope, controlId, effectiveLayer, Applicability.Default, ImplementationStatus.NotStarted,
            ownerUserId: null, cadence, organizationZone, now, now, lastEvidenceAt: null));
    }

    /// <summary>
    /// The instance a scope has of a control before anyone decided anything about it — what the SoA shows for a
    /// control with no stored instance: applicable, not started, no owner, at the catalogue's layer (AI-system for
    /// a system scope), on the default cadence. Making it decides nothing, so it needs no actor; every change made
    /// to it (an owner, an exclusion, evidence, a closed period) is checked by that change's own method.
    /// </summary>
    public static ControlInstance Default(ControlScope scope, ControlId controlId, TimeProvider clock, TimeZoneInfo organizationZone, EvidenceCadence? cadence)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(controlId);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(organizationZone);
        var layer = scope.IsOrganization ? AnnexA.Get(controlId).DefaultLayer : ControlLayer.AiSystem;
        var now = clock.GetUtcNow();
        return new ControlInstance(
            scope, controlId, layer, Applicability.Default, ImplementationStatus.NotStarted,
            ownerUserId: null, cadence, organizationZone, now, now, lastEvidenceAt: null);
    }

    /// <summary>
    /// Excludes the control from the Statement of Applicability. Refused unless the actor is a compliance lead
    /// and the justification has 10–1000 characters. An excluded control is never due for evidence.
    /// </summary>
    public Result<ControlInstance> Exclude(Actor actor, string? justification, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(clock);
        if (Permissions.Can(actor, DomainAction.DecideApplicability).ToError() is { } refused)
        {
            return Result.Failure<ControlInstance>(refused);
        }

        var text = TextRules.Clean(justification);
        if (text.Length == 0)
        {
            return Result.Failure<ControlInstance>(new DomainError(
                "applicability.justification.required",
                $"Excluding {ControlId} needs a justification: say why it does not apply.",
                "justification"));
        }

        var errors = new List<DomainError>();
        TextRules.Check(errors, text, "justification", "The justification", Applicability.JustificationMin, Applicability.JustificationMax, allowLineBreaks: true, "applicability.justification");
        if (errors.Count > 0)
        {
            return Result.Failure<ControlInstance>(errors);
        }

        var decision = new Applicability(ApplicabilityStatus.Excluded, text, actor.UserId, clock.GetUtcNow());
        return Result.Success(With(applicability: decision));
    }

    /// <summary>
    /// Includes the control again (compliance leads only), optionally saying why. The evidence schedule
    /// restarts from now if there is no evidence yet.
    /// </summary>
    public Result<ControlInstance> Include(Actor actor, TimeProvider clock, string? justification = null)
    {
        ArgumentNullException.ThrowIfNull(clock);
        if (Permissions.Can(actor, DomainAction.DecideApplicability).ToError() is { } refused)
        {
            return Result.Failure<ControlInstance>(refused);
        }

        var text = TextRules.Clean(justification);
        var errors = new List<DomainError>();
        TextRules.Check(errors, text, "justification", "The justification", 0, Applicability.JustificationMax, allowLineBreaks: true, "applicability.justification");
        if (errors.Count > 0)
        {
            return Result.Failure<ControlInstance>(errors);
        }

        var now = clock.GetUtcNow();
        var decision = new Applicability(ApplicabilityStatus.Applicable, text.Length == 0 ? null : text, actor.UserId, now);
        return Result.Success(With(
            applicability: decision,
            scheduleStartedAt: Applicability.IsExcluded ? now : ScheduleStartedAt));
    }

    /// <summary>Moves an organisation-scope control between the organisation and AI-system layers (compliance leads only).</summary>
    public Result<ControlInstance> ChangeLayer(ControlLayer layer, Actor actor)
    {
        if (Permissions.Can(actor, DomainAction.ManageRegister).ToError() is { } refused)
        {
            return Result.Failure<ControlInstance>(refused);
        }

        return LayerError(Scope, layer) is { } error
            ? Result.Failure<ControlInstance>(error)
            : Result.Success(With(layer: layer));
    }

    /// <summary>Gives the control an owner (compliance leads only); due dates follow the owner's time zone from now on.</summary>
    public Result<ControlInstance> AssignOwner(string? ownerUserId, TimeZoneInfo ownerZone, Actor actor)
    {
        ArgumentNullException.ThrowIfNull(ownerZone);
        if (Permissions.Can(actor, DomainAction.ManageRegister).ToError() is { } refused)
        {
            return Result.Failure<ControlInstance>(refused);
        }

        var owner = TextRules.Clean(ownerUserId);
        if (owner.Length == 0)
        {
            return Result.Failure<ControlInstance>(new DomainError("control.owner.required", $"Name the person who will own {ControlId}.", "owner"));
        }

        return Result.Success(With(ownerUserId: owner, dueZone: ownerZone));
    }

    /// <summary>Sets or clears how often evidence is due (compliance leads only); the schedule restarts now.</summary>
    public Result<ControlInstance> SetCadence(EvidenceCadence? cadence, Actor actor, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(clock);
        if (Permissions.Can(actor, DomainAction.ManageRegister).ToError() is { } refused)
        {
            return Result.Failure<ControlInstance>(refused);
        }

        return Result.Success(With(cadence: cadence, clearCadence: cadence is null, scheduleStartedAt: clock.GetUtcNow()));
    }

    /// <summary>Records implementation progress (the control's owner or a compliance lead).</summary>
    public Result<ControlInstance> SetImplementationStatus(ImplementationStatus status, Actor actor)
    {
        if (Permissions.Can(actor, DomainAction.SetImplementationStatus, ResourceContext.OwnedBy(OwnerUserId)).ToError() is { } refused)
        {
            return Result.Failure<ControlInstance>(refused);
        }

        if (!Enum.IsDefined(status))
        {
            return Result.Failure<ControlInstance>(new DomainError("control.implementation.invalid", "Implementation status must be not started, planned, partial or implemented.", "implementation"));
        }

        if (Applicability.IsExcluded)
        {
            return Result.Failure<ControlInstance>(ExcludedError("record implementation progress"));
        }

        return Result.Success(With(implementation: status));
    }

    /// <summary>
    /// Takes accepted evidence into account: the last evidence date moves forward (never back), which moves
    /// the next due date. Evidence for another control, or for an excluded control, is refused.
    /// </summary>
    public Result<ControlInstance> AcceptEvidence(EvidenceRecord evidence)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        if (evidence.Control != Ref)
        {
            return Result.Failure<ControlInstance>(new DomainError("evidence.wrong-control", $"That evidence belongs to {evidence.Control}, not {Ref}."));
        }

        if (Applicability.IsExcluded)
        {
            return Result.Failure<ControlInstance>(ExcludedError("accept evidence"));
        }

        var last = LastEvidenceAt is { } previous && previous > evidence.SubmittedAt ? previous : evidence.SubmittedAt;
        return Result.Success(With(lastEvidenceAt: last));
    }

    /// <summary>
    /// Closes the period due on <paramref name="due"/> without evidence: "not applicable this period" (the owner,
    /// or a compliance lead, with a reason of 10–1000 characters). Only the current period can be closed; the
    /// next period starts on its due date, so <see cref="NextDue"/> moves one cadence on.
    /// </summary>
    public Result<ControlInstance> DeclarePeriodNotApplicable(DateOnly due, string? reason, Actor actor)
    {
        if (Permissions.Can(actor, DomainAction.SubmitEvidence, ResourceContext.OwnedBy(OwnerUserId)).ToError() is { } refused)
        {
            return Result.Failure<ControlInstance>(refused);
        }

        if (Applicability.IsExcluded)
        {
            return Result.Failure<ControlInstance>(ExcludedError("close a period"));
        }

        if (NextDue != due)
        {
            return Result.Failure<ControlInstance>(new DomainError(
                "control.period.closed",
                string.Create(System.Globalization.CultureInfo.InvariantCulture, $"The period of {ControlId} due {due:yyyy-MM-dd} is already closed{(NextDue is { } next ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"; the next is due {next:yyyy-MM-dd}") : "")}.")));
        }

        var text = TextRules.Clean(reason);
        if (text.Length == 0)
        {
            return Result.Failure<ControlInstance>(new DomainError(
                "control.period.reason-required",
                "Say why no evidence is needed for this period (for example: the system was not in use).",
                "reason"));
        }

        var errors = new List<DomainError>();
        TextRules.Check(errors, text, "reason", "The reason", Applicability.JustificationMin, Applicability.JustificationMax, allowLineBreaks: true, "control.period.reason");
        return errors.Count > 0
            ? Result.Failure<ControlInstance>(errors)
            : Result.Success(With(notApplicableThrough: due, notApplicableReason: text));
    }

    /// <summary>Every field, for persistence.</summary>
    public ControlInstanceState ToState() => new(
        Scope.Key, ControlId.Value, Layer, Applicability.Status, Applicability.Justification, Applicability.DecidedBy,
        Applicability.DecidedAt, Implementation, OwnerUserId, Cadence?.ToString(), DueZone.Id, CreatedAt, ScheduleStartedAt,
        LastEvidenceAt, NotApplicableThrough, NotApplicableReason);

    /// <summary>Rebuilds a stored instance, re-checking what can be checked; stored data is input too.</summary>
    public static Result<ControlInstance> Restore(ControlInstanceState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var errors = new List<DomainError>();
        ControlScope? scope = null;
        if (state.ScopeKey == ControlScope.OrganizationKey || AiSystem.IsValidId(state.ScopeKey))
        {
            scope = ControlScope.FromKey(state.ScopeKey);
        }
        else
        {
            errors.Add(new DomainError("state.scope", $"Stored scope '{state.ScopeKey}' is not valid."));
        }

        if (!ControlId.TryParse(state.ControlId, out var controlId) || controlId.Value != state.ControlId)
        {
            errors.Add(new DomainError("state.control", $"Stored control id '{state.ControlId}' is not a canonical Annex A id."));
        }

        EvidenceCadence? cadence = null;
        if (state.Cadence is not null)
        {
            var parsed = EvidenceCadence.Parse(state.Cadence);
            if (parsed.IsSuccess)
            {
                cadence = parsed.Value;
            }
            else
            {
                errors.AddRange(parsed.Errors);
            }
        }

        if (!TimeZones.TryFind(state.DueTimeZoneId, out var zone))
        {
            errors.Add(new DomainError("state.zone", $"Stored time zone '{state.DueTimeZoneId}' is unknown."));
        }

        if (state.Applicability == ApplicabilityStatus.Excluded && string.IsNullOrWhiteSpace(state.Justification))
        {
            errors.Add(new DomainError("state.justification", "A stored exclusion has no justification."));
        }

        if (!Enum.IsDefined(state.Layer) || !Enum.IsDefined(state.Applicability) || !Enum.IsDefined(state.Implementation))
        {
            errors.Add(new DomainError("state.enum", "A stored status value is not known."));
        }

        if (scope is not null && LayerError(scope, state.Layer) is { } layerError)
        {
            errors.Add(layerError);
        }

        return Result.FromValidation(errors, () => new ControlInstance(
            scope!, controlId!, state.Layer,
            new Applicability(state.Applicability, state.Justification, state.DecidedBy, state.DecidedAt),
            state.Implementation, state.OwnerUserId, cadence, zone!, state.CreatedAt, state.ScheduleStartedAt, state.LastEvidenceAt,
            state.NotApplicableThrough, state.NotApplicableReason));
    }

    private static DomainError? LayerError(ControlScope scope, ControlLayer layer)
    {
        if (!Enum.IsDefined(layer))
        {
            return new DomainError("control.layer.invalid", "The layer must be organisation or AI system.", "layer");
        }

        return !scope.IsOrganization && layer != ControlLayer.AiSystem
            ? new DomainError(
                "control.layer.system-scope",
                "A control registered for an AI system is that system's own answer, so it sits at the AI-system layer. To share one answer across systems, set the organisation's control to the organisation layer.",
                "layer")
            : null;
    }

    private DomainError ExcludedError(string what) =>
        new("control.excluded", $"{ControlId} is excluded for {Scope}, so I can't {what}. Include it again first.");

    private ControlInstance With(
        ControlLayer? layer = null,
        Applicability? applicability = null,
        ImplementationStatus? implementation = null,
        string? ownerUserId = null,
        EvidenceCadence? cadence = null,
        bool clearCadence = false,
        TimeZoneInfo? dueZone = null,
        DateTimeOffset? scheduleStartedAt = null,
        DateTimeOffset? lastEvidenceAt = null,
        DateOnly? notApplicableThrough = null,
        string? notApplicableReason = null) =>
        new(
            Scope,
            ControlId,
            layer ?? Layer,
            applicability ?? Applicability,
            implementation ?? Implementation,
            ownerUserId ?? OwnerUserId,
            clearCadence ? null : cadence ?? Cadence,
            dueZone ?? DueZone,
            CreatedAt,
            scheduleStartedAt ?? ScheduleStartedAt,
            lastEvidenceAt ?? LastEvidenceAt,
            notApplicableThrough ?? NotApplicableThrough,
            notApplicableReason ?? NotApplicableReason);
}
