using AimsBot.Domain.Risks;
using AimsBot.Domain.Tests.Support;

namespace AimsBot.Domain.Tests.Risks;

public class RiskCriteriaTests
{
    private static readonly RiskCriteriaOptions Defaults = new();

    /// <summary>Every cell of the default 5 × 5 matrix: consequence × likelihood 1–4 low, 5–9 medium, 10–16 high, 20–25 very high.</summary>
    public static TheoryData<int, int, RiskLevel> DefaultCells()
    {
        var data = new TheoryData<int, int, RiskLevel>();
        for (var likelihood = 1; likelihood <= 5; likelihood++)
        {
            for (var consequence = 1; consequence <= 5; consequence++)
            {
                var product = likelihood * consequence;
                data.Add(likelihood, consequence, product switch
                {
                    <= 4 => RiskLevel.Low,
                    <= 9 => RiskLevel.Medium,
                    <= 16 => RiskLevel.High,
                    _ => RiskLevel.VeryHigh,
                });
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(DefaultCells))]
    public void The_default_matrix_bands_likelihood_times_consequence(int likelihood, int consequence, RiskLevel expected)
    {
        var rating = Build.Ok(Defaults.Rate(likelihood, consequence));

        Assert.Equal(new RiskRating(likelihood, consequence, expected, "1"), rating);
    }

    [Fact]
    public void The_defaults_are_usable_with_named_five_point_scales_a_medium_threshold_and_a_year_of_acceptance()
    {
        Assert.Empty(Defaults.Problems());
        Assert.Equal(["rare", "unlikely", "possible", "likely", "almost certain"], Defaults.LikelihoodScale.Select(p => p.Name));
        Assert.Equal(["negligible", "minor", "moderate", "major", "severe"], Defaults.ConsequenceScale.Select(p => p.Name));
        Assert.All(Defaults.LikelihoodScale.Concat(Defaults.ConsequenceScale), p => Assert.False(string.IsNullOrWhiteSpace(p.Description)));
        Assert.Equal(RiskLevel.Medium, Defaults.Threshold);
        Assert.True(Defaults.IsWithinThreshold(RiskLevel.Medium));
        Assert.False(Defaults.IsWithinThreshold(RiskLevel.High));
        Assert.Equal(new DateOnly(2027, 11, 23), Defaults.AcceptedUntil(new DateOnly(2026, 11, 23)));
    }

    [Fact]
    public void A_rating_off_the_scale_is_refused_naming_the_scale()
    {
        var result = Defaults.Rate(0, 6);

        Assert.Equal("Likelihood 0 is not on the scale; choose 1 (rare) to 5 (almost certain).", Build.Fails(result, "risk.rating.likelihood").Message);
        Assert.Equal("Consequence 6 is not on the scale; choose 1 (negligible) to 5 (severe).", Build.Fails(result, "risk.rating.consequence").Message);
        Assert.Null(Defaults.LevelOf(6, 1));
    }

    [Fact]
    public void Custom_three_point_criteria_rate_on_their_own_matrix_and_record_their_version()
    {
        var criteria = ThreeByThree();

        Assert.Empty(criteria.Problems());
        Assert.Equal(new RiskRating(3, 1, RiskLevel.Medium, "2026.1"), Build.Ok(criteria.Rate(3, 1)));
        Assert.Equal(RiskLevel.VeryHigh, criteria.LevelOf(3, 3));
        Assert.Equal(RiskLevel.High, criteria.Threshold);
        Assert.Equal(new DateOnly(2027, 5, 30), criteria.AcceptedUntil(new DateOnly(2026, 11, 30)));
    }

    [Fact]
    public void The_acceptance_period_ends_on_the_same_day_clamped_to_the_months_last_day()
    {
        // 29 February 2028 + 12 months: there is no 29 February 2029, so the acceptance holds until 28 February.
        Assert.Equal(new DateOnly(2029, 2, 28), Defaults.AcceptedUntil(new DateOnly(2028, 2, 29)));
        var halfYear = new RiskCriteriaOptions { AcceptanceValidMonths = 6 };
        Assert.Equal(new DateOnly(2027, 2, 28), halfYear.AcceptedUntil(new DateOnly(2026, 8, 31)));
        Assert.Equal(new DateOnly(2028, 2, 29), halfYear.AcceptedUntil(new DateOnly(2027, 8, 31)));
    }

    [Fact]
    public void Every_misconfiguration_is_listed_with_what_to_set()
    {
        var criteria = new RiskCriteriaOptions
        {
            Version = "two words",
            Likelihood = [new("rare", "Hardly ever."), new("Rare", ""), new("often", "Often.")],
            Consequence = [new("only", "A single point.")],
            Matrix = ["low medium"],
            AcceptanceThreshold = "tolerable",
            AcceptanceValidMonths = 0,
        };

        var problems = criteria.Problems();

        Assert.Equal(
            [
                "Version 'two words' is not usable; set it to 1–20 letters, digits, dots or hyphens (e.g. '2026.1'), and change it whenever the scales or the matrix change.",
                "Likelihood:1:Name 'Rare' is used by an earlier point of Likelihood; give every point its own name.",
                "Likelihood:1:Description (point 2) must say what the point means in 1–300 characters on one line.",
                "Consequence has 1 points; give it 2–10 points, lowest first, each with a Name and a Description (or none for the default 5-point scale).",
                "Matrix row 1 (consequence 1) has 2 levels but Likelihood has 3 points; list one level per likelihood, e.g. 'low low medium high high'.",
                "AcceptanceThreshold 'tolerable' is not a level; set it to low, medium, high or very-high (the highest residual level accepted without top management).",
                "AcceptanceValidMonths is 0; set it to 1–60 months.",
            ],
            problems);
        Assert.Throws<InvalidOperationException>(() => criteria.Rate(1, 1));
    }

    [Fact]
    public void A_matrix_with_the_wrong_shape_an_unknown_level_or_a_level_that_falls_is_refused()
    {
        Assert.Equal(
            ["Matrix has 2 rows but Consequence has 5 points; give one row per consequence point (lowest first), each with one level per likelihood point."],
            new RiskCriteriaOptions { Matrix = ["low low low low low", "low low low low low"] }.Problems());

        var unknown = ThreeByThree();
        unknown.Matrix[1] = "low severe high";
        Assert.Equal(["Matrix row 2: 'severe' is not a level; use low, medium, high or very-high."], unknown.Problems());

        var falling = ThreeByThree();
        falling.Matrix[1] = "medium low high";
        falling.Matrix[2] = "medium medium medium";
        Assert.Equal(
            [
                "Matrix row 2: likelihood 2 gives low but likelihood 1 gives medium; a higher likelihood must never lower the level.",
                "Matrix row 3: consequence 3 gives medium at likelihood 3 but consequence 2 gives high; a higher consequence must never lower the level.",
            ],
            falling.Problems());
    }

    [Theory]
    [InlineData(1, 5, 5, 1)]
    [InlineData(5, 5, 5, 5)]
    [InlineData(3, 5, 5, 3)]
    [InlineData(1, 5, 3, 1)]
    [InlineData(2, 5, 3, 2)]
    [InlineData(3, 5, 3, 2)]
    [InlineData(4, 5, 3, 3)]
    [InlineData(5, 5, 3, 3)]
    [InlineData(2, 5, 10, 4)]
    [InlineData(5, 5, 10, 10)]
    [InlineData(2, 3, 5, 3)]
    public void A_point_maps_end_to_end_onto_another_scale_rounding_up(int value, int from, int to, int expected) =>
        Assert.Equal(expected, RiskCriteriaOptions.MapPoint(value, from, to));

    [Theory]
    [InlineData("R-12", 12)]
    [InlineData("r12", 12)]
    [InlineData(" R 7 ", 7)]
    [InlineData("R-007", 7)]
    [InlineData("'R-3'.", 3)]
    public void A_risk_id_reads_forgivingly_and_prints_as_R_dash_number(string typed, int number)
    {
        Assert.True(RiskId.TryParse(typed, out var id));
        Assert.Equal(number, id.Number);
        Assert.Equal("R-" + number.ToString(System.Globalization.CultureInfo.InvariantCulture), id.ToString());
        Assert.Equal(id, RiskId.Parse(id.ToString()));
    }

    [Theory]
    [InlineData("12")]
    [InlineData("R-0")]
    [InlineData("R-")]
    [InlineData("RR-1")]
    [InlineData("R-1000000")]
    [InlineData("R-1.5")]
    [InlineData("")]
    public void Anything_else_is_not_a_risk_id(string typed)
    {
        Assert.False(RiskId.TryParse(typed, out _));
        Assert.StartsWith($"'{typed}' is not a risk id. Risk ids look like R-12", Build.Fails(RiskId.Read(typed), "risk.id.invalid").Message, StringComparison.Ordinal);
    }

    internal static RiskCriteriaOptions ThreeByThree() => new()
    {
        Version = "2026.1",
        Likelihood = [new("rare", "Hardly ever."), new("possible", "Now and then."), new("likely", "Often.")],
        Consequence = [new("minor", "Put right easily."), new("serious", "Hard to put right."), new("grave", "Cannot be put right.")],
        Matrix = ["low low medium", "low medium high", "medium high very-high"],
        AcceptanceThreshold = "high",
        AcceptanceValidMonths = 6,
    };
}
