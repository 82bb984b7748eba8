using System.Globalization;
using AimsBot.Domain;
using AimsBot.Register;
using AimsBot.Teams.Cards;

namespace AimsBot.Assessments.Questionnaires;

/// <summary>Cards of <c>questionnaire load</c> (the report of a file's problems, or what was loaded) and <c>questionnaires</c>.</summary>
public static class QuestionnaireCards
{
    /// <summary>At most this many problems are listed; the rest are counted.</summary>
    public const int MaxProblems = 40;

    /// <summary>Teams refuses messages much over 28 KB; the report drops problems until its JSON is under this.</summary>
    private const int MaxCardJsonLength = 24_000;

    /// <summary>What became of the file: every problem (where, what) and that nothing was stored, or the version loaded, or why not.</summary>
    public static AdaptiveCard Outcome(QuestionnaireLoad outcome, string currentKey)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        if (outcome.Status == QuestionnaireLoadStatus.Invalid)
        {
            var shown = Math.Min(outcome.Problems.Count, MaxProblems);
            var card = Report(outcome, shown);
            while (shown > 1 && card.ToJson().Length > MaxCardJsonLength)
            {
                shown = Math.Max(1, shown * 3 / 4);
                card = Report(outcome, shown);
            }

            return card;
        }

        var questionnaire = outcome.Questionnaire!;
        var version = outcome.Version!;
        var body = new List<CardElement>();
        switch (outcome.Status)
        {
            case QuestionnaireLoadStatus.Loaded:
                body.Add(new TextBlock($"Loaded {CardText.Md(questionnaire.Title)}, version {questionnaire.Version}") { Size = "Medium", Weight = "Bolder", Color = "Good" });
                body.Add(new TextBlock("New impact assessments start with this version from now on; assessments already under way keep the version they started with."));
                break;
            case QuestionnaireLoadStatus.AlreadyLoaded:
                body.Add(CardText.Title($"{CardText.Md(outcome.FileName)}: already loaded"));
                body.Add(new TextBlock(version.Shipped
                    ? $"This is the version built into the bot ({version.Key}), word for word. Nothing changed."
                    : $"{version.Key} was loaded with exactly this content already ({Loaded(version)}). Nothing changed."));
                break;
            default:
                body.Add(new TextBlock($"{CardText.Md(outcome.FileName)}: not loaded") { Size = "Medium", Weight = "Bolder", Color = "Attention" });
                body.Add(new TextBlock(
                    $"{(version.Shipped ? $"{version.Key} is the version built into the bot" : $"{version.Key} was loaded already ({Loaded(version)})")}, with other content. " +
                    "A version never changes once assessments can use it: give the file a new version (for example the next minor one) and send it again. Nothing was loaded."));
                break;
        }

        body.Add(new FactSet
        {
            Facts =
            [
                new("Questionnaire", version.Key),
                new("Steps", string.Join(" · ", questionnaire.Sections.Select(s => CardText.Md(s.Title)))),
                new("Questions", questionnaire.Sections.Sum(s => s.Questions.Count).ToString(CultureInfo.InvariantCulture)),
                new("New assessments use", currentKey),
            ],
        });
        body.Add(CardText.Subtle("Say **questionnaires** for every version."));
        return new AdaptiveCard { Body = body, FallbackText = Summary(outcome) };
    }

    /// <summary>One line for the notification and the fallback.</summary>
    public static string Summary(QuestionnaireLoad outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        return outcome.Status switch
        {
            QuestionnaireLoadStatus.Invalid => Invariant($"{outcome.FileName}: {Plural(outcome.Problems.Count, "problem")}; nothing was loaded."),
            QuestionnaireLoadStatus.Loaded => $"Loaded {outcome.Version!.Key}: new assessments start with it.",
            QuestionnaireLoadStatus.AlreadyLoaded => $"{outcome.Version!.Key} is already loaded; nothing changed.",
            _ => $"{outcome.Version!.Key} exists with other content; nothing was loaded.",
        };
    }

    /// <summary><c>questionnaires</c>: each version, the built-in one first, with who loaded it; the one new assessments use is marked.</summary>
    public static AdaptiveCard List(IReadOnlyList<QuestionnaireVersion> versions, string currentKey)
    {
        ArgumentNullException.ThrowIfNull(versions);
        var body = new List<CardElement>
        {
            CardText.Title("Impact assessment questionnaires"),
            new TextBlock($"New assessments start with **{CardText.Md(currentKey)}**; each assessment keeps the version it started with.") { IsSubtle = true },
        };
        foreach (var version in versions)
        {
            var current = string.Equals(version.Key, currentKey, StringComparison.Ordinal);
            body.Add(new TextBlock($"**{version.Key}**{(current ? " — current" : "")}") { Spacing = "Small", Color = current ? "Good" : null });
            body.Add(CardText.Subtle(version.Shipped ? $"{CardText.Md(version.Title)} · built into the bot" : $"{CardText.Md(version.Title)} · {Loaded(version)}"));
        }

        body.Add(CardText.Subtle("A compliance lead loads a new version by attaching its JSON file to **questionnaire load** in the 1:1 chat."));
        return new AdaptiveCard { Body = body, FallbackText = $"{versions.Count} questionnaire versions; new assessments use {currentKey}." };
    }

    private static AdaptiveCard Report(QuestionnaireLoad outcome, int shown)
    {
        List<TableRow> table =
        [
            new TableRow { Style = "accent", Cells = [Cell("Where", bold: true), Cell("Problem", bold: true)] },
            .. outcome.Problems.Take(shown).Select(p => new TableRow { Cells = [Cell(Where(p)), Cell(p.Message)] }),
        ];
        var body = new List<CardElement>
        {
            new TextBlock($"{CardText.Md(outcome.FileName)}: not loaded") { Size = "Medium", Weight = "Bolder", Color = "Attention" },
            new TextBlock(Invariant($"The questionnaire has {Plural(outcome.Problems.Count, "problem")}, so I stored nothing and new assessments keep the current version. Fix {(outcome.Problems.Count == 1 ? "it" : "them")} and send the file again:")),
            new CardTable { Columns = TableLayout.FitColumns(table), Rows = table, FirstRowAsHeader = true, ShowGridLines = true },
        };
        if (outcome.Problems.Count > shown)
        {
            body.Add(CardText.Subtle(Invariant($"Showing the first {shown} of {outcome.Problems.Count} problems.")));
        }

        return new AdaptiveCard { Body = body, FallbackText = Summary(outcome) };
    }

    /// <summary>Where in the file: the problem's path (<c>sections.data.questions.sources</c>), or "the file" for the whole.</summary>
    private static string Where(DomainError problem) => string.IsNullOrEmpty(problem.Field) ? "the file" : problem.Field;

    private static string Loaded(QuestionnaireVersion version) =>
        $"loaded by {CardText.Md(version.LoadedByName ?? "a compliance lead")} on {CardText.Date(version.LoadedAt, TimeZoneInfo.Utc)} (UTC)";

    private static TableCell Cell(string text, bool bold = false) => new()
    {
        Items = [new TextBlock(text) { Size = "Small", Weight = bold ? "Bolder" : null }],
    };

    private static string Plural(int count, string word) => Invariant($"{count} {word}{(count == 1 ? "" : "s")}");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
