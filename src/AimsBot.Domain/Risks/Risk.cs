using System.Globalization;
using AimsBot.Domain.Access;
using AimsBot.Domain.Catalogue;
using AimsBot.Domain.Register;
using AimsBot.Domain.Scheduling;

namespace AimsBot.Domain.Risks;

/// <summary>
/// A risk in the register (ISO/IEC 42001 6.1.2, 6.1.3, 8.2, 8.3): what it is, where it came from, who owns it, how
/// likely and serious it is, and its treatment plan on its way to approval. Immutable: every change returns a new value
/// (or a friendly refusal) and increments <see cref="Revision"/>; a change to the plan (option, controls, actions,
/// residual rating) or a submission also increments <see cref="PlanRevision"/>, which a decision card carries, so a
/// card that predates a plan change is refused. Operations take the risk's AI system (null for an organisation-wide
/// risk) so permissions see its current owner. Rules: docs/domain.md, "Risks".
/// </summary>
public sealed class Risk
{
    public const int TitleMin = 5;
    public const int TitleMax = 120;
    public const int DescriptionMax = 4000;
    public const int CommentMin = 10;
    public const int CommentMax = 1000;
    public const int ActionTitleMin = 3;
    public const int ActionTitleMax = 200;
    public const int MaxActions = 20;

    private Risk(RiskState state, RiskSource source, TreatmentPlan plan)
    {
        Id = new RiskId(state.Number);
        SystemId = state.SystemId;
        Title = state.Title;
        Description = state.Description;
        Source = source;
        OwnerUserId = state.OwnerUserId;
        Inherent = state.Inherent;
        Plan = plan;
        Status = state.Status;
        Revision = state.Revision;
        PlanRevision = state.PlanRevision;
        NextActionNumber = state.NextActionNumber;
        ProposedBy = state.ProposedBy;
        ReapprovalReason = state.ReapprovalReason;
        Decisions = state.Decisions;
        AcceptedUntil = state.AcceptedUntil;
        CreatedBy = state.CreatedBy;
        CreatedAt = state.CreatedAt;
        SubmittedAt = state.SubmittedAt;
        ClosedReason = state.ClosedReason;
        ClosedAt = state.ClosedAt;
    }

    public RiskId Id { get; }

    /// <summary>The AI system the risk is about; null for the organisation as a whole.</summary>
    public string? SystemId { get; }

    public string Title { get; }

    /// <summary>What could happen and to whom (may be empty).</summary>
    public string Description { get; }

    public RiskSource Source { get; }

    /// <summary>The risk owner (Entra object id); null for a draft taken up from a proposal whose system owner is not known yet.</summary>
    public string? OwnerUserId { get; }

    /// <summary>The rating before treatment, with the criteria version that made it; null until rated.</summary>
    public RiskRating? Inherent { get; }

    public TreatmentPlan Plan { get; }

    public RiskStatus Status { get; }

    /// <summary>Counts every change from 0.</summary>
    public int Revision { get; }

    /// <summary>Counts plan changes and submissions from 0: a decision names the plan revision it was shown.</summary>
    public int PlanRevision { get; }

    /// <summary>The number the next new treatment action gets.</summary>
    public int NextActionNumber { get; }

    /// <summary>Who submitted or changed the plan since the last decision: none of them may decide on it.</summary>
    public IReadOnlyList<string> ProposedBy { get; }

    /// <summary>Why an approved plan went back for approval (what changed); null otherwise.</summary>
    public string? ReapprovalReason { get; }

    /// <summary>Every decision, in order.</summary>
    public IReadOnlyList<RiskDecision> Decisions { get; }

    /// <summary>The last day the approved acceptance holds (the re-review is due then); null until approved, and after a rejection or request for changes.</summary>
    public DateOnly? AcceptedUntil { get; }

    public string CreatedBy { get; }

    public DateTimeOffset CreatedAt { get; }

    /// <summary>When the plan last went for approval.</summary>
    public DateTimeOffset? SubmittedAt { get; }

    public string? ClosedReason { get; }

    public DateTimeOffset? ClosedAt { get; }

    public RiskDecision? LastDecision => Decisions.Count > 0 ? Decisions[^1] : null;

    /// <summary>The level in force: the residual rating once the plan is approved, else the rating before treatment.</summary>
    public RiskLevel? CurrentLevel => Status == RiskStatus.Approved && Plan.Residual is { } residual ? residual.Level : Inherent?.Level;

    /// <summary>
    /// Adds a risk by hand (or from a nonconformity or audit): the AI system's owner for their system, or a compliance
    /// lead for any system or the organisation. Title 5–120 characters on one line; description up to 4000; the risk
    /// owner a person known to the bot. The rating and the plan come later.
    /// </summary>
    public static Result<Risk> Create(RiskId id, AiSystem? system, RiskDetails details, RiskSource source, Actor actor, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(details);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(clock);
        CheckId(id);
        if (Permissions.Can(actor, DomainAction.ManageRisks, new ResourceContext(SystemOwnerUserId: system?.OwnerUserId)).ToError() is { } refused)
        {
            return Result.Failure<Risk>(system is null
                ? new DomainError("access.refused", "Only a compliance lead can add an organisation-wide risk; name the AI system to add a risk to a system you own.")
                : refused);
        }

        if (system?.Status == SystemStatus.Retired)
        {
            return Result.Failure<Risk>(new DomainError("risk.system-retired", $"'{system.Name}' is retired, so it takes no new risks."));
        }

        var errors = new List<DomainError>();
        var (title, description, owner) = CheckDetails(errors, details, ownerRequired: true);
        if (errors.Count > 0)
        {
            return Result.Failure<Risk>(errors);
        }

        var state = NewState(id, system?.Id, title, description, source, owner, null, actor.UserId.Trim(), clock.GetUtcNow());
        return Result.Success(new Risk(state, source, TreatmentPlan.Empty));
    }

