using System.Globalization;

namespace AimsBot.Domain.Assessments;

/// <summary>How serious a harm is, lowest first (so the highest is the overall level).</summary>
public enum ImpactLevel
{
    Low,
    Medium,
    High,
    VeryHigh,
}

/// <summary>The spellings of <see cref="ImpactLevel"/> in options and on cards.</summary>
public static class ImpactLevels
{
    public static string Name(this ImpactLevel level) => level switch
    {
        ImpactLevel.Low => "low",
        ImpactLevel.Medium => "medium",
        ImpactLevel.High => "high",
        ImpactLevel.VeryHigh => "very-high",
        _ => throw new ArgumentOutOfRangeException(nameof(level), level, "Unknown impact level."),
    };

    /// <summary>"very high" for people.</summary>
    public static string Words(this ImpactLevel level) => level.Name().Replace('-', ' ');

    public static bool TryParse(string? text, out ImpactLevel level)
    {
        foreach (var candidate in Enum.GetValues<ImpactLevel>())
        {
            if (string.Equals(candidate.Name(), text?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                level = candidate;
                return true;
            }
        }

        level = default;
        return false;
    }
}

/// <summary>
/// The scoring rules the host binds from configuration: the severity × likelihood matrix and the floor a sensitive
/// use raises every harm to. <see cref="Matrix"/> has one row per severity (1 first), each the levels for
/// likelihood 1, 2, … separated by spaces. The default is the 5 × 5 matrix of docs/domain.md.
/// </summary>
public sealed class ImpactScoringOptions
{
    /// <summary>The built-in 5 × 5 matrix: severity × likelihood 1–4 low, 5–9 medium, 10–16 high, 20–25 very high.</summary>
    public static IReadOnlyList<string> DefaultMatrix { get; } =
    [
        "low low low low medium",
        "low low medium medium high",
        "low medium medium high high",
        "low medium high high very-high",
        "medium high high very-high very-high",
    ];

    public IList<string> Matrix { get; set; } = [.. DefaultMatrix];

    /// <summary>The lowest level of any harm of a system used in a sensitive area (low, medium, high or very-high).</summary>
    public string SensitiveUseFloor { get; set; } = "high";

    /// <summary>What is wrong with the options, each naming the setting; empty when they can be used.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (Matrix is null || Matrix.Count == 0)
        {
            problems.Add("Matrix needs one row per severity (e.g. 5 rows for a 1–5 scale).");
        }
        else
        {
            int? columns = null;
            for (var row = 0; row < Matrix.Count; row++)
            {
                var cells = (Matrix[row] ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (cells.Length == 0)
                {
                    problems.Add(string.Create(CultureInfo.InvariantCulture, $"Matrix row {row + 1} (severity {row + 1}) is empty; list a level per likelihood, e.g. 'low low medium high high'."));
                    continue;
                }

                columns ??= cells.Length;
                if (cells.Length != columns)
                {
                    problems.Add(string.Create(CultureInfo.InvariantCulture, $"Matrix row {row + 1} has {cells.Length} levels but row 1 has {columns}; every row needs one level per likelihood."));
                }

                foreach (var cell in cells.Where(c => !ImpactLevels.TryParse(c, out _)))
                {
                    problems.Add(string.Create(CultureInfo.InvariantCulture, $"Matrix row {row + 1}: '{cell}' is not a level; use low, medium, high or very-high."));
                }
            }
        }

        if (!ImpactLevels.TryParse(SensitiveUseFloor, out _))
        {
            problems.Add($"SensitiveUseFloor '{SensitiveUseFloor}' is not a level; use low, medium, high or very-high.");
        }

        return problems;
    }

    /// <summary>The matrix as levels: [severity - 1][likelihood - 1]. Throws for options with problems (validated at start-up).</summary>
    internal ImpactLevel[][] Levels()
    {
        if (Problems() is { Count: > 0 } problems)
        {
            throw new InvalidOperationException("The impact scoring options have problems: " + string.Join(" ", problems));
        }

        return Matrix.Select(row => row.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(cell => ImpactLevels.TryParse(cell, out var level) ? level : ImpactLevel.Low).ToArray()).ToArray();
    }

