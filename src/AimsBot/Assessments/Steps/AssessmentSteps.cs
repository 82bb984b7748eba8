using System.Globalization;
using System.Text.Json;
using AimsBot.Commands;
using AimsBot.Domain.Access;
using AimsBot.Domain.Assessments;
using AimsBot.Register;
using AimsBot.Storage.Register;
using AimsBot.Teams.Cards;
using Microsoft.Extensions.Options;

namespace AimsBot.Assessments.Steps;

/// <summary>What a step card's button sent (user-controlled: parsed strictly), and its typed answers.</summary>
public sealed record PressedStep(string SystemId, int Version, string SectionId, int Item, int Revision, string? Hash, FormData Form)
{
    private const int SectionIdMax = 64;

    public static PressedStep? Parse(JsonElement data)
    {
        var form = new FormData(data);
        var systemId = form.Text("systemId");
        var sectionId = form.Text("sectionId");
        var version = Number(form, "version");
        var item = Number(form, "item");
        var revision = Number(form, "revision");
        if (systemId is null || !AimsBot.Domain.Register.AiSystem.IsValidId(systemId) || sectionId is null || sectionId.Length > SectionIdMax
            || version is not (>= 1 and <= 9999) || item is not (>= 1 and <= 1000) || revision is not >= 0)
        {
            return null;
        }

        return new PressedStep(systemId, version.Value, sectionId, item.Value, revision.Value, form.Text("hash"), form);
    }

    /// <summary>The answers typed, by question id (every <c>a.*</c> input; the domain ignores what is not a question of the step).</summary>
    public IReadOnlyDictionary<string, string?> Answers(QuestionnaireSection? section)
    {
        var answers = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var question in section?.Questions ?? [])
        {
            answers[question.Id] = Form.Raw(AssessmentStepCards.InputPrefix + question.Id);
        }

        return answers;
    }

    public StepSubmission Submission() => new(SystemId, Version, SectionId, Revision, Hash, Item, Answers);

    internal static int? Number(FormData form, string name) =>
        int.TryParse(form.Text(name), NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;
}

/// <summary>
/// What the step handlers share: which card shows where an assessment stands (the first step with a missing answer,
/// or the colleague's own step), the names on it, and the answers to give for each outcome of a press.
/// </summary>
public sealed class AssessmentSteps
{
    public const string MovedOn = "This assessment has moved on since your card was built, so I saved nothing from it. Here it is as it is now.";

    private readonly UserLookup _users;
    private readonly IOptions<AssessmentOptions> _options;
    private readonly IOptions<RegisterOptions> _register;
    private readonly Approval.AssessmentApprovals _approvals;

    public AssessmentSteps(AssessmentService service, UserLookup users, IOptions<AssessmentOptions> options, IOptions<RegisterOptions> register, Approval.AssessmentApprovals approvals)
    {
        Service = service;
        _approvals = approvals;
        _users = users;
        _options = options;
        _register = register;
    }

    public AssessmentService Service { get; }

