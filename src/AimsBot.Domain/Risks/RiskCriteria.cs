using System.Globalization;

namespace AimsBot.Domain.Risks;

/// <summary>One point of a likelihood or consequence scale: a short name (on cards and in lists) and what it means.</summary>
public sealed class RiskScalePoint
{
    public RiskScalePoint()
    {
    }

    public RiskScalePoint(string name, string description)
    {
        Name = name;
        Description = description;
    }

    public string Name { get; set; } = "";

    public string Description { get; set; } = "";
}

/// <summary>
/// The risk criteria (ISO/IEC 42001 6.1.1, 6.1.2 d): the likelihood and consequence scales, the level matrix, the
/// acceptance threshold and how long an acceptance holds. The host binds them from configuration. A scale or matrix
/// left empty is the built-in default (an empty list rather than a pre-filled one, because binding a list onto
/// defaults appends to them). <see cref="Version"/> names the criteria: a rating records the version it was made
/// under, so a change of criteria is visible in the register; change it whenever the scales or matrix change.
/// </summary>
public sealed class RiskCriteriaOptions
{
    public const int MinScalePoints = 2;
    public const int MaxScalePoints = 10;
    public const int ScaleNameMax = 40;
    public const int ScaleDescriptionMax = 300;
    public const int VersionMax = 20;
    public const int MaxAcceptanceMonths = 60;

    /// <summary>Likelihood 1–5: rare, unlikely, possible, likely, almost certain.</summary>
    public static IReadOnlyList<RiskScalePoint> DefaultLikelihood { get; } =
    [
        new("rare", "Not expected in the system's life; only in exceptional circumstances."),
        new("unlikely", "Could happen, but is not expected within a year."),
        new("possible", "Might happen within a year."),
        new("likely", "Expected to happen within a year."),
        new("almost certain", "Expected to happen often, or already happening."),
    ];

    /// <summary>Consequence 1–5: negligible, minor, moderate, major, severe.</summary>
    public static IReadOnlyList<RiskScalePoint> DefaultConsequence { get; } =
    [
        new("negligible", "No noticeable effect on people or on the organisation."),
        new("minor", "Small, short-lived harm that is easily put right."),
        new("moderate", "Real harm to some people or to the organisation, put right with effort."),
        new("major", "Serious harm to people's rights, safety or livelihood, or to the organisation; hard to put right."),
        new("severe", "Lasting or irreversible harm to many people, or a threat to the organisation itself."),
    ];

    /// <summary>
    /// The built-in matrix, one row per consequence (1 first), each the levels for likelihood 1, 2, …: consequence ×
    /// likelihood 1–4 low, 5–9 medium, 10–16 high, 20–25 very high (the impact assessment's matrix, so a proposed risk
    /// keeps its level).
    /// </summary>
    public static IReadOnlyList<string> DefaultMatrix => Assessments.ImpactScoringOptions.DefaultMatrix;

    /// <summary>The criteria's name, recorded with every rating (1–20 of letters, digits, dots, hyphens).</summary>
    public string Version { get; set; } = "1";

    /// <summary>The likelihood scale, lowest first; empty: <see cref="DefaultLikelihood"/>.</summary>
    public IList<RiskScalePoint> Likelihood { get; set; } = [];

    /// <summary>The consequence scale, lowest first; empty: <see cref="DefaultConsequence"/>.</summary>
    public IList<RiskScalePoint> Consequence { get; set; } = [];

    /// <summary>One row per consequence point, each a level per likelihood point separated by spaces; empty: <see cref="DefaultMatrix"/>.</summary>
    public IList<string> Matrix { get; set; } = [];

    /// <summary>
    /// The highest residual level a risk owner's manager or a risk approver may accept; a plan whose residual level
    /// is above it goes to top management. Default medium.
    /// </summary>
    public string AcceptanceThreshold { get; set; } = "medium";

    /// <summary>How long an approved plan's acceptance of the residual risk holds, in calendar months (default 12).</summary>
    public int AcceptanceValidMonths { get; set; } = 12;

    public IReadOnlyList<RiskScalePoint> LikelihoodScale => Likelihood is { Count: > 0 } ? [.. Likelihood] : DefaultLikelihood;

    public IReadOnlyList<RiskScalePoint> ConsequenceScale => Consequence is { Count: > 0 } ? [.. Consequence] : DefaultConsequence;

    public IReadOnlyList<string> MatrixRows => Matrix is { Count: > 0 } ? [.. Matrix] : DefaultMatrix;