    internal ImpactLevel Floor() => ImpactLevels.TryParse(SensitiveUseFloor, out var level) ? level : ImpactLevel.High;
}

/// <summary>The score of one harm.</summary>
/// <param name="Item">1-based position among the impacts.</param>
/// <param name="MatrixLevel">What the matrix alone gives.</param>
/// <param name="Level">The level in force: the matrix's, raised to the floor for a sensitive use.</param>
public sealed record HarmScore(int Item, int Severity, int Likelihood, ImpactLevel MatrixLevel, ImpactLevel Level)
{
    public bool RaisedForSensitiveUse => Level > MatrixLevel;
}

/// <summary>The scored harms and the assessment's overall level.</summary>
/// <param name="SensitiveUses">The sensitive options chosen (their values), in the question's order.</param>
/// <param name="Unscored">Harms not scored yet because severity or likelihood is unanswered (1-based items).</param>
public sealed record AssessmentScore(IReadOnlyList<HarmScore> Harms, ImpactLevel Overall, IReadOnlyList<string> SensitiveUses, IReadOnlyList<int> Unscored);

/// <summary>
/// Scores an assessment's answers. The rules (docs/domain.md, "Impact assessments"):
/// <list type="number">
/// <item>Only harms are scored; benefits are recorded but never raise the level.</item>
/// <item>A harm's level is the matrix cell of its severity and likelihood.</item>
/// <item>When the system is used in a sensitive area (an option marked sensitive is chosen in the questionnaire's
/// sensitive-use question), every harm is raised to at least the floor (high by default).</item>
/// <item>The overall level is the highest harm level; with a sensitive use it is at least the floor even with no
/// harm recorded; with neither it is low.</item>
/// </list>
/// </summary>
public static class ImpactScoring
{
    public static Result<AssessmentScore> Score(Questionnaire questionnaire, IReadOnlyDictionary<string, SectionAnswers> answers, ImpactScoringOptions options)
    {
        ArgumentNullException.ThrowIfNull(questionnaire);
        ArgumentNullException.ThrowIfNull(answers);
        ArgumentNullException.ThrowIfNull(options);
        var matrix = options.Levels();
        var floor = options.Floor();
        var rules = questionnaire.Scoring;

        var sensitiveSection = questionnaire.Sections.First(s => s.Question(rules.SensitiveUseQuestion) is not null);
        var sensitiveQuestion = sensitiveSection.Question(rules.SensitiveUseQuestion)!;
        var chosen = answers.TryGetValue(sensitiveSection.Id, out var sensitiveAnswers) ? sensitiveAnswers.Single.Choices(sensitiveQuestion.Id) : [];
        var sensitiveUses = sensitiveQuestion.Options.Where(o => o.Sensitive && chosen.Contains(o.Value, StringComparer.Ordinal)).Select(o => o.Value).ToList();

        var harms = new List<HarmScore>();
        var unscored = new List<int>();
        var errors = new List<DomainError>();
        var impacts = answers.TryGetValue(rules.ImpactSection, out var impactAnswers) ? impactAnswers.Items : [];
        for (var i = 0; i < impacts.Count; i++)
        {
            var item = impacts[i];
            if (!string.Equals(item[rules.EffectQuestion], rules.HarmValue, StringComparison.Ordinal))
            {
                continue;
            }

            if (!int.TryParse(item[rules.SeverityQuestion], NumberStyles.None, CultureInfo.InvariantCulture, out var severity)
                || !int.TryParse(item[rules.LikelihoodQuestion], NumberStyles.None, CultureInfo.InvariantCulture, out var likelihood))
            {
                unscored.Add(i + 1);
                continue;
            }

            if (severity < 1 || severity > matrix.Length || likelihood < 1 || likelihood > matrix[severity - 1].Length)
            {
                errors.Add(new DomainError(
                    "assessment.scoring.outside-matrix",
                    string.Create(CultureInfo.InvariantCulture, $"Impact {i + 1} has severity {severity} and likelihood {likelihood}, outside the {matrix.Length} × {matrix[0].Length} scoring matrix; the questionnaire's scales and the scoring options must agree.")));
                continue;
            }

            var matrixLevel = matrix[severity - 1][likelihood - 1];
            var level = sensitiveUses.Count > 0 && matrixLevel < floor ? floor : matrixLevel;
            harms.Add(new HarmScore(i + 1, severity, likelihood, matrixLevel, level));
        }

        var overall = harms.Count > 0 ? harms.Max(h => h.Level) : ImpactLevel.Low;
        if (sensitiveUses.Count > 0 && overall < floor)
        {
            overall = floor;
        }

        return Result.FromValidation(errors, () => new AssessmentScore(harms, overall, sensitiveUses, unscored));
    }
}
