using System.Globalization;
using System.Reflection;
using System.Text.Json;

namespace AimsBot.Domain.Assessments;

/// <summary>
/// Reads a questionnaire file (JSON) and checks it whole: a compliance lead uploading a new version gets every
/// problem in one report (each a <see cref="DomainError"/> whose <see cref="DomainError.Field"/> is where it is,
/// e.g. <c>sections.data.questions.sources</c>), not the first one. The format is in docs/domain.md
/// ("Impact assessments"); <see cref="Shipped"/> is the version built into the bot.
/// </summary>
public static class QuestionnaireLoader
{
    public const int MaxFileBytes = 256 * 1024;
    public const int MaxSections = 20;
    public const int MaxQuestionsPerSection = 30;
    public const int MaxOptions = 30;
    public const int MaxItemsLimit = 50;
    public const int ShortTextLimit = 500;
    public const int LongTextLimit = 4000;
    public const int TitleMax = 60;
    public const int HeadingMax = 300;
    public const int QuestionTextMax = 300;
    public const int HelpMax = 1000;
    public const int OptionLabelMax = 200;
    public const int IdMax = 40;

    /// <summary>The resource name of the questionnaire built into the bot.</summary>
    public const string ShippedResource = "AimsBot.Domain.Assessments.Questionnaires.impact-assessment-v1.json";

    private static readonly Lazy<Questionnaire> ShippedQuestionnaire = new(LoadShipped);

    /// <summary>The questionnaire built into the bot (version 1.0): what an assessment uses until a lead loads another.</summary>
    public static Questionnaire Shipped => ShippedQuestionnaire.Value;

    /// <summary>Reads and checks a questionnaire file; every problem is reported.</summary>
    public static Result<Questionnaire> Load(ReadOnlySpan<byte> utf8Json)
    {
        if (utf8Json.Length == 0)
        {
            return Fail("questionnaire.empty", "The file is empty; a questionnaire is a JSON object with an id, a version and sections.");
        }

        if (utf8Json.Length > MaxFileBytes)
        {
            return Fail("questionnaire.too-large", string.Create(CultureInfo.InvariantCulture, $"The file is {utf8Json.Length / 1024} KB; a questionnaire can be at most {MaxFileBytes / 1024} KB."));
        }

        // Editors on Windows often save UTF-8 with a byte order mark, which the JSON reader refuses.
        if (utf8Json.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            utf8Json = utf8Json[3..];
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8Json.ToArray(), new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException ex)
        {
            var where = ex.LineNumber is { } line ? string.Create(CultureInfo.InvariantCulture, $" (line {line + 1}, position {ex.BytePositionInLine + 1})") : string.Empty;
            return Fail("questionnaire.json", $"The file is not valid JSON{where}. Check for a missing comma, quote or bracket.");
        }

        using (document)
        {
            var reader = new Reader();
            var questionnaire = reader.ReadQuestionnaire(document.RootElement);
            return reader.Errors.Count == 0 && questionnaire is not null
                ? Result.Success(questionnaire)
                : Result.Failure<Questionnaire>(reader.Errors);
        }
    }

    /// <summary>Reads and checks a questionnaire given as text.</summary>
    public static Result<Questionnaire> Load(string json) => Load(System.Text.Encoding.UTF8.GetBytes(json ?? string.Empty));

    /// <summary>True for an id of a questionnaire, section, question or option value: a-z, 0-9 and inner hyphens, at most 40.</summary>
    public static bool IsValidId(string? id) =>
        !string.IsNullOrEmpty(id) && id.Length <= IdMax && char.IsAsciiLetterLower(id[0]) && id[^1] != '-'
        && id.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-');

    /// <summary>True for "major.minor" (each 0–999, no leading zeros), e.g. 1.0 or 2.13.</summary>
    public static bool IsValidVersion(string? version)
    {
        var parts = (version ?? string.Empty).Split('.');
        return parts.Length == 2 && parts.All(p =>
            p.Length is >= 1 and <= 3 && p.All(char.IsAsciiDigit) && (p.Length == 1 || p[0] != '0'));
    }

