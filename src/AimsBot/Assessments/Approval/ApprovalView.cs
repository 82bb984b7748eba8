using System.Globalization;
using AimsBot.Domain.Assessments;

namespace AimsBot.Assessments.Approval;

/// <summary>How one viewer sees the approval card: with the decision buttons, or read-only.</summary>
public enum ApprovalViewer
{
    /// <summary>Someone who may approve or return it now.</summary>
    Decider,

    /// <summary>The assessor (or someone who answered part of it): the status, no buttons.</summary>
    Assessor,

    /// <summary>Anyone else: read-only.</summary>
    Other,
}

/// <summary>One impact's line on the card: what it is, and its level when it is a scored harm.</summary>
public sealed record ImpactBrief(int Item, bool IsHarm, string Area, string? Description, HarmScore? Score);

/// <summary>One question's answer as people read it (choice labels, not values), for the answers in brief.</summary>
public sealed record AnswerBrief(string Question, string Answer);

/// <summary>One step's answers in brief; a repeatable step's items each get a heading ("Impact 2").</summary>
public sealed record SectionBrief(string Title, IReadOnlyList<(string? Heading, IReadOnlyList<AnswerBrief> Answers)> Items);

/// <summary>
/// Everything the approval card shows of one assessment version, read from storage and named (people by name, never a
/// bare id when the bot knows the name). Built by <see cref="ApprovalViews"/>; drawn by <see cref="ApprovalCards"/>.
/// </summary>
public sealed record ApprovalView(
    string SystemId,
    string SystemName,
    int Version,
    int Revision,
    AssessmentStatus Status,
    string AssessorName,
    IReadOnlyList<string> ContributorNames,
    ImpactLevel? Overall,
    IReadOnlyList<ImpactBrief> Impacts,
    IReadOnlyList<string> SensitiveUses,
    string? ScoringProblem,
    IReadOnlyList<SectionBrief> Answers,
    DateTimeOffset? SubmittedAt,
    AssessmentDecision? LastDecision,
    string? LastDeciderName,
    DateOnly? NextReassessmentDue,
    IReadOnlyList<string> RefreshUserIds)
{
    /// <summary>"Credit Scorer, version 2".</summary>
    public string Title => string.Create(CultureInfo.InvariantCulture, $"{SystemName}, version {Version}");
}

/// <summary>Builds <see cref="ApprovalView"/>s from the domain's assessment, its score and the names the bot knows.</summary>
public static class ApprovalViews
{
    /// <summary>The impact section's questions the card and the risk proposals read besides the scoring's (absent in a questionnaire: left empty).</summary>
    public const string AreaQuestion = "area";
    public const string AreaOtherQuestion = "area-other";
    public const string DescriptionQuestion = "impact-description";
    public const string AffectedQuestion = "affected";
    public const string MeasuresQuestion = "existing-measures";

    public static ApprovalView Build(
        ImpactAssessment assessment,
        string systemName,
        ImpactScoringOptions scoring,
        Func<string, string> nameOf,
        IReadOnlyList<string> refreshUserIds)
    {
        ArgumentNullException.ThrowIfNull(assessment);
        ArgumentNullException.ThrowIfNull(nameOf);
        var questionnaire = assessment.Questionnaire;
        var rules = questionnaire.Scoring;
        var score = assessment.Score(scoring);
        var scored = score.IsSuccess ? score.Value : null;
        var harms = scored?.Harms.ToDictionary(h => h.Item) ?? [];

        var impacts = new List<ImpactBrief>();
        var impactSection = questionnaire.Section(rules.ImpactSection);
        var items = assessment.AnswersFor(rules.ImpactSection)?.Items ?? [];
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            impacts.Add(new ImpactBrief(
                i + 1,
                string.Equals(item[rules.EffectQuestion], rules.HarmValue, StringComparison.Ordinal),
                AreaOf(impactSection, item) ?? "",
                item[DescriptionQuestion],
                harms.GetValueOrDefault(i + 1)));
        }

        var sensitiveQuestion = questionnaire.Sections.SelectMany(s => s.Questions).FirstOrDefault(q => q.Id == rules.SensitiveUseQuestion);
        var sensitive = (scored?.SensitiveUses ?? []).Select(v => sensitiveQuestion?.Option(v)?.Label ?? v).ToList();
        var answers = questionnaire.Sections
            .Select(section => Brief(section, assessment.AnswersFor(section.Id)))
            .Where(b => b.Items.Count > 0)
            .ToList();
        var contributors = assessment.Participants
            .Where(p => !string.Equals(p, assessment.AssessorUserId, StringComparison.OrdinalIgnoreCase))
            .Select(nameOf)
            .ToList();
        var last = assessment.Decisions.Count > 0 ? assessment.Decisions[^1] : null;
        return new ApprovalView(
            assessment.SystemId,
            systemName,
            assessment.Version,
            assessment.Revision,
            assessment.Status,
            nameOf(assessment.AssessorUserId),
            contributors,
            assessment.ApprovedLevel ?? scored?.Overall,
            impacts,
            sensitive,
            score.IsSuccess ? null : score.ErrorMessage,
            answers,
            assessment.SubmittedAt,
            last,
            last is null ? null : nameOf(last.DecidedBy),
            assessment.NextReassessmentDue,
            refreshUserIds);
    }

    /// <summary>The label of an impact's area (or the text given for "other").</summary>
    public static string? AreaOf(QuestionnaireSection? section, AnswerItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (item[AreaOtherQuestion] is { Length: > 0 } other)
        {
            return other;
        }

        var value = item[AreaQuestion];
        return value is null ? null : section?.Question(AreaQuestion)?.Option(value)?.Label ?? value;
    }

    /// <summary>An answer as people read it: the option labels of a choice, the text of a text answer.</summary>
    public static string Display(Question question, string value)
    {
        ArgumentNullException.ThrowIfNull(question);
        ArgumentNullException.ThrowIfNull(value);
        return question.Kind switch
        {
            QuestionKind.MultipleChoice => string.Join(", ", value.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(v => question.Option(v)?.Label ?? v)),
            QuestionKind.Scale => question.Option(value) is { } point ? $"{value} ({point.Label})" : value,
            QuestionKind.SingleChoice or QuestionKind.YesNo => question.Option(value)?.Label ?? value,
            _ => value,
        };
    }

    private static SectionBrief Brief(QuestionnaireSection section, SectionAnswers? answers)
    {
        var items = new List<(string?, IReadOnlyList<AnswerBrief>)>();
        var list = answers?.Items ?? [];
        for (var i = 0; i < list.Count; i++)
        {
            var item = list[i];
            var shown = section.Questions
                .Where(q => item[q.Id] is { Length: > 0 })
                .Select(q => new AnswerBrief(q.Text, Display(q, item[q.Id]!)))
                .ToList();
            if (shown.Count > 0)
            {
                items.Add((section.Repeatable ? string.Create(CultureInfo.InvariantCulture, $"{Capitalise(section.ItemName)} {i + 1}") : null, shown));
            }
        }

        return new SectionBrief(section.Title, items);
    }

    private static string Capitalise(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
