using System.Globalization;
using AimsBot.Domain.Access;
using AimsBot.Domain.Assessments;
using AimsBot.Domain.Ledger;
using AimsBot.Domain.Register;
using AimsBot.Domain.Scheduling;

namespace AimsBot.Assessments.Reports;

/// <summary>Whether a question has an answer, is waiting for one, or was not asked because of an earlier answer.</summary>
public enum ReportAnswerState
{
    Answered,
    NotAnswered,

    /// <summary>A follow-up whose condition is not met (e.g. "describe the misuse" after "no misuse foreseen").</summary>
    NotAsked,
}

/// <summary>One question and its answer in words: choices by their labels, never their stored values.</summary>
public sealed record ReportAnswer(string QuestionId, string Question, string Answer, ReportAnswerState State);

/// <summary>The score of one impact of the repeatable section; benefits and unscored harms carry no <see cref="Score"/>.</summary>
/// <param name="Effect">"harm" or "benefit" as the question's label reads.</param>
/// <param name="Summary">The impact's own words, for a table row (its description).</param>
public sealed record ReportImpact(int Item, string Effect, bool IsHarm, string Summary, HarmScore? Score)
{
    /// <summary>The level in words, or why there is none.</summary>
    public string LevelWords => Score is { } s ? s.Level.Words() : IsHarm ? "not scored yet (severity or likelihood missing)" : "not scored (a benefit)";
}

/// <summary>One item of a section: the plain section's answers, or one impact of a repeatable one.</summary>
/// <param name="Heading">"Impact 2" for a repeatable section; null for a plain one.</param>
public sealed record ReportItem(string? Heading, IReadOnlyList<ReportAnswer> Answers, ReportImpact? Impact);

/// <summary>One step of the questionnaire with who answered it.</summary>
/// <param name="AnsweredBy">Names of everyone who saved answers to it, in the order they first did.</param>
/// <param name="AskedContributor">The name of the colleague asked to answer it, if any.</param>
public sealed record ReportSection(int Step, string Id, string Title, bool Repeatable, string ItemName, IReadOnlyList<ReportItem> Items, IReadOnlyList<string> AnsweredBy, string? AskedContributor);

/// <summary>A return or the approval, with the approver's name.</summary>
public sealed record ReportDecision(AssessmentDecisionKind Kind, string DecidedBy, DateTimeOffset DecidedAt, string? Comment)
{
    public string KindWords => Kind == AssessmentDecisionKind.Approved ? "approved" : "returned for changes";
}

/// <summary>An event of the assessment in the ledger: its sequence number is what an auditor looks up.</summary>
public sealed record ReportLedgerEntry(long Sequence, string Action, DateTimeOffset OccurredAt, string Actor);

/// <summary>
/// Everything <c>assessment &lt;system&gt;</c> and <c>export assessment &lt;system&gt;</c> show about one version of a
/// system's impact assessment, in words: people by name, choices by label, dates in the organisation's zone. Built
/// once from the domain objects by <see cref="Build"/>, then laid out as a card (<see cref="AssessmentReportCards"/>)
/// or a Word document (<see cref="AssessmentReportDocument"/>).
/// </summary>
public sealed class AssessmentReport
{
    private AssessmentReport()
    {
    }

    public required string SystemId { get; init; }

    public required string SystemName { get; init; }

    public required string SystemOwner { get; init; }

    public required RiskTier RiskTier { get; init; }

    public required int Version { get; init; }

    public required string QuestionnaireTitle { get; init; }

    /// <summary>The questionnaire version the assessment answers, e.g. <c>impact-assessment@1.0</c>.</summary>
    public required string QuestionnaireKey { get; init; }

    public required AssessmentStatus Status { get; init; }

    public required string Assessor { get; init; }

