using System.Globalization;
using System.Text.Json.Nodes;
using AimsBot.Domain.Assessments;
using AimsBot.Register;
using AimsBot.Teams.Cards;

namespace AimsBot.Assessments.Steps;

/// <summary>
/// What one step card shows: the assessment, the step and (for a repeatable step) the item, whether the viewer is a
/// colleague asked to answer only this step, a line on top, problems to fix, the values to show instead of the
/// stored ones (what was typed, after a refused press) and who was asked to answer the step.
/// </summary>
public sealed record StepCardView(
    AssessmentSession Session,
    string SectionId,
    int Item,
    bool Contributor = false,
    string? Notice = null,
    IReadOnlyList<string>? Problems = null,
    IReadOnlyDictionary<string, string?>? Typed = null,
    string? AskedName = null,
    string? ReturnedBy = null);

/// <summary>
/// The impact assessment's step cards (one per questionnaire section, Action.Execute buttons) and the cards that
/// answer them: saved for later, submitted. Inputs are named <c>a.{question id}</c>; every button carries the
/// system, version, step, item and the revision and step hash the card was built from.
/// </summary>
public static class AssessmentStepCards
{
    public const string BackVerb = "assessment.step.back";
    public const string NextVerb = "assessment.step.next";
    public const string SaveVerb = "assessment.step.save";
    public const string AddItemVerb = "assessment.step.add-item";
    public const string RemoveItemVerb = "assessment.step.remove-item";
    public const string AskVerb = "assessment.step.ask";
    public const string SubmitVerb = "assessment.step.submit";
    public const string OpenVerb = "assessment.step.open";

    /// <summary>The prefix of an answer's input id; the rest is the question id.</summary>
    public const string InputPrefix = "a.";

    public const string ColleagueInput = "colleague";

    public const int ColleagueMax = 254;

    /// <summary>Choice questions with more options than this are a drop-down, fewer are radio buttons.</summary>
    private const int ExpandedMaxOptions = 5;

    public static AdaptiveCard Step(StepCardView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        var assessment = view.Session.Assessment;
        var questionnaire = assessment.Questionnaire;
        var section = questionnaire.Section(view.SectionId) ?? throw new ArgumentException($"No step '{view.SectionId}'.", nameof(view));
        var step = questionnaire.StepOf(section.Id);
        var items = assessment.AnswersFor(section.Id)?.Items ?? [];
        var itemCount = section.Repeatable ? Math.Max(1, Math.Max(items.Count, view.Item)) : 1;
        var item = section.Repeatable ? Math.Clamp(view.Item, 1, itemCount) : 1;
        var shown = item <= items.Count ? items[item - 1] : AnswerItem.Empty;

        var body = new List<CardElement>
        {
            CardText.Title(string.Create(CultureInfo.InvariantCulture, $"Step {step} of {questionnaire.Sections.Count} — {section.Title}")),
            CardText.Subtle(string.Create(CultureInfo.InvariantCulture, $"Impact assessment of {CardText.Md(view.Session.SystemName)}, version {assessment.Version} · {StatusWords(assessment.Status)}")),
        };
        if (assessment.Status == AssessmentStatus.Returned && assessment.Decisions.Count > 0 && assessment.Decisions[^1] is { Kind: AssessmentDecisionKind.Returned } returned)
        {
            body.Add(new TextBlock($"Returned for changes by {CardText.Md(view.ReturnedBy ?? "the approver")}: {CardText.Md(returned.Comment)}") { Color = "Warning" });
        }

        if (view.Notice is { Length: > 0 } notice)
        {
            body.Add(new TextBlock(notice) { Color = "Accent", Weight = "Bolder" });
        }

        if (view.Problems is { Count: > 0 } problems)
        {
            // The notice above says what the list is (what to fix, or what is still missing).
            body.AddRange(problems.Select(p => new TextBlock("• " + CardText.Md(p)) { Color = "Attention", Spacing = "Small" }));
        }

        body.Add(new TextBlock(CardText.Md(section.Heading)) { IsSubtle = true });
        if (view.AskedName is { Length: > 0 } asked && !view.Contributor)
        {
            body.Add(CardText.Subtle($"{CardText.Md(asked)} was asked to answer this step."));
        }

        if (section.Repeatable)
        {
            body.Add(new TextBlock(string.Create(CultureInfo.InvariantCulture, $"{Capitalised(section.ItemName)} {item} of {itemCount}")) { Weight = "Bolder", Separator = true });
        }

        foreach (var question in section.Questions)
        {
            var value = view.Typed is { } typed ? typed.GetValueOrDefault(question.Id) : shown[question.Id];
            body.AddRange(Question(section, question, value));
        }

        if (section.Repeatable)
        {
            var itemActions = new List<CardAction>();
            if (itemCount < section.MaxItems)
            {
                itemActions.Add(Execute($"Add another {section.ItemName}", AddItemVerb, view, section, item));
            }

            if (item <= items.Count)
            {
                itemActions.Add(Execute($"Remove this {section.ItemName}", RemoveItemVerb, view, section, item, style: "destructive"));
            }

            if (itemActions.Count > 0)
            {
                body.Add(new ActionSet { Actions = itemActions });
            }
        }

        var actions = new List<CardAction>();
        if (view.Contributor)
        {
            actions.Add(Execute("Save my answers", SaveVerb, view, section, item, style: "positive"));
        }
        else
        {
            var first = step == 1 && item == 1;
            var lastItem = !section.Repeatable || item >= itemCount;
            var last = step == questionnaire.Sections.Count && lastItem;
            if (!first)
            {
                actions.Add(Execute("Back", BackVerb, view, section, item));
            }

            actions.Add(last ? Execute("Submit", SubmitVerb, view, section, item, style: "positive") : Execute("Next", NextVerb, view, section, item, style: "positive"));
            actions.Add(Execute("Save for later", SaveVerb, view, section, item));
            actions.Add(new ShowCardAction
            {
                Title = "Ask a colleague",
                Card = new AdaptiveCard
                {
                    Msteams = null,
                    Body =
                    [
                        new TextInput
                        {
                            Id = ColleagueInput,
                            Label = "Who should answer this step? Their sign-in name or email (e.g. sam@contoso.com)",
                            MaxLength = ColleagueMax,
                            Placeholder = "sam@contoso.com",
                        },
                    ],
                    Actions = [Execute("Ask them", AskVerb, view, section, item)],
                },
            });
        }

        return new AdaptiveCard
        {
            Body = body,
            Actions = actions,
            FallbackText = string.Create(CultureInfo.InvariantCulture, $"Impact assessment of {view.Session.SystemName}: step {step} of {questionnaire.Sections.Count}, {section.Title}."),
        };
    }