    /// <summary>
    /// A draft from a risk an approved impact assessment proposed, for the system's owner to complete: the proposal's
    /// title (shortened to 120 characters), a description gathering what the assessor wrote (the harm, the area, who is
    /// affected, existing measures, the assessed level), the system's owner as risk owner (none while they are pending),
    /// and a rating on the criteria: severity → consequence, likelihood → likelihood, mapped end to end onto the
    /// criteria's scales and rounded up (identity on the default 5-point scales). No permission check: the approval
    /// that proposed it is the decision; <paramref name="createdBy"/> is its approver.
    /// </summary>
    public static Result<Risk> FromProposal(RiskId id, ProposedRisk proposal, AiSystem system, RiskCriteriaOptions criteria, string createdBy, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(proposal);
        ArgumentNullException.ThrowIfNull(system);
        ArgumentNullException.ThrowIfNull(criteria);
        ArgumentException.ThrowIfNullOrWhiteSpace(createdBy);
        ArgumentNullException.ThrowIfNull(clock);
        CheckId(id);
        if (!string.Equals(proposal.Ref.SystemId, system.Id, StringComparison.Ordinal))
        {
            throw new ArgumentException($"The proposal is about '{proposal.Ref.SystemId}', not '{system.Id}'.", nameof(system));
        }

        if (proposal.ScalePoints < 2)
        {
            return Result.Failure<Risk>(new DomainError("risk.proposal.scale", "The proposed risk's scales have fewer than 2 points, so it can't be rated."));
        }

        var likelihood = RiskCriteriaOptions.MapPoint(proposal.Likelihood, proposal.ScalePoints, criteria.LikelihoodScale.Count);
        var consequence = RiskCriteriaOptions.MapPoint(proposal.Severity, proposal.ScalePoints, criteria.ConsequenceScale.Count);
        if (!criteria.Rate(likelihood, consequence).TryGetValue(out var rating))
        {
            throw new InvalidOperationException("A mapped point is always on its scale.");
        }

        var title = Shorten(SingleLine(proposal.Title), TitleMax);
        if (title.Length < TitleMin)
        {
            title = string.Create(CultureInfo.InvariantCulture, $"Impact {proposal.Ref.Item} of the impact assessment");
        }

        var lines = new List<string>();
        if (TextRules.Clean(proposal.Description) is { Length: > 0 } harm)
        {
            lines.Add(harm);
        }

        AddLine(lines, "Area", proposal.Area);
        AddLine(lines, "Who is affected", proposal.AffectedParties);
        AddLine(lines, "Existing measures", proposal.ExistingMeasures);
        lines.Add(string.Create(CultureInfo.InvariantCulture, $"Impact assessment v{proposal.Ref.Version}, impact {proposal.Ref.Item}: severity {proposal.Severity}, likelihood {proposal.Likelihood} of {proposal.ScalePoints}, level {proposal.Level.Trim().Replace('-', ' ')}{(proposal.RaisedForSensitiveUse ? " (raised for a sensitive use)" : string.Empty)}."));
        var description = Shorten(string.Join("\n", lines), DescriptionMax);

        var owner = string.IsNullOrWhiteSpace(system.OwnerUserId) || OwnerIds.IsPending(system.OwnerUserId) ? null : system.OwnerUserId.Trim();
        var source = RiskSource.FromProposal(proposal.Ref);
        var state = NewState(id, system.Id, title, description, source, owner, rating, createdBy.Trim(), clock.GetUtcNow());
        return Result.Success(new Risk(state, source, TreatmentPlan.Empty));
    }

    /// <summary>Changes the title, description or risk owner (never a reason for a new approval). Unchanged input changes nothing.</summary>
    public Result<Risk> Edit(AiSystem? system, RiskDetails details, Actor actor)
    {
        ArgumentNullException.ThrowIfNull(details);
        if (CheckCanManage(system, actor) is { } error)
        {
            return Result.Failure<Risk>(error);
        }

        var errors = new List<DomainError>();
        var (title, description, owner) = CheckDetails(errors, details, ownerRequired: OwnerUserId is not null);
        if (errors.Count > 0)
        {
            return Result.Failure<Risk>(errors);
        }

        if (title == Title && description == Description && SameOwner(owner, OwnerUserId))
        {
            return Result.Success(this);
        }

        return Result.Success(With(s => s with { Title = title, Description = description, OwnerUserId = owner, Revision = Revision + 1 }));
    }

    /// <summary>Rates the risk before treatment on the criteria (recording their version). Not a plan change.</summary>
    public Result<Risk> Rate(AiSystem? system, int likelihood, int consequence, RiskCriteriaOptions criteria, Actor actor)
    {
        ArgumentNullException.ThrowIfNull(criteria);
        if (CheckCanManage(system, actor) is { } error)
        {
            return Result.Failure<Risk>(error);
        }

        return criteria.Rate(likelihood, consequence, "inherent").Map(rating =>
            rating == Inherent ? this : With(s => s with { Inherent = rating, Revision = Revision + 1 }));
    }

