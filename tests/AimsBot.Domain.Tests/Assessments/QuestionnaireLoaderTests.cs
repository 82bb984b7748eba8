using System.Text.Json.Nodes;
using AimsBot.Domain.Assessments;
using AimsBot.Domain.Tests.Support;

namespace AimsBot.Domain.Tests.Assessments;

public class QuestionnaireLoaderTests
{
    [Fact]
    public void The_shipped_questionnaire_loads_with_no_problems_and_follows_the_42005_headings_in_eight_steps()
    {
        var loaded = QuestionnaireLoader.Load(AssessmentTestData.ShippedJson());

        var questionnaire = Build.Ok(loaded);
        Assert.Equal("impact-assessment@1.0", questionnaire.Key);
        Assert.Equal(questionnaire.Key, QuestionnaireLoader.Shipped.Key);
        Assert.Equal(
            ["system", "misuse", "data", "model", "deployment", "parties", "impacts", "conclusions"],
            questionnaire.Sections.Select(s => s.Id));
        Assert.Equal(3, questionnaire.StepOf("data"));

        var impacts = questionnaire.Section("impacts")!;
        Assert.True(impacts.Repeatable);
        Assert.Equal((1, 20), (impacts.MinItems, impacts.MaxItems));
        Assert.Equal(
            ["fundamental-rights", "fairness", "privacy", "safety", "environment", "economic", "other"],
            impacts.Question("area")!.Options.Select(o => o.Value));
        Assert.Equal(["1", "2", "3", "4", "5"], impacts.Question("severity")!.Options.Select(o => o.Value));
        Assert.Equal(QuestionKind.Scale, impacts.Question("likelihood")!.Kind);

        // Which questions the register fills in.
        var prefilled = questionnaire.Sections.SelectMany(s => s.Questions).Where(q => q.Prefill is not null).ToDictionary(q => q.Id, q => q.Prefill);
        Assert.Equal("system.name", prefilled["system-name"]);
        Assert.Equal("system.intended-use", prefilled["intended-use"]);
        Assert.Equal("system.roles", prefilled["organisation-role"]);

        // The documented sensitive uses.
        Assert.Equal(
            ["biometric-identification", "children", "employment", "credit", "essential-services"],
            questionnaire.Section("system")!.Question("sensitive-uses")!.Options.Where(o => o.Sensitive).Select(o => o.Value));

        // Every kind is used somewhere, and conditional follow-ups are wired.
        Assert.Equal(Enum.GetValues<QuestionKind>().Order(), questionnaire.Sections.SelectMany(s => s.Questions).Select(q => q.Kind).Distinct().Order());
        var followUp = questionnaire.Section("misuse")!.Question("misuse-description")!.ShowWhen!;
        Assert.Equal("misuse-foreseen", followUp.QuestionId);
        Assert.Equal(["yes"], followUp.AnyOf);
    }

