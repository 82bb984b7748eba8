using System.Text.Json.Nodes;
using AimsBot.Assessments.Steps;
using AimsBot.Host.Tests.Assessments.Steps;
using AimsBot.Teams.Cards;

namespace AimsBot.Host.Tests.Packaging;

/// <summary>
/// The impact assessment's step cards, built in order against the sample host: the sample person owns "Credit
/// Scorer" (added by the register's samples) and steps through its assessment; each sample opens it where it stands
/// (<c>assess</c>) and presses one button, the way Teams sends it.
/// </summary>
public static class AssessmentCardSamples
{
    private const string Assess = "assess Credit Scorer";

    public static IReadOnlyList<CardSample> All { get; } =
    [
        new("assessment-step-first", ["command:" + AssessCommand.Name, "AssessmentStepCards.Step", "AssessmentSteps.CurrentCardAsync", "AssessmentSteps.StepCardAsync"], h => h.RunCommandAsync(Assess, h.Person())),
        new("assessment-step-next", ["verb:" + AssessmentStepCards.NextVerb, "AssessmentStepCards.Step"], async h =>
            await PressAsync(h, await h.RunCommandAsync(Assess, h.Person()), AssessmentStepCards.NextVerb, SampleAnswers.For("system"))),
        new("assessment-step-back", ["verb:" + AssessmentStepCards.BackVerb, "AssessmentStepCards.Step"], async h =>
            await PressAsync(h, await h.RunCommandAsync(Assess, h.Person()), AssessmentStepCards.BackVerb)),
        new("assessment-step-refused-input", ["verb:" + AssessmentStepCards.NextVerb, "AssessmentStepCards.Step"], async h =>
            await PressAsync(h, await h.RunCommandAsync(Assess, h.Person()), AssessmentStepCards.NextVerb, new Dictionary<string, string> { ["misuse-foreseen"] = "perhaps", ["misuse-reasoning"] = new string('x', 1200) })),
        new("assessment-step-ask-unknown-colleague", ["verb:" + AssessmentStepCards.AskVerb, "AssessmentStepCards.Step"], async h =>
            await PressAsync(h, await h.RunCommandAsync(Assess, h.Person()), AssessmentStepCards.AskVerb, extra: new Dictionary<string, string> { [AssessmentStepCards.ColleagueInput] = "sam@contoso.com" })),
        new("assessment-saved", ["verb:" + AssessmentStepCards.SaveVerb, "AssessmentStepCards.Saved"], async h =>
            await PressAsync(h, await h.RunCommandAsync(Assess, h.Person()), AssessmentStepCards.SaveVerb, SampleAnswers.For("misuse"))),
        new("assessment-open", ["verb:" + AssessmentStepCards.OpenVerb, "AssessmentSteps.CurrentCardAsync"], h =>
            h.PressAsync(AssessmentStepCards.OpenVerb, h.Person(), new JsonObject { ["systemId"] = "credit-scorer", ["version"] = 1 })),
        new("assessment-step-add-item", ["verb:" + AssessmentStepCards.AddItemVerb, "AssessmentStepCards.Step"], async h =>
        {
            var card = await h.RunCommandAsync(Assess, h.Person());
            foreach (var section in new[] { "data", "model", "deployment", "parties" })
            {
                card = await PressAsync(h, card, AssessmentStepCards.NextVerb, SampleAnswers.For(section));
            }

            return await PressAsync(h, card, AssessmentStepCards.AddItemVerb, LongHarm);
        }),
        // The largest step card: an impact whose long answers are all at their limit.
        new("assessment-step-remove-item", ["verb:" + AssessmentStepCards.RemoveItemVerb, "AssessmentStepCards.Step"], async h =>
            await PressAsync(h, await h.RunCommandAsync(Assess, h.Person()), AssessmentStepCards.RemoveItemVerb)),
        new("assessment-submit-missing", ["verb:" + AssessmentStepCards.SubmitVerb, "AssessmentStepCards.Step"], async h =>
            await PressAsync(h, await h.RunCommandAsync(Assess, h.Person()), AssessmentStepCards.SubmitVerb, new Dictionary<string, string> { ["conclusion"] = "not-acceptable" })),
        new("assessment-submitted", ["verb:" + AssessmentStepCards.SubmitVerb, "AssessmentStepCards.Submitted", "AssessmentSteps.SubmittedCardAsync"], async h =>
            await PressAsync(h, await h.RunCommandAsync(Assess, h.Person()), AssessmentStepCards.SubmitVerb, SampleAnswers.For("conclusions"))),
    ];

    private static Dictionary<string, string> LongHarm => new(SampleAnswers.Harm)
    {
        ["impact-description"] = "Thin-file applicants scored low. " + new string('d', 1960),
        ["affected"] = "Applicants with short credit histories " + new string('a', 250),
        ["existing-measures"] = "Officers review every refusal. " + new string('m', 1960),
    };

    /// <summary>Presses a button of <paramref name="card"/> as Teams would: its data, every input's value, and what was typed.</summary>
    private static Task<AdaptiveCard> PressAsync(CardSampleHost host, AdaptiveCard card, string verb, IReadOnlyDictionary<string, string>? answers = null, IReadOnlyDictionary<string, string>? extra = null)
    {
        var json = card.ToJsonNode();
        var action = Actions(json).FirstOrDefault(a => (string?)a["verb"] == verb) ?? throw new InvalidOperationException($"The card has no '{verb}' button.");
        var data = action["data"]!.DeepClone().AsObject();
        foreach (var input in (json["body"]?.AsArray() ?? []).Where(e => ((string?)e!["type"])?.StartsWith("Input.", StringComparison.Ordinal) == true))
        {
            if ((string?)input!["value"] is { } value)
            {
                data[(string)input["id"]!] = value;
            }
        }

        foreach (var (question, value) in answers ?? new Dictionary<string, string>())
        {
            data[AssessmentStepCards.InputPrefix + question] = value;
        }

        foreach (var (name, value) in extra ?? new Dictionary<string, string>())
        {
            data[name] = value;
        }

        return host.PressAsync(verb, host.Person(), data);
    }

    private static IEnumerable<JsonNode> Actions(JsonNode card)
    {
        foreach (var action in card["actions"]?.AsArray() ?? [])
        {
            yield return action!;
            if (action!["card"] is { } shown)
            {
                foreach (var inner in Actions(shown))
                {
                    yield return inner;
                }
            }
        }

        foreach (var element in (card["body"]?.AsArray() ?? []).Where(e => (string?)e!["type"] == "ActionSet"))
        {
            foreach (var action in element!["actions"]!.AsArray())
            {
                yield return action!;
            }
        }
    }
}