    /// <summary>
    /// Replaces the treatment plan with what the form sent (see <see cref="TreatmentPlanDraft"/>). Control ids are
    /// checked against Annex A (every unknown id named); actions need a title (3–200), an owner known to the bot and a
    /// due date not before today in <paramref name="zone"/> (an unchanged date of an existing action may have passed);
    /// at most 20 actions. A plan equal to the current one changes nothing. A change to an approved plan sends it back
    /// for approval (<see cref="ReapprovalReason"/> says what changed); a change while it waits keeps it waiting, and
    /// whoever changed it may not decide on it. A plan that was approved or waits must stay complete.
    /// </summary>
    public Result<Risk> ChangePlan(AiSystem? system, TreatmentPlanDraft draft, RiskCriteriaOptions criteria, Actor actor, TimeZoneInfo zone, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(draft);
        ArgumentNullException.ThrowIfNull(criteria);
        ArgumentNullException.ThrowIfNull(zone);
        ArgumentNullException.ThrowIfNull(clock);
        if (CheckCanManage(system, actor) is { } error)
        {
            return Result.Failure<Risk>(error);
        }

        var errors = new List<DomainError>();
        var controls = ReadControls(errors, draft.Controls ?? []);
        var (actions, next) = ReadActions(errors, draft.Actions ?? [], DueDateCalculator.Today(clock, zone));
        RiskRating? residual = null;
        if (draft.ResidualLikelihood is { } likelihood && draft.ResidualConsequence is { } consequence)
        {
            var rated = criteria.Rate(likelihood, consequence, "residual");
            if (rated.TryGetValue(out var rating))
            {
                residual = rating;
            }
            else
            {
                errors.AddRange(rated.Errors.Select(e => e with { Message = "Residual risk: " + e.Message }));
            }
        }
        else if (draft.ResidualLikelihood is not null || draft.ResidualConsequence is not null)
        {
            errors.Add(new DomainError("risk.residual.incomplete", "Give both the residual likelihood and the residual consequence, or neither.", "residual"));
        }

        if (draft.Option is { } option && !Enum.IsDefined(option))
        {
            errors.Add(new DomainError("risk.option.unknown", "Choose reduce, avoid, share or accept as the treatment option.", "option"));
        }

        if (errors.Count > 0)
        {
            return Result.Failure<Risk>(errors);
        }

        var plan = new TreatmentPlan(draft.Option, controls, actions, residual);
        var changed = PlanChanges(Plan, plan);
        if (changed.Count == 0)
        {
            return Result.Success(this);
        }

        var proposers = WithProposer(actor);
        if (Status is RiskStatus.Approved or RiskStatus.AwaitingApproval && MissingFor(plan, Inherent, OwnerUserId) is { Count: > 0 } missing)
        {
            return Result.Failure<Risk>(missing.Select(m => m with { Message = (Status == RiskStatus.Approved ? "The approved plan must stay complete: " : "The plan waiting for approval must stay complete: ") + m.Message }));
        }

        if (Status == RiskStatus.Approved)
        {
            var reason = $"The approved plan changed ({JoinAnd(changed)}), so it needs approval again.";
            return Result.Success(With(s => s with
            {
                Option = plan.Option, Controls = Names(plan.Controls), Actions = plan.Actions, Residual = plan.Residual, NextActionNumber = next,
                Status = RiskStatus.AwaitingApproval, ReapprovalReason = reason, ProposedBy = proposers, SubmittedAt = clock.GetUtcNow(),
                Revision = Revision + 1, PlanRevision = PlanRevision + 1,
            }));
        }

        return Result.Success(With(s => s with
        {
            Option = plan.Option, Controls = Names(plan.Controls), Actions = plan.Actions, Residual = plan.Residual, NextActionNumber = next,
            ProposedBy = proposers, Revision = Revision + 1, PlanRevision = PlanRevision + 1,
        }));
    }

    /// <summary>What submission still needs, each a friendly error; empty when the plan can go for approval.</summary>
    public IReadOnlyList<DomainError> Missing() => MissingFor(Plan, Inherent, OwnerUserId);

    /// <summary>
    /// Sends the plan for approval: from a draft, after changes were requested or a rejection, or an approved plan for
    /// its re-review (renewing the acceptance). Refused with everything missing listed. Ratings made under an earlier
    /// criteria version are rated again with the same points under the current criteria.
    /// </summary>
    public Result<Risk> Submit(AiSystem? system, RiskCriteriaOptions criteria, Actor actor, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(criteria);
        ArgumentNullException.ThrowIfNull(clock);
        if (CheckCanManage(system, actor) is { } error)
        {
            return Result.Failure<Risk>(error);
        }

        if (Status == RiskStatus.AwaitingApproval)
        {
            return Result.Failure<Risk>(new DomainError("risk.already-submitted", $"The plan for {Id} is already waiting for approval."));
        }

        var missing = Missing();
        if (missing.Count > 0)
        {
            return Result.Failure<Risk>(missing);
        }

        var errors = new List<DomainError>();
        var inherent = Rerate(errors, Inherent!, criteria, "The rating before treatment");
        var residual = Rerate(errors, Plan.Residual!, criteria, "The residual rating");
        if (errors.Count > 0)
        {
            return Result.Failure<Risk>(errors);
        }

        if (residual!.Level > inherent!.Level)
        {
            return Result.Failure<Risk>(new DomainError(
                "risk.residual.above-inherent",
                $"The residual risk ({residual.Level.Words()}) is above the risk before treatment ({inherent.Level.Words()}); treatment never makes a risk worse, so check both ratings.",
                "residual"));
        }

        var reason = Status == RiskStatus.Approved ? "The acceptance is up for re-review; the plan was submitted again to renew it." : null;
        return Result.Success(With(s => s with
        {
            Inherent = inherent, Residual = residual, Status = RiskStatus.AwaitingApproval, ReapprovalReason = reason,
            ProposedBy = WithProposer(actor), SubmittedAt = clock.GetUtcNow(), Revision = Revision + 1, PlanRevision = PlanRevision + 1,
        }));
    }