    /// <summary>"Save for later": what was saved and how to carry on, from any device.</summary>
    public static AdaptiveCard Saved(AssessmentSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        var assessment = session.Assessment;
        var missing = assessment.Missing().Count;
        return new AdaptiveCard
        {
            Body =
            [
                CardText.Title($"Saved — impact assessment of {CardText.Md(session.SystemName)}"),
                new TextBlock($"Saved. Say `assess {CardText.Md(session.SystemName)}` any time to carry on, here or on any other device."),
                CardText.Subtle(missing == 0
                    ? "Every required answer is there: carry on to submit it for approval."
                    : string.Create(CultureInfo.InvariantCulture, $"{missing} required answer{(missing == 1 ? " is" : "s are")} still missing.")),
            ],
            Actions = [new ExecuteAction { Title = "Carry on now", Verb = OpenVerb, Data = Ids(session) }],
            FallbackText = $"Saved. Say assess {session.SystemName} any time to carry on.",
        };
    }

    /// <summary>
    /// The answer to Submit, and to <c>assess</c> (or a step button) while the assessment waits for approval; for an
    /// approved version (a card of it pressed later), what was approved and how to start the next version.
    /// </summary>
    /// <param name="approval">Who has it for approval, or why nobody does (<see cref="Approval.AssessmentApprovals.SendForApprovalAsync"/>).</param>
    public static AdaptiveCard Submitted(AssessmentSession session, string assessorName, ImpactLevel? level, TimeZoneInfo zone, string? notice = null, string? approval = null)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(zone);
        var assessment = session.Assessment;
        var version = assessment.Version.ToString(CultureInfo.InvariantCulture);
        var facts = new List<Fact>
        {
            new("System", session.SystemName),
            new("Version", version),
            new("Assessor", assessorName),
            new("Submitted", CardText.Date(assessment.SubmittedAt, zone)),
        };
        if (assessment.Approval is { } decision)
        {
            facts.Add(new("Approved", CardText.Date(decision.DecidedAt, zone)));
            facts.Add(new("Impact level", assessment.ApprovedLevel?.Words() ?? CardText.None));
            facts.Add(new("Next assessment due", CardText.Date(assessment.NextReassessmentDue)));
            return new AdaptiveCard
            {
                Body =
                [
                    .. Notice(notice),
                    CardText.Title($"Approved — impact assessment of {CardText.Md(session.SystemName)}, version {version}"),
                    new TextBlock($"An approved assessment does not change. When the system changes, say `assess {CardText.Md(session.SystemName)}` to start version {assessment.Version + 1} from these answers."),
                    new FactSet { Facts = facts },
                ],
                FallbackText = $"The impact assessment of {session.SystemName}, version {version}, is approved.",
            };
        }

