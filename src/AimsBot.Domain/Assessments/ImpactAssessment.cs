using System.Globalization;
using AimsBot.Domain.Access;
using AimsBot.Domain.Register;
using AimsBot.Domain.Scheduling;

namespace AimsBot.Domain.Assessments;

public enum AssessmentStatus
{
    /// <summary>Being answered; nobody has submitted it yet.</summary>
    Draft,

    /// <summary>Waiting for an approver; it can't change until it is returned.</summary>
    Submitted,

    /// <summary>Sent back by the approver with a comment; answered again and resubmitted.</summary>
    Returned,

    /// <summary>Approved: final. A change starts a new version.</summary>
    Approved,
}

public enum AssessmentDecisionKind
{
    Returned,
    Approved,
}

/// <summary>An approver's decision, kept in order: every return and the approval.</summary>
public sealed record AssessmentDecision(AssessmentDecisionKind Kind, string DecidedBy, DateTimeOffset DecidedAt, string? Comment);

/// <summary>Every stored field of an impact assessment, for persistence adapters. Answers: section id → items → question id → value.</summary>
public sealed record ImpactAssessmentState(
    string Id,
    string SystemId,
    int Version,
    string QuestionnaireId,
    string QuestionnaireVersion,
    string AssessorUserId,
    AssessmentStatus Status,
    int Revision,
    IReadOnlyDictionary<string, IReadOnlyList<IReadOnlyDictionary<string, string>>> Answers,
    IReadOnlyDictionary<string, string> AskedContributors,
    IReadOnlyDictionary<string, IReadOnlyList<string>> AnsweredBy,
    IReadOnlyList<AssessmentDecision> Decisions,
    DateTimeOffset StartedAt,
    DateTimeOffset? SubmittedAt,
    ImpactLevel? ApprovedLevel,
    DateOnly? NextReassessmentDue);

/// <summary>
/// One version of an AI system's impact assessment (ISO/IEC 42001 6.1.4, 8.4, A.5.2–A.5.5): answers to one
/// questionnaire version (kept for the assessment's life), who assessed it and who answered which step, and its way
/// from draft through submission and returns to approval. Immutable: every change returns a new value (or a friendly
/// refusal) and increments <see cref="Revision"/>, so a card can tell it is out of date. An approved assessment never
/// changes; <see cref="StartNewVersion"/> begins the next version from its answers.
/// </summary>
public sealed class ImpactAssessment
{
    public const int CommentMin = 10;
    public const int CommentMax = 1000;

    private ImpactAssessment(
        string id,
        string systemId,
        int version,
        Questionnaire questionnaire,
        string assessorUserId,
        AssessmentStatus status,
        int revision,
        IReadOnlyDictionary<string, SectionAnswers> answers,
        IReadOnlyDictionary<string, string> askedContributors,
        IReadOnlyDictionary<string, IReadOnlyList<string>> answeredBy,
        IReadOnlyList<AssessmentDecision> decisions,
        DateTimeOffset startedAt,
        DateTimeOffset? submittedAt,
        ImpactLevel? approvedLevel,
        DateOnly? nextReassessmentDue)
    {
        Id = id;
        SystemId = systemId;
        Version = version;
        Questionnaire = questionnaire;
        AssessorUserId = assessorUserId;
        Status = status;
        Revision = revision;
        Answers = answers;
        AskedContributors = askedContributors;
        AnsweredBy = answeredBy;
        Decisions = decisions;
        StartedAt = startedAt;
        SubmittedAt = submittedAt;
        ApprovedLevel = approvedLevel;
        NextReassessmentDue = nextReassessmentDue;
    }

    /// <summary>A time-ordered unique id (UUID v7, 32 hex digits), new for each version.</summary>
    public string Id { get; }

    public string SystemId { get; }

    /// <summary>1 for a system's first assessment; each version after an approval adds one.</summary>
    public int Version { get; }

    /// <summary>The questionnaire version the assessment answers, for its whole life.</summary>
    public Questionnaire Questionnaire { get; }

    /// <summary>Who started it (the system's owner or a compliance lead) and submits it.</summary>
    public string AssessorUserId { get; }

    public AssessmentStatus Status { get; }

