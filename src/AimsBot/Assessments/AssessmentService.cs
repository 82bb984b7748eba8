using Azure;
using AimsBot.Commands;
using AimsBot.Domain;
using AimsBot.Domain.Access;
using AimsBot.Domain.Assessments;
using AimsBot.Domain.Ledger;
using AimsBot.Ledger;
using AimsBot.Register;
using AimsBot.Storage;
using AimsBot.Storage.Assessments;
using AimsBot.Storage.Register;
using Microsoft.Extensions.Options;

namespace AimsBot.Assessments;

/// <summary>One stored assessment version, restored against its questionnaire, with its system and the ETag it was read with.</summary>
public sealed record AssessmentSession(StoredAiSystem System, ImpactAssessment Assessment, ETag ETag)
{
    public string SystemName => System.System.Name;
}

/// <summary>What saving a step did.</summary>
public enum StepSaveStatus
{
    /// <summary>The answers (or the items) changed and were written.</summary>
    Saved,

    /// <summary>The card sent what is stored already: nothing written (a repeated press, or nothing typed).</summary>
    Unchanged,

    /// <summary>Someone changed this step since the card was built, or the version is no longer open: nothing written.</summary>
    MovedOn,

    /// <summary>What the card sent is not acceptable (too long, a choice not offered): nothing written.</summary>
    Invalid,

    /// <summary>The caller may not answer this step: nothing written.</summary>
    Refused,

    /// <summary>The assessment or its system is gone, or the card names something that never existed.</summary>
    NotFound,
}

/// <summary>The outcome of a step press: its status, the assessment as it now is, and what was wrong.</summary>
public sealed record StepSave(StepSaveStatus Status, AssessmentSession? Session, IReadOnlyList<DomainError> Errors)
{
    public static StepSave Of(StepSaveStatus status, AssessmentSession? session) => new(status, session, []);
}

/// <summary>A change of a repeatable step's items pressed on the card, applied after its answers are saved.</summary>
public enum ItemEdit
{
    None,
    Add,
    Remove,
}

/// <summary>
/// What a step card sent: which assessment version and step, the revision the card was built from and the hash of
/// that step's answers then (<see cref="AssessmentService.SectionHash"/>), the item shown (1-based; repeatable
/// steps only) and the values typed for the step's questions, by question id.
/// </summary>
public sealed record StepSubmission(
    string SystemId,
    int Version,
    string SectionId,
    int CardRevision,
    string? CardHash,
    int Item,
    Func<QuestionnaireSection, IReadOnlyDictionary<string, string?>> Answers);

/// <summary>
/// The impact assessment operations the step cards and commands call: load, start or resume, save a step (ETag,
/// re-applied on a conflict with another step, "moved on" on a conflict with the same step), ask a colleague,
/// submit. Each writes the row, then records its ledger event.
/// </summary>
public sealed class AssessmentService
{
    private const int MaxAttempts = 6;

    private readonly ImpactAssessmentRepository _assessments;
    private readonly AiSystemRepository _systems;
    private readonly RegisterQueries _queries;
    private readonly QuestionnaireCatalog _catalog;
    private readonly LedgerRecorder _ledger;
    private readonly IOptions<AssessmentOptions> _options;
    private readonly TimeProvider _clock;

    public AssessmentService(
        ImpactAssessmentRepository assessments,
        AiSystemRepository systems,
        RegisterQueries queries,
        QuestionnaireCatalog catalog,
        LedgerRecorder ledger,
        IOptions<AssessmentOptions> options,
        TimeProvider clock)
    {
        _assessments = assessments;
        _systems = systems;
        _queries = queries;
        _catalog = catalog;
        _ledger = ledger;
        _options = options;
        _clock = clock;
    }

    /// <summary>The system a person named, or the friendly "did you mean" of the register.</summary>
    public Task<Result<StoredAiSystem>> FindSystemAsync(string tenantId, string? typed, CancellationToken cancellationToken) =>
        _queries.FindSystemAsync(tenantId, typed, cancellationToken);

    /// <summary>One version with its system, or null when either is gone (or the ids are not ids).</summary>
    public async Task<AssessmentSession?> LoadAsync(string tenantId, string systemId, int version, CancellationToken cancellationToken)
    {
        var stored = await _assessments.GetAsync(tenantId, systemId, version, cancellationToken);
        return stored is null ? null : await SessionAsync(tenantId, stored, null, cancellationToken);
    }

