using System.Globalization;
using System.Text.Json.Nodes;
using AimsBot.Domain;
using AimsBot.Domain.Nudges;
using AimsBot.Domain.Risks;
using AimsBot.Domain.Scheduling;
using AimsBot.Register;
using AimsBot.Teams.Cards;

namespace AimsBot.Risks.FollowUp;

/// <summary>
/// A treatment action as its owner's card shows it: the risk it treats, the action as it now stands (done, changed,
/// or still open with where its due date stands), its snoozes, and a line on top after a press.
/// </summary>
public sealed record RiskActionCardModel(
    RiskId RiskId,
    string RiskTitle,
    string? SystemName,
    int ActionNumber,
    DateOnly CardDue,
    TreatmentAction? Action,
    DueStatus Status,
    bool RiskClosed,
    int SnoozeCount,
    int MaxSnoozes,
    DateTimeOffset? SnoozedUntil,
    string RecipientUserId,
    string? DoneByName = null,
    string? Notice = null,
    IReadOnlyList<DomainError>? Errors = null)
{
    /// <summary>Whether the card still offers Done and Snooze: the action is open, with the due date the card was sent for.</summary>
    public bool Open => Action is { IsDone: false } a && a.Due == CardDue && !RiskClosed;
}

/// <summary>What the risk owner is told: a treatment action of their risk is overdue past the escalation window.</summary>
public sealed record RiskActionEscalationModel(RiskId RiskId, string RiskTitle, string? SystemName, TreatmentAction Action, string ActionOwnerName, int DaysOverdue);

/// <summary>A risk whose acceptance ends soon or ended: its owner re-reviews the plan (or the leads and manager are told it is late).</summary>
public sealed record AcceptanceReviewModel(RiskId RiskId, string RiskTitle, string? SystemName, DateOnly AcceptedUntil, DueStatus Status, RiskLevel? ResidualLevel, string OwnerName);

/// <summary>
/// The cards of a risk's follow-up: the action owner's card (Done, Snooze; live, with <c>refresh</c>), the escalation
/// to the risk owner, and the acceptance re-review card with its escalation. Buttons are Action.Execute whose data
/// holds ids only (risk id, action number, the due date the card was sent for, a submission id); handlers read the
/// rest again.
/// </summary>
public static class RiskFollowUpCards
{
    public const string RefreshVerb = "risk.action.refresh";
    public const string DoneVerb = "risk.action.done";
    public const string SnoozeVerb = "risk.action.snooze";