    /// <summary>What is wrong, each naming the setting and what to set; empty when the criteria can be used.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        var version = (Version ?? string.Empty).Trim();
        if (version.Length == 0 || version.Length > VersionMax || !version.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-'))
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"Version '{Version}' is not usable; set it to 1–{VersionMax} letters, digits, dots or hyphens (e.g. '2026.1'), and change it whenever the scales or the matrix change."));
        }

        CheckScale(problems, nameof(Likelihood), LikelihoodScale);
        CheckScale(problems, nameof(Consequence), ConsequenceScale);
        CheckMatrix(problems);

        if (!RiskLevels.TryParse(AcceptanceThreshold, out _))
        {
            problems.Add($"AcceptanceThreshold '{AcceptanceThreshold}' is not a level; set it to low, medium, high or very-high (the highest residual level accepted without top management).");
        }

        if (AcceptanceValidMonths < 1 || AcceptanceValidMonths > MaxAcceptanceMonths)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"AcceptanceValidMonths is {AcceptanceValidMonths}; set it to 1–{MaxAcceptanceMonths} months."));
        }

        return problems;
    }

    /// <summary>The threshold as a level. Throws for criteria with problems (validated at start-up).</summary>
    public RiskLevel Threshold
    {
        get
        {
            EnsureUsable();
            return RiskLevels.TryParse(AcceptanceThreshold, out var level) ? level : RiskLevel.Medium;
        }
    }

    /// <summary>Whether a residual level may be accepted without top management (at the threshold counts as within).</summary>
    public bool IsWithinThreshold(RiskLevel level) => level <= Threshold;

    /// <summary>The level of a likelihood and consequence (both 1-based), or null when either is outside its scale.</summary>
    public RiskLevel? LevelOf(int likelihood, int consequence)
    {
        var matrix = Levels();
        return consequence < 1 || consequence > matrix.Length || likelihood < 1 || likelihood > matrix[consequence - 1].Length
            ? null
            : matrix[consequence - 1][likelihood - 1];
    }

    /// <summary>Rates a likelihood and consequence, recording this version; out of scale → a friendly refusal naming the scale.</summary>
    public Result<RiskRating> Rate(int likelihood, int consequence, string field = "rating")
    {
        var errors = new List<DomainError>();
        var l = LikelihoodScale.Count;
        var c = ConsequenceScale.Count;
        if (likelihood < 1 || likelihood > l)
        {
            errors.Add(new DomainError("risk.rating.likelihood", string.Create(CultureInfo.InvariantCulture, $"Likelihood {likelihood} is not on the scale; choose 1 ({LikelihoodScale[0].Name}) to {l} ({LikelihoodScale[^1].Name})."), field));
        }

        if (consequence < 1 || consequence > c)
        {
            errors.Add(new DomainError("risk.rating.consequence", string.Create(CultureInfo.InvariantCulture, $"Consequence {consequence} is not on the scale; choose 1 ({ConsequenceScale[0].Name}) to {c} ({ConsequenceScale[^1].Name})."), field));
        }

        return Result.FromValidation(errors, () => new RiskRating(likelihood, consequence, LevelOf(likelihood, consequence)!.Value, Version.Trim()));
    }

    /// <summary>
    /// The last day an acceptance approved on <paramref name="approvedOn"/> (a local date) holds: the same day
    /// <see cref="AcceptanceValidMonths"/> months later, clamped to the month's last day (29 February 2028 + 12 months
    /// → 28 February 2029; 31 August + 6 → 28/29 February). The re-review is due on that day and overdue the day after.
    /// </summary>
    public DateOnly AcceptedUntil(DateOnly approvedOn) => approvedOn.AddMonths(AcceptanceValidMonths);

    /// <summary>Maps a point of a 1–<paramref name="fromPoints"/> scale onto a 1–<paramref name="toPoints"/> scale,
    /// ends onto ends, rounding up between them (a risk is rather rated too high than too low).</summary>
    public static int MapPoint(int value, int fromPoints, int toPoints)
    {
        if (fromPoints < 2 || toPoints < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(fromPoints), "Scales have at least two points.");
        }

        var clamped = Math.Clamp(value, 1, fromPoints);
        if (fromPoints == toPoints)
        {
            return clamped;
        }

        // (v - 1)(to - 1) / (from - 1) + 1, rounded up, in integers.
        var scaled = ((clamped - 1) * (toPoints - 1) + (fromPoints - 2)) / (fromPoints - 1);
        return scaled + 1;
    }

    internal RiskLevel[][] Levels()
    {
        EnsureUsable();
        return MatrixRows.Select(row => row.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(cell => RiskLevels.TryParse(cell, out var level) ? level : RiskLevel.Low).ToArray()).ToArray();
    }

    private void EnsureUsable()
    {
        if (Problems() is { Count: > 0 } problems)
        {
            throw new InvalidOperationException("The risk criteria have problems: " + string.Join(" ", problems));
        }
    }

    private static void CheckScale(List<string> problems, string name, IReadOnlyList<RiskScalePoint> scale)
    {
        if (scale.Count < MinScalePoints || scale.Count > MaxScalePoints)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"{name} has {scale.Count} points; give it {MinScalePoints}–{MaxScalePoints} points, lowest first, each with a Name and a Description (or none for the default 5-point scale)."));
            return;
        }

        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < scale.Count; i++)
        {
            var point = scale[i];
            var pointName = (point?.Name ?? string.Empty).Trim();
            var description = (point?.Description ?? string.Empty).Trim();
            var where = string.Create(CultureInfo.InvariantCulture, $"{name}:{i}");
            if (pointName.Length == 0 || pointName.Length > ScaleNameMax || TextRules.HasControlCharacters(pointName, allowLineBreaks: false))
            {
                problems.Add(string.Create(CultureInfo.InvariantCulture, $"{where}:Name (point {i + 1}) must be 1–{ScaleNameMax} characters on one line, e.g. 'likely'."));
            }
            else if (!seen.Add(pointName))
            {
                problems.Add(string.Create(CultureInfo.InvariantCulture, $"{where}:Name '{pointName}' is used by an earlier point of {name}; give every point its own name."));
            }

            if (description.Length == 0 || description.Length > ScaleDescriptionMax || TextRules.HasControlCharacters(description, allowLineBreaks: false))
            {
                problems.Add(string.Create(CultureInfo.InvariantCulture, $"{where}:Description (point {i + 1}) must say what the point means in 1–{ScaleDescriptionMax} characters on one line."));
            }
        }
    }

    private void CheckMatrix(List<string> problems)
    {
        var rows = MatrixRows;
        var likelihoods = LikelihoodScale.Count;
        var consequences = ConsequenceScale.Count;
        if (rows.Count != consequences)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"Matrix has {rows.Count} rows but Consequence has {consequences} points; give one row per consequence point (lowest first), each with one level per likelihood point."));
            return;
        }

        var levels = new RiskLevel[rows.Count][];
        var wellFormed = true;
        for (var row = 0; row < rows.Count; row++)
        {
            var cells = (rows[row] ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (cells.Length != likelihoods)
            {
                problems.Add(string.Create(CultureInfo.InvariantCulture, $"Matrix row {row + 1} (consequence {row + 1}) has {cells.Length} levels but Likelihood has {likelihoods} points; list one level per likelihood, e.g. 'low low medium high high'."));
                wellFormed = false;
                continue;
            }

            levels[row] = new RiskLevel[cells.Length];
            for (var column = 0; column < cells.Length; column++)
            {
                if (RiskLevels.TryParse(cells[column], out var level))
                {
                    levels[row][column] = level;
                }
                else
                {
                    problems.Add(string.Create(CultureInfo.InvariantCulture, $"Matrix row {row + 1}: '{cells[column]}' is not a level; use low, medium, high or very-high."));
                    wellFormed = false;
                }
            }
        }

        if (!wellFormed)
        {
            return;
        }

        // A more likely or more serious risk must never come out lower: that matrix would rank risks backwards.
        for (var row = 0; row < levels.Length; row++)
        {
            for (var column = 0; column < likelihoods; column++)
            {
                if (column > 0 && levels[row][column] < levels[row][column - 1])
                {
                    problems.Add(string.Create(CultureInfo.InvariantCulture, $"Matrix row {row + 1}: likelihood {column + 1} gives {levels[row][column].Words()} but likelihood {column} gives {levels[row][column - 1].Words()}; a higher likelihood must never lower the level."));
                }

                if (row > 0 && levels[row][column] < levels[row - 1][column])
                {
                    problems.Add(string.Create(CultureInfo.InvariantCulture, $"Matrix row {row + 1}: consequence {row + 1} gives {levels[row][column].Words()} at likelihood {column + 1} but consequence {row} gives {levels[row - 1][column].Words()}; a higher consequence must never lower the level."));
                }
            }
        }
    }
}

/// <summary>A likelihood and consequence (1-based on the criteria's scales), the level the matrix gave, and the criteria version that rated it.</summary>
public sealed record RiskRating(int Likelihood, int Consequence, RiskLevel Level, string CriteriaVersion);
