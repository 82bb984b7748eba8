namespace AimsBot.Domain.Assessments;

/// <summary>How a question is answered; the stable spelling in a questionnaire file is in <see cref="QuestionKinds"/>.</summary>
public enum QuestionKind
{
    /// <summary>One line of text.</summary>
    ShortText,

    /// <summary>Paragraphs of text.</summary>
    LongText,

    /// <summary>Exactly one of the question's options.</summary>
    SingleChoice,

    /// <summary>Any number of the question's options (up to its limit).</summary>
    MultipleChoice,

    /// <summary>One point on an ordered scale whose option values are 1, 2, 3 … (severity, likelihood).</summary>
    Scale,

    /// <summary>"yes" or "no"; the usual switch for conditional follow-ups.</summary>
    YesNo,
}

/// <summary>The file spelling of each <see cref="QuestionKind"/>.</summary>
public static class QuestionKinds
{
    private static readonly Dictionary<string, QuestionKind> ByName = new(StringComparer.Ordinal)
    {
        ["short-text"] = QuestionKind.ShortText,
        ["long-text"] = QuestionKind.LongText,
        ["single-choice"] = QuestionKind.SingleChoice,
        ["multiple-choice"] = QuestionKind.MultipleChoice,
        ["scale"] = QuestionKind.Scale,
        ["yes-no"] = QuestionKind.YesNo,
    };

    public static IReadOnlyCollection<string> Names => ByName.Keys;

    public static bool TryParse(string? name, out QuestionKind kind) => ByName.TryGetValue(name ?? string.Empty, out kind);

    public static string Name(this QuestionKind kind) => ByName.First(pair => pair.Value == kind).Key;

    /// <summary>True for the kinds answered by picking options.</summary>
    public static bool IsChoice(this QuestionKind kind) =>
        kind is QuestionKind.SingleChoice or QuestionKind.MultipleChoice or QuestionKind.Scale or QuestionKind.YesNo;

    public static bool IsText(this QuestionKind kind) => kind is QuestionKind.ShortText or QuestionKind.LongText;
}

/// <summary>One answer a choice question offers: a stable value (stored, never shown) and its label.</summary>
/// <param name="Sensitive">For the sensitive-use question: choosing this option raises every harm to the sensitive-use floor.</param>
public sealed record QuestionOption(string Value, string Label, bool Sensitive = false);

/// <summary>"Shown when question <paramref name="QuestionId"/> (earlier in the same section) has one of <paramref name="AnyOf"/>."</summary>
public sealed record QuestionCondition(string QuestionId, IReadOnlyList<string> AnyOf);

/// <summary>
/// One question. Text answers have a length range; choice answers must be one of <see cref="Options"/> (for yes/no the
/// options are always yes and no). <see cref="Prefill"/> names the register field that fills it when an assessment starts.
/// </summary>
public sealed record Question(
    string Id,
    string Text,
    string? Help,
    QuestionKind Kind,
    bool Required,
    IReadOnlyList<QuestionOption> Options,
    int MinLength,
    int MaxLength,
    int? MaxSelections,
    QuestionCondition? ShowWhen,
    string? Prefill)
{
    public static IReadOnlyList<QuestionOption> YesNoOptions { get; } = [new("yes", "Yes"), new("no", "No")];

    public QuestionOption? Option(string value) =>
        Options.FirstOrDefault(o => string.Equals(o.Value, value, StringComparison.OrdinalIgnoreCase));
}

/// <summary>
/// One step of the questionnaire (one card). A repeatable section is answered as a list of items ("add another
/// impact"), between <see cref="MinItems"/> and <see cref="MaxItems"/>; a plain section has exactly one item.
/// </summary>
public sealed record QuestionnaireSection(
    string Id,
    string Title,
    string Heading,
    IReadOnlyList<Question> Questions,
    bool Repeatable,
    string ItemName,
    int MinItems,
    int MaxItems)
{
    public Question? Question(string id) => Questions.FirstOrDefault(q => string.Equals(q.Id, id, StringComparison.Ordinal));
}

/// <summary>Which questions the scoring reads (see <see cref="ImpactScoring"/>).</summary>
/// <param name="ImpactSection">The repeatable section of impacts.</param>
/// <param name="EffectQuestion">In it: benefit or harm.</param>
/// <param name="HarmValue">The <paramref name="EffectQuestion"/> value that makes an impact a harm (only harms are scored).</param>
/// <param name="SeverityQuestion">In it: the severity scale.</param>
/// <param name="LikelihoodQuestion">In it: the likelihood scale.</param>
/// <param name="SensitiveUseQuestion">A multiple-choice question of a plain section whose options marked sensitive raise the level.</param>
public sealed record QuestionnaireScoring(
    string ImpactSection,
    string EffectQuestion,
    string HarmValue,
    string SeverityQuestion,
    string LikelihoodQuestion,
    string SensitiveUseQuestion);

/// <summary>
/// A version of the impact assessment questionnaire (ISO/IEC 42005's structure in our own words). Made only by
/// <see cref="QuestionnaireLoader"/>, so every instance has passed its checks. An assessment keeps the version it
/// started with for its whole life.
/// </summary>
public sealed class Questionnaire
{
    internal Questionnaire(string id, string version, string title, IReadOnlyList<QuestionnaireSection> sections, QuestionnaireScoring scoring)
    {
        Id = id;
        Version = version;
        Title = title;
        Sections = sections;
        Scoring = scoring;
    }

    /// <summary>Which questionnaire this is (stable across versions), e.g. <c>impact-assessment</c>.</summary>
    public string Id { get; }

    /// <summary>"major.minor", e.g. <c>1.0</c>.</summary>
    public string Version { get; }

    public string Title { get; }

    public IReadOnlyList<QuestionnaireSection> Sections { get; }

    public QuestionnaireScoring Scoring { get; }

    /// <summary>Id and version together, e.g. <c>impact-assessment@1.0</c>: what an assessment records.</summary>
    public string Key => $"{Id}@{Version}";

    public QuestionnaireSection? Section(string id) => Sections.FirstOrDefault(s => string.Equals(s.Id, id, StringComparison.Ordinal));

    /// <summary>1-based position of a section: "Step 3 of 8".</summary>
    public int StepOf(string sectionId)
    {
        for (var i = 0; i < Sections.Count; i++)
        {
            if (string.Equals(Sections[i].Id, sectionId, StringComparison.Ordinal))
            {
                return i + 1;
            }
        }

        return 0;
    }
}