    /// <summary>The action owner's card, as it now stands.</summary>
    public static AdaptiveCard Action(RiskActionCardModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var body = new List<CardElement>
        {
            CardText.Title(Heading(model)),
            new TextBlock($"{model.RiskId} {CardText.Md(model.RiskTitle)} — {(model.SystemName is null ? "organisation" : CardText.Md(model.SystemName))}") { Wrap = true, IsSubtle = true },
        };
        if (model.Notice is { Length: > 0 } notice)
        {
            body.Add(new TextBlock(CardText.Md(notice)) { Color = "Good", Weight = "Bolder" });
        }

        var facts = new List<Fact> { new("Action", string.Create(CultureInfo.InvariantCulture, $"{model.ActionNumber}. {CardText.Md(model.Action?.Title ?? "(no longer in the plan)")}")) };
        if (model.Action is { } action)
        {
            facts.Add(new Fact("Due", $"{CardText.Date(action.Due)}{(action.IsDone ? "" : " · " + When(model.Status))}"));
            if (action.DoneAt is { } doneAt)
            {
                facts.Add(new Fact("Done", $"{doneAt.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)} by {CardText.Md(model.DoneByName ?? action.DoneBy ?? "someone")}"));
            }
        }

        if (model.SnoozeCount > 0 && model.Open)
        {
            facts.Add(new Fact("Snoozed", string.Create(CultureInfo.InvariantCulture, $"{model.SnoozeCount} of {model.MaxSnoozes} times{(model.SnoozedUntil is { } until ? ", until " + until.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture) : "")}")));
        }

        body.Add(new FactSet { Facts = facts });
        if (model.RiskClosed)
        {
            body.Add(CardText.Subtle("The risk is closed: nothing more is needed here."));
        }
        else if (model.Action is null)
        {
            body.Add(CardText.Subtle("This action was removed from the treatment plan: nothing more is needed here."));
        }
        else if (!model.Action.IsDone && model.Action.Due != model.CardDue)
        {
            body.Add(CardText.Subtle($"The plan moved this action's due date from {CardText.Date(model.CardDue)} to {CardText.Date(model.Action.Due)}; you'll get a reminder for the new date."));
        }

        if (model.Errors is { Count: > 0 } errors)
        {
            body.Add(CardText.Errors(errors));
        }

        var actions = new List<CardAction>();
        if (model.Open)
        {
            actions.Add(new ExecuteAction { Title = "Done", Verb = DoneVerb, Style = "positive", Data = Ids(model, null) });
            if (NudgeRules.CanSnooze(model.SnoozeCount, model.MaxSnoozes))
            {
                actions.Add(new ShowCardAction { Title = "Snooze", Card = SnoozeForm(model) });
            }
            else
            {
                body.Add(new TextBlock("No snoozes left for this action: if it stays overdue, the risk owner is told.") { Color = "Warning", Size = "Small", Spacing = "None" });
            }
        }

        return new AdaptiveCard
        {
            Body = body,
            Actions = actions.Count == 0 ? null : actions,
            Refresh = new CardRefresh
            {
                Action = new ExecuteAction { Title = "Refresh", Verb = RefreshVerb, Data = Ids(model, null) },
                UserIds = [model.RecipientUserId],
            },
            FallbackText = $"Treatment action {model.ActionNumber} of {model.RiskId} is {When(model.Status)}: open this card in Teams.",
        };
    }

    /// <summary>To the risk owner: an action of their risk is overdue past the escalation window.</summary>
    public static AdaptiveCard ActionEscalation(RiskActionEscalationModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return new AdaptiveCard
        {
            Body =
            [
                CardText.Title("A treatment action of your risk is overdue"),
                new TextBlock($"{CardText.Md(model.ActionOwnerName)} owns this action of **{model.RiskId}** {CardText.Md(model.RiskTitle)}; it is {Days(model.DaysOverdue)} overdue. As the risk owner, please follow it up (say **risk {model.RiskId}** to see the plan).") { Wrap = true },
                new FactSet
                {
                    Facts =
                    [
                        new("Risk", $"{model.RiskId} {CardText.Md(model.RiskTitle)}"),
                        new("For", model.SystemName is null ? "the organisation" : CardText.Md(model.SystemName)),
                        new("Action", string.Create(CultureInfo.InvariantCulture, $"{model.Action.Number}. {CardText.Md(model.Action.Title)}")),
                        new("Owner", CardText.Md(model.ActionOwnerName)),
                        new("Due", CardText.Date(model.Action.Due)),
                    ],
                },
            ],
            FallbackText = $"Treatment action {model.Action.Number} of {model.RiskId} is {Days(model.DaysOverdue)} overdue.",
        };
    }

    /// <summary>To the risk owner: the acceptance of the residual risk ends (or ended); the plan needs a re-review.</summary>
    public static AdaptiveCard AcceptanceReview(AcceptanceReviewModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var ended = model.Status.State == DueState.Overdue;
        return new AdaptiveCard
        {
            Body =
            [
                CardText.Title(ended ? "A risk acceptance has ended: re-review due" : "A risk acceptance ends soon: re-review due"),
                new TextBlock($"The approved treatment plan of **{model.RiskId}** {CardText.Md(model.RiskTitle)} accepts its residual risk until {CardText.Date(model.AcceptedUntil)} ({When(model.Status)}). Review the plan with **risk edit {model.RiskId}** and submit it for approval again, or close the risk.") { Wrap = true },
                new FactSet { Facts = AcceptanceFacts(model) },
            ],
            FallbackText = $"The acceptance of {model.RiskId} ends {CardText.Date(model.AcceptedUntil)}: re-review it.",
        };
    }