    /// <summary>A system's latest version, or null when it has none.</summary>
    public async Task<AssessmentSession?> LoadLatestAsync(string tenantId, string systemId, CancellationToken cancellationToken)
    {
        var stored = await _assessments.GetLatestAsync(tenantId, systemId, cancellationToken);
        return stored is null ? null : await SessionAsync(tenantId, stored, null, cancellationToken);
    }

    /// <summary>
    /// <c>assess &lt;system&gt;</c>: the open version (draft, returned or submitted) as it is; else a new one — version 1,
    /// or the next after an approved one, pre-filled from it — recorded as <c>assessment.start</c>. A colleague asked to
    /// answer a step (who may not start one) gets the open version; anyone else is refused.
    /// </summary>
    public async Task<Result<AssessmentSession>> StartOrResumeAsync(Caller caller, StoredAiSystem system, string? activityId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(system);
        var actor = caller.Actor;
        for (var attempt = 1; ; attempt++)
        {
            var latest = await _assessments.GetLatestAsync(caller.TenantId, system.System.Id, cancellationToken);
            var session = latest is null ? null : await SessionAsync(caller.TenantId, latest, system, cancellationToken);
            var mayAssess = Permissions.Can(actor, DomainAction.AssessImpact, ResourceContext.OwnedBy(system.System.OwnerUserId));
            if (!mayAssess.IsAllowed)
            {
                // Someone asked to answer a step may open the assessment there, and nothing else.
                return session is not null && session.Assessment.Status is AssessmentStatus.Draft or AssessmentStatus.Returned && AskedSections(session.Assessment, actor).Count > 0
                    ? Result.Success(session)
                    : Result.Failure<AssessmentSession>(mayAssess.ToError()!);
            }

            if (session is not null && session.Assessment.Status != AssessmentStatus.Approved)
            {
                return Result.Success(session);
            }

            var current = await _catalog.CurrentAsync(caller.TenantId, cancellationToken);
            var started = session is null
                ? ImpactAssessment.Start(system.System, current, actor, _clock)
                : session.Assessment.StartNewVersion(system.System, current, actor, _clock);
            if (!started.TryGetValue(out var assessment))
            {
                return Result.Failure<AssessmentSession>(started.Errors);
            }

            try
            {
                var added = await _assessments.AddAsync(caller.TenantId, assessment.ToState(), cancellationToken);
                await _ledger.RecordAsync(
                    caller,
                    LedgerEvents.AssessmentStarted.About(ImpactAssessmentRef.Of(assessment), null, AssessmentLedger.Started(assessment, session?.Assessment)),
                    activityId,
                    cancellationToken);
                return Result.Success(new AssessmentSession(system, assessment, added.ETag));
            }
            catch (EntityAlreadyExistsException) when (attempt < MaxAttempts)
            {
                // Someone started the same version a moment ago: resume theirs.
            }
        }
    }

    /// <summary>The steps <paramref name="actor"/> was asked to answer, in questionnaire order.</summary>
    public static IReadOnlyList<string> AskedSections(ImpactAssessment assessment, Actor actor)
    {
        ArgumentNullException.ThrowIfNull(assessment);
        ArgumentNullException.ThrowIfNull(actor);
        return assessment.Questionnaire.Sections
            .Where(s => assessment.AskedContributors.TryGetValue(s.Id, out var asked) && actor.Is(asked))
            .Select(s => s.Id)
            .ToList();
    }