    private static Questionnaire LoadShipped()
    {
        using var stream = typeof(QuestionnaireLoader).Assembly.GetManifestResourceStream(ShippedResource)
            ?? throw new InvalidOperationException($"The built-in questionnaire {ShippedResource} is missing from the assembly.");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        var result = Load(buffer.ToArray());
        return result.IsSuccess
            ? result.Value
            : throw new InvalidOperationException("The built-in questionnaire has problems: " + result.ErrorMessage);
    }

    private static Result<Questionnaire> Fail(string code, string message) =>
        Result.Failure<Questionnaire>(new DomainError(code, message));

    /// <summary>Walks the JSON, collecting every problem; returns null when the structure is too broken to build.</summary>
    private sealed class Reader
    {
        private static readonly string[] RootFields = ["id", "version", "title", "scoring", "sections"];
        private static readonly string[] SectionFields = ["id", "title", "heading", "repeatable", "itemName", "minItems", "maxItems", "questions"];
        private static readonly string[] QuestionFields = ["id", "text", "help", "kind", "required", "options", "minLength", "maxLength", "maxSelections", "showWhen", "prefill"];
        private static readonly string[] OptionFields = ["value", "label", "sensitive"];
        private static readonly string[] ConditionFields = ["question", "anyOf"];
        private static readonly string[] ScoringFields = ["impactSection", "effectQuestion", "harmValue", "severityQuestion", "likelihoodQuestion", "sensitiveUseQuestion"];

        private HashSet<string> _allQuestionIds = new(StringComparer.Ordinal);

        public List<DomainError> Errors { get; } = [];

        public Questionnaire? ReadQuestionnaire(JsonElement root)
        {
            if (root.ValueKind != JsonValueKind.Object)
            {
                Add("questionnaire.structure", "The file must be one JSON object with an id, a version and sections.", string.Empty);
                return null;
            }

            Unknown(root, RootFields, string.Empty, "The questionnaire");
            var id = Id(root, "id", string.Empty, "The questionnaire");
            var version = String(root, "version", string.Empty, "The questionnaire", required: true, max: 7);
            if (version is not null && !IsValidVersion(version))
            {
                Add("questionnaire.version.invalid", $"The version '{version}' must be major.minor, such as 1.0 or 2.3.", "version");
            }

            var title = String(root, "title", string.Empty, "The questionnaire", required: true, max: 100);

            var sections = new List<QuestionnaireSection>();
            if (Array(root, "sections", string.Empty, "The questionnaire") is { } sectionArray)
            {
                var count = sectionArray.GetArrayLength();
                if (count == 0 || count > MaxSections)
                {
                    Add("questionnaire.sections.count", string.Create(CultureInfo.InvariantCulture, $"A questionnaire has 1 to {MaxSections} sections (this one has {count})."), "sections");
                }

                _allQuestionIds = AllQuestionIds(sectionArray);
                var sectionIds = new HashSet<string>(StringComparer.Ordinal);
                var questionIds = new Dictionary<string, string>(StringComparer.Ordinal);
                var index = 0;
                foreach (var element in sectionArray.EnumerateArray())
                {
                    index++;
                    if (ReadSection(element, index, sectionIds, questionIds) is { } section)
                    {
                        sections.Add(section);
                    }
                }
            }

            QuestionnaireScoring? scoring = null;
            if (Object(root, "scoring", string.Empty, "The questionnaire") is { } scoringElement)
            {
                scoring = ReadScoring(scoringElement, sections);
            }

            return Errors.Count == 0 && id is not null && version is not null && title is not null && scoring is not null
                ? new Questionnaire(id, version, title, sections, scoring)
                : null;
        }

