using System.Globalization;
using AimsBot.Domain.Access;
using AimsBot.Domain.Catalogue;

namespace AimsBot.Domain.Nonconformities;

/// <summary>
/// A nonconformity (ISO/IEC 42001 10.2): what was found, where, how serious, and the steps that deal with it —
/// correction and containment, root cause, corrective actions, their implementation, and a review of their
/// effectiveness by someone who owned none of the actions. Immutable: every change returns a new value (or a friendly
/// refusal) and increments <see cref="Revision"/>, which a step card carries, so a card that predates a change is
/// refused. Rules: docs/domain.md, "Nonconformities".
/// </summary>
public sealed class Nonconformity
{
    public const int TitleMin = 5;
    public const int TitleMax = 120;
    public const int DescriptionMin = 10;
    public const int TextMax = 4000;
    public const int StepTextMin = 10;
    public const int ReasonMin = 10;
    public const int ReasonMax = 1000;
    public const int ActionTitleMin = 3;
    public const int ActionTitleMax = 200;
    public const int MaxActions = 20;
    public const int EvidenceMin = 5;
    public const int EvidenceMax = 2000;
    public const int LinkMax = 2000;
    public const int MaxControls = 10;

    private readonly NonconformityState _state;

    private Nonconformity(NonconformityState state) => _state = state;

    public NonconformityId Id => new(_state.Number);

    public string Title => _state.Title;

    public string Description => _state.Description;

    public NonconformitySource Source => _state.Source;

    /// <summary>The AI system it is about; null for the organisation.</summary>
    public string? SystemId => _state.SystemId;

    /// <summary>The Annex A controls concerned, canonical (<c>A.6.2.6</c>).</summary>
    public IReadOnlyList<string> ControlIds => _state.ControlIds;

    public NonconformitySeverity Severity => _state.Severity;

    public string? EvidenceLink => _state.EvidenceLink;

    public NonconformityStage Stage => _state.Stage;

    public bool IsOpen => _state.Stage.IsOpen();

    public string RaisedBy => _state.RaisedBy;

    public DateTimeOffset RaisedAt => _state.RaisedAt;

    /// <summary>Who moves it through its steps (set at triage).</summary>
    public string? OwnerUserId => _state.OwnerUserId;

    public string? TriagedBy => _state.TriagedBy;

    public DateOnly? ReviewDueOn => _state.ReviewDueOn;

    public DateTimeOffset? ClosedAt => _state.ClosedAt;

    public int Revision => _state.Revision;

    public NonconformitySteps Steps => _state.Steps;

    /// <summary>The cycle in progress (or the last one, once closed).</summary>
    public NonconformityCycle Cycle => _state.Steps.Current;

    /// <summary>
    /// The day the current step is due: correction, root cause and actions as set at triage, implementation on the
    /// last open action's due date, the review on <see cref="ReviewDueOn"/>; null while raised and once closed.
    /// </summary>
    public DateOnly? StageDueOn => _state.Stage switch
    {
        NonconformityStage.Correction => _state.Steps.Due.Correction,
        NonconformityStage.RootCause => _state.Steps.Due.RootCause,
        NonconformityStage.Actions => _state.Steps.Due.Actions,
        NonconformityStage.Implementation => Cycle.Actions.Count == 0 ? null : Cycle.Actions.Max(a => a.Due),
        NonconformityStage.EffectivenessReview => _state.ReviewDueOn,
        _ => null,
    };

    /// <summary>The owners of the current cycle's corrective actions: none of them may review its effectiveness.</summary>
    public IReadOnlyList<string> ActionOwners => Cycle.Actions.Select(a => a.OwnerUserId).Distinct(StringComparer.OrdinalIgnoreCase).ToList();

    /// <summary>What the permission checks see: the owner, the person who raised it, the action owners.</summary>
    public ResourceContext Resource => new(OwnerUserId: _state.OwnerUserId, InitiatedByUserId: _state.RaisedBy, ContributorUserIds: ActionOwners);

    public NonconformityState ToState() => _state;

