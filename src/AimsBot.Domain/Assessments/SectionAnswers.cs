using System.Globalization;

namespace AimsBot.Domain.Assessments;

/// <summary>
/// The answers of one item of a section (a plain section has one item; a repeatable one an item per impact):
/// question id → the answer as stored. Text is trimmed; a choice is its option's value; a multiple choice is its
/// values joined by commas in the question's order. Unanswered and hidden questions have no entry.
/// </summary>
public sealed class AnswerItem
{
    public static AnswerItem Empty { get; } = new(new Dictionary<string, string>(StringComparer.Ordinal));

    private readonly IReadOnlyDictionary<string, string> _values;

    internal AnswerItem(IReadOnlyDictionary<string, string> values) => _values = values;

    public IReadOnlyDictionary<string, string> Values => _values;

    public string? this[string questionId] => _values.TryGetValue(questionId, out var value) ? value : null;

    public bool IsEmpty => _values.Count == 0;

    /// <summary>The chosen values of a choice question (one for single choice, scale and yes/no).</summary>
    public IReadOnlyList<string> Choices(string questionId) =>
        this[questionId] is { } value ? value.Split(',', StringSplitOptions.RemoveEmptyEntries) : [];
}

/// <summary>The accepted answers of one section: one item, or one per repeated item in order.</summary>
public sealed record SectionAnswers(string SectionId, IReadOnlyList<AnswerItem> Items)
{
    /// <summary>The one item of a plain section (empty when nothing was answered).</summary>
    public AnswerItem Single => Items.Count > 0 ? Items[0] : AnswerItem.Empty;
}

/// <summary>A required answer that is still missing: where it is and the question, for the list shown on submit.</summary>
/// <param name="Item">1-based item of a repeatable section; null for a plain section or a section with too few items.</param>
/// <param name="QuestionId">Null when a repeatable section has fewer items than it needs.</param>
public sealed record MissingAnswer(string SectionId, int Step, string SectionTitle, int? Item, string? QuestionId, string What)
{
    public DomainError ToError() => new(
        "assessment.answer.missing",
        string.Create(CultureInfo.InvariantCulture, $"Step {Step} ({SectionTitle}): {What}."),
        QuestionId is null ? SectionId : Item is { } n ? string.Create(CultureInfo.InvariantCulture, $"{SectionId}[{n}].{QuestionId}") : $"{SectionId}.{QuestionId}");
}

/// <summary>
/// Checks what a card submitted for one section against its questions. The rules:
/// <list type="number">
/// <item>Values arrive as strings keyed by question id; keys that are not questions of the section are ignored.</item>
/// <item>Questions are read in order; a question whose condition is not met (its controlling answer, earlier in the
/// section, is not one of the condition's values, or the controlling question is itself hidden) is hidden: whatever
/// was sent for it is dropped, so a changed answer clears its follow-ups.</item>
/// <item>Text is trimmed and must fit the question's length range and have no control characters (line breaks are
/// fine in long text).</item>
/// <item>A choice must be one the question offers (case-insensitive); anything else means the card was tampered with
/// or is out of date and is refused as <c>answer.choice.not-offered</c>. A multiple choice is sent comma-separated,
/// kept in the question's order without repeats, and at most the question's <c>maxSelections</c>.</item>
/// <item>A repeatable section has at most its <c>maxItems</c> items.</item>
/// <item>Missing required answers are not errors here: what was typed is kept (Save for later, Back, Next) and
/// <see cref="Missing"/> lists them; only submitting the assessment needs them.</item>
/// </list>
/// Every problem with the submission is reported together, and a refused submission changes nothing.
/// </summary>
public static class SectionAnswerValidator
{
    /// <summary>Checks a plain section's one item.</summary>
    public static Result<SectionAnswers> Validate(QuestionnaireSection section, IReadOnlyDictionary<string, string?> submitted) =>
        Validate(section, [submitted]);

    /// <summary>Checks every item of a section (exactly one for a plain section).</summary>
    public static Result<SectionAnswers> Validate(QuestionnaireSection section, IReadOnlyList<IReadOnlyDictionary<string, string?>> items)
    {
        ArgumentNullException.ThrowIfNull(section);
        ArgumentNullException.ThrowIfNull(items);
        var errors = new List<DomainError>();
        if (!section.Repeatable && items.Count != 1)
        {
            errors.Add(new DomainError("answer.items.not-repeatable", $"'{section.Title}' is answered once; it can't have several items."));
            return Result.Failure<SectionAnswers>(errors);
        }

        if (items.Count > section.MaxItems)
        {
            errors.Add(new DomainError(
                "answer.items.too-many",
                string.Create(CultureInfo.InvariantCulture, $"'{section.Title}' can have at most {section.MaxItems} {Plural(section.ItemName)} (this has {items.Count}); remove one first."),
                section.Id));
            return Result.Failure<SectionAnswers>(errors);
        }

        var accepted = new List<AnswerItem>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            accepted.Add(ValidateItem(section, items[i] ?? new Dictionary<string, string?>(), section.Repeatable ? i + 1 : null, errors));
        }