    /// <summary>Counts changes from 0 at the start: a card carrying an older revision is out of date.</summary>
    public int Revision { get; }

    /// <summary>Accepted answers by section id; a section nobody answered has no entry.</summary>
    public IReadOnlyDictionary<string, SectionAnswers> Answers { get; }

    /// <summary>Who the assessor asked to answer a step, by section id (one colleague per step).</summary>
    public IReadOnlyDictionary<string, string> AskedContributors { get; }

    /// <summary>Who saved answers to each step, by section id, in the order they first did.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> AnsweredBy { get; }

    public IReadOnlyList<AssessmentDecision> Decisions { get; }

    public DateTimeOffset StartedAt { get; }

    /// <summary>When it was last submitted.</summary>
    public DateTimeOffset? SubmittedAt { get; }

    /// <summary>The overall level fixed at approval (later changes to the scoring options don't rewrite it).</summary>
    public ImpactLevel? ApprovedLevel { get; }

    /// <summary>The date the next assessment is due, set at approval from the system's risk tier.</summary>
    public DateOnly? NextReassessmentDue { get; }

    public AssessmentDecision? Approval => Status == AssessmentStatus.Approved ? Decisions[^1] : null;

    /// <summary>Everyone who was asked to answer a step or saved answers, assessor included: none of them may approve.</summary>
    public IReadOnlyCollection<string> Participants =>
        AskedContributors.Values.Concat(AnsweredBy.Values.SelectMany(p => p)).Append(AssessorUserId)
            .Distinct(StringComparer.OrdinalIgnoreCase).ToList();

    public SectionAnswers? AnswersFor(string sectionId) => Answers.TryGetValue(sectionId, out var answers) ? answers : null;