    /// <summary>A stored nonconformity; a state that breaks the invariants is a failure naming what is wrong.</summary>
    public static Result<Nonconformity> Restore(NonconformityState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.Number is < 1 or > NonconformityId.MaxNumber)
        {
            return Result.Failure<Nonconformity>(new DomainError("nc.state.number", string.Create(CultureInfo.InvariantCulture, $"{state.Number} is not a nonconformity number.")));
        }

        if (state.Steps is null || state.Steps.Cycles is not { Count: > 0 })
        {
            return Result.Failure<Nonconformity>(new DomainError("nc.state.cycles", "A nonconformity has at least one cycle."));
        }

        if (state.Stage is not NonconformityStage.Raised and not NonconformityStage.Declined && string.IsNullOrWhiteSpace(state.OwnerUserId))
        {
            return Result.Failure<Nonconformity>(new DomainError("nc.state.owner", "A triaged nonconformity has an owner."));
        }

        return Result.Success(new Nonconformity(state));
    }

    /// <summary>
    /// Raises a nonconformity: anyone identified in the tenant (not a read-only auditor). Title 5–120 characters on one
    /// line, a description of at least 10, a source, a severity, Annex A controls (each checked, at most 10), a link to
    /// what shows it (http or https, optional). It waits for a compliance lead's triage.
    /// </summary>
    public static Result<Nonconformity> Raise(NonconformityId id, NonconformityDetails details, Actor actor, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(details);
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(clock);
        if (Permissions.Can(actor, DomainAction.RaiseNonconformity).ToError() is { } refused)
        {
            return Result.Failure<Nonconformity>(refused);
        }

        var errors = new List<DomainError>();
        var title = TextRules.Clean(details.Title);
        TextRules.Check(errors, title, "title", "The title", TitleMin, TitleMax, allowLineBreaks: false, "nc.title");
        var description = TextRules.Clean(details.Description);
        TextRules.Check(errors, description, "description", "The description", DescriptionMin, TextMax, allowLineBreaks: true, "nc.description");
        if (details.Source is null)
        {
            errors.Add(new DomainError("nc.source.required", "Say where it was found: internal audit, control failure, incident, complaint, management review or external audit.", "source"));
        }

        if (details.Severity is null)
        {
            errors.Add(new DomainError("nc.severity.required", "Choose a severity: major, minor or observation.", "severity"));
        }

        var controls = ReadControls(errors, details.ControlIds);
        var link = ReadLink(errors, details.EvidenceLink, "evidenceLink");
        var systemId = string.IsNullOrWhiteSpace(details.SystemId) ? null : details.SystemId.Trim();
        if (errors.Count > 0)
        {
            return Result.Failure<Nonconformity>(errors);
        }

        return Result.Success(new Nonconformity(new NonconformityState(
            id.Number, title, description, details.Source!.Value, systemId, controls, details.Severity!.Value, link,
            NonconformityStage.Raised, actor.UserId.Trim(), clock.GetUtcNow(), null, null, null, null, null, 0, NonconformitySteps.Empty)));
    }

    /// <summary>
    /// Triage by a compliance lead: confirms the severity, names the owner and sets a due date for correction, root cause
    /// and corrective actions (none before today, in that order). Moves it to correction and containment.
    /// </summary>
    public Result<Nonconformity> Triage(NonconformityTriage triage, Actor actor, TimeZoneInfo zone, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(triage);
        if ((CheckLead(actor) ?? CheckStage(NonconformityStage.Raised, "triaged")) is { } refused)
        {
            return Result.Failure<Nonconformity>(refused);
        }

        var errors = new List<DomainError>();
        if (triage.Severity is null)
        {
            errors.Add(new DomainError("nc.severity.required", "Choose a severity: major, minor or observation.", "severity"));
        }

        var owner = ReadPerson(errors, triage.OwnerUserId, "owner", "Choose the owner who will deal with it.");
        var today = Today(zone, clock);
        var correction = ReadDue(errors, triage.CorrectionDue, today, "correctionDue", "Correction and containment");
        var rootCause = ReadDue(errors, triage.RootCauseDue, today, "rootCauseDue", "Root cause");
        var actions = ReadDue(errors, triage.ActionsDue, today, "actionsDue", "Corrective actions");
        if (correction is { } c && rootCause is { } r && r < c)
        {
            errors.Add(new DomainError("nc.due.order", "The root cause can't be due before the correction.", "rootCauseDue"));
        }

        if (rootCause is { } r2 && actions is { } a && a < r2)
        {
            errors.Add(new DomainError("nc.due.order", "The corrective actions can't be due before the root cause.", "actionsDue"));
        }

        if (errors.Count > 0)
        {
            return Result.Failure<Nonconformity>(errors);
        }

        return Result.Success(With(s => s with
        {
            Severity = triage.Severity!.Value,
            OwnerUserId = owner,
            TriagedBy = actor.UserId.Trim(),
            TriagedAt = clock.GetUtcNow(),
            Stage = NonconformityStage.Correction,
            Steps = s.Steps with { Due = new NonconformityDueDates(correction, rootCause, actions) },
        }));
    }

    /// <summary>Declines at triage, "not a nonconformity", with the reason (10–1000 characters): a compliance lead. It is then closed.</summary>
    public Result<Nonconformity> Decline(string? reason, Actor actor, TimeProvider clock)
    {
        if ((CheckLead(actor) ?? CheckStage(NonconformityStage.Raised, "declined")) is { } refused)
        {
            return Result.Failure<Nonconformity>(refused);
        }

        var errors = new List<DomainError>();
        var text = TextRules.Clean(reason);
        TextRules.Check(errors, text, "reason", "The reason", ReasonMin, ReasonMax, allowLineBreaks: true, "nc.reason");
        return Result.FromValidation(errors, () => With(s => s with
        {
            Stage = NonconformityStage.Declined,
            TriagedBy = actor.UserId.Trim(),
            TriagedAt = clock.GetUtcNow(),
            ClosedAt = clock.GetUtcNow(),
            Steps = s.Steps with { DeclinedReason = text },
        }));
    }

    /// <summary>Records the correction and containment (what was done, at least 10 characters) and the consequences dealt with: the owner or a compliance lead. Moves to root cause.</summary>
    public Result<Nonconformity> RecordCorrection(string? correction, string? consequences, Actor actor, TimeProvider clock)
    {
        if ((CheckWork(actor) ?? CheckStage(NonconformityStage.Correction, "correction and containment")) is { } refused)
        {
            return Result.Failure<Nonconformity>(refused);
        }

        var errors = new List<DomainError>();
        var done = TextRules.Clean(correction);
        TextRules.Check(errors, done, "correction", "What was done to correct and contain it", StepTextMin, TextMax, allowLineBreaks: true, "nc.correction-text");
        var dealt = TextRules.Clean(consequences);
        TextRules.Check(errors, dealt, "consequences", "The consequences", 0, TextMax, allowLineBreaks: true, "nc.consequences");
        return Result.FromValidation(errors, () => With(s => s with
        {
            Stage = NonconformityStage.RootCause,
            Steps = s.Steps with { Correction = new NonconformityCorrection(done, dealt, actor.UserId.Trim(), clock.GetUtcNow()) },
        }));
    }

    /// <summary>
    /// Records the root cause: what happened and why (each at least 10 characters), the cause category, and similar
    /// nonconformities elsewhere (free text; the links and NC ids in it are kept as links): the owner or a compliance lead.
    /// Moves to corrective actions.
    /// </summary>
    public Result<Nonconformity> RecordRootCause(string? whatHappened, string? why, CauseCategory? category, string? similarElsewhere, Actor actor, TimeProvider clock)
    {
        if ((CheckWork(actor) ?? CheckStage(NonconformityStage.RootCause, "a root cause")) is { } refused)
        {
            return Result.Failure<Nonconformity>(refused);
        }

        var errors = new List<DomainError>();
        var what = TextRules.Clean(whatHappened);
        TextRules.Check(errors, what, "whatHappened", "What happened", StepTextMin, TextMax, allowLineBreaks: true, "nc.what");
        var cause = TextRules.Clean(why);
        TextRules.Check(errors, cause, "why", "Why it happened", StepTextMin, TextMax, allowLineBreaks: true, "nc.why");
        if (category is null)
        {
            errors.Add(new DomainError("nc.cause.required", "Choose the kind of cause: people, process, technology, data, supplier or other.", "category"));
        }

        var similar = TextRules.Clean(similarElsewhere);
        TextRules.Check(errors, similar, "similar", "Similar nonconformities", 0, ReasonMax, allowLineBreaks: true, "nc.similar");
        if (errors.Count > 0)
        {
            return Result.Failure<Nonconformity>(errors);
        }

        var root = new NonconformityRootCause(what, cause, category!.Value, similar, SimilarLinksIn(similar, Id), actor.UserId.Trim(), clock.GetUtcNow());
        return Result.Success(With(s => s with
        {
            Stage = NonconformityStage.Actions,
            Steps = ReplaceCurrent(s.Steps, s.Steps.Current with { RootCause = root }),
        }));
    }

    /// <summary>
    /// Records the corrective actions: 1–20, each a title (3–200 characters), an owner and a due date not before today.
    /// The owner or a compliance lead. Moves to implementation (due on the last action's date).
    /// </summary>
    public Result<Nonconformity> PlanActions(IReadOnlyList<CorrectiveActionDraft> drafts, Actor actor, TimeZoneInfo zone, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(drafts);
        if ((CheckWork(actor) ?? CheckStage(NonconformityStage.Actions, "corrective actions")) is { } refused)
        {
            return Result.Failure<Nonconformity>(refused);
        }

        var today = Today(zone, clock);
        var errors = new List<DomainError>();
        var filled = drafts.Where(d => !string.IsNullOrWhiteSpace(d.Title) || !string.IsNullOrWhiteSpace(d.OwnerUserId) || d.Due is not null).ToList();
        if (filled.Count == 0)
        {
            errors.Add(new DomainError("nc.actions.required", "Add at least one corrective action, with its owner and due date.", "actions"));
        }
        else if (filled.Count > MaxActions)
        {
            errors.Add(new DomainError("nc.actions.too-many", string.Create(CultureInfo.InvariantCulture, $"A nonconformity can have at most {MaxActions} corrective actions (the form sent {filled.Count})."), "actions"));
        }

        var actions = new List<CorrectiveAction>();
        for (var i = 0; i < filled.Count && i < MaxActions; i++)
        {
            var draft = filled[i];
            var label = string.Create(CultureInfo.InvariantCulture, $"Action {i + 1}");
            var field = string.Create(CultureInfo.InvariantCulture, $"action{i + 1}");
            var title = TextRules.Clean(draft.Title);
            TextRules.Check(errors, title, field + "Title", label + "'s title", ActionTitleMin, ActionTitleMax, allowLineBreaks: false, "nc.action.title");
            var owner = ReadPerson(errors, draft.OwnerUserId, field + "Owner", label + " needs an owner.");
            var due = ReadDue(errors, draft.Due, today, field + "Due", label);
            if (owner is not null && due is { } d)
            {
                actions.Add(new CorrectiveAction(i + 1, title, owner, d));
            }
        }

        if (errors.Count > 0)
        {
            return Result.Failure<Nonconformity>(errors);
        }

        return Result.Success(With(s => s with
        {
            Stage = NonconformityStage.Implementation,
            Steps = ReplaceCurrent(s.Steps, s.Steps.Current with { Actions = actions }),
        }));
    }

    /// <summary>Marks one corrective action done with its evidence (5–2000 characters): the action's owner, the nonconformity's owner or a compliance lead.</summary>
    public Result<Nonconformity> CompleteAction(int number, string? evidence, Actor actor, TimeProvider clock)
    {
        var action = Cycle.Actions.FirstOrDefault(a => a.Number == number);
        var resource = new ResourceContext(OwnerUserId: OwnerUserId, ContributorUserIds: action is null ? [] : [action.OwnerUserId]);
        if ((Check(actor, DomainAction.WorkOnNonconformity, resource) ?? CheckStage(NonconformityStage.Implementation, "a corrective action's completion")) is { } refused)
        {
            return Result.Failure<Nonconformity>(refused);
        }

        if (action is null)
        {
            return Result.Failure<Nonconformity>(new DomainError("nc.action.unknown", string.Create(CultureInfo.InvariantCulture, $"{Id} has no corrective action {number}."), "action"));
        }

        if (action.IsDone)
        {
            return Result.Failure<Nonconformity>(new DomainError("nc.action.already-done", string.Create(CultureInfo.InvariantCulture, $"Action {number} of {Id} is already done."), "action"));
        }

        var errors = new List<DomainError>();
        var text = TextRules.Clean(evidence);
        TextRules.Check(errors, text, "evidence", "The evidence", EvidenceMin, EvidenceMax, allowLineBreaks: true, "nc.evidence");
        return Result.FromValidation(errors, () => With(s => s with
        {
            Steps = ReplaceCurrent(s.Steps, s.Steps.Current with
            {
                Actions = s.Steps.Current.Actions.Select(a => a.Number == number ? a with { DoneAt = clock.GetUtcNow(), DoneBy = actor.UserId.Trim(), Evidence = text } : a).ToList(),
            }),
        }));
    }

    /// <summary>
    /// States the actions implemented, with evidence (5–2000 characters): the owner or a compliance lead, once every
    /// action is done. The effectiveness review is then due after <paramref name="reviewWaitDays"/> days.
    /// </summary>
    public Result<Nonconformity> MarkImplemented(string? evidence, int reviewWaitDays, Actor actor, TimeZoneInfo zone, TimeProvider clock)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(reviewWaitDays);
        if ((CheckWork(actor) ?? CheckStage(NonconformityStage.Implementation, "the implementation")) is { } refused)
        {
            return Result.Failure<Nonconformity>(refused);
        }

        var open = Cycle.Actions.Where(a => !a.IsDone).Select(a => a.Number.ToString(CultureInfo.InvariantCulture)).ToList();
        if (open.Count > 0)
        {
            return Result.Failure<Nonconformity>(new DomainError(
                "nc.actions.open",
                $"Every corrective action must be done first; still open: action {string.Join(", ", open)}.",
                "actions"));
        }

        var errors = new List<DomainError>();
        var text = TextRules.Clean(evidence);
        TextRules.Check(errors, text, "evidence", "The evidence", EvidenceMin, EvidenceMax, allowLineBreaks: true, "nc.evidence");
        return Result.FromValidation(errors, () => With(s => s with
        {
            Stage = NonconformityStage.EffectivenessReview,
            ReviewDueOn = Today(zone, clock).AddDays(reviewWaitDays),
            Steps = ReplaceCurrent(s.Steps, s.Steps.Current with { Implementation = new NonconformityImplementation(text, actor.UserId.Trim(), clock.GetUtcNow()) }),
        }));
    }

    /// <summary>
    /// Reviews whether the actions worked, on or after <see cref="ReviewDueOn"/>: the owner or a compliance lead who owned
    /// none of the actions, with a comment (10–1000 characters). Effective closes it; not effective starts a new cycle at
    /// root cause, due on <paramref name="rootCauseDue"/> (not before today).
    /// </summary>
    public Result<Nonconformity> ReviewEffectiveness(bool effective, string? comment, DateOnly? rootCauseDue, Actor actor, TimeZoneInfo zone, TimeProvider clock)
    {
        if ((Check(actor, DomainAction.ReviewNonconformityEffectiveness, Resource) ?? CheckStage(NonconformityStage.EffectivenessReview, "an effectiveness review")) is { } refused)
        {
            return Result.Failure<Nonconformity>(refused);
        }

        var today = Today(zone, clock);
        if (ReviewDueOn is { } due && today < due)
        {
            return Result.Failure<Nonconformity>(new DomainError(
                "nc.review.early",
                string.Create(CultureInfo.InvariantCulture, $"The effectiveness review of {Id} is due on {due:yyyy-MM-dd}: the actions need that long to show whether they work."),
                "effective"));
        }

        var errors = new List<DomainError>();
        var text = TextRules.Clean(comment);
        TextRules.Check(errors, text, "comment", "The review comment", ReasonMin, ReasonMax, allowLineBreaks: true, "nc.review-comment");
        DateOnly? restartDue = effective ? null : ReadDue(errors, rootCauseDue, today, "rootCauseDue", "The new root cause");
        if (errors.Count > 0)
        {
            return Result.Failure<Nonconformity>(errors);
        }

        var reviewed = ReplaceCurrent(Steps, Cycle with { Review = new EffectivenessReviewOutcome(effective, text, actor.UserId.Trim(), clock.GetUtcNow()) });
        return Result.Success(effective
            ? With(s => s with { Stage = NonconformityStage.Closed, ClosedAt = clock.GetUtcNow(), Steps = reviewed })
            : With(s => s with
            {
                Stage = NonconformityStage.RootCause,
                ReviewDueOn = null,
                Steps = reviewed with
                {
                    Cycles = [.. reviewed.Cycles, NonconformityCycle.Start(reviewed.Cycles.Count + 1)],
                    Due = reviewed.Due with { RootCause = restartDue },
                },
            }));
    }

    /// <summary>Reopens a closed nonconformity (not a declined one): a compliance lead, with the reason (10–1000). A new cycle starts at root cause, due on <paramref name="rootCauseDue"/>.</summary>
    public Result<Nonconformity> Reopen(string? reason, DateOnly? rootCauseDue, Actor actor, TimeZoneInfo zone, TimeProvider clock)
    {
        if ((CheckLead(actor) ?? CheckStage(NonconformityStage.Closed, "reopened")) is { } refused)
        {
            return Result.Failure<Nonconformity>(refused);
        }

        var errors = new List<DomainError>();
        var text = TextRules.Clean(reason);
        TextRules.Check(errors, text, "reason", "The reason", ReasonMin, ReasonMax, allowLineBreaks: true, "nc.reason");
        var due = ReadDue(errors, rootCauseDue, Today(zone, clock), "rootCauseDue", "The new root cause");
        if (errors.Count > 0)
        {
            return Result.Failure<Nonconformity>(errors);
        }

        var reopening = new NonconformityReopening(text, actor.UserId.Trim(), clock.GetUtcNow());
        return Result.Success(With(s => s with
        {
            Stage = NonconformityStage.RootCause,
            ClosedAt = null,
            ReviewDueOn = null,
            Steps = s.Steps with
            {
                Cycles = [.. s.Steps.Cycles, NonconformityCycle.Start(s.Steps.Cycles.Count + 1, reopening)],
                Due = s.Steps.Due with { RootCause = due },
            },
        }));
    }

    /// <summary>The NC ids and http(s) links in a text, in order, without repeats (the nonconformity's own id left out).</summary>
    public static IReadOnlyList<string> SimilarLinksIn(string text, NonconformityId self)
    {
        var links = new List<string>();
        foreach (var word in (text ?? string.Empty).Split([' ', '\n', '\r', '\t', ',', ';'], StringSplitOptions.RemoveEmptyEntries))
        {
            var trimmed = word.Trim('(', ')', '[', ']', '<', '>', '"', '\'');
            string? link = null;
            if (Uri.TryCreate(trimmed.TrimEnd('.'), UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp))
            {
                link = uri.ToString();
            }
            else if (NonconformityId.TryParse(trimmed, out var id) && id != self)
            {
                link = id.ToString();
            }

            if (link is not null && !links.Contains(link, StringComparer.OrdinalIgnoreCase))
            {
                links.Add(link);
            }
        }

        return links;
    }

    private static DateOnly Today(TimeZoneInfo zone, TimeProvider clock) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), zone).DateTime);

    private static List<string> ReadControls(List<DomainError> errors, IReadOnlyList<string>? typed)
    {
        var controls = new List<string>();
        var unknown = new List<string>();
        foreach (var text in (typed ?? []).Where(t => !string.IsNullOrWhiteSpace(t)))
        {
            if (ControlId.TryParse(text, out var id))
            {
                if (!controls.Contains(id.Value))
                {
                    controls.Add(id.Value);
                }
            }
            else
            {
                unknown.Add(text.Trim().Length > 20 ? text.Trim()[..20] + "…" : text.Trim());
            }
        }

        if (unknown.Count > 0)
        {
            errors.Add(new DomainError("nc.controls.unknown", $"Not an Annex A control: {string.Join(", ", unknown)}. Controls look like A.6.2.6.", "controls"));
        }
        else if (controls.Count > MaxControls)
        {
            errors.Add(new DomainError("nc.controls.too-many", string.Create(CultureInfo.InvariantCulture, $"Name at most {MaxControls} controls."), "controls"));
        }

        controls.Sort((a, b) => ControlId.Parse(a).CompareTo(ControlId.Parse(b)));
        return controls;
    }

    private static string? ReadLink(List<DomainError> errors, string? typed, string field)
    {
        var text = TextRules.Clean(typed);
        if (text.Length == 0)
        {
            return null;
        }

        if (text.Length > LinkMax || !Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            errors.Add(new DomainError("nc.link.invalid", "The link must be a web address starting with https://.", field));
            return null;
        }

        return uri.ToString();
    }

    private static string? ReadPerson(List<DomainError> errors, string? userId, string field, string missing)
    {
        var text = TextRules.Clean(userId);
        if (text.Length == 0 || text.Length > 200 || TextRules.HasControlCharacters(text, allowLineBreaks: false))
        {
            errors.Add(new DomainError("nc.person.required", missing, field));
            return null;
        }

        return text;
    }

    private static DateOnly? ReadDue(List<DomainError> errors, DateOnly? due, DateOnly today, string field, string label)
    {
        if (due is not { } day)
        {
            errors.Add(new DomainError("nc.due.required", $"{label} needs a due date.", field));
            return null;
        }

        if (day < today)
        {
            errors.Add(new DomainError("nc.due.past", string.Create(CultureInfo.InvariantCulture, $"{label} can't be due in the past ({day:yyyy-MM-dd}); choose today or later."), field));
            return null;
        }

        return day;
    }

    private static NonconformitySteps ReplaceCurrent(NonconformitySteps steps, NonconformityCycle cycle) =>
        steps with { Cycles = [.. steps.Cycles.Take(steps.Cycles.Count - 1), cycle] };

    private static DomainError? Check(Actor actor, DomainAction action, ResourceContext resource) =>
        Permissions.Can(actor, action, resource).ToError();

    private DomainError? CheckLead(Actor actor) => Check(actor, DomainAction.TriageNonconformity, Resource);

    private DomainError? CheckWork(Actor actor) =>
        Check(actor, DomainAction.WorkOnNonconformity, new ResourceContext(OwnerUserId: OwnerUserId));

    private DomainError? CheckStage(NonconformityStage expected, string what)
    {
        if (Stage == expected)
        {
            return null;
        }

        var now = Stage switch
        {
            NonconformityStage.Closed => "closed",
            NonconformityStage.Declined => "declined (not a nonconformity)",
            NonconformityStage.Raised => "waiting for triage",
            _ => "at step: " + Stage.Words().ToLowerInvariant(),
        };
        return new DomainError("nc.stage", $"{Id} is {now}, so it can't be {(expected is NonconformityStage.Raised or NonconformityStage.Closed ? what : "given " + what)} now.", "stage");
    }

    private Nonconformity With(Func<NonconformityState, NonconformityState> change) =>
        new(change(_state) with { Revision = _state.Revision + 1 });
}