    /// <summary>Where the plan goes for approval now (see <see cref="RiskApprovalRouting"/>); null until it has a residual rating.</summary>
    public RiskApprovalRoute? Route(RiskCriteriaOptions criteria, string? ownersManagerUserId) =>
        Plan.Residual is { } residual ? RiskApprovalRouting.Route(residual.Level, criteria, ownersManagerUserId, ProposedBy) : null;

    /// <summary>
    /// Approves the plan shown at <paramref name="planRevision"/> and accepts the residual risk until the approval's
    /// date in <paramref name="zone"/> (the organisation's) plus the criteria's months. Only the routed approver (see
    /// <see cref="RiskApprovalRouting"/>), never a proposer; the first decision wins; a card showing an older plan is
    /// refused. <paramref name="nameOf"/> turns user ids into names for the refusals (ids when null).
    /// </summary>
    public Result<Risk> Approve(AiSystem? system, Actor actor, int planRevision, string? comment, string? ownersManagerUserId, RiskCriteriaOptions criteria, TimeZoneInfo zone, TimeProvider clock, Func<string, string>? nameOf = null) =>
        Decide(system, actor, planRevision, RiskDecisionKind.Approved, comment, ownersManagerUserId, criteria, zone, clock, nameOf);

    /// <summary>Rejects the plan with a reason (10–1000 characters); the same rules as <see cref="Approve"/>.</summary>
    public Result<Risk> Reject(AiSystem? system, Actor actor, int planRevision, string? reason, string? ownersManagerUserId, RiskCriteriaOptions criteria, TimeZoneInfo zone, TimeProvider clock, Func<string, string>? nameOf = null) =>
        Decide(system, actor, planRevision, RiskDecisionKind.Rejected, reason, ownersManagerUserId, criteria, zone, clock, nameOf);

    /// <summary>Asks for changes with a comment (10–1000 characters); the same rules as <see cref="Approve"/>.</summary>
    public Result<Risk> RequestChanges(AiSystem? system, Actor actor, int planRevision, string? comment, string? ownersManagerUserId, RiskCriteriaOptions criteria, TimeZoneInfo zone, TimeProvider clock, Func<string, string>? nameOf = null) =>
        Decide(system, actor, planRevision, RiskDecisionKind.ChangesRequested, comment, ownersManagerUserId, criteria, zone, clock, nameOf);

    /// <summary>
    /// Marks a treatment action done: its owner, the risk owner, the system's owner or a compliance lead. Not a plan
    /// change (no new approval). Done is final: a second press says when it was done.
    /// </summary>
    public Result<Risk> CompleteAction(AiSystem? system, int number, Actor actor, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(clock);
        CheckSystem(system);
        if (Plan.Action(number) is not { } action)
        {
            return Result.Failure<Risk>(new DomainError("risk.action.unknown", string.Create(CultureInfo.InvariantCulture, $"{Id} has no treatment action {number}; the card may be out of date."), "action"));
        }

        var manage = Permissions.Can(actor, DomainAction.ManageRisks, ManageContext(system));
        if (!manage.IsAllowed && !(actor.Is(action.OwnerUserId) && !actor.IsReadOnlyAuditor))
        {
            return Result.Failure<Risk>(actor.IsReadOnlyAuditor
                ? manage.ToError()!
                : new DomainError("access.refused", "Only the action's owner, the risk owner, the AI system's owner or a compliance lead can mark a treatment action done."));
        }

        if (Status == RiskStatus.Closed)
        {
            return Result.Failure<Risk>(ClosedError());
        }

        if (action.DoneAt is { } doneAt)
        {
            return Result.Failure<Risk>(new DomainError("risk.action.already-done", string.Create(CultureInfo.InvariantCulture, $"Action {number} of {Id} was already marked done on {doneAt:yyyy-MM-dd}.")));
        }

        var done = action with { DoneAt = clock.GetUtcNow(), DoneBy = actor.UserId.Trim() };
        var actions = Plan.Actions.Select(a => a.Number == number ? done : a).ToList();
        return Result.Success(With(s => s with { Actions = actions, Revision = Revision + 1 }));
    }

    /// <summary>Closes the risk with a reason (10–1000 characters): nothing changes after that.</summary>
    public Result<Risk> Close(AiSystem? system, string? reason, Actor actor, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(clock);
        if (CheckCanManage(system, actor) is { } error)
        {
            return Result.Failure<Risk>(error);
        }

        var errors = new List<DomainError>();
        var text = CheckComment(errors, reason, "reason", "The reason", "Say why the risk is closed.");
        return Result.FromValidation(errors, () => With(s => s with
        {
            Status = RiskStatus.Closed, ClosedReason = text, ClosedAt = clock.GetUtcNow(), ReapprovalReason = null, Revision = Revision + 1,
        }));
    }

