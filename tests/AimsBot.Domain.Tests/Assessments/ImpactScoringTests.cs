using AimsBot.Domain.Assessments;
using AimsBot.Domain.Tests.Support;
using static AimsBot.Domain.Tests.Assessments.AssessmentTestData;

namespace AimsBot.Domain.Tests.Assessments;

public class ImpactScoringTests
{
    private static readonly Questionnaire Q = QuestionnaireLoader.Shipped;

    private static Dictionary<string, SectionAnswers> Answers(string sensitiveUses, params IReadOnlyDictionary<string, string?>[] impacts) => new()
    {
        ["system"] = Build.Ok(SectionAnswerValidator.Validate(Q.Section("system")!, Values(("sensitive-uses", sensitiveUses)))),
        ["impacts"] = Build.Ok(SectionAnswerValidator.Validate(Q.Section("impacts")!, impacts)),
    };

    [Theory]
    [InlineData("1", "1", ImpactLevel.Low)]
    [InlineData("1", "4", ImpactLevel.Low)]
    [InlineData("1", "5", ImpactLevel.Medium)]
    [InlineData("5", "1", ImpactLevel.Medium)]
    [InlineData("2", "3", ImpactLevel.Medium)]
    [InlineData("3", "3", ImpactLevel.Medium)]
    [InlineData("2", "5", ImpactLevel.High)]
    [InlineData("3", "4", ImpactLevel.High)]
    [InlineData("4", "4", ImpactLevel.High)]
    [InlineData("4", "5", ImpactLevel.VeryHigh)]
    [InlineData("5", "4", ImpactLevel.VeryHigh)]
    [InlineData("5", "5", ImpactLevel.VeryHigh)]
    public void A_harms_level_is_the_default_matrix_cell_of_severity_and_likelihood(string severity, string likelihood, ImpactLevel level)
    {
        var score = Build.Ok(ImpactScoring.Score(Q, Answers("none", Harm(severity, likelihood)), new ImpactScoringOptions()));

        var harm = Assert.Single(score.Harms);
        Assert.Equal(level, harm.Level);
        Assert.False(harm.RaisedForSensitiveUse);
        Assert.Equal(level, score.Overall);
    }

    [Fact]
    public void The_default_matrix_is_the_product_of_severity_and_likelihood_banded()
    {
        var options = new ImpactScoringOptions();
        for (var s = 1; s <= 5; s++)
        {
            for (var l = 1; l <= 5; l++)
            {
                var product = s * l;
                var expected = product switch { <= 4 => ImpactLevel.Low, <= 9 => ImpactLevel.Medium, <= 16 => ImpactLevel.High, _ => ImpactLevel.VeryHigh };
                var score = Build.Ok(ImpactScoring.Score(Q, Answers("none", Harm($"{s}", $"{l}")), options));
                Assert.True(expected == score.Overall, $"severity {s} × likelihood {l}: expected {expected}, got {score.Overall}");
            }
        }
    }

    [Theory]
    [InlineData("biometric-identification")]
    [InlineData("children")]
    [InlineData("employment")]
    [InlineData("credit")]
    [InlineData("essential-services")]
    public void A_sensitive_use_raises_every_harm_to_high_but_never_lowers_one(string use)
    {
        var score = Build.Ok(ImpactScoring.Score(Q, Answers(use, Harm("1", "1"), Harm("5", "5"), Benefit("5", "5")), new ImpactScoringOptions()));

        Assert.Equal([ImpactLevel.High, ImpactLevel.VeryHigh], score.Harms.Select(h => h.Level));
        Assert.Equal([ImpactLevel.Low, ImpactLevel.VeryHigh], score.Harms.Select(h => h.MatrixLevel));
        Assert.Equal([true, false], score.Harms.Select(h => h.RaisedForSensitiveUse));
        Assert.Equal([use], score.SensitiveUses);
        Assert.Equal(ImpactLevel.VeryHigh, score.Overall);
    }