        private QuestionnaireSection? ReadSection(JsonElement element, int index, HashSet<string> sectionIds, Dictionary<string, string> questionIds)
        {
            var fallbackPath = string.Create(CultureInfo.InvariantCulture, $"sections[{index}]");
            if (element.ValueKind != JsonValueKind.Object)
            {
                Add("questionnaire.structure", string.Create(CultureInfo.InvariantCulture, $"Section {index} must be an object."), fallbackPath);
                return null;
            }

            var rawId = element.TryGetProperty("id", out var idElement) && idElement.ValueKind == JsonValueKind.String ? idElement.GetString() : null;
            var path = IsValidId(rawId) ? $"sections.{rawId}" : fallbackPath;
            var label = IsValidId(rawId) ? $"Section '{rawId}'" : string.Create(CultureInfo.InvariantCulture, $"Section {index}");
            Unknown(element, SectionFields, path, label);
            var id = Id(element, "id", path, label);
            if (id is not null && !sectionIds.Add(id))
            {
                Add("questionnaire.id.duplicate", $"{label}: another section already has the id '{id}'; section ids must be unique.", path + ".id");
            }

            var title = String(element, "title", path, label, required: true, max: TitleMax);
            var heading = String(element, "heading", path, label, required: true, max: HeadingMax);
            var repeatable = Bool(element, "repeatable", path, label) ?? false;
            var itemName = String(element, "itemName", path, label, required: repeatable, max: 30) ?? "item";
            var minItems = Int(element, "minItems", path, label) ?? 1;
            var maxItems = Int(element, "maxItems", path, label) ?? (repeatable ? 10 : 1);
            if (repeatable)
            {
                if (maxItems < 1 || maxItems > MaxItemsLimit || minItems < 0 || minItems > maxItems)
                {
                    Add("questionnaire.items.invalid", string.Create(CultureInfo.InvariantCulture, $"{label}: a repeatable section needs 0 ≤ minItems ≤ maxItems ≤ {MaxItemsLimit} and maxItems ≥ 1 (it has {minItems} and {maxItems})."), path + ".maxItems");
                }
            }
            else if (element.TryGetProperty("minItems", out _) || element.TryGetProperty("maxItems", out _))
            {
                Add("questionnaire.items.not-repeatable", $"{label}: minItems and maxItems apply only to a repeatable section; set \"repeatable\": true or remove them.", path + ".maxItems");
            }

            var questions = new List<Question>();
            if (Array(element, "questions", path, label) is { } questionArray)
            {
                var count = questionArray.GetArrayLength();
                if (count == 0 || count > MaxQuestionsPerSection)
                {
                    Add("questionnaire.questions.count", string.Create(CultureInfo.InvariantCulture, $"{label} has {count} questions; a section has 1 to {MaxQuestionsPerSection}."), path + ".questions");
                }

                var questionIndex = 0;
                foreach (var questionElement in questionArray.EnumerateArray())
                {
                    questionIndex++;
                    if (ReadQuestion(questionElement, questionIndex, path, id ?? string.Empty, questions, questionIds, repeatable) is { } question)
                    {
                        questions.Add(question);
                    }
                }
            }

            return id is null || title is null || heading is null
                ? null
                : new QuestionnaireSection(id, title, heading, questions, repeatable, itemName, repeatable ? minItems : 1, repeatable ? maxItems : 1);
        }