    /// <summary>
    /// Whether the acceptance's re-review is upcoming, due today or overdue, in the zone (the risk owner's). Scheduled
    /// only while the plan is approved: the re-review is due on <see cref="AcceptedUntil"/>.
    /// </summary>
    public DueStatus AcceptanceStatus(TimeProvider clock, TimeZoneInfo zone) => DueDateCalculator.Status(ReviewDue, clock, zone);

    /// <summary>
    /// The date the re-review of the acceptance is due (<see cref="AcceptedUntil"/>) while the plan is approved; null
    /// otherwise. What the nudge scan passes to <c>NudgePolicy.Decide</c> and the storage layer keeps as a column.
    /// </summary>
    public DateOnly? ReviewDue => Status == RiskStatus.Approved ? AcceptedUntil : null;

    /// <summary>The earliest due date of the actions <see cref="OpenActions"/> lists; null when there are none (a column for the scan's query).</summary>
    public DateOnly? NextActionDue => ActionsInForce ? Plan.Actions.Where(a => !a.IsDone).Select(a => (DateOnly?)a.Due).Min() : null;

    /// <summary>
    /// The actions still open, with where each stands in the zone (the owner's): while the plan is approved, or an
    /// approved plan waits for approval again (its actions are still under way). None for a plan never approved, a
    /// rejected one, or a closed risk.
    /// </summary>
    public IReadOnlyList<(TreatmentAction Action, DueStatus Status)> OpenActions(TimeProvider clock, TimeZoneInfo zone) =>
        ActionsInForce ? Plan.Actions.Where(a => !a.IsDone).Select(a => (a, a.Status(clock, zone))).ToList() : [];

    private bool ActionsInForce => Status == RiskStatus.Approved || (Status == RiskStatus.AwaitingApproval && AcceptedUntil is not null);

    /// <summary>The permission context for reading it: the risk owner, the system's owner, action owners, proposers and deciders, and the named approver.</summary>
    public ResourceContext ViewContext(AiSystem? system, string? namedApproverUserId = null)
    {
        CheckSystem(system);
        var people = Plan.Actions.Select(a => a.OwnerUserId).Concat(ProposedBy).Concat(Decisions.Select(d => d.DecidedBy))
            .Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        return new ResourceContext(OwnerUserId: OwnerUserId, SystemOwnerUserId: system?.OwnerUserId, ContributorUserIds: people, NamedApproverUserId: namedApproverUserId);
    }

    /// <summary>The permission context for changing it: the risk owner and the system's owner.</summary>
    public ResourceContext ManageContext(AiSystem? system)
    {
        CheckSystem(system);
        return new ResourceContext(OwnerUserId: OwnerUserId, SystemOwnerUserId: system?.OwnerUserId);
    }

    /// <summary>The permission context for deciding on the plan along <paramref name="route"/>: the proposers are refused.</summary>
    public ResourceContext ApprovalContext(RiskApprovalRoute route)
    {
        ArgumentNullException.ThrowIfNull(route);
        return ResourceContext.RiskTreatment(OwnerUserId, ProposedBy, route.NamedApproverUserId, route.ApproverRole);
    }

    /// <summary>Every field, for persistence.</summary>
    public RiskState ToState() => new(
        Id.Number, SystemId, Title, Description, Source.Kind, Source.Reference, OwnerUserId, Inherent,
        Plan.Option, Names(Plan.Controls), Plan.Actions, Plan.Residual, Status, Revision, PlanRevision, NextActionNumber,
        ProposedBy, ReapprovalReason, Decisions, AcceptedUntil, CreatedBy, CreatedAt, SubmittedAt, ClosedReason, ClosedAt);

    /// <summary>Rebuilds a stored risk, checking it: stored data is input too.</summary>
    public static Result<Risk> Restore(RiskState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var errors = new List<DomainError>();
        var label = string.Create(CultureInfo.InvariantCulture, $"{RiskId.Prefix}{state.Number}");
        if (state.Number < 1 || state.Number > RiskId.MaxNumber)
        {
            errors.Add(new DomainError("state.risk.id", $"The stored risk {label} has an invalid number."));
        }

        if (state.SystemId is not null && !AiSystem.IsValidId(state.SystemId))
        {
            errors.Add(new DomainError("state.risk.system", $"The stored risk {label} names an invalid AI system id '{state.SystemId}'."));
        }

        var textErrors = new List<DomainError>();
        TextRules.Check(textErrors, state.Title ?? string.Empty, "title", "The title", TitleMin, TitleMax, allowLineBreaks: false, "state.risk.title");
        TextRules.Check(textErrors, state.Description ?? string.Empty, "description", "The description", 0, DescriptionMax, allowLineBreaks: true, "state.risk.description");
        errors.AddRange(textErrors.Select(e => e with { Message = $"The stored risk {label}: {e.Message}" }));

        var source = Enum.IsDefined(state.SourceKind) ? RiskSource.Create(state.SourceKind, state.SourceReference) : null;
        if (source is null || source.IsFailure)
        {
            errors.Add(new DomainError("state.risk.source", $"The stored risk {label} has an invalid source."));
        }

        var controls = new List<ControlId>();
        foreach (var control in state.Controls ?? [])
        {
            if (ControlId.TryParse(control, out var id) && id.Value == control)
            {
                controls.Add(id);
            }
            else
            {
                errors.Add(new DomainError("state.risk.control", $"The stored risk {label} names an unknown control '{control}'."));
            }
        }

        var actions = state.Actions ?? [];
        if (actions.Select(a => a.Number).Distinct().Count() != actions.Count || actions.Any(a => a.Number < 1 || a.Number >= state.NextActionNumber || string.IsNullOrWhiteSpace(a.Title) || string.IsNullOrWhiteSpace(a.OwnerUserId)))
        {
            errors.Add(new DomainError("state.risk.actions", $"The stored risk {label} has invalid treatment actions."));
        }

        var decisions = state.Decisions ?? [];
        var lastApproved = decisions.Count > 0 && decisions[^1].Kind == RiskDecisionKind.Approved;
        if (!Enum.IsDefined(state.Status) || state.Revision < 0 || state.PlanRevision < 0 || state.PlanRevision > state.Revision
            || (state.Status == RiskStatus.Approved && (!lastApproved || state.AcceptedUntil is null))
            || (state.Status == RiskStatus.Rejected && (decisions.Count == 0 || decisions[^1].Kind != RiskDecisionKind.Rejected))
            || (state.Status == RiskStatus.ChangesRequested && (decisions.Count == 0 || decisions[^1].Kind != RiskDecisionKind.ChangesRequested))
            || (state.Status == RiskStatus.Closed) != (state.ClosedAt is not null)
            || string.IsNullOrWhiteSpace(state.CreatedBy))
        {
            errors.Add(new DomainError("state.risk.status", $"The stored risk {label} has a status that does not match its decisions, revisions or dates."));
        }

        if (errors.Count > 0)
        {
            return Result.Failure<Risk>(errors);
        }

        var plan = new TreatmentPlan(state.Option, controls, actions, state.Residual);
        return Result.Success(new Risk(
            state with { ProposedBy = state.ProposedBy ?? [], Decisions = decisions, Controls = Names(controls), Actions = actions },
            source!.Value!,
            plan));
    }