        if (level is { } scored)
        {
            facts.Add(new("Impact level as scored", scored.Words()));
        }

        return new AdaptiveCard
        {
            Body =
            [
                .. Notice(notice),
                CardText.Title("Submitted — waiting for approval"),
                new TextBlock($"The impact assessment of {CardText.Md(session.SystemName)} is with the approvers: a risk approver (or the system owner's manager, where the policy allows) who neither assessed nor answered it. It can't change until it is approved or returned."),
                new FactSet { Facts = facts },
                .. approval is { Length: > 0 } ? [new TextBlock(CardText.Md(approval))] : Array.Empty<CardElement>(),
            ],
            FallbackText = $"Submitted — the impact assessment of {session.SystemName} is waiting for approval.",
        };
    }

    /// <summary>The data every button of a step carries: system, version, step, item, revision and the step's hash.</summary>
    internal static JsonObject StepData(AssessmentSession session, QuestionnaireSection section, int item) => new()
    {
        ["systemId"] = session.Assessment.SystemId,
        ["version"] = session.Assessment.Version,
        ["sectionId"] = section.Id,
        ["item"] = item,
        ["revision"] = session.Assessment.Revision,
        ["hash"] = AssessmentService.SectionHash(section, session.Assessment.AnswersFor(section.Id)),
    };

    internal static string StatusWords(AssessmentStatus status) => status switch
    {
        AssessmentStatus.Draft => "draft",
        AssessmentStatus.Submitted => "submitted, waiting for approval",
        AssessmentStatus.Returned => "returned for changes",
        _ => "approved",
    };

    private static IEnumerable<CardElement> Notice(string? notice) =>
        notice is { Length: > 0 } ? [new TextBlock(notice) { Color = "Accent", Weight = "Bolder" }] : [];

    private static JsonObject Ids(AssessmentSession session) => new()
    {
        ["systemId"] = session.Assessment.SystemId,
        ["version"] = session.Assessment.Version,
    };

    private static ExecuteAction Execute(string title, string verb, StepCardView view, QuestionnaireSection section, int item, string? style = null) =>
        new() { Title = title, Verb = verb, Data = StepData(view.Session, section, item), Style = style };

    private static IEnumerable<CardElement> Question(QuestionnaireSection section, Question question, string? value)
    {
        var label = Label(section, question);
        var id = InputPrefix + question.Id;
        if (question.Kind.IsText())
        {
            yield return new TextInput
            {
                Id = id,
                Label = label,
                IsMultiline = question.Kind == QuestionKind.LongText ? true : null,
                MaxLength = question.MaxLength,
                Value = value,
            };
        }
        else
        {
            var multiple = question.Kind == QuestionKind.MultipleChoice;
            yield return new ChoiceSetInput
            {
                Id = id,
                Label = label,
                IsMultiSelect = multiple ? true : null,
                Style = multiple || question.Options.Count <= ExpandedMaxOptions ? "expanded" : "compact",
                Value = value,
                Choices = question.Options.Select(o => new Choice(o.Label, o.Value)).ToList(),
            };
        }

        if (question.Help is { Length: > 0 } help)
        {
            yield return CardText.Subtle(CardText.Md(help));
        }
    }

    /// <summary>The question as its input's label: a follow-up says when it applies ("If yes: …"), an optional one says so.</summary>
    internal static string Label(QuestionnaireSection section, Question question)
    {
        var text = question.Required ? question.Text : question.Text + " (optional)";
        if (question.ShowWhen is not { } condition || section.Question(condition.QuestionId) is not { } controlling)
        {
            return text;
        }

        var values = condition.AnyOf.Select(v => controlling.Option(v)?.Label ?? v).ToList();
        var when = controlling.Kind == QuestionKind.YesNo
            ? string.Join(" or ", values).ToLowerInvariant()
            : $"“{controlling.Text}” is {string.Join(" or ", values.Select(v => $"“{v}”"))}";
        return $"If {when}: {text}";
    }

    private static string Capitalised(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