    [Fact]
    public void A_sensitive_use_puts_the_overall_level_at_high_even_with_only_benefits()
    {
        var score = Build.Ok(ImpactScoring.Score(Q, Answers("employment,credit", Benefit("5", "5")), new ImpactScoringOptions()));
        Assert.Empty(score.Harms);
        Assert.Equal(ImpactLevel.High, score.Overall);

        var plain = Build.Ok(ImpactScoring.Score(Q, Answers("none", Benefit("5", "5")), new ImpactScoringOptions()));
        Assert.Equal(ImpactLevel.Low, plain.Overall);
    }

    [Fact]
    public void The_overall_level_is_the_highest_harm_and_benefits_do_not_count()
    {
        var score = Build.Ok(ImpactScoring.Score(Q, Answers("none", Harm("2", "2"), Benefit("5", "5"), Harm("3", "4"), Harm("1", "5")), new ImpactScoringOptions()));

        Assert.Equal([1, 3, 4], score.Harms.Select(h => h.Item));
        Assert.Equal([ImpactLevel.Low, ImpactLevel.High, ImpactLevel.Medium], score.Harms.Select(h => h.Level));
        Assert.Equal(ImpactLevel.High, score.Overall);
    }

    [Fact]
    public void A_harm_without_severity_or_likelihood_yet_is_listed_as_unscored()
    {
        var unfinished = Values(("effect", "harm"), ("severity", "5"));
        var score = Build.Ok(ImpactScoring.Score(Q, Answers("none", Harm("2", "2"), unfinished), new ImpactScoringOptions()));

        Assert.Equal([2], score.Unscored);
        Assert.Equal(ImpactLevel.Low, score.Overall);
    }

    [Fact]
    public void A_configured_matrix_and_floor_replace_the_defaults()
    {
        var strict = new ImpactScoringOptions
        {
            Matrix = ["medium high high high high", "high high high high very-high", "high high very-high very-high very-high", "very-high very-high very-high very-high very-high", "very-high very-high very-high very-high very-high"],
            SensitiveUseFloor = "very-high",
        };
        Assert.Empty(strict.Problems());

        Assert.Equal(ImpactLevel.Medium, Build.Ok(ImpactScoring.Score(Q, Answers("none", Harm("1", "1")), strict)).Overall);
        Assert.Equal(ImpactLevel.VeryHigh, Build.Ok(ImpactScoring.Score(Q, Answers("children", Harm("1", "1")), strict)).Overall);
    }

    [Fact]
    public void A_matrix_smaller_than_the_questionnaires_scales_refuses_to_score_instead_of_guessing()
    {
        var small = new ImpactScoringOptions { Matrix = ["low medium high", "medium high high", "high high very-high"] };
        Assert.Empty(small.Problems());

        var error = Build.Fails(ImpactScoring.Score(Q, Answers("none", Harm("4", "2")), small), "assessment.scoring.outside-matrix");
        Assert.Contains("3 × 3", error.Message, StringComparison.Ordinal);
        Assert.Equal(ImpactLevel.High, Build.Ok(ImpactScoring.Score(Q, Answers("none", Harm("3", "2")), small)).Overall);
    }

    [Fact]
    public void Bad_scoring_options_are_each_described()
    {
        var bad = new ImpactScoringOptions { Matrix = ["low low", "low", "low severe"], SensitiveUseFloor = "urgent" };

        Assert.Equal(
            [
                "Matrix row 2 has 1 levels but row 1 has 2; every row needs one level per likelihood.",
                "Matrix row 3: 'severe' is not a level; use low, medium, high or very-high.",
                "SensitiveUseFloor 'urgent' is not a level; use low, medium, high or very-high.",
            ],
            bad.Problems());
        Assert.Single(new ImpactScoringOptions { Matrix = [] }.Problems());
        Assert.Empty(new ImpactScoringOptions().Problems());
    }
}