        return Result.FromValidation(errors, () => new SectionAnswers(section.Id, accepted));
    }

    /// <summary>Whether a question is shown, given the answers already accepted for the item.</summary>
    public static bool IsShown(QuestionnaireSection section, Question question, AnswerItem item)
    {
        ArgumentNullException.ThrowIfNull(section);
        ArgumentNullException.ThrowIfNull(question);
        ArgumentNullException.ThrowIfNull(item);
        if (question.ShowWhen is not { } condition)
        {
            return true;
        }

        var controlling = section.Question(condition.QuestionId);
        return controlling is not null
            && IsShown(section, controlling, item)
            && item.Choices(controlling.Id).Any(v => condition.AnyOf.Contains(v, StringComparer.OrdinalIgnoreCase));
    }

    /// <summary>The required answers missing from a section, in question order (shown questions only).</summary>
    public static IReadOnlyList<MissingAnswer> Missing(Questionnaire questionnaire, QuestionnaireSection section, SectionAnswers? answers)
    {
        ArgumentNullException.ThrowIfNull(questionnaire);
        ArgumentNullException.ThrowIfNull(section);
        var step = questionnaire.StepOf(section.Id);
        var items = answers?.Items ?? [];
        var missing = new List<MissingAnswer>();
        if (section.Repeatable && items.Count < section.MinItems)
        {
            missing.Add(new MissingAnswer(
                section.Id, step, section.Title, null, null,
                string.Create(CultureInfo.InvariantCulture, $"at least {section.MinItems} {(section.MinItems == 1 ? section.ItemName : Plural(section.ItemName))} needed")));
        }

        var effective = section.Repeatable ? items : [items.Count > 0 ? items[0] : AnswerItem.Empty];
        for (var i = 0; i < effective.Count; i++)
        {
            var item = effective[i];
            foreach (var question in section.Questions.Where(q => q.Required && item[q.Id] is null && IsShown(section, q, item)))
            {
                missing.Add(new MissingAnswer(
                    section.Id, step, section.Title, section.Repeatable ? i + 1 : null, question.Id,
                    section.Repeatable
                        ? string.Create(CultureInfo.InvariantCulture, $"'{question.Text}' needs an answer for {section.ItemName} {i + 1}")
                        : $"'{question.Text}' needs an answer"));
            }
        }

        return missing;
    }

    private static AnswerItem ValidateItem(QuestionnaireSection section, IReadOnlyDictionary<string, string?> submitted, int? itemNumber, List<DomainError> errors)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var item = new AnswerItem(values);
        foreach (var question in section.Questions)
        {
            // Conditions name earlier questions, so the answers read so far decide whether this one is shown.
            if (!IsShown(section, question, item))
            {
                continue;
            }

            var raw = submitted.TryGetValue(question.Id, out var sent) ? TextRules.Clean(sent) : string.Empty;
            if (raw.Length == 0)
            {
                continue;
            }

            var label = itemNumber is { } n
                ? string.Create(CultureInfo.InvariantCulture, $"'{question.Text}' ({section.ItemName} {n})")
                : $"'{question.Text}'";
            var field = itemNumber is { } m ? string.Create(CultureInfo.InvariantCulture, $"{section.Id}[{m}].{question.Id}") : $"{section.Id}.{question.Id}";
            var accepted = question.Kind.IsText()
                ? CheckText(question, raw, label, field, errors)
                : CheckChoice(question, raw, label, field, errors);
            if (accepted is not null)
            {
                values[question.Id] = accepted;
            }
        }

        return item;
    }

    private static string? CheckText(Question question, string text, string label, string field, List<DomainError> errors)
    {
        var before = errors.Count;
        TextRules.Check(errors, text, field, label, question.MinLength, question.MaxLength, allowLineBreaks: question.Kind == QuestionKind.LongText, "answer");
        return errors.Count == before ? text : null;
    }

    private static string? CheckChoice(Question question, string raw, string label, string field, List<DomainError> errors)
    {
        var sent = question.Kind == QuestionKind.MultipleChoice
            ? raw.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : [raw];
        if (sent.Length == 0)
        {
            return null;
        }

        if (sent.Any(v => question.Option(v) is null))
        {
            errors.Add(new DomainError(
                "answer.choice.not-offered",
                $"{label} was answered with a choice it does not offer, so the card may be out of date. Nothing was saved: open this step again.",
                field));
            return null;
        }

        // Stored in the question's order without repeats, so the same choices always read the same.
        var chosen = question.Options.Where(o => sent.Contains(o.Value, StringComparer.OrdinalIgnoreCase)).Select(o => o.Value).ToList();
        if (question.MaxSelections is { } max && chosen.Count > max)
        {
            errors.Add(new DomainError(
                "answer.choice.too-many",
                string.Create(CultureInfo.InvariantCulture, $"{label} takes at most {max} choices ({chosen.Count} were ticked)."),
                field));
            return null;
        }

        return string.Join(',', chosen);
    }

    internal static string Plural(string itemName) => itemName.EndsWith('s') ? itemName : itemName + "s";
}