    /// <summary>
    /// Starts a system's first impact assessment (the system's owner or a compliance lead), with the questions the
    /// questionnaire marks pre-filled from the register already answered.
    /// </summary>
    public static Result<ImpactAssessment> Start(AiSystem system, Questionnaire questionnaire, Actor actor, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentNullException.ThrowIfNull(questionnaire);
        ArgumentNullException.ThrowIfNull(clock);
        if (CheckCanStart(system, actor) is { } error)
        {
            return Result.Failure<ImpactAssessment>(error);
        }

        var now = clock.GetUtcNow();
        return Result.Success(new ImpactAssessment(
            NewId(now), system.Id, 1, questionnaire, actor.UserId.Trim(), AssessmentStatus.Draft, 0,
            Prefill(questionnaire, system, new Dictionary<string, SectionAnswers>(StringComparer.Ordinal)),
            new Dictionary<string, string>(StringComparer.Ordinal),
            new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal),
            [], now, null, null, null));
    }

    /// <summary>
    /// Starts the next version of an approved assessment (the approved one stays as it is): a new id, version + 1,
    /// the given questionnaire (the current one), and the approved answers carried over where the new questionnaire
    /// still asks the same question and accepts the answer; register fields fill what is still empty.
    /// </summary>
    public Result<ImpactAssessment> StartNewVersion(AiSystem system, Questionnaire questionnaire, Actor actor, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(questionnaire);
        ArgumentNullException.ThrowIfNull(clock);
        CheckSystem(system);
        if (CheckCanStart(system, actor) is { } error)
        {
            return Result.Failure<ImpactAssessment>(error);
        }

        if (Status != AssessmentStatus.Approved)
        {
            return Result.Failure<ImpactAssessment>(new DomainError(
                "assessment.not-approved",
                string.Create(CultureInfo.InvariantCulture, $"Version {Version} of this impact assessment is still {Describe(Status)}; change it as it is instead of starting a new version.")));
        }

        var carried = new Dictionary<string, SectionAnswers>(StringComparer.Ordinal);
        foreach (var section in questionnaire.Sections)
        {
            if (AnswersFor(section.Id) is not { } previous)
            {
                continue;
            }

            // Each item is re-checked against the new version's questions; values it no longer accepts are left out.
            var items = previous.Items.Take(section.MaxItems)
                .Select(item => CarryOver(section, item))
                .ToList();
            carried[section.Id] = new SectionAnswers(section.Id, section.Repeatable ? items : [items.Count > 0 ? items[0] : AnswerItem.Empty]);
        }

        var now = clock.GetUtcNow();
        return Result.Success(new ImpactAssessment(
            NewId(now), SystemId, Version + 1, questionnaire, actor.UserId.Trim(), AssessmentStatus.Draft, 0,
            Prefill(questionnaire, system, carried),
            new Dictionary<string, string>(StringComparer.Ordinal),
            new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal),
            [], now, null, null, null));
    }

    /// <summary>
    /// Saves one step's answers as submitted by its card (see <see cref="SectionAnswerValidator"/>): the system's
    /// owner, a compliance lead or the colleague asked to answer the step. Missing required answers are kept missing
    /// (listed by <see cref="Missing"/>); anything invalid refuses the whole step and changes nothing.
    /// </summary>
    public Result<ImpactAssessment> SaveSection(AiSystem system, string sectionId, IReadOnlyList<IReadOnlyDictionary<string, string?>> items, Actor actor)
    {
        CheckSystem(system);
        if (CheckCanAnswer(system, sectionId, actor, out var section) is { } error)
        {
            return Result.Failure<ImpactAssessment>(error);
        }

        return SectionAnswerValidator.Validate(section!, items).Map(answers => WithAnswers(answers, actor));
    }

    /// <summary>Saves a plain step's one item.</summary>
    public Result<ImpactAssessment> SaveSection(AiSystem system, string sectionId, IReadOnlyDictionary<string, string?> answers, Actor actor) =>
        SaveSection(system, sectionId, [answers], actor);

    /// <summary>"Add another": appends an empty item to a repeatable step, up to its limit.</summary>
    public Result<ImpactAssessment> AddItem(AiSystem system, string sectionId, Actor actor)
    {
        CheckSystem(system);
        if (CheckCanAnswer(system, sectionId, actor, out var section) is { } error)
        {
            return Result.Failure<ImpactAssessment>(error);
        }

        if (!section!.Repeatable)
        {
            return Result.Failure<ImpactAssessment>(new DomainError("answer.items.not-repeatable", $"'{section.Title}' is answered once; it can't have several items."));
        }

        var items = AnswersFor(sectionId)?.Items ?? [];
        if (items.Count >= section.MaxItems)
        {
            return Result.Failure<ImpactAssessment>(new DomainError(
                "answer.items.too-many",
                string.Create(CultureInfo.InvariantCulture, $"'{section.Title}' can have at most {section.MaxItems} {SectionAnswerValidator.Plural(section.ItemName)}; remove one first."),
                sectionId));
        }

        return Result.Success(WithAnswers(new SectionAnswers(sectionId, [.. items, AnswerItem.Empty]), actor));
    }

    /// <summary>Removes item <paramref name="item"/> (1-based) of a repeatable step; the others keep their order.</summary>
    public Result<ImpactAssessment> RemoveItem(AiSystem system, string sectionId, int item, Actor actor)
    {
        CheckSystem(system);
        if (CheckCanAnswer(system, sectionId, actor, out var section) is { } error)
        {
            return Result.Failure<ImpactAssessment>(error);
        }

        var items = AnswersFor(sectionId)?.Items ?? [];
        if (!section!.Repeatable || item < 1 || item > items.Count)
        {
            return Result.Failure<ImpactAssessment>(new DomainError(
                "answer.items.unknown",
                string.Create(CultureInfo.InvariantCulture, $"There is no {section.ItemName} {item} in '{section.Title}' to remove (it has {items.Count}); the card may be out of date."),
                sectionId));
        }

        var remaining = items.Where((_, index) => index != item - 1).ToList();
        return Result.Success(WithAnswers(new SectionAnswers(sectionId, remaining), actor));
    }

    /// <summary>Asks a colleague to answer one step (the system's owner or a compliance lead); asking again replaces them.</summary>
    public Result<ImpactAssessment> AskContributor(AiSystem system, string sectionId, string? contributorUserId, Actor actor)
    {
        CheckSystem(system);
        if (Permissions.Can(actor, DomainAction.AssessImpact, ResourceContext.OwnedBy(system.OwnerUserId)).ToError() is { } refused)
        {
            return Result.Failure<ImpactAssessment>(refused);
        }

        if (CheckEditable() is { } locked)
        {
            return Result.Failure<ImpactAssessment>(locked);
        }

        if (Questionnaire.Section(sectionId) is not { } section)
        {
            return Result.Failure<ImpactAssessment>(UnknownSection(sectionId));
        }

        var contributor = TextRules.Clean(contributorUserId);
        if (contributor.Length == 0)
        {
            return Result.Failure<ImpactAssessment>(new DomainError("assessment.contributor.required", $"Name the colleague who should answer '{section.Title}'.", "contributor"));
        }

        if (OwnerIds.IsPending(contributor))
        {
            return Result.Failure<ImpactAssessment>(new DomainError(
                "assessment.contributor.unknown",
                $"{contributor} is not known to the bot yet, so they could not answer; ask them to say hello to the bot first.",
                "contributor"));
        }

        var asked = new Dictionary<string, string>(AskedContributors, StringComparer.Ordinal) { [sectionId] = contributor };
        return Result.Success(With(askedContributors: asked, revision: Revision + 1));
    }

    /// <summary>The required answers still missing, step by step in questionnaire order.</summary>
    public IReadOnlyList<MissingAnswer> Missing() =>
        Questionnaire.Sections.SelectMany(section => SectionAnswerValidator.Missing(Questionnaire, section, AnswersFor(section.Id))).ToList();

    /// <summary>The score of the answers as they stand (see <see cref="ImpactScoring"/>).</summary>
    public Result<AssessmentScore> Score(ImpactScoringOptions options) => ImpactScoring.Score(Questionnaire, Answers, options);

    /// <summary>
    /// Submits the assessment for approval (the system's owner or a compliance lead), from draft or after a return.
    /// Refused with every missing required answer listed when any is missing; what was typed stays.
    /// </summary>
    public Result<ImpactAssessment> Submit(AiSystem system, Actor actor, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(clock);
        CheckSystem(system);
        if (Permissions.Can(actor, DomainAction.AssessImpact, ResourceContext.OwnedBy(system.OwnerUserId)).ToError() is { } refused)
        {
            return Result.Failure<ImpactAssessment>(refused);
        }

        if (Status == AssessmentStatus.Submitted)
        {
            return Result.Failure<ImpactAssessment>(new DomainError("assessment.already-submitted", "This impact assessment is already submitted and waiting for approval."));
        }

        if (CheckEditable() is { } locked)
        {
            return Result.Failure<ImpactAssessment>(locked);
        }

        var missing = Missing();
        if (missing.Count > 0)
        {
            return Result.Failure<ImpactAssessment>(missing.Select(m => m.ToError()));
        }

        return Result.Success(With(status: AssessmentStatus.Submitted, submittedAt: clock.GetUtcNow(), revision: Revision + 1));
    }

    /// <summary>
    /// Sends a submitted assessment back to the assessor with a comment of 10–1000 characters saying what to change
    /// (someone who may approve it: see <see cref="Approve"/>).
    /// </summary>
    public Result<ImpactAssessment> Return(AiSystem system, Actor actor, string? comment, ImpactApproval approval, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(approval);
        ArgumentNullException.ThrowIfNull(clock);
        CheckSystem(system);
        if (CheckCanDecide(system, actor, approval) is { } error)
        {
            return Result.Failure<ImpactAssessment>(error);
        }

        var text = TextRules.Clean(comment);
        if (text.Length == 0)
        {
            return Result.Failure<ImpactAssessment>(new DomainError("assessment.comment.required", "Say what needs to change before you can approve it.", "comment"));
        }

        var errors = new List<DomainError>();
        TextRules.Check(errors, text, "comment", "The comment", CommentMin, CommentMax, allowLineBreaks: true, "assessment.comment");
        if (errors.Count > 0)
        {
            return Result.Failure<ImpactAssessment>(errors);
        }

        var decision = new AssessmentDecision(AssessmentDecisionKind.Returned, actor.UserId.Trim(), clock.GetUtcNow(), text);
        return Result.Success(With(status: AssessmentStatus.Returned, decisions: [.. Decisions, decision], revision: Revision + 1));
    }

    /// <summary>
    /// Approves a submitted assessment: a risk approver (or the owner's manager, when <paramref name="approval"/>'s
    /// policy allows) who is neither the assessor nor anyone asked to answer or who answered a step. The overall level
    /// is fixed from <paramref name="scoring"/>, and the next assessment falls due by the system's risk tier: the
    /// approval's date in <paramref name="zone"/> (the organisation's) plus the tier's months.
    /// </summary>
    public Result<ImpactAssessment> Approve(
        AiSystem system,
        Actor actor,
        string? comment,
        ImpactApproval approval,
        ImpactScoringOptions scoring,
        ReassessmentOptions reassessment,
        TimeZoneInfo zone,
        TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(approval);
        ArgumentNullException.ThrowIfNull(scoring);
        ArgumentNullException.ThrowIfNull(reassessment);
        ArgumentNullException.ThrowIfNull(zone);
        ArgumentNullException.ThrowIfNull(clock);
        CheckSystem(system);
        if (CheckCanDecide(system, actor, approval) is { } error)
        {
            return Result.Failure<ImpactAssessment>(error);
        }

        var text = TextRules.Clean(comment);
        var errors = new List<DomainError>();
        TextRules.Check(errors, text, "comment", "The comment", 0, CommentMax, allowLineBreaks: true, "assessment.comment");
        if (errors.Count > 0)
        {
            return Result.Failure<ImpactAssessment>(errors);
        }

        var score = Score(scoring);
        if (!score.TryGetValue(out var scored))
        {
            return Result.Failure<ImpactAssessment>(score.Errors);
        }

        var now = clock.GetUtcNow();
        var due = reassessment.NextDue(system.RiskTier, DueDateCalculator.LocalDate(now, zone));
        var decision = new AssessmentDecision(AssessmentDecisionKind.Approved, actor.UserId.Trim(), now, text.Length == 0 ? null : text);
        return Result.Success(With(
            status: AssessmentStatus.Approved,
            decisions: [.. Decisions, decision],
            approvedLevel: scored.Overall,
            nextReassessmentDue: due,
            revision: Revision + 1));
    }

    /// <summary>Whether the next assessment is upcoming, due today or overdue, in the zone; not scheduled before approval.</summary>
    public DueStatus ReassessmentStatus(TimeProvider clock, TimeZoneInfo zone) => DueDateCalculator.Status(NextReassessmentDue, clock, zone);

    /// <summary>Every field, for persistence.</summary>
    public ImpactAssessmentState ToState() => new(
        Id, SystemId, Version, Questionnaire.Id, Questionnaire.Version, AssessorUserId, Status, Revision,
        Answers.ToDictionary(
            pair => pair.Key,
            pair => (IReadOnlyList<IReadOnlyDictionary<string, string>>)pair.Value.Items.Select(item => item.Values).ToList(),
            StringComparer.Ordinal),
        AskedContributors, AnsweredBy, Decisions, StartedAt, SubmittedAt, ApprovedLevel, NextReassessmentDue);

    /// <summary>
    /// Rebuilds a stored assessment with the questionnaire version it answers (the caller finds it by
    /// <see cref="ImpactAssessmentState.QuestionnaireId"/> and version), re-checking its answers against it: stored data
    /// is input too.
    /// </summary>
    public static Result<ImpactAssessment> Restore(ImpactAssessmentState state, Questionnaire questionnaire)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(questionnaire);
        var errors = new List<DomainError>();
        if (state.QuestionnaireId != questionnaire.Id || state.QuestionnaireVersion != questionnaire.Version)
        {
            errors.Add(new DomainError("state.questionnaire", $"The stored assessment answers {state.QuestionnaireId}@{state.QuestionnaireVersion}, not {questionnaire.Key}."));
        }

        if (!AiSystem.IsValidId(state.SystemId) || state.Version < 1 || string.IsNullOrWhiteSpace(state.AssessorUserId) || state.Revision < 0)
        {
            errors.Add(new DomainError("state.assessment", $"The stored assessment {state.Id} has an invalid system id, version, assessor or revision."));
        }

        if (!Enum.IsDefined(state.Status) || (state.Status == AssessmentStatus.Approved) != (state.Decisions.Count > 0 && state.Decisions[^1].Kind == AssessmentDecisionKind.Approved))
        {
            errors.Add(new DomainError("state.status", $"The stored assessment {state.Id} has a status that does not match its decisions."));
        }

        var answers = new Dictionary<string, SectionAnswers>(StringComparer.Ordinal);
        foreach (var (sectionId, items) in state.Answers)
        {
            if (questionnaire.Section(sectionId) is not { } section)
            {
                errors.Add(new DomainError("state.section", $"The stored assessment has answers for an unknown step '{sectionId}'."));
                continue;
            }

            var validated = SectionAnswerValidator.Validate(section, items.Select(i => (IReadOnlyDictionary<string, string?>)i.ToDictionary(p => p.Key, p => (string?)p.Value)).ToList());
            if (validated.IsSuccess)
            {
                answers[sectionId] = validated.Value;
            }
            else
            {
                errors.AddRange(validated.Errors.Select(e => e with { Code = "state." + e.Code }));
            }
        }

        return Result.FromValidation(errors, () => new ImpactAssessment(
            state.Id, state.SystemId, state.Version, questionnaire, state.AssessorUserId, state.Status, state.Revision, answers,
            new Dictionary<string, string>(state.AskedContributors, StringComparer.Ordinal),
            new Dictionary<string, IReadOnlyList<string>>(state.AnsweredBy, StringComparer.Ordinal),
            state.Decisions, state.StartedAt, state.SubmittedAt, state.ApprovedLevel, state.NextReassessmentDue));
    }

    private static DomainError? CheckCanStart(AiSystem system, Actor actor)
    {
        if (Permissions.Can(actor, DomainAction.AssessImpact, ResourceContext.OwnedBy(system.OwnerUserId)).ToError() is { } refused)
        {
            return refused;
        }

        return system.Status == SystemStatus.Retired
            ? new DomainError("assessment.system-retired", $"'{system.Name}' is retired, so it needs no new impact assessment.")
            : null;
    }

    private DomainError? CheckCanAnswer(AiSystem system, string sectionId, Actor actor, out QuestionnaireSection? section)
    {
        section = Questionnaire.Section(sectionId);
        var asked = section is not null && AskedContributors.TryGetValue(sectionId, out var contributor) ? [contributor] : Array.Empty<string>();
        if (Permissions.Can(actor, DomainAction.AnswerImpactAssessment, new ResourceContext(OwnerUserId: system.OwnerUserId, ContributorUserIds: asked)).ToError() is { } refused)
        {
            return refused;
        }

        return CheckEditable() ?? (section is null ? UnknownSection(sectionId) : null);
    }

    private DomainError? CheckCanDecide(AiSystem system, Actor actor, ImpactApproval approval)
    {
        var context = ResourceContext.ImpactAssessment(system.OwnerUserId, AssessorUserId, Participants, approval.NamedApprover);
        if (Permissions.Can(actor, DomainAction.ApproveImpactAssessment, context).ToError() is { } refused)
        {
            return refused;
        }

        return Status switch
        {
            AssessmentStatus.Submitted => null,
            AssessmentStatus.Approved => new DomainError(
                "assessment.already-decided",
                string.Create(CultureInfo.InvariantCulture, $"Version {Version} of this impact assessment was already approved on {Decisions[^1].DecidedAt:yyyy-MM-dd}; it can't be decided again.")),
            _ => new DomainError(
                "assessment.not-submitted",
                $"This impact assessment is {Describe(Status)}, not submitted, so there is nothing to decide yet."),
        };
    }

    private DomainError? CheckEditable() => Status switch
    {
        AssessmentStatus.Draft or AssessmentStatus.Returned => null,
        AssessmentStatus.Submitted => new DomainError(
            "assessment.submitted",
            "This impact assessment is waiting for approval, so it can't change now; the approver can return it for changes."),
        _ => new DomainError(
            "assessment.approved",
            string.Create(CultureInfo.InvariantCulture, $"Version {Version} of this impact assessment is approved and can't change; start a new version to change it.")),
    };

    private void CheckSystem(AiSystem system)
    {
        ArgumentNullException.ThrowIfNull(system);
        if (!string.Equals(system.Id, SystemId, StringComparison.Ordinal))
        {
            throw new ArgumentException($"The assessment is about '{SystemId}', not '{system.Id}'.", nameof(system));
        }
    }

    private static DomainError UnknownSection(string sectionId) =>
        new("assessment.section.unknown", $"This assessment has no step '{sectionId}'; the card may be from another questionnaire version.", "section");

    private static string Describe(AssessmentStatus status) => status switch
    {
        AssessmentStatus.Draft => "a draft",
        AssessmentStatus.Submitted => "submitted",
        AssessmentStatus.Returned => "returned for changes",
        _ => "approved",
    };

    private static string NewId(DateTimeOffset now) => Guid.CreateVersion7(now).ToString("N");

    private static AnswerItem CarryOver(QuestionnaireSection section, AnswerItem item)
    {
        // Value by value, so one answer the new version no longer accepts does not lose the others.
        var kept = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (questionId, value) in item.Values)
        {
            var probe = new Dictionary<string, string?>(kept, StringComparer.Ordinal) { [questionId] = value };
            if (SectionAnswerValidator.Validate(section, [probe]).IsSuccess)
            {
                kept[questionId] = value;
            }
        }

        var accepted = SectionAnswerValidator.Validate(section, [kept]);
        return accepted.IsSuccess ? accepted.Value.Single : AnswerItem.Empty;
    }

    private static Dictionary<string, SectionAnswers> Prefill(Questionnaire questionnaire, AiSystem system, Dictionary<string, SectionAnswers> answers)
    {
        foreach (var section in questionnaire.Sections.Where(s => !s.Repeatable && s.Questions.Any(q => q.Prefill is not null)))
        {
            var current = answers.TryGetValue(section.Id, out var existing) ? existing.Single : AnswerItem.Empty;
            var values = current.Values.ToDictionary(p => p.Key, p => (string?)p.Value, StringComparer.Ordinal);
            foreach (var question in section.Questions.Where(q => q.Prefill is not null && current[q.Id] is null))
            {
                values[question.Id] = RegisterPrefill.Read(question.Prefill!, system);
            }

            // The loader made sure each pre-filled question can hold its register field; an empty field stays unanswered.
            var validated = SectionAnswerValidator.Validate(section, values);
            if (validated.IsSuccess)
            {
                answers[section.Id] = validated.Value;
            }
        }

        return answers;
    }

    private ImpactAssessment WithAnswers(SectionAnswers answers, Actor actor)
    {
        var all = new Dictionary<string, SectionAnswers>(Answers, StringComparer.Ordinal) { [answers.SectionId] = answers };
        var by = new Dictionary<string, IReadOnlyList<string>>(AnsweredBy, StringComparer.Ordinal);
        var people = by.TryGetValue(answers.SectionId, out var earlier) ? earlier : [];
        if (!people.Any(actor.Is))
        {
            by[answers.SectionId] = [.. people, actor.UserId.Trim()];
        }

        return With(answers: all, answeredBy: by, revision: Revision + 1);
    }

    private ImpactAssessment With(
        AssessmentStatus? status = null,
        int? revision = null,
        IReadOnlyDictionary<string, SectionAnswers>? answers = null,
        IReadOnlyDictionary<string, string>? askedContributors = null,
        IReadOnlyDictionary<string, IReadOnlyList<string>>? answeredBy = null,
        IReadOnlyList<AssessmentDecision>? decisions = null,
        DateTimeOffset? submittedAt = null,
        ImpactLevel? approvedLevel = null,
        DateOnly? nextReassessmentDue = null) =>
        new(
            Id,
            SystemId,
            Version,
            Questionnaire,
            AssessorUserId,
            status ?? Status,
            revision ?? Revision,
            answers ?? Answers,
            askedContributors ?? AskedContributors,
            answeredBy ?? AnsweredBy,
            decisions ?? Decisions,
            StartedAt,
            submittedAt ?? SubmittedAt,
            approvedLevel ?? ApprovedLevel,
            nextReassessmentDue ?? NextReassessmentDue);
}