    /// <summary>Whether the caller answers as the assessor (the system's owner or a compliance lead) rather than as an asked colleague.</summary>
    public static bool AnswersAsAssessor(Caller caller, AssessmentSession session)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(session);
        return Permissions.Can(caller.Actor, DomainAction.AssessImpact, ResourceContext.OwnedBy(session.System.System.OwnerUserId)).IsAllowed;
    }

    /// <summary>
    /// The card for where the assessment stands: submitted (waiting for approval), or the step to carry on at — the
    /// first with a required answer missing (the last step when none is), or for an asked colleague their step.
    /// </summary>
    public async Task<AdaptiveCard> CurrentCardAsync(Caller caller, AssessmentSession session, string? notice, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        var assessment = session.Assessment;
        if (assessment.Status is AssessmentStatus.Submitted or AssessmentStatus.Approved)
        {
            return await SubmittedCardAsync(caller.TenantId, session, cancellationToken, notice);
        }

        if (!AnswersAsAssessor(caller, session))
        {
            var mine = AssessmentService.AskedSections(assessment, caller.Actor);
            var section = mine.Count > 0 ? mine[0] : assessment.Questionnaire.Sections[0].Id;
            return await StepCardAsync(caller, session, section, 1, notice, cancellationToken: cancellationToken);
        }

        var (sectionId, item) = ResumePoint(assessment);
        return await StepCardAsync(caller, session, sectionId, item, notice, cancellationToken: cancellationToken);
    }

    /// <summary>The first step (and item) with a required answer missing; the last step when none is.</summary>
    public static (string SectionId, int Item) ResumePoint(ImpactAssessment assessment)
    {
        ArgumentNullException.ThrowIfNull(assessment);
        var missingAnswers = assessment.Missing();
        if (missingAnswers.Count > 0)
        {
            var missing = missingAnswers[0];
            return (missing.SectionId, missing.Item ?? 1);
        }

        var last = assessment.Questionnaire.Sections[^1];
        return (last.Id, last.Repeatable ? Math.Max(1, assessment.AnswersFor(last.Id)?.Items.Count ?? 1) : 1);
    }

    /// <summary>One step's card, with the names of the colleague asked and of the approver who returned it.</summary>
    public async Task<AdaptiveCard> StepCardAsync(
        Caller caller,
        AssessmentSession session,
        string sectionId,
        int item,
        string? notice = null,
        IReadOnlyList<string>? problems = null,
        IReadOnlyDictionary<string, string?>? typed = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(session);
        var assessment = session.Assessment;
        var asked = assessment.AskedContributors.GetValueOrDefault(sectionId);
        var returnedBy = assessment.Status == AssessmentStatus.Returned && assessment.Decisions.Count > 0 ? assessment.Decisions[^1].DecidedBy : null;
        var view = new StepCardView(
            session,
            sectionId,
            item,
            Contributor: !AnswersAsAssessor(caller, session),
            Notice: notice,
            Problems: problems,
            Typed: typed,
            AskedName: asked is null ? null : await NameAsync(caller.TenantId, asked, cancellationToken),
            ReturnedBy: returnedBy is null ? null : await NameAsync(caller.TenantId, returnedBy, cancellationToken));
        return AssessmentStepCards.Step(view);
    }

    public async Task<AdaptiveCard> SubmittedCardAsync(string tenantId, AssessmentSession session, CancellationToken cancellationToken, string? notice = null)
    {
        ArgumentNullException.ThrowIfNull(session);
        var score = session.Assessment.Score(_options.Value.Scoring);
        var assessor = await NameAsync(tenantId, session.Assessment.AssessorUserId, cancellationToken);
        // Sending for approval is idempotent (one outbox message per approver and submission): shown again, a submitted
        // assessment is routed again, which completes a routing a crash interrupted and says who has it.
        var approval = session.Assessment.Status == AssessmentStatus.Submitted
            ? (await _approvals.SendForApprovalAsync(tenantId, session.System, session.Assessment, cancellationToken)).Message
            : null;
        return AssessmentStepCards.Submitted(session, assessor, score.IsSuccess ? score.Value!.Overall : null, _register.Value.OrganizationZone, notice, approval);
    }

    /// <summary>A person's name as the Users table knows it, else their id (never shown bare when a name is known).</summary>
    public async Task<string> NameAsync(string tenantId, string userId, CancellationToken cancellationToken)
    {
        if (OwnerIds.IsPending(userId))
        {
            return OwnerIds.Display(userId, null);
        }

        var user = await _users.GetAsync(tenantId, userId, cancellationToken);
        return OwnerIds.Display(userId, user?.Name);
    }

    /// <summary>The answer to a press that could not be saved or found (NotFound, Refused, MovedOn without a session).</summary>
    public static CardActionOutcome OutOfDate(string? systemName = null) =>
        CardActionOutcome.Refuse("BadRequest", systemName is null
            ? "This card is out of date or incomplete. Say **assess <system>** for a fresh one."
            : $"This card is out of date. Say **assess {systemName}** for a fresh one.");

    /// <summary>The step (and item) after <paramref name="sectionId"/>/<paramref name="item"/>, or before it; null past either end.</summary>
    public static (string SectionId, int Item)? Neighbour(ImpactAssessment assessment, string sectionId, int item, bool forward)
    {
        ArgumentNullException.ThrowIfNull(assessment);
        var sections = assessment.Questionnaire.Sections;
        var index = assessment.Questionnaire.StepOf(sectionId) - 1;
        if (index < 0)
        {
            return null;
        }

        var section = sections[index];
        var count = Math.Max(1, assessment.AnswersFor(section.Id)?.Items.Count ?? 0);
        if (section.Repeatable && forward && item < count)
        {
            return (section.Id, item + 1);
        }

        if (section.Repeatable && !forward && item > 1)
        {
            return (section.Id, Math.Min(item - 1, count));
        }

        var target = index + (forward ? 1 : -1);
        if (target < 0 || target >= sections.Count)
        {
            return null;
        }

        var to = sections[target];
        var items = Math.Max(1, assessment.AnswersFor(to.Id)?.Items.Count ?? 0);
        return (to.Id, to.Repeatable && !forward ? items : 1);
    }
}