        private Question? ReadQuestion(
            JsonElement element,
            int index,
            string sectionPath,
            string sectionId,
            List<Question> earlier,
            Dictionary<string, string> questionIds,
            bool repeatable)
        {
            var fallbackPath = string.Create(CultureInfo.InvariantCulture, $"{sectionPath}.questions[{index}]");
            if (element.ValueKind != JsonValueKind.Object)
            {
                Add("questionnaire.structure", string.Create(CultureInfo.InvariantCulture, $"Question {index} of {sectionPath} must be an object."), fallbackPath);
                return null;
            }

            var rawId = element.TryGetProperty("id", out var idElement) && idElement.ValueKind == JsonValueKind.String ? idElement.GetString() : null;
            var path = IsValidId(rawId) ? $"{sectionPath}.questions.{rawId}" : fallbackPath;
            var label = IsValidId(rawId) ? $"Question '{rawId}'" : string.Create(CultureInfo.InvariantCulture, $"Question {index} of {sectionPath}");
            Unknown(element, QuestionFields, path, label);
            var id = Id(element, "id", path, label);
            if (id is not null)
            {
                if (questionIds.TryGetValue(id, out var otherSection))
                {
                    Add("questionnaire.id.duplicate", $"{label}: the id '{id}' is already used in section '{otherSection}'; question ids must be unique in the questionnaire.", path + ".id");
                }
                else
                {
                    questionIds[id] = sectionId;
                }
            }

            var text = String(element, "text", path, label, required: true, max: QuestionTextMax);
            var help = String(element, "help", path, label, required: false, max: HelpMax);
            var required = Bool(element, "required", path, label) ?? false;

            QuestionKind? kind = null;
            var kindName = String(element, "kind", path, label, required: true, max: 40);
            if (kindName is not null)
            {
                if (QuestionKinds.TryParse(kindName, out var parsed))
                {
                    kind = parsed;
                }
                else
                {
                    Add("questionnaire.kind.unknown", $"{label}: the kind '{kindName}' is not one I know; use one of {string.Join(", ", QuestionKinds.Names)}.", path + ".kind");
                }
            }

            var options = ReadOptions(element, path, label, kind);
            var (minLength, maxLength) = ReadLimits(element, path, label, kind);
            var maxSelections = Int(element, "maxSelections", path, label);
            if (maxSelections is { } selections)
            {
                if (kind != QuestionKind.MultipleChoice)
                {
                    Add("questionnaire.limits.invalid", $"{label}: maxSelections applies only to a multiple-choice question.", path + ".maxSelections");
                }
                else if (selections < 1 || selections > options.Count)
                {
                    Add("questionnaire.limits.invalid", string.Create(CultureInfo.InvariantCulture, $"{label}: maxSelections must be between 1 and the number of options ({options.Count}); it is {selections}."), path + ".maxSelections");
                }
            }

            var condition = ReadCondition(element, path, label, earlier, questionIds, id, sectionId);

            var prefill = String(element, "prefill", path, label, required: false, max: 40);
            if (prefill is not null)
            {
                if (!RegisterPrefill.IsKnown(prefill))
                {
                    Add("questionnaire.prefill.unknown", $"{label}: '{prefill}' is not a register field I can pre-fill; use one of {string.Join(", ", RegisterPrefill.Names)}.", path + ".prefill");
                }
                else if (kind is { } k && !k.IsText())
                {
                    Add("questionnaire.prefill.kind", $"{label}: only a text question can be pre-filled from the register.", path + ".prefill");
                }
                else if (repeatable)
                {
                    Add("questionnaire.prefill.repeatable", $"{label}: a question in a repeatable section can't be pre-filled from the register.", path + ".prefill");
                }
                else if (kind is not null && maxLength < RegisterPrefill.MaxLength(prefill))
                {
                    Add("questionnaire.prefill.limit", string.Create(CultureInfo.InvariantCulture, $"{label}: {prefill} can be up to {RegisterPrefill.MaxLength(prefill)} characters, so the question's maxLength ({maxLength}) must be at least that."), path + ".maxLength");
                }
            }

            return id is null || text is null || kind is null
                ? null
                : new Question(id, text, help, kind.Value, required, options, minLength, maxLength, kind == QuestionKind.MultipleChoice ? maxSelections : null, condition, prefill);
        }

        private List<QuestionOption> ReadOptions(JsonElement element, string path, string label, QuestionKind? kind)
        {
            var options = new List<QuestionOption>();
            var hasOptions = element.TryGetProperty("options", out var optionsElement);
            if (kind == QuestionKind.YesNo)
            {
                if (hasOptions)
                {
                    Add("questionnaire.options.not-allowed", $"{label}: a yes-no question always offers yes and no; remove its options.", path + ".options");
                }

                options.AddRange(Question.YesNoOptions);
                return options;
            }

            if (kind is { } k && k.IsText())
            {
                if (hasOptions)
                {
                    Add("questionnaire.options.not-allowed", $"{label}: a text question has no options; remove them or make it a choice.", path + ".options");
                }

                return options;
            }

            if (!hasOptions)
            {
                if (kind is not null)
                {
                    Add("questionnaire.options.missing", $"{label}: a {kind.Value.Name()} question needs options (at least 2).", path + ".options");
                }

                return options;
            }

            if (optionsElement.ValueKind != JsonValueKind.Array)
            {
                Add("questionnaire.field.type", $"{label}: options must be a list.", path + ".options");
                return options;
            }

            var count = optionsElement.GetArrayLength();
            if (count < 2 || count > MaxOptions)
            {
                Add("questionnaire.options.count", string.Create(CultureInfo.InvariantCulture, $"{label} has {count} options; a choice offers 2 to {MaxOptions}."), path + ".options");
            }

            var values = new HashSet<string>(StringComparer.Ordinal);
            var index = 0;
            foreach (var option in optionsElement.EnumerateArray())
            {
                index++;
                var optionPath = string.Create(CultureInfo.InvariantCulture, $"{path}.options[{index}]");
                var optionLabel = string.Create(CultureInfo.InvariantCulture, $"{label}, option {index}");
                if (option.ValueKind != JsonValueKind.Object)
                {
                    Add("questionnaire.structure", $"{optionLabel} must be an object with a value and a label.", optionPath);
                    continue;
                }

                Unknown(option, OptionFields, optionPath, optionLabel);
                var value = String(option, "value", optionPath, optionLabel, required: true, max: IdMax);
                var text = String(option, "label", optionPath, optionLabel, required: true, max: OptionLabelMax);
                var sensitive = Bool(option, "sensitive", optionPath, optionLabel) ?? false;
                if (value is null)
                {
                    continue;
                }

                var validValue = kind == QuestionKind.Scale
                    ? value == (index).ToString(CultureInfo.InvariantCulture)
                    : IsValidId(value);
                if (!validValue)
                {
                    Add(
                        kind == QuestionKind.Scale ? "questionnaire.scale.values" : "questionnaire.option.value.invalid",
                        kind == QuestionKind.Scale
                            ? string.Create(CultureInfo.InvariantCulture, $"{optionLabel}: a scale's values are 1, 2, 3 … in order, so this one must be \"{index}\" (it is \"{value}\").")
                            : $"{optionLabel}: the value '{value}' must be 1–{IdMax} lower-case letters, digits and inner hyphens, starting with a letter (values are stored; labels are what people see).",
                        optionPath + ".value");
                }
                else if (!values.Add(value))
                {
                    Add("questionnaire.option.duplicate", $"{label}: the value '{value}' is offered twice; option values must be unique in a question.", optionPath + ".value");
                }

                if (text is not null)
                {
                    options.Add(new QuestionOption(value, text, sensitive));
                }
            }

            return options;
        }