    /// <summary>
    /// Saves what a step card sent, then applies <paramref name="edit"/> (add an item, remove item
    /// <paramref name="removeItem"/>). On an ETag conflict it reads again and re-applies when the other writer changed
    /// another step; when this step changed since the card was built (its revision is older and the step's stored
    /// answers are not those the card showed) and the card would change them, nothing is written: "moved on".
    /// </summary>
    public async Task<StepSave> SaveStepAsync(Caller caller, StepSubmission submission, ItemEdit edit, int removeItem, string? activityId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(submission);
        var actor = caller.Actor;
        for (var attempt = 1; ; attempt++)
        {
            var session = await LoadAsync(caller.TenantId, submission.SystemId, submission.Version, cancellationToken);
            if (session is null)
            {
                return StepSave.Of(StepSaveStatus.NotFound, null);
            }

            var assessment = session.Assessment;
            if (assessment.Status is AssessmentStatus.Submitted or AssessmentStatus.Approved)
            {
                // An older version (approved, a newer one started) or one waiting for approval: show where it is now.
                return StepSave.Of(StepSaveStatus.MovedOn, await LoadLatestAsync(caller.TenantId, submission.SystemId, cancellationToken) ?? session);
            }

            if (assessment.Questionnaire.Section(submission.SectionId) is not { } section)
            {
                return StepSave.Of(StepSaveStatus.NotFound, session);
            }

            var stored = assessment.AnswersFor(section.Id);
            var storedItems = stored?.Items ?? [];
            var items = ItemsToSave(section, storedItems, submission.Item, submission.Answers(section));
            if (items is null)
            {
                return StepSave.Of(StepSaveStatus.MovedOn, session);
            }

            var saved = assessment.SaveSection(session.System.System, section.Id, items, actor);
            if (!saved.TryGetValue(out var next))
            {
                return saved.Errors.Any(e => e.Code == "access.refused")
                    ? new StepSave(StepSaveStatus.Refused, session, saved.Errors)
                    : new StepSave(StepSaveStatus.Invalid, session, saved.Errors);
            }

            var changed = !string.Equals(Canonical(section, next.AnswersFor(section.Id)), Canonical(section, stored), StringComparison.Ordinal);
            var stale = submission.CardRevision < assessment.Revision && !string.Equals(submission.CardHash, SectionHash(section, stored), StringComparison.Ordinal);
            if (stale && (changed || edit != ItemEdit.None))
            {
                return StepSave.Of(StepSaveStatus.MovedOn, session);
            }

            var result = changed ? next : assessment;
            if (edit != ItemEdit.None)
            {
                var edited = edit == ItemEdit.Add
                    ? result.AddItem(session.System.System, section.Id, actor)
                    : result.RemoveItem(session.System.System, section.Id, removeItem, actor);
                if (!edited.TryGetValue(out result))
                {
                    return new StepSave(StepSaveStatus.Invalid, session, edited.Errors);
                }
            }

            if (ReferenceEquals(result, assessment))
            {
                return StepSave.Of(StepSaveStatus.Unchanged, session);
            }

            try
            {
                var written = await _assessments.ReplaceAsync(caller.TenantId, result.ToState(), session.ETag, cancellationToken);
                var (before, after) = AssessmentLedger.Saved(section, stored, result.AnswersFor(section.Id));
                await _ledger.RecordAsync(caller, LedgerEvents.AssessmentSaved.About(ImpactAssessmentRef.Of(result), before, after), activityId, cancellationToken);
                return StepSave.Of(StepSaveStatus.Saved, session with { Assessment = result, ETag = written.ETag });
            }
            catch (ConcurrencyConflictException) when (attempt < MaxAttempts)
            {
                // Someone saved in between: read their version and decide again (kept when it was another step).
            }
        }
    }

    /// <summary>Asks a colleague to answer one step (<c>assessment.contributor.ask</c>); asking the same person again changes nothing.</summary>
    public async Task<Result<AssessmentSession>> AskContributorAsync(
        Caller caller, string systemId, int version, string sectionId, string contributorUserId, string? contributorName, string? activityId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        for (var attempt = 1; ; attempt++)
        {
            var session = await LoadAsync(caller.TenantId, systemId, version, cancellationToken);
            if (session is null)
            {
                return Result.Failure<AssessmentSession>(new DomainError("assessment.gone", "This impact assessment no longer exists; say **assessments** to see where each system stands."));
            }

            var assessment = session.Assessment;
            var earlier = assessment.AskedContributors.GetValueOrDefault(sectionId);
            if (earlier is not null && string.Equals(earlier, contributorUserId, StringComparison.OrdinalIgnoreCase))
            {
                return Result.Success(session);
            }

            var asked = assessment.AskContributor(session.System.System, sectionId, contributorUserId, caller.Actor);
            if (!asked.TryGetValue(out var next))
            {
                return Result.Failure<AssessmentSession>(asked.Errors);
            }

            try
            {
                var written = await _assessments.ReplaceAsync(caller.TenantId, next.ToState(), session.ETag, cancellationToken);
                var section = next.Questionnaire.Section(sectionId)!;
                await _ledger.RecordAsync(
                    caller,
                    LedgerEvents.AssessmentContributorAsked.About(ImpactAssessmentRef.Of(next), AssessmentLedger.Asked(section, earlier, null), AssessmentLedger.Asked(section, contributorUserId, contributorName)),
                    activityId,
                    cancellationToken);
                return Result.Success(session with { Assessment = next, ETag = written.ETag });
            }
            catch (ConcurrencyConflictException) when (attempt < MaxAttempts)
            {
                // Someone saved in between: ask again on their version.
            }
        }
    }

