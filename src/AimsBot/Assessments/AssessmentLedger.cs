using System.Globalization;
using System.Text.Json.Nodes;
using AimsBot.Domain.Assessments;
using AimsBot.Storage.Ledger;

namespace AimsBot.Assessments;

/// <summary>
/// What the ledger records about an assessment, in words a reader of the trail understands: the step by its title,
/// each answer by its question and, for choices, the options' labels.
/// </summary>
internal static class AssessmentLedger
{
    /// <summary>The longest answer quoted in an event; longer ones are cut with their full length noted.</summary>
    private const int MaxQuoted = 400;

    public static string Started(ImpactAssessment assessment, ImpactAssessment? from) => new JsonObject
    {
        ["questionnaire"] = assessment.Questionnaire.Key,
        ["assessor"] = assessment.AssessorUserId,
        ["status"] = assessment.Status.ToString(),
        ["carriedFrom"] = from is null ? null : string.Create(CultureInfo.InvariantCulture, $"v{from.Version}"),
        ["answeredSteps"] = assessment.Answers.Count,
    }.ToJsonString();

    public static string Status(ImpactAssessment assessment, ImpactLevel? level) => new JsonObject
    {
        ["status"] = assessment.Status.ToString(),
        ["revision"] = assessment.Revision,
        ["level"] = level?.Words(),
    }.ToJsonString();

    public static string Asked(QuestionnaireSection section, string? userId, string? name) => new JsonObject
    {
        ["step"] = section.Title,
        ["asked"] = userId,
        ["askedName"] = name,
    }.ToJsonString();

    /// <summary>The step and every answer that changed: before (as it was) and after (as it is), both in words.</summary>
    public static (string Before, string After) Saved(QuestionnaireSection section, SectionAnswers? before, SectionAnswers? after)
    {
        var was = new JsonObject();
        var now = new JsonObject();
        var beforeItems = before?.Items ?? [];
        var afterItems = after?.Items ?? [];
        for (var i = 0; i < Math.Max(beforeItems.Count, afterItems.Count); i++)
        {
            var old = i < beforeItems.Count ? beforeItems[i] : AnswerItem.Empty;
            var @new = i < afterItems.Count ? afterItems[i] : AnswerItem.Empty;
            foreach (var question in section.Questions)
            {
                var a = old[question.Id];
                var b = @new[question.Id];
                if (string.Equals(a, b, StringComparison.Ordinal))
                {
                    continue;
                }

                var label = section.Repeatable
                    ? string.Create(CultureInfo.InvariantCulture, $"{section.ItemName} {i + 1}: {question.Text}")
                    : question.Text;
                was[label] = Words(question, a);
                now[label] = Words(question, b);
            }
        }

        var beforeJson = Document(section, beforeItems.Count, was);
        var afterJson = Document(section, afterItems.Count, now);
        // Many long answers changed at once: quote less of each, so the event stays within what the ledger holds.
        if (beforeJson.Length > TableLedgerStore.MaxStateLength - 1000 || afterJson.Length > TableLedgerStore.MaxStateLength - 1000)
        {
            beforeJson = Document(section, beforeItems.Count, Shortened(was));
            afterJson = Document(section, afterItems.Count, Shortened(now));
        }

        return (beforeJson, afterJson);
    }

    /// <summary>An answer as people read it: text as typed (long text cut), choices by their labels.</summary>
    public static string? Words(Question question, string? value)
    {
        if (value is null)
        {
            return null;
        }

        if (question.Kind.IsText())
        {
            return value.Length <= MaxQuoted
                ? value
                : string.Create(CultureInfo.InvariantCulture, $"{value[..MaxQuoted]}… ({value.Length} characters)");
        }

        return string.Join(", ", value.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(v => question.Option(v)?.Label ?? v));
    }

    private static string Document(QuestionnaireSection section, int items, JsonObject answers)
    {
        var document = new JsonObject { ["step"] = section.Title };
        if (section.Repeatable)
        {
            document["items"] = items;
        }

        document["answers"] = answers;
        return document.ToJsonString();
    }

    private static JsonObject Shortened(JsonObject answers)
    {
        var shortened = new JsonObject();
        foreach (var (key, value) in answers)
        {
            var text = value?.GetValue<string>();
            shortened[key] = text is { Length: > 60 } ? string.Create(CultureInfo.InvariantCulture, $"{text[..60]}… ({text.Length} characters)") : text;
        }

        return shortened;
    }
}