    /// <summary>Everyone other than the assessor who was asked to answer a step or answered one, by name.</summary>
    public required IReadOnlyList<string> Contributors { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    public required DateTimeOffset? SubmittedAt { get; init; }

    /// <summary>Every return and the approval, in order.</summary>
    public required IReadOnlyList<ReportDecision> Decisions { get; init; }

    /// <summary>The overall level: fixed at approval, else what the answers score now; null when they can't be scored.</summary>
    public required ImpactLevel? OverallLevel { get; init; }

    /// <summary>True when <see cref="OverallLevel"/> is the approved one (not a provisional score).</summary>
    public required bool LevelIsApproved { get; init; }

    /// <summary>The labels of the sensitive uses chosen (they raise every harm to the floor).</summary>
    public required IReadOnlyList<string> SensitiveUses { get; init; }

    /// <summary>Why the answers could not be scored (scales outside the matrix), else null.</summary>
    public required string? ScoringProblem { get; init; }

    /// <summary>Every impact of the repeatable section, in order.</summary>
    public required IReadOnlyList<ReportImpact> Impacts { get; init; }

    public required IReadOnlyList<ReportSection> Sections { get; init; }

    public required DateOnly? NextReassessmentDue { get; init; }

    /// <summary>Where <see cref="NextReassessmentDue"/> stands today (approved, due or overdue); <see cref="AssessmentStanding.None"/> otherwise.</summary>
    public required AssessmentStanding ReassessmentStanding { get; init; }

    /// <summary>Days until the next reassessment is due (negative: overdue); null when not scheduled.</summary>
    public required int? DaysUntilReassessment { get; init; }

    /// <summary>A significant change this approved version has not answered (<c>system change</c>): a reassessment is due now.</summary>
    public SignificantChange? OpenChange { get; init; }

    /// <summary>The assessment's events in the ledger, oldest first (start, saves, submit, decisions).</summary>
    public required IReadOnlyList<ReportLedgerEntry> LedgerEntries { get; init; }

    /// <summary>The zone every date is shown in (the organisation's).</summary>
    public required TimeZoneInfo Zone { get; init; }

    /// <summary>When the report was made.</summary>
    public required DateTimeOffset GeneratedAt { get; init; }

    public ReportDecision? Approval => Status == AssessmentStatus.Approved && Decisions.Count > 0 ? Decisions[^1] : null;

    public string LevelWords => OverallLevel is { } level
        ? level.Words() + (LevelIsApproved ? "" : " (provisional: not approved yet)")
        : "not scored";

    /// <summary>"due in 12 days", "overdue by 3 days", "due 2027-05-31" or "not scheduled (set at approval)".</summary>
    public string ReassessmentWords
    {
        get
        {
            if (OpenChange is { } change)
            {
                return $"due now: the system changed on {Date(DueDateCalculator.LocalDate(change.RaisedAt, Zone))} ({change.Reason})";
            }

            if (NextReassessmentDue is not { } due || DaysUntilReassessment is not { } days)
            {
                return "not scheduled (set at approval)";
            }

            var date = Date(due);
            return days switch
            {
                < 0 => string.Create(CultureInfo.InvariantCulture, $"{date}: overdue by {-days} day{(days == -1 ? "" : "s")}"),
                0 => $"{date}: due today",
                _ when ReassessmentStanding == AssessmentStanding.DueSoon => string.Create(CultureInfo.InvariantCulture, $"{date}: due in {days} day{(days == 1 ? "" : "s")}"),
                _ => date,
            };
        }
    }

    public static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public string Date(DateTimeOffset instant) => Date(DueDateCalculator.LocalDate(instant, Zone));

    /// <summary>Date and time in the organisation's zone, e.g. <c>2026-11-23 10:00 (Europe/London)</c>.</summary>
    public string DateTime(DateTimeOffset instant) =>
        TimeZoneInfo.ConvertTime(instant, Zone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " (" + Zone.Id + ")";

    /// <summary>
    /// The report of <paramref name="assessment"/> as it stands at <paramref name="clock"/>'s now.
    /// </summary>
    /// <param name="system">The register's system the assessment is about, with its owner's stored name.</param>
    /// <param name="nameOf">A person's name by object id (null when the bot does not know them: the id is shown).</param>
    /// <param name="ledger">The assessment's ledger events, oldest first (empty for the chat card, which does not show them).</param>
    public static AssessmentReport Build(
        ImpactAssessment assessment,
        AiSystem system,
        string? systemOwnerName,
        Func<string, string?> nameOf,
        ImpactScoringOptions scoring,
        IReadOnlyList<LedgerEvent> ledger,
        int dueWarningDays,
        TimeZoneInfo zone,
        TimeProvider clock,
        SignificantChange? change = null)
    {
        ArgumentNullException.ThrowIfNull(assessment);
        ArgumentNullException.ThrowIfNull(system);
        ArgumentNullException.ThrowIfNull(nameOf);
        ArgumentNullException.ThrowIfNull(scoring);
        ArgumentNullException.ThrowIfNull(ledger);
        ArgumentNullException.ThrowIfNull(zone);
        ArgumentNullException.ThrowIfNull(clock);
        string Name(string userId) => OwnerIds.Display(userId, nameOf(userId));

        var questionnaire = assessment.Questionnaire;
        var score = assessment.Score(scoring);
        var scored = score.IsSuccess ? score.Value : null;
        var harms = scored?.Harms.ToDictionary(h => h.Item) ?? [];

        var impacts = new List<ReportImpact>();
        var sections = new List<ReportSection>();
        foreach (var section in questionnaire.Sections)
        {
            var answers = assessment.AnswersFor(section.Id);
            var items = new List<ReportItem>();
            if (section.Repeatable)
            {
                var stored = answers?.Items ?? [];
                for (var i = 0; i < stored.Count; i++)
                {
                    var impact = string.Equals(section.Id, questionnaire.Scoring.ImpactSection, StringComparison.Ordinal)
                        ? Impact(questionnaire, section, stored[i], i + 1, harms)
                        : null;
                    if (impact is not null)
                    {
                        impacts.Add(impact);
                    }

                    items.Add(new ReportItem(string.Create(CultureInfo.InvariantCulture, $"{Capitalised(section.ItemName)} {i + 1}"), Answers(section, stored[i]), impact));
                }
            }
            else
            {
                items.Add(new ReportItem(null, Answers(section, answers?.Single ?? AnswerItem.Empty), null));
            }

            sections.Add(new ReportSection(
                questionnaire.StepOf(section.Id),
                section.Id,
                section.Title,
                section.Repeatable,
                section.ItemName,
                items,
                assessment.AnsweredBy.TryGetValue(section.Id, out var by) ? by.Select(Name).ToList() : [],
                assessment.AskedContributors.TryGetValue(section.Id, out var asked) ? Name(asked) : null));
        }

        var sensitiveQuestion = questionnaire.Sections.Select(s => s.Question(questionnaire.Scoring.SensitiveUseQuestion)).FirstOrDefault(q => q is not null);
        var sensitive = (scored?.SensitiveUses ?? []).Select(v => sensitiveQuestion?.Option(v)?.Label ?? v).ToList();

        var contributors = assessment.Participants
            .Where(p => !string.Equals(p, assessment.AssessorUserId, StringComparison.OrdinalIgnoreCase))
            .Select(Name)
            .ToList();

        var today = DueDateCalculator.LocalDate(clock.GetUtcNow(), zone);
        var due = AssessmentDue.Of(assessment.ToState(), change, today, dueWarningDays, zone);
        var standing = assessment.Status == AssessmentStatus.Approved ? due.Standing : AssessmentStanding.None;

        return new AssessmentReport
        {
            SystemId = system.Id,
            SystemName = system.Name,
            SystemOwner = OwnerIds.Display(system.OwnerUserId, systemOwnerName ?? (system.OwnerUserId is { } owner ? nameOf(owner) : null)),
            RiskTier = system.RiskTier,
            Version = assessment.Version,
            QuestionnaireTitle = questionnaire.Title,
            QuestionnaireKey = questionnaire.Key,
            Status = assessment.Status,
            Assessor = Name(assessment.AssessorUserId),
            Contributors = contributors,
            StartedAt = assessment.StartedAt,
            SubmittedAt = assessment.SubmittedAt,
            Decisions = assessment.Decisions.Select(d => new ReportDecision(d.Kind, Name(d.DecidedBy), d.DecidedAt, d.Comment)).ToList(),
            OverallLevel = assessment.ApprovedLevel ?? scored?.Overall,
            LevelIsApproved = assessment.ApprovedLevel is not null,
            SensitiveUses = sensitive,
            ScoringProblem = score.IsSuccess ? null : score.ErrorMessage,
            Impacts = impacts,
            Sections = sections,
            NextReassessmentDue = assessment.NextReassessmentDue,
            ReassessmentStanding = standing,
            DaysUntilReassessment = assessment.NextReassessmentDue is { } next ? next.DayNumber - today.DayNumber : null,
            OpenChange = assessment.Status == AssessmentStatus.Approved ? due.Change : null,
            LedgerEntries = ledger.OrderBy(e => e.Sequence).Select(e => new ReportLedgerEntry(e.Sequence, e.Action, e.OccurredAt, Name(e.ActorId))).ToList(),
            Zone = zone,
            GeneratedAt = clock.GetUtcNow(),
        };
    }

    /// <summary>Every question of the item in order: answered in words, not answered, or not asked (a hidden follow-up).</summary>
    private static List<ReportAnswer> Answers(QuestionnaireSection section, AnswerItem item) =>
        section.Questions.Select(q => item[q.Id] is { } value
                ? new ReportAnswer(q.Id, q.Text, InWords(q, item, value), ReportAnswerState.Answered)
                : SectionAnswerValidator.IsShown(section, q, item)
                    ? new ReportAnswer(q.Id, q.Text, "not answered", ReportAnswerState.NotAnswered)
                    : new ReportAnswer(q.Id, q.Text, "not asked (follows from an earlier answer)", ReportAnswerState.NotAsked))
            .ToList();

    /// <summary>Text as typed; a choice by its label (a stored value the question no longer offers is shown as it is).</summary>
    private static string InWords(Question question, AnswerItem item, string value)
    {
        if (question.Kind.IsText())
        {
            return value;
        }

        var options = question.Options.Count > 0 ? question.Options : Question.YesNoOptions;
        return string.Join("; ", item.Choices(question.Id).Select(v =>
            options.FirstOrDefault(o => string.Equals(o.Value, v, StringComparison.OrdinalIgnoreCase))?.Label ?? v));
    }

    private static ReportImpact Impact(Questionnaire questionnaire, QuestionnaireSection section, AnswerItem item, int number, Dictionary<int, HarmScore> harms)
    {
        var rules = questionnaire.Scoring;
        var effectValue = item[rules.EffectQuestion];
        var isHarm = string.Equals(effectValue, rules.HarmValue, StringComparison.Ordinal);
        var effect = effectValue is null ? "not answered" : section.Question(rules.EffectQuestion) is { } q ? InWords(q, item, effectValue) : effectValue;

        // The impact's own words: its first long-text answer (the description in the shipped questionnaire).
        var summary = section.Questions
            .Where(q => q.Kind == QuestionKind.LongText && item[q.Id] is not null)
            .Select(q => item[q.Id]!)
            .FirstOrDefault() ?? "";
        return new ReportImpact(number, effect, isHarm, summary, harms.GetValueOrDefault(number));
    }

    private static string Capitalised(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