        private (int Min, int Max) ReadLimits(JsonElement element, string path, string label, QuestionKind? kind)
        {
            var min = Int(element, "minLength", path, label);
            var max = Int(element, "maxLength", path, label);
            if (kind is null)
            {
                // The kind itself is the problem, already reported.
                return (0, 0);
            }

            if (kind is not { } k || !k.IsText())
            {
                if (min is not null || max is not null)
                {
                    Add("questionnaire.limits.invalid", $"{label}: minLength and maxLength apply only to text questions.", path + ".maxLength");
                }

                return (0, 0);
            }

            var ceiling = k == QuestionKind.ShortText ? ShortTextLimit : LongTextLimit;
            var effectiveMax = max ?? (k == QuestionKind.ShortText ? 200 : 2000);
            var effectiveMin = min ?? 0;
            if (effectiveMax < 1 || effectiveMax > ceiling)
            {
                Add("questionnaire.limits.invalid", string.Create(CultureInfo.InvariantCulture, $"{label}: maxLength of a {k.Name()} question must be 1 to {ceiling} (it is {effectiveMax})."), path + ".maxLength");
            }

            if (effectiveMin < 0 || effectiveMin > effectiveMax)
            {
                Add("questionnaire.limits.invalid", string.Create(CultureInfo.InvariantCulture, $"{label}: minLength must be between 0 and maxLength (it is {effectiveMin}, maxLength {effectiveMax})."), path + ".minLength");
            }

            return (effectiveMin, effectiveMax);
        }

