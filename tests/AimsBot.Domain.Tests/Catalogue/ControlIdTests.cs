using AimsBot.Domain.Catalogue;
using AimsBot.Domain.Tests.Support;

namespace AimsBot.Domain.Tests.Catalogue;

public class ControlIdTests
{
    [Theory]
    [InlineData("A.6.2.6")]
    [InlineData("a6.2.6")]
    [InlineData("A6.2.6")]
    [InlineData("a.6.2.6")]
    [InlineData("  A.6.2.6  ")]
    [InlineData("A.6.2.6.")]
    [InlineData("(a6.2.6)")]
    [InlineData("\"A.6.2.6\",")]
    [InlineData("'a.6.2.6'?")]
    [InlineData("A 6.2.6")]
    [InlineData("Annex A.6.2.6")]
    [InlineData("annex a6.2.6:")]
    [InlineData("\tA.6.2.6\n")]
    public void Forgiving_spellings_of_a_control_id_read_as_the_canonical_id(string typed)
    {
        Assert.True(ControlId.TryParse(typed, out var id));
        Assert.Equal("A.6.2.6", id.Value);
        Assert.Equal("A.6.2.6", id.ToString());
    }

    [Theory]
    [InlineData("a10.4", "A.10.4")]
    [InlineData("A.2.2", "A.2.2")]
    [InlineData("a.6.1.2", "A.6.1.2")]
    [InlineData("A.06.2.06", "A.6.2.6")]
    public void Other_controls_parse_to_their_canonical_form(string typed, string canonical)
    {
        Assert.True(ControlId.TryParse(typed, out var id));
        Assert.Equal(canonical, id.Value);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("6.2.6")] // a clause-style number without the A is not taken as a control
    [InlineData("A.6.2.9")] // does not exist
    [InlineData("A.1.1")]
    [InlineData("A.6.1")] // heading
    [InlineData("A.6")] // objective
    [InlineData("B.6.2.6")]
    [InlineData("A..6.2.6")]
    [InlineData("A.6.2.6.1")]
    [InlineData("A.6-2-6")]
    [InlineData("A.6.2.x")]
    [InlineData("A.6.2.6 because")]
    [InlineData("A.6.2.0006")]
    public void Anything_that_is_not_a_catalogue_control_is_refused(string? typed)
    {
        Assert.False(ControlId.TryParse(typed, out var id));
        Assert.Null(id);
    }

    [Fact]
    public void Two_spellings_of_one_control_are_the_same_id()
    {
        Assert.Equal(ControlId.Parse("a6.2.6"), ControlId.Parse("A.6.2.6"));
        Assert.True(ControlId.Parse("a6.2.6") == ControlId.Parse(" A.6.2.6 "));
        Assert.NotEqual(ControlId.Parse("A.6.2.6"), ControlId.Parse("A.6.2.7"));
        Assert.Equal(ControlId.Parse("a6.2.6").GetHashCode(), ControlId.Parse("A.6.2.6").GetHashCode());
    }

    [Fact]
    public void Ids_sort_numerically_in_catalogue_order_not_alphabetically()
    {
        var shuffled = new[] { "A.10.2", "A.6.2.8", "A.2.2", "A.7.2", "A.6.1.3", "A.2.4", "A.9.4" }.Select(ControlId.Parse);
        Assert.Equal(
            ["A.2.2", "A.2.4", "A.6.1.3", "A.6.2.8", "A.7.2", "A.9.4", "A.10.2"],
            shuffled.Order().Select(i => i.Value));
        Assert.True(ControlId.Parse("A.9.4") < ControlId.Parse("A.10.2"));
        Assert.Equal(AnnexA.Controls.Select(c => c.Id), AnnexA.Controls.Select(c => c.ControlId).Order().Select(i => i.Value));
    }

    [Fact]
    public void Parse_of_an_unknown_id_throws_for_trusted_callers() =>
        Assert.Throws<FormatException>(() => ControlId.Parse("A.6.2.9"));

    [Fact]
    public void A_control_number_past_the_end_suggests_the_nearest_controls_first()
    {
        var suggestions = AnnexA.Suggest("A.6.2.9");
        Assert.Equal(["A.6.2.8", "A.6.2.7", "A.6.2.6"], suggestions.Select(s => s.Value));
    }

    [Fact]
    public void A_nonexistent_objective_suggests_the_first_controls()
    {
        var suggestions = AnnexA.Suggest("A.1.1");
        Assert.NotEmpty(suggestions);
        Assert.Equal("A.2.2", suggestions[0].Value);
    }

    [Theory]
    [InlineData("6.2.6", "A.6.2.6")] // the A was forgotten
    [InlineData("A.62.6", "A.6.2.6")] // a dot was forgotten
    [InlineData("A.6.26", "A.6.2.6")]
    [InlineData("A.7.7", "A.7.6")]
    [InlineData("a.10.5", "A.10.4")]
    [InlineData("A.6.1.4", "A.6.1.3")]
    [InlineData("A.6.2.1", "A.6.2.2")]
    public void Typos_suggest_the_intended_control_first(string typed, string expected) =>
        Assert.Equal(expected, AnnexA.Suggest(typed)[0].Value);

    [Theory]
    [InlineData("hello world")]
    [InlineData("")]
    [InlineData("the quick brown fox jumps over the lazy dog")]
    public void Text_that_resembles_no_id_gets_no_suggestion(string typed) =>
        Assert.Empty(AnnexA.Suggest(typed));

    [Fact]
    public void Suggestions_are_capped() =>
        Assert.Single(AnnexA.Suggest("A.6.2.9", max: 1));

    [Fact]
    public void Finding_an_unknown_id_answers_with_did_you_mean_and_titles()
    {
        var error = Build.Fails(AnnexA.Find("a.6.2.9"), "control.unknown");
        Assert.Equal("'a.6.2.9' is not an Annex A control id. Did you mean A.6.2.8 (AI system recording of event logs), A.6.2.7 (AI system technical documentation) or A.6.2.6 (AI system operation and monitoring)?", error.Message);
    }

    [Fact]
    public void Finding_gibberish_explains_what_an_id_looks_like()
    {
        var error = Build.Fails(AnnexA.Find("hello world"), "control.unknown");
        Assert.Contains("Ids look like A.6.2.6", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Finding_a_heading_explains_it_is_a_heading_and_lists_its_controls()
    {
        var error = Build.Fails(AnnexA.Find("a6.2"), "control.is-heading");
        Assert.Equal("A.6.2 (AI system life cycle) is a heading, not a control. Its controls are A.6.2.2 to A.6.2.8.", error.Message);
    }

    [Fact]
    public void Finding_an_objective_explains_it_is_an_objective_and_lists_its_controls()
    {
        var error = Build.Fails(AnnexA.Find("A.5"), "control.is-objective");
        Assert.Equal("A.5 (Assessing impacts of AI systems) is an objective, not a control. Its controls are A.5.2 to A.5.5.", error.Message);
    }

    [Fact]
    public void Finding_a_forgiving_spelling_returns_the_control()
    {
        var control = Build.Ok(AnnexA.Find(" a10.3 "));
        Assert.Equal("A.10.3", control.Id);
        Assert.Equal("Suppliers", control.Title);
    }

    [Fact]
    public void A_very_long_input_is_shortened_in_the_message()
    {
        var error = Build.Fails(AnnexA.Find(new string('x', 5000)), "control.unknown");
        Assert.True(error.Message.Length < 200);
    }
}