    /// <summary>
    /// Submits a version for approval (the system's owner or a compliance lead): refused, listing every missing
    /// required answer, when any is missing; else written and recorded as <c>assessment.submit</c>. The one submit
    /// path: what happens next (routing to an approver) hooks in here.
    /// </summary>
    public async Task<Result<StoredAssessment>> SubmitAsync(Caller caller, string systemId, int version, string? activityId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        for (var attempt = 1; ; attempt++)
        {
            var session = await LoadAsync(caller.TenantId, systemId, version, cancellationToken);
            if (session is null)
            {
                return Result.Failure<StoredAssessment>(new DomainError("assessment.gone", "This impact assessment no longer exists; say **assessments** to see where each system stands."));
            }

            var assessment = session.Assessment;
            var submitted = assessment.Submit(session.System.System, caller.Actor, _clock);
            if (!submitted.TryGetValue(out var next))
            {
                return Result.Failure<StoredAssessment>(submitted.Errors);
            }

            try
            {
                var written = await _assessments.ReplaceAsync(caller.TenantId, next.ToState(), session.ETag, cancellationToken);
                var score = next.Score(_options.Value.Scoring);
                await _ledger.RecordAsync(
                    caller,
                    LedgerEvents.AssessmentSubmitted.About(ImpactAssessmentRef.Of(next), AssessmentLedger.Status(assessment, null), AssessmentLedger.Status(next, score.IsSuccess ? score.Value!.Overall : null)),
                    activityId,
                    cancellationToken);
                return Result.Success(written);
            }
            catch (ConcurrencyConflictException) when (attempt < MaxAttempts)
            {
                // Someone saved in between: check and submit their version.
            }
        }
    }

    /// <summary>
    /// A short fingerprint of one step's stored answers, carried by its card: a press whose card revision is older
    /// than the stored one knows from it whether this step (rather than another) changed since.
    /// </summary>
    public static string SectionHash(QuestionnaireSection section, SectionAnswers? answers)
    {
        ArgumentNullException.ThrowIfNull(section);
        var bytes = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(Canonical(section, answers)));
        return Convert.ToHexStringLower(bytes)[..16];
    }

    /// <summary>One text for equal answers: items in order, values by question id; a plain step's empty item is no answer.</summary>
    internal static string Canonical(QuestionnaireSection section, SectionAnswers? answers)
    {
        var items = answers?.Items ?? [];
        if (!section.Repeatable && items.All(i => i.IsEmpty))
        {
            items = [];
        }

        var builder = new System.Text.StringBuilder();
        foreach (var item in items)
        {
            builder.Append('[');
            foreach (var (key, value) in item.Values.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                builder.Append(key).Append('\u001f').Append(value).Append('\u001e');
            }

            builder.Append(']');
        }

        return builder.ToString();
    }

    /// <summary>The step's items with the shown one replaced by what was typed; null when the card's item no longer exists.</summary>
    private static List<IReadOnlyDictionary<string, string?>>? ItemsToSave(QuestionnaireSection section, IReadOnlyList<AnswerItem> storedItems, int item, IReadOnlyDictionary<string, string?> values)
    {
        if (!section.Repeatable)
        {
            return [values];
        }

        var items = storedItems.Select(i => (IReadOnlyDictionary<string, string?>)i.Values.ToDictionary(p => p.Key, p => (string?)p.Value, StringComparer.Ordinal)).ToList();
        if (item == items.Count + 1 && items.Count < section.MaxItems)
        {
            // The first item of an empty step is answered on the card before it is stored; blank, it stays unstored.
            if (values.Values.Any(v => !string.IsNullOrWhiteSpace(v)))
            {
                items.Add(values);
            }

            return items;
        }

        if (item < 1 || item > items.Count)
        {
            return null;
        }

        items[item - 1] = values;
        return items;
    }

    private async Task<AssessmentSession?> SessionAsync(string tenantId, StoredAssessment stored, StoredAiSystem? system, CancellationToken cancellationToken)
    {
        var state = stored.State;
        system ??= await _systems.GetAsync(tenantId, state.SystemId, cancellationToken);
        if (system is null)
        {
            return null;
        }

        var key = $"{state.QuestionnaireId}@{state.QuestionnaireVersion}";
        var questionnaire = await _catalog.GetAsync(tenantId, key, cancellationToken)
            ?? throw new InvalidDataException($"Impact assessment {state.SystemId} v{state.Version} answers questionnaire {key}, which this tenant does not have.");
        var restored = ImpactAssessment.Restore(state, questionnaire);
        return restored.TryGetValue(out var assessment)
            ? new AssessmentSession(system, assessment, stored.ETag)
            : throw new InvalidDataException($"Stored impact assessment {state.SystemId} v{state.Version} is not valid: {restored.ErrorMessage}");
    }
}