        private QuestionCondition? ReadCondition(JsonElement element, string path, string label, List<Question> earlier, Dictionary<string, string> questionIds, string? ownId, string ownSectionId)
        {
            if (Object(element, "showWhen", path, label, required: false) is not { } condition)
            {
                return null;
            }

            var conditionPath = path + ".showWhen";
            Unknown(condition, ConditionFields, conditionPath, label + "'s condition");
            var target = String(condition, "question", conditionPath, label + "'s condition", required: true, max: IdMax);
            var values = new List<string>();
            if (Array(condition, "anyOf", conditionPath, label + "'s condition") is { } anyOf)
            {
                foreach (var value in anyOf.EnumerateArray())
                {
                    if (value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text)
                    {
                        values.Add(text);
                    }
                    else
                    {
                        Add("questionnaire.field.type", $"{label}: the condition's anyOf lists answer values as strings.", conditionPath + ".anyOf");
                    }
                }

                if (anyOf.GetArrayLength() == 0)
                {
                    Add("questionnaire.condition.value", $"{label}: the condition's anyOf needs at least one answer value.", conditionPath + ".anyOf");
                }
            }

            if (target is null)
            {
                return null;
            }

            var controlling = earlier.FirstOrDefault(q => string.Equals(q.Id, target, StringComparison.Ordinal));
            if (controlling is null)
            {
                if (questionIds.TryGetValue(target, out var targetSection) && string.Equals(targetSection, ownSectionId, StringComparison.Ordinal)
                    && !string.Equals(target, ownId, StringComparison.Ordinal))
                {
                    // An earlier question of this section with problems of its own, already reported.
                    return null;
                }

                var (code, message) = string.Equals(target, ownId, StringComparison.Ordinal)
                    ? ("questionnaire.condition.self", $"{label} is shown on a condition about itself; name an earlier question.")
                    : questionIds.ContainsKey(target)
                        ? ("questionnaire.condition.other-section", $"{label} is shown when '{target}' is answered, but '{target}' is in another section; a condition names an earlier question of the same section.")
                        : _allQuestionIds.Contains(target)
                            ? ("questionnaire.condition.later-question", $"{label} is shown when '{target}' is answered, but '{target}' comes later; a condition names an earlier question of the same section, so it is answered first.")
                            : ("questionnaire.condition.unknown-question", $"{label} is shown when '{target}' is answered, but there is no question '{target}'.");
                Add(code, message, conditionPath + ".question");
                return null;
            }

            if (!controlling.Kind.IsChoice())
            {
                Add("questionnaire.condition.not-choice", $"{label} depends on '{target}', a text question; a condition needs a choice, scale or yes-no question.", conditionPath + ".question");
                return null;
            }

            foreach (var value in values.Where(v => controlling.Option(v) is null))
            {
                Add("questionnaire.condition.value", $"{label}: '{value}' is not an answer '{target}' offers ({string.Join(", ", controlling.Options.Select(o => o.Value))}).", conditionPath + ".anyOf");
            }

            return new QuestionCondition(target, values);
        }

        private QuestionnaireScoring? ReadScoring(JsonElement element, List<QuestionnaireSection> sections)
        {
            const string path = "scoring";
            const string label = "The scoring";
            Unknown(element, ScoringFields, path, label);
            var sectionId = String(element, "impactSection", path, label, required: true, max: IdMax);
            var effect = String(element, "effectQuestion", path, label, required: true, max: IdMax);
            var harm = String(element, "harmValue", path, label, required: true, max: IdMax);
            var severity = String(element, "severityQuestion", path, label, required: true, max: IdMax);
            var likelihood = String(element, "likelihoodQuestion", path, label, required: true, max: IdMax);
            var sensitive = String(element, "sensitiveUseQuestion", path, label, required: true, max: IdMax);
            if (sectionId is null || effect is null || harm is null || severity is null || likelihood is null || sensitive is null)
            {
                return null;
            }

            var impacts = sections.FirstOrDefault(s => s.Id == sectionId);
            if (impacts is null || !impacts.Repeatable)
            {
                Add("questionnaire.scoring.section", $"{label} reads impacts from '{sectionId}', which must be a repeatable section of this questionnaire.", path + ".impactSection");
            }
            else
            {
                var effectQuestion = impacts.Question(effect);
                if (effectQuestion is null || effectQuestion.Kind != QuestionKind.SingleChoice || effectQuestion.Option(harm) is null)
                {
                    Add("questionnaire.scoring.effect", $"{label}: '{effect}' must be a single-choice question of '{sectionId}' offering '{harm}'.", path + ".effectQuestion");
                }

                foreach (var (field, scale) in new[] { ("severityQuestion", severity), ("likelihoodQuestion", likelihood) })
                {
                    if (impacts.Question(scale) is not { Kind: QuestionKind.Scale })
                    {
                        Add("questionnaire.scoring.scale", $"{label}: '{scale}' must be a scale question of '{sectionId}'.", $"{path}.{field}");
                    }
                }
            }

            var sensitiveSection = sections.FirstOrDefault(s => s.Question(sensitive) is not null);
            var sensitiveQuestion = sensitiveSection?.Question(sensitive);
            if (sensitiveQuestion is null || sensitiveSection!.Repeatable || sensitiveQuestion.Kind != QuestionKind.MultipleChoice || !sensitiveQuestion.Options.Any(o => o.Sensitive))
            {
                Add("questionnaire.scoring.sensitive-uses", $"{label}: '{sensitive}' must be a multiple-choice question of a plain (not repeatable) section with at least one option marked \"sensitive\": true.", path + ".sensitiveUseQuestion");
            }

            return new QuestionnaireScoring(sectionId, effect, harm, severity, likelihood, sensitive);
        }