    private Result<Risk> Decide(
        AiSystem? system,
        Actor actor,
        int planRevision,
        RiskDecisionKind kind,
        string? comment,
        string? ownersManagerUserId,
        RiskCriteriaOptions criteria,
        TimeZoneInfo zone,
        TimeProvider clock,
        Func<string, string>? nameOf)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(criteria);
        ArgumentNullException.ThrowIfNull(zone);
        ArgumentNullException.ThrowIfNull(clock);
        CheckSystem(system);
        nameOf ??= id => id;

        if (Status == RiskStatus.Closed)
        {
            return Result.Failure<Risk>(ClosedError());
        }

        if (Status != RiskStatus.AwaitingApproval && LastDecision is { } last && last.PlanRevision == planRevision)
        {
            // First decision wins: whoever presses second learns who decided, what, and when.
            return Result.Failure<Risk>(new DomainError(
                "risk.already-decided",
                string.Create(CultureInfo.InvariantCulture, $"{nameOf(last.DecidedBy)} already {Verb(last.Kind)} this plan for {Id} on {last.DecidedAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC; it can't be decided again.")));
        }

        if (planRevision != PlanRevision)
        {
            return Result.Failure<Risk>(new DomainError(
                "risk.plan-changed",
                string.Create(CultureInfo.InvariantCulture, $"The plan for {Id} changed since this card was sent, so nothing was decided; here is the current plan."),
                "planRevision"));
        }

        if (Status != RiskStatus.AwaitingApproval)
        {
            return Result.Failure<Risk>(new DomainError("risk.not-submitted", $"The plan for {Id} is {Status.Words()}, not waiting for approval, so there is nothing to decide."));
        }

        var route = Route(criteria, ownersManagerUserId)!;
        if (Permissions.Can(actor, DomainAction.ApproveRiskTreatment, ApprovalContext(route)).ToError() is { } refused)
        {
            return Result.Failure<Risk>(refused);
        }

        var errors = new List<DomainError>();
        string? text = kind switch
        {
            RiskDecisionKind.Rejected => CheckComment(errors, comment, "reason", "The reason", "Say why the plan is rejected."),
            RiskDecisionKind.ChangesRequested => CheckComment(errors, comment, "comment", "The comment", "Say what needs to change."),
            _ => CheckOptionalComment(errors, comment),
        };
        if (errors.Count > 0)
        {
            return Result.Failure<Risk>(errors);
        }

