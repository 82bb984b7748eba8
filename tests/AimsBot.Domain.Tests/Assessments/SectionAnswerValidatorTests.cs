using AimsBot.Domain.Assessments;
using AimsBot.Domain.Tests.Support;
using static AimsBot.Domain.Tests.Assessments.AssessmentTestData;

namespace AimsBot.Domain.Tests.Assessments;

public class SectionAnswerValidatorTests
{
    private static readonly Questionnaire Q = QuestionnaireLoader.Shipped;

    private static QuestionnaireSection S(string id) => Q.Section(id)!;

    [Fact]
    public void Short_text_is_trimmed_kept_to_its_limit_and_to_one_line()
    {
        var ok = Build.Ok(SectionAnswerValidator.Validate(S("impacts"), [Values(("affected", "  Applicants  "))]));
        Assert.Equal("Applicants", ok.Items[0]["affected"]);

        var tooLong = Build.Fails(SectionAnswerValidator.Validate(S("impacts"), [Values(("affected", new string('a', 301)))]), "answer.too-long");
        Assert.Equal("'Who is affected?' (impact 1) can be at most 300 characters (it has 301).", tooLong.Message);
        Assert.Equal("impacts[1].affected", tooLong.Field);

        var twoLines = Build.Fails(SectionAnswerValidator.Validate(S("impacts"), [Values(("affected", "Applicants\nRecruiters"))]), "answer.control-characters");
        Assert.Contains("single line", twoLines.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Long_text_takes_line_breaks_and_has_its_minimum_and_maximum()
    {
        var ok = Build.Ok(SectionAnswerValidator.Validate(S("data"), Values(("data-sources", "Careers site.\nReferral forms."))));
        Assert.Equal("Careers site.\nReferral forms.", ok.Single["data-sources"]);

        var tooShort = Build.Fails(SectionAnswerValidator.Validate(S("data"), Values(("data-sources", "CVs"))), "answer.too-short");
        Assert.Equal("'Where does the data come from?' needs at least 10 characters (it has 3).", tooShort.Message);
        Assert.Equal("data.data-sources", tooShort.Field);

        Build.Fails(SectionAnswerValidator.Validate(S("data"), Values(("data-sources", new string('x', 2001)))), "answer.too-long");
        Build.Fails(SectionAnswerValidator.Validate(S("data"), Values(("data-sources", "Careers site\u0007 and more"))), "answer.control-characters");
    }

    [Fact]
    public void Every_problem_in_a_submission_is_reported_together_and_nothing_is_accepted()
    {
        var result = SectionAnswerValidator.Validate(S("data"), Values(
            ("data-sources", "CVs"),
            ("personal-data", "perhaps"),
            ("data-provenance", new string('p', 2001))));

        Assert.Equal(["answer.too-short", "answer.choice.not-offered", "answer.too-long"], result.Errors.Select(e => e.Code));
    }

    [Theory]
    [InlineData("model", "model-type", "neural")]
    [InlineData("model", "model-type", "rules,generative")]
    [InlineData("misuse", "misuse-foreseen", "true")]
    [InlineData("impacts", "severity", "6")]
    [InlineData("impacts", "severity", "0")]
    [InlineData("impacts", "likelihood", "high")]
    [InlineData("system", "sensitive-uses", "children,mind-reading")]
    public void A_choice_the_question_does_not_offer_is_refused_as_tampered_card_data(string section, string question, string value)
    {
        var result = SectionAnswerValidator.Validate(S(section), [Values((question, value))]);

        var error = Build.Fails(result, "answer.choice.not-offered");
        Assert.Contains("does not offer", error.Message, StringComparison.Ordinal);
        Assert.Contains("Nothing was saved", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("." + question, error.Field, StringComparison.Ordinal);
    }

    [Fact]
    public void Choices_are_matched_regardless_of_case_and_stored_as_the_options_values_in_the_questions_order()
    {
        var answers = Build.Ok(SectionAnswerValidator.Validate(S("system"), Values(("sensitive-uses", " Credit , children,credit "))));
        Assert.Equal("children,credit", answers.Single["sensitive-uses"]);
        Assert.Equal(["children", "credit"], answers.Single.Choices("sensitive-uses"));

        var yes = Build.Ok(SectionAnswerValidator.Validate(S("misuse"), Values(("misuse-foreseen", "YES"))));
        Assert.Equal("yes", yes.Single["misuse-foreseen"]);

        var scale = Build.Ok(SectionAnswerValidator.Validate(S("impacts"), [Values(("severity", "4"), ("likelihood", "1"))]));
        Assert.Equal(("4", "1"), (scale.Items[0]["severity"], scale.Items[0]["likelihood"]));
    }

    [Fact]
    public void A_multiple_choice_with_a_selection_limit_refuses_more()
    {
        var limited = QuestionnaireLoaderTestsSupport.WithMaxSelections(2);

        var error = Build.Fails(SectionAnswerValidator.Validate(limited.Section("system")!, Values(("sensitive-uses", "children,credit,employment"))), "answer.choice.too-many");
        Assert.Equal("'Is the system used in any of these areas?' takes at most 2 choices (3 were ticked).", error.Message);
        Build.Ok(SectionAnswerValidator.Validate(limited.Section("system")!, Values(("sensitive-uses", "children,credit"))));
    }

    [Fact]
    public void A_follow_up_is_kept_only_while_its_condition_holds_and_a_changed_answer_clears_it()
    {
        var misuse = S("misuse");
        var typed = Values(
            ("misuse-foreseen", "yes"),
            ("misuse-description", "Recruiters could rank internal candidates with it."),
            ("misuse-reasoning", "Stale text from when the answer was no."));

        var yes = Build.Ok(SectionAnswerValidator.Validate(misuse, typed)).Single;
        Assert.Equal("Recruiters could rank internal candidates with it.", yes["misuse-description"]);
        Assert.Null(yes["misuse-reasoning"]);

        typed["misuse-foreseen"] = "no";
        var no = Build.Ok(SectionAnswerValidator.Validate(misuse, typed)).Single;
        Assert.Null(no["misuse-description"]);
        Assert.Equal("Stale text from when the answer was no.", no["misuse-reasoning"]);

        // Unanswered: neither follow-up is shown, so neither is kept nor missing.
        typed.Remove("misuse-foreseen");
        var none = Build.Ok(SectionAnswerValidator.Validate(misuse, typed));
        Assert.True(none.Single.IsEmpty);
        Assert.Equal(["misuse-foreseen"], SectionAnswerValidator.Missing(Q, misuse, none).Select(m => m.QuestionId));
    }

    [Fact]
    public void A_hidden_follow_up_is_not_checked_even_when_its_value_would_be_refused()
    {
        var answers = Build.Ok(SectionAnswerValidator.Validate(S("data"), Values(
            ("personal-data", "no"),
            ("personal-data-categories", "not-a-category"),
            ("personal-data-basis", new string('b', 5000)))));

        Assert.Equal("no", answers.Single["personal-data"]);
        Assert.Null(answers.Single["personal-data-categories"]);
    }

    [Fact]
    public void A_follow_up_shown_for_any_of_several_answers()
    {
        var model = S("model");
        foreach (var origin in new[] { "adapted", "third-party-service" })
        {
            var missing = SectionAnswerValidator.Missing(Q, model, Build.Ok(SectionAnswerValidator.Validate(model, Values(("model-origin", origin)))));
            Assert.Contains(missing, m => m.QuestionId == "model-supplier");
        }

        var inHouse = SectionAnswerValidator.Missing(Q, model, Build.Ok(SectionAnswerValidator.Validate(model, Values(("model-origin", "in-house"), ("model-supplier", "Acme")))));
        Assert.DoesNotContain(inHouse, m => m.QuestionId == "model-supplier");
    }

    [Fact]
    public void Missing_required_answers_are_listed_by_question_while_what_was_typed_is_kept()
    {
        var data = Build.Ok(SectionAnswerValidator.Validate(S("data"), Values(("data-sources", "Applications from the careers site."), ("personal-data", "yes"))));

        Assert.Equal("Applications from the careers site.", data.Single["data-sources"]);
        var missing = SectionAnswerValidator.Missing(Q, S("data"), data);
        Assert.Equal(["personal-data-categories", "personal-data-basis", "data-provenance"], missing.Select(m => m.QuestionId));
        Assert.Equal("Step 3 (Data): 'Which kinds of personal data?' needs an answer.", missing[0].ToError().Message);
        Assert.Equal("data.personal-data-categories", missing[0].ToError().Field);
    }

    [Fact]
    public void Impacts_repeat_each_item_checked_on_its_own_up_to_the_limit()
    {
        var impacts = S("impacts");
        var two = Build.Ok(SectionAnswerValidator.Validate(impacts, [Harm("4", "3"), Benefit("2", "5")]));
        Assert.Equal(2, two.Items.Count);
        Assert.Equal("with-effort", two.Items[0]["reversibility"]);
        Assert.Null(two.Items[1]["reversibility"]);

        // Item 2 names no area: it is listed against item 2; item 1 is complete.
        var partial = Build.Ok(SectionAnswerValidator.Validate(impacts, [Harm("4", "3"), Values(("effect", "harm"))]));
        var missing = SectionAnswerValidator.Missing(Q, impacts, partial);
        Assert.All(missing, m => Assert.Equal(2, m.Item));
        Assert.Equal("Step 7 (Impacts): 'What does it concern?' needs an answer for impact 2.", missing[0].ToError().Message);
        Assert.Equal("impacts[2].area", missing[0].ToError().Field);

        var tampered = Build.Fails(SectionAnswerValidator.Validate(impacts, [Harm("4", "3"), Harm("9", "3")]), "answer.choice.not-offered");
        Assert.Equal("impacts[2].severity", tampered.Field);

        var tooMany = Enumerable.Range(0, 21).Select(_ => Harm("1", "1")).ToList();
        var error = Build.Fails(SectionAnswerValidator.Validate(impacts, tooMany), "answer.items.too-many");
        Assert.Equal("'Impacts' can have at most 20 impacts (this has 21); remove one first.", error.Message);
        Build.Ok(SectionAnswerValidator.Validate(impacts, tooMany.Take(20).ToList()));
    }

    [Fact]
    public void A_repeatable_section_with_no_item_needs_at_least_one_and_a_plain_section_takes_one_item_only()
    {
        var none = Build.Ok(SectionAnswerValidator.Validate(S("impacts"), []));
        var missing = Assert.Single(SectionAnswerValidator.Missing(Q, S("impacts"), none));
        Assert.Equal("Step 7 (Impacts): at least 1 impact needed.", missing.ToError().Message);

        Build.Fails(SectionAnswerValidator.Validate(S("data"), [Values(), Values()]), "answer.items.not-repeatable");
    }

    [Fact]
    public void Keys_that_are_not_questions_of_the_section_are_ignored()
    {
        var answers = Build.Ok(SectionAnswerValidator.Validate(S("misuse"), Values(("misuse-foreseen", "no"), ("verb", "assess.next"), ("data-sources", "elsewhere"))));
        Assert.Equal(["misuse-foreseen"], answers.Single.Values.Keys);
    }
}

internal static class QuestionnaireLoaderTestsSupport
{
    public static Questionnaire WithMaxSelections(int max) =>
        Build.Ok(LoadEdited(root => Question(root, "system", "sensitive-uses")["maxSelections"] = max));
}