        private static HashSet<string> AllQuestionIds(JsonElement sections)
        {
            var ids = new HashSet<string>(StringComparer.Ordinal);
            foreach (var section in sections.EnumerateArray().Where(s => s.ValueKind == JsonValueKind.Object))
            {
                if (section.TryGetProperty("questions", out var questions) && questions.ValueKind == JsonValueKind.Array)
                {
                    foreach (var question in questions.EnumerateArray().Where(q => q.ValueKind == JsonValueKind.Object))
                    {
                        if (question.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String && id.GetString() is { } text)
                        {
                            ids.Add(text);
                        }
                    }
                }
            }

            return ids;
        }

        private void Add(string code, string message, string field) => Errors.Add(new DomainError(code, message, field.Length == 0 ? null : field));

        private void Unknown(JsonElement element, string[] known, string path, string label)
        {
            foreach (var property in element.EnumerateObject().Where(p => !known.Contains(p.Name, StringComparer.Ordinal)))
            {
                Add("questionnaire.field.unknown", $"{label}: '{property.Name}' is not a field I know (expected {string.Join(", ", known)}).", Join(path, property.Name));
            }
        }

        private string? Id(JsonElement element, string name, string path, string label)
        {
            var id = String(element, name, path, label, required: true, max: 100);
            if (id is not null && !IsValidId(id))
            {
                Add("questionnaire.id.invalid", $"{label}: the id '{id}' must be 1–{IdMax} lower-case letters, digits and inner hyphens, starting with a letter.", Join(path, name));
                return null;
            }

            return id;
        }

        private string? String(JsonElement element, string name, string path, string label, bool required, int max)
        {
            if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                if (required)
                {
                    Add("questionnaire.field.missing", $"{label} needs a '{name}'.", Join(path, name));
                }

                return null;
            }

            if (value.ValueKind != JsonValueKind.String)
            {
                Add("questionnaire.field.type", $"{label}: '{name}' must be text.", Join(path, name));
                return null;
            }

            var text = TextRules.Clean(value.GetString());
            var errors = new List<DomainError>();
            TextRules.Check(errors, text, Join(path, name), $"{label}: '{name}'", required ? 1 : 0, max, allowLineBreaks: false, "questionnaire.text");
            Errors.AddRange(errors);
            return errors.Count == 0 && text.Length > 0 ? text : null;
        }

        private bool? Bool(JsonElement element, string name, string path, string label)
        {
            if (!element.TryGetProperty(name, out var value))
            {
                return null;
            }

            if (value.ValueKind is JsonValueKind.True or JsonValueKind.False)
            {
                return value.GetBoolean();
            }

            Add("questionnaire.field.type", $"{label}: '{name}' must be true or false.", Join(path, name));
            return null;
        }

        private int? Int(JsonElement element, string name, string path, string label)
        {
            if (!element.TryGetProperty(name, out var value))
            {
                return null;
            }

            if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number))
            {
                return number;
            }

            Add("questionnaire.field.type", $"{label}: '{name}' must be a whole number.", Join(path, name));
            return null;
        }

        private JsonElement? Array(JsonElement element, string name, string path, string label)
        {
            if (!element.TryGetProperty(name, out var value))
            {
                Add("questionnaire.field.missing", $"{label} needs '{name}' (a list).", Join(path, name));
                return null;
            }

            if (value.ValueKind != JsonValueKind.Array)
            {
                Add("questionnaire.field.type", $"{label}: '{name}' must be a list.", Join(path, name));
                return null;
            }

            return value;
        }

        private JsonElement? Object(JsonElement element, string name, string path, string label, bool required = true)
        {
            if (!element.TryGetProperty(name, out var value))
            {
                if (required)
                {
                    Add("questionnaire.field.missing", $"{label} needs '{name}'.", Join(path, name));
                }

                return null;
            }

            if (value.ValueKind != JsonValueKind.Object)
            {
                Add("questionnaire.field.type", $"{label}: '{name}' must be an object.", Join(path, name));
                return null;
            }

            return value;
        }

        private static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";
    }
}