        var now = clock.GetUtcNow();
        var decision = new RiskDecision(kind, actor.UserId.Trim(), now, text, PlanRevision, route.Kind, route.ResidualLevel, ProposedBy);
        var status = kind switch
        {
            RiskDecisionKind.Approved => RiskStatus.Approved,
            RiskDecisionKind.Rejected => RiskStatus.Rejected,
            _ => RiskStatus.ChangesRequested,
        };
        var acceptedUntil = kind == RiskDecisionKind.Approved ? criteria.AcceptedUntil(DueDateCalculator.LocalDate(now, zone)) : (DateOnly?)null;
        return Result.Success(With(s => s with
        {
            Status = status, Decisions = [.. Decisions, decision], AcceptedUntil = acceptedUntil, ProposedBy = [],
            ReapprovalReason = null, Revision = Revision + 1,
        }));
    }

    private static string Verb(RiskDecisionKind kind) => kind switch
    {
        RiskDecisionKind.Approved => "approved",
        RiskDecisionKind.Rejected => "rejected",
        _ => "asked for changes to",
    };

    private static List<DomainError> MissingFor(TreatmentPlan plan, RiskRating? inherent, string? owner)
    {
        var missing = new List<DomainError>();
        if (owner is null)
        {
            missing.Add(new DomainError("risk.missing.owner", "Name the risk owner.", "owner"));
        }

        if (inherent is null)
        {
            missing.Add(new DomainError("risk.missing.rating", "Rate the risk before treatment (likelihood and consequence).", "inherent"));
        }

        if (plan.Option is not { } option)
        {
            missing.Add(new DomainError("risk.missing.option", "Choose the treatment option: reduce, avoid, share or accept.", "option"));
        }
        else if (option == TreatmentOption.Reduce && plan.Controls.Count == 0 && plan.Actions.Count == 0)
        {
            missing.Add(new DomainError("risk.missing.treatment", "To reduce the risk, name the Annex A controls that treat it or add a treatment action.", "controls"));
        }
        else if (option is TreatmentOption.Avoid or TreatmentOption.Share && plan.Actions.Count == 0)
        {
            missing.Add(new DomainError("risk.missing.actions", $"To {option.Name()} the risk, add at least one treatment action saying how.", "actions"));
        }

        if (plan.Residual is null)
        {
            missing.Add(new DomainError("risk.missing.residual", "Give the target residual likelihood and consequence.", "residual"));
        }

        return missing;
    }

    private static List<string> PlanChanges(TreatmentPlan before, TreatmentPlan after)
    {
        var changes = new List<string>();
        if (before.Option != after.Option)
        {
            changes.Add("the treatment option");
        }

        if (!before.Controls.Order().SequenceEqual(after.Controls.Order()))
        {
            changes.Add("the controls");
        }

        if (before.Actions.Count != after.Actions.Count || before.Actions.Zip(after.Actions).Any(pair => !pair.First.SamePlanAs(pair.Second)))
        {
            changes.Add("the treatment actions");
        }

        if (before.Residual?.Likelihood != after.Residual?.Likelihood || before.Residual?.Consequence != after.Residual?.Consequence)
        {
            changes.Add("the residual risk");
        }

        return changes;
    }

    private static List<ControlId> ReadControls(List<DomainError> errors, IReadOnlyList<string> typed)
    {
        var controls = new List<ControlId>();
        var unknown = new List<string>();
        foreach (var text in typed.Where(t => !string.IsNullOrWhiteSpace(t)))
        {
            if (ControlId.TryParse(text, out var id))
            {
                if (!controls.Contains(id))
                {
                    controls.Add(id);
                }
            }
            else
            {
                unknown.Add(text.Trim().Length > 20 ? text.Trim()[..20] + "…" : text.Trim());
            }
        }

        if (unknown.Count > 0)
        {
            var suggestions = unknown.Select(u => AnnexA.Suggest(u, 1) is [var best] ? $"'{u}' (did you mean {best}?)" : $"'{u}'").ToList();
            errors.Add(new DomainError(
                "risk.controls.unknown",
                (unknown.Count == 1 ? $"{suggestions[0]} is not an Annex A control id" : $"{JoinAnd(suggestions)} are not Annex A control ids")
                + ". Ids look like A.6.2.6; try 'controls' to list them.",
                "controls"));
        }

        controls.Sort();
        return controls;
    }

    private (List<TreatmentAction> Actions, int Next) ReadActions(List<DomainError> errors, IReadOnlyList<TreatmentActionDraft> drafts, DateOnly today)
    {
        var actions = new List<TreatmentAction>();
        var next = NextActionNumber;
        if (drafts.Count > MaxActions)
        {
            errors.Add(new DomainError("risk.actions.too-many", string.Create(CultureInfo.InvariantCulture, $"A plan can have at most {MaxActions} treatment actions (this one has {drafts.Count})."), "actions"));
            return (actions, next);
        }

        var seen = new HashSet<int>();
        for (var i = 0; i < drafts.Count; i++)
        {
            var draft = drafts[i] ?? new TreatmentActionDraft(null, null, null, null);
            var label = draft.Number is { } n ? string.Create(CultureInfo.InvariantCulture, $"Action {n}") : string.Create(CultureInfo.InvariantCulture, $"New action {i + 1}");
            var field = string.Create(CultureInfo.InvariantCulture, $"actions.{i}");
            TreatmentAction? existing = draft.Number is { } number && seen.Add(number) ? Plan.Action(number) : null;
            if (draft.Number is not null && existing is null)
            {
                errors.Add(new DomainError("risk.action.unknown", $"{label} is not part of this plan any more; the card may be out of date.", field));
                continue;
            }

            var before = errors.Count;
            var title = TextRules.Clean(draft.Title);
            TextRules.Check(errors, title, field + ".title", label + "'s title", ActionTitleMin, ActionTitleMax, allowLineBreaks: false, "risk.action.title");
            var owner = TextRules.Clean(draft.OwnerUserId);
            if (owner.Length == 0)
            {
                errors.Add(new DomainError("risk.action.owner.required", $"{label} needs an owner.", field + ".owner"));
            }
            else if (OwnerIds.IsPending(owner))
            {
                errors.Add(new DomainError("risk.action.owner.unknown", $"{label}'s owner {owner} is not known to the bot yet; ask them to say hello to the bot first.", field + ".owner"));
            }

            if (draft.Due is not { } due)
            {
                errors.Add(new DomainError("risk.action.due.required", $"{label} needs a due date.", field + ".due"));
            }
            else if (due < today && existing?.Due != due)
            {
                errors.Add(new DomainError("risk.action.due.past", string.Create(CultureInfo.InvariantCulture, $"{label}'s due date {due:yyyy-MM-dd} has passed; choose today or later."), field + ".due"));
            }

            if (errors.Count > before)
            {
                continue;
            }

            actions.Add(existing is null
                ? new TreatmentAction(next++, title, owner, draft.Due!.Value)
                : existing with { Title = title, OwnerUserId = owner, Due = draft.Due!.Value });
        }

        return (actions, next);
    }

    private static RiskRating? Rerate(List<DomainError> errors, RiskRating rating, RiskCriteriaOptions criteria, string label)
    {
        if (string.Equals(rating.CriteriaVersion, criteria.Version.Trim(), StringComparison.Ordinal))
        {
            return rating;
        }

        var rated = criteria.Rate(rating.Likelihood, rating.Consequence);
        if (rated.TryGetValue(out var current))
        {
            return current;
        }

        errors.Add(new DomainError(
            "risk.rating.outdated",
            $"{label} was made under risk criteria {rating.CriteriaVersion} and does not fit the current criteria ({criteria.Version.Trim()}); rate it again.",
            "rating"));
        return null;
    }

    private static (string Title, string Description, string? Owner) CheckDetails(List<DomainError> errors, RiskDetails details, bool ownerRequired)
    {
        var title = TextRules.Clean(details.Title);
        TextRules.Check(errors, title, "title", "The title", TitleMin, TitleMax, allowLineBreaks: false, "risk.title");
        var description = TextRules.Clean(details.Description);
        TextRules.Check(errors, description, "description", "The description", 0, DescriptionMax, allowLineBreaks: true, "risk.description");
        var owner = TextRules.Clean(details.OwnerUserId);
        if (owner.Length == 0)
        {
            if (ownerRequired)
            {
                errors.Add(new DomainError("risk.owner.required", "Name the risk owner: the person accountable for the risk.", "owner"));
            }
        }
        else if (OwnerIds.IsPending(owner))
        {
            errors.Add(new DomainError("risk.owner.unknown", $"{owner} is not known to the bot yet, so they can't own a risk; ask them to say hello to the bot first.", "owner"));
        }

        return (title, description, owner.Length == 0 ? null : owner);
    }

    private static string CheckComment(List<DomainError> errors, string? comment, string field, string label, string required)
    {
        var text = TextRules.Clean(comment);
        if (text.Length == 0)
        {
            errors.Add(new DomainError($"risk.{field}.required", required, field));
            return text;
        }

        TextRules.Check(errors, text, field, label, CommentMin, CommentMax, allowLineBreaks: true, "risk." + field);
        return text;
    }

    private static string? CheckOptionalComment(List<DomainError> errors, string? comment)
    {
        var text = TextRules.Clean(comment);
        TextRules.Check(errors, text, "comment", "The comment", 0, CommentMax, allowLineBreaks: true, "risk.comment");
        return text.Length == 0 ? null : text;
    }

    private DomainError? CheckCanManage(AiSystem? system, Actor actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        CheckSystem(system);
        if (Permissions.Can(actor, DomainAction.ManageRisks, ManageContext(system)).ToError() is { } refused)
        {
            return refused;
        }

        return Status == RiskStatus.Closed ? ClosedError() : null;
    }

    private DomainError ClosedError() =>
        new("risk.closed", string.Create(CultureInfo.InvariantCulture, $"{Id} was closed on {ClosedAt:yyyy-MM-dd}, so it can't change."));

    private void CheckSystem(AiSystem? system)
    {
        if (!string.Equals(system?.Id, SystemId, StringComparison.Ordinal))
        {
            throw new ArgumentException($"{Id} is about '{SystemId ?? "the organisation"}', not '{system?.Id ?? "the organisation"}'.", nameof(system));
        }
    }

    private static void CheckId(RiskId id)
    {
        if (id.Number < 1)
        {
            throw new ArgumentException("A risk needs an id from the register's counter (R-1 or above).", nameof(id));
        }
    }

    private IReadOnlyList<string> WithProposer(Actor actor) =>
        ProposedBy.Any(actor.Is) ? ProposedBy : [.. ProposedBy, actor.UserId.Trim()];

    private static bool SameOwner(string? a, string? b) => a is null ? b is null : Actor.SameUser(a, b);

    private static RiskState NewState(RiskId id, string? systemId, string title, string description, RiskSource source, string? owner, RiskRating? inherent, string createdBy, DateTimeOffset now) =>
        new(id.Number, systemId, title, description, source.Kind, source.Reference, owner, inherent,
            null, [], [], null, RiskStatus.Draft, 0, 0, 1, [], null, [], null, createdBy, now, null, null, null);

    private Risk With(Func<RiskState, RiskState> change)
    {
        var state = change(ToState());
        var controls = state.Controls.Select(ControlId.Parse).ToList();
        return new Risk(state, Source, new TreatmentPlan(state.Option, controls, state.Actions, state.Residual));
    }

    private static List<string> Names(IEnumerable<ControlId> controls) => controls.Select(c => c.Value).ToList();

    private static string SingleLine(string? text) =>
        string.Join(' ', new string(TextRules.Clean(text).Select(c => char.IsControl(c) ? ' ' : c).ToArray()).Split(' ', StringSplitOptions.RemoveEmptyEntries));

    private static string Shorten(string text, int max) => text.Length <= max ? text : text[..(max - 1)].TrimEnd() + "…";

    private static void AddLine(List<string> lines, string label, string? value)
    {
        if (TextRules.Clean(value) is { Length: > 0 } text)
        {
            lines.Add($"{label}: {text}");
        }
    }

    private static string JoinAnd(List<string> items) => items.Count switch
    {
        0 => string.Empty,
        1 => items[0],
        _ => string.Join(", ", items.Take(items.Count - 1)) + " and " + items[^1],
    };
}