    /// <summary>To the risk owner's manager and the compliance leads: a re-review is overdue at this escalation level.</summary>
    public static AdaptiveCard AcceptanceEscalation(AcceptanceReviewModel model, int level, string? managerNote)
    {
        ArgumentNullException.ThrowIfNull(model);
        var body = new List<CardElement>
        {
            CardText.Title(string.Create(CultureInfo.InvariantCulture, $"Escalation level {level}: risk re-review overdue")),
            new TextBlock($"The acceptance of **{model.RiskId}** {CardText.Md(model.RiskTitle)} ended on {CardText.Date(model.AcceptedUntil)} ({When(model.Status)}) and its owner, {CardText.Md(model.OwnerName)}, has not had the plan approved again.") { Wrap = true },
            new FactSet { Facts = AcceptanceFacts(model) },
        };
        if (managerNote is { Length: > 0 } note)
        {
            body.Add(CardText.Subtle(CardText.Md(note)));
        }

        return new AdaptiveCard { Body = body, FallbackText = $"The re-review of {model.RiskId} is overdue." };
    }

    /// <summary>"due today", "in 3 days", "overdue by 2 days".</summary>
    public static string When(DueStatus status) => status.State switch
    {
        DueState.Overdue => "overdue by " + Days(-status.DaysUntilDue),
        DueState.DueToday => "due today",
        DueState.Upcoming => "in " + Days(status.DaysUntilDue),
        _ => "not scheduled",
    };

    private static List<Fact> AcceptanceFacts(AcceptanceReviewModel model) =>
    [
        new("Risk", $"{model.RiskId} {CardText.Md(model.RiskTitle)}"),
        new("For", model.SystemName is null ? "the organisation" : CardText.Md(model.SystemName)),
        new("Residual level", model.ResidualLevel is { } level ? level.Words() : "not rated"),
        new("Accepted until", CardText.Date(model.AcceptedUntil)),
        new("Risk owner", CardText.Md(model.OwnerName)),
    ];

    private static string Heading(RiskActionCardModel model) =>
        model.RiskClosed || model.Action is null ? "Treatment action no longer needed"
        : model.Action.IsDone ? "Treatment action done — thank you"
        : model.Status.State == DueState.Overdue ? "Treatment action overdue"
        : "Treatment action due";

    private static AdaptiveCard SnoozeForm(RiskActionCardModel model) => new()
    {
        Body =
        [
            new ChoiceSetInput
            {
                Id = "snooze",
                Label = string.Create(CultureInfo.InvariantCulture, $"Remind me again in (snooze {model.SnoozeCount + 1} of {model.MaxSnoozes})"),
                IsRequired = true,
                ErrorMessage = "Pick how long.",
                Style = "expanded",
                Value = NudgeRules.Code(SnoozeLength.OneDay),
                Choices = Enum.GetValues<SnoozeLength>().Select(l => new Choice(NudgeRules.Describe(l), NudgeRules.Code(l))).ToList(),
            },
        ],
        Actions = [new ExecuteAction { Title = "Snooze", Verb = SnoozeVerb, AssociatedInputs = "Auto", Data = Ids(model, Guid.NewGuid()) }],
        Msteams = null,
    };

    /// <summary>What a button sends back: ids only, read again by the handler (never state to trust).</summary>
    private static JsonObject Ids(RiskActionCardModel model, Guid? submissionId)
    {
        var data = new JsonObject
        {
            ["risk"] = model.RiskId.ToString(),
            ["action"] = model.ActionNumber.ToString(CultureInfo.InvariantCulture),
            ["due"] = CardText.Date(model.CardDue),
        };
        if (submissionId is { } id)
        {
            data["submissionId"] = id.ToString("N");
        }

        return data;
    }

    private static string Days(int days) => string.Create(CultureInfo.InvariantCulture, $"{days} day{(days == 1 ? "" : "s")}");
}