    [Fact]
    public void A_broken_file_gets_a_report_of_every_problem_each_saying_where_it_is()
    {
        var result = AssessmentTestData.LoadEdited(root =>
        {
            root["version"] = "1";
            AssessmentTestData.Section(root, "misuse")["id"] = "data";
            AssessmentTestData.Question(root, "model", "performance")["id"] = "data-sources";
            AssessmentTestData.Question(root, "model", "decision-logic")["kind"] = "essay";
            AssessmentTestData.Question(root, "model", "model-type").Remove("options");
            AssessmentTestData.Question(root, "deployment", "environment")["showWhen"] = new JsonObject { ["question"] = "can-contest", ["anyOf"] = new JsonArray("yes") };
            AssessmentTestData.Question(root, "deployment", "monitoring")["showWhen"] = new JsonObject { ["question"] = "no-such-question", ["anyOf"] = new JsonArray("yes") };
            AssessmentTestData.Question(root, "parties", "individuals")["maxLength"] = 5000;
            AssessmentTestData.Question(root, "parties", "groups")["minLength"] = 50;
            AssessmentTestData.Question(root, "parties", "groups")["maxLength"] = 20;
            AssessmentTestData.Question(root, "parties", "society")["requierd"] = true;
            AssessmentTestData.Question(root, "impacts", "area")["options"]!.AsArray()[1]!["value"] = "fundamental-rights";
            AssessmentTestData.Question(root, "impacts", "likelihood")["options"]!.AsArray()[2]!["value"] = "4";
            AssessmentTestData.Question(root, "conclusions", "summary")["prefill"] = "system.budget";
        });

        Assert.True(result.IsFailure);
        Assert.Equal(
            [
                ("questionnaire.version.invalid", "version"),
                ("questionnaire.id.duplicate", "sections.data.id"),
                ("questionnaire.options.missing", "sections.model.questions.model-type.options"),
                ("questionnaire.kind.unknown", "sections.model.questions.decision-logic.kind"),
                ("questionnaire.id.duplicate", "sections.model.questions.data-sources.id"),
                ("questionnaire.condition.later-question", "sections.deployment.questions.environment.showWhen.question"),
                ("questionnaire.condition.unknown-question", "sections.deployment.questions.monitoring.showWhen.question"),
                ("questionnaire.limits.invalid", "sections.parties.questions.individuals.maxLength"),
                ("questionnaire.limits.invalid", "sections.parties.questions.groups.minLength"),
                ("questionnaire.field.unknown", "sections.parties.questions.society.requierd"),
                ("questionnaire.option.duplicate", "sections.impacts.questions.area.options[2].value"),
                ("questionnaire.scale.values", "sections.impacts.questions.likelihood.options[3].value"),
                ("questionnaire.prefill.unknown", "sections.conclusions.questions.summary.prefill"),
            ],
            result.Errors.Select(e => (e.Code, e.Field!)));
        Assert.Contains("major.minor", result.Errors[0].Message, StringComparison.Ordinal);
        Assert.Contains("'essay' is not one I know", result.Errors[3].Message, StringComparison.Ordinal);
        Assert.Contains("comes later", result.Errors[5].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Conditions_must_name_a_choice_question_earlier_in_the_same_section_and_an_answer_it_offers()
    {
        var result = AssessmentTestData.LoadEdited(root =>
        {
            AssessmentTestData.Question(root, "data", "data-quality")["showWhen"] = new JsonObject { ["question"] = "data-sources", ["anyOf"] = new JsonArray("yes") };
            AssessmentTestData.Question(root, "data", "data-provenance")["showWhen"] = new JsonObject { ["question"] = "personal-data", ["anyOf"] = new JsonArray("maybe") };
            AssessmentTestData.Question(root, "model", "performance")["showWhen"] = new JsonObject { ["question"] = "personal-data", ["anyOf"] = new JsonArray("yes") };
            AssessmentTestData.Question(root, "model", "model-origin")["showWhen"] = new JsonObject { ["question"] = "model-origin", ["anyOf"] = new JsonArray("in-house") };
        });

        Assert.True(result.IsFailure);
        Assert.Equal(
            ["questionnaire.condition.value", "questionnaire.condition.not-choice", "questionnaire.condition.self", "questionnaire.condition.other-section"],
            result.Errors.Select(e => e.Code));
    }

    [Fact]
    public void Choice_questions_need_their_options_and_text_questions_take_none()
    {
        var result = AssessmentTestData.LoadEdited(root =>
        {
            AssessmentTestData.Question(root, "data", "personal-data")["options"] = new JsonArray(new JsonObject { ["value"] = "yes", ["label"] = "Yes" });
            AssessmentTestData.Question(root, "data", "data-sources")["options"] = new JsonArray();
            AssessmentTestData.Question(root, "model", "decision-role")["options"] = new JsonArray(new JsonObject { ["value"] = "informs", ["label"] = "Informs" });
            AssessmentTestData.Question(root, "model", "model-type")["options"]!.AsArray()[0]!["value"] = "Rules & Stats";
        });

        Assert.Equal(
            ["questionnaire.options.not-allowed", "questionnaire.options.not-allowed", "questionnaire.option.value.invalid", "questionnaire.options.count"],
            result.Errors.Select(e => e.Code));
    }

    [Fact]
    public void A_pre_filled_question_must_hold_the_longest_register_value_and_be_text()
    {
        var result = AssessmentTestData.LoadEdited(root =>
        {
            AssessmentTestData.Question(root, "system", "system-description")["maxLength"] = 500;
            AssessmentTestData.Question(root, "misuse", "misuse-foreseen")["prefill"] = "system.stage";
        });

        Assert.Equal(["questionnaire.prefill.limit", "questionnaire.prefill.kind"], result.Errors.Select(e => e.Code));
        Assert.Contains("at least that", result.Errors[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_scoring_block_must_point_at_a_repeatable_impact_section_with_scales_and_a_sensitive_use_question()
    {
        var result = AssessmentTestData.LoadEdited(root =>
        {
            root["scoring"]!["severityQuestion"] = "affected";
            root["scoring"]!["sensitiveUseQuestion"] = "personal-data";
            root["scoring"]!["harmValue"] = "hurt";
        });

        Assert.Equal(["questionnaire.scoring.effect", "questionnaire.scoring.scale", "questionnaire.scoring.sensitive-uses"], result.Errors.Select(e => e.Code));
    }

    [Fact]
    public void Repeatable_limits_are_checked()
    {
        var result = AssessmentTestData.LoadEdited(root =>
        {
            AssessmentTestData.Section(root, "impacts")["maxItems"] = 0;
            AssessmentTestData.Section(root, "data")["maxItems"] = 3;
        });

        Assert.Equal(["questionnaire.items.not-repeatable", "questionnaire.items.invalid"], result.Errors.Select(e => e.Code));
    }

    [Theory]
    [InlineData("", "questionnaire.empty")]
    [InlineData("{ \"id\": \"x\", ", "questionnaire.json")]
    [InlineData("[1, 2]", "questionnaire.structure")]
    public void Files_that_are_not_a_questionnaire_object_are_refused_with_one_clear_problem(string json, string code)
    {
        var error = Build.Fails(QuestionnaireLoader.Load(json), code);
        Assert.DoesNotContain("Exception", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_missing_its_parts_lists_each_missing_part()
    {
        var result = QuestionnaireLoader.Load("{ \"id\": \"Impact Assessment\" }");

        Assert.Equal(
            ["questionnaire.id.invalid", "questionnaire.field.missing", "questionnaire.field.missing", "questionnaire.field.missing", "questionnaire.field.missing"],
            result.Errors.Select(e => e.Code));
        Assert.Equal(["id", "version", "title", "sections", "scoring"], result.Errors.Select(e => e.Field));
    }

    [Fact]
    public void A_file_saved_with_a_byte_order_mark_loads()
    {
        var bytes = System.Text.Encoding.UTF8.GetPreamble().Concat(System.Text.Encoding.UTF8.GetBytes(AssessmentTestData.ShippedJson())).ToArray();

        Assert.Equal("impact-assessment@1.0", Build.Ok(QuestionnaireLoader.Load(bytes)).Key);
    }

    [Fact]
    public void A_file_over_the_size_limit_is_refused_before_it_is_read()
    {
        var huge = new string(' ', QuestionnaireLoader.MaxFileBytes + 1);
        Build.Fails(QuestionnaireLoader.Load(huge), "questionnaire.too-large");
    }

    [Theory]
    [InlineData("1.0", true)]
    [InlineData("2.13", true)]
    [InlineData("10.0", true)]
    [InlineData("1", false)]
    [InlineData("1.0.0", false)]
    [InlineData("01.0", false)]
    [InlineData("v1.0", false)]
    [InlineData("1.a", false)]
    [InlineData("", false)]
    public void Versions_are_major_dot_minor(string version, bool valid) =>
        Assert.Equal(valid, QuestionnaireLoader.IsValidVersion(version));

    [Fact]
    public void A_new_version_with_another_version_number_loads_as_its_own_questionnaire()
    {
        var next = Build.Ok(AssessmentTestData.LoadEdited(root =>
        {
            root["version"] = "1.1";
            AssessmentTestData.Question(root, "conclusions", "reassess-when")["required"] = true;
        }));

        Assert.Equal("impact-assessment@1.1", next.Key);
        Assert.True(next.Section("conclusions")!.Question("reassess-when")!.Required);
        Assert.False(QuestionnaireLoader.Shipped.Section("conclusions")!.Question("reassess-when")!.Required);
    }
}
