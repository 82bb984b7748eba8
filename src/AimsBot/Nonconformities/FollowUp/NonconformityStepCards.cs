using System.Globalization;
using System.Text.Json.Nodes;
using AimsBot.Domain.Nonconformities;
using AimsBot.Domain.Scheduling;
using AimsBot.Register;
using AimsBot.Teams.Cards;

namespace AimsBot.Nonconformities.FollowUp;

/// <summary>A nonconformity's current step as its nudge and escalation cards show it.</summary>
/// <param name="ResponsibleName">Who the step waits for (the owner; the compliance leads for a review the owner may not do).</param>
public sealed record NonconformityStepModel(NonconformityId Id, string Title, string? SystemName, NonconformitySeverity Severity, NonconformityStage Stage, DateOnly Due, DueStatus Status, string ResponsibleName);

/// <summary>
/// The due scan's cards for a nonconformity's step: the reminder to whoever must take it (with "Open the step", the step
/// card nc-core's <see cref="NonconformityCards.ShowVerb"/> shows as it now stands), and the escalation to the owner's
/// manager and the compliance leads.
/// </summary>
public static class NonconformityStepCards
{
    /// <summary>To the person the step waits for: it is due or overdue.</summary>
    public static AdaptiveCard Reminder(NonconformityStepModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var overdue = model.Status.State == DueState.Overdue;
        return new AdaptiveCard
        {
            Body =
            [
                CardText.Title(overdue ? "A nonconformity step is overdue" : "A nonconformity step is due"),
                new TextBlock($"**{model.Stage.Words()}** of **{model.Id}** {CardText.Md(model.Title)} is {When(model.Status)}. Open the step to record it; say **nc {model.Id}** for the whole record.") { Wrap = true },
                new FactSet { Facts = Facts(model) },
            ],
            Actions = [OpenButton(model.Id)],
            FallbackText = $"{model.Stage.Words()} of {model.Id} is {When(model.Status)}.",
        };
    }

    /// <summary>To the owner's manager and each compliance lead: the step is overdue at this escalation level.</summary>
    public static AdaptiveCard Escalation(NonconformityStepModel model, int level, string? managerNote)
    {
        ArgumentNullException.ThrowIfNull(model);
        var body = new List<CardElement>
        {
            CardText.Title(string.Create(CultureInfo.InvariantCulture, $"Escalation level {level}: a nonconformity step is overdue")),
            new TextBlock($"**{model.Stage.Words()}** of **{model.Id}** {CardText.Md(model.Title)} was due on {CardText.Date(model.Due)} ({When(model.Status)}); it waits for {CardText.Md(model.ResponsibleName)}.") { Wrap = true },
            new FactSet { Facts = Facts(model) },
        };
        if (managerNote is { Length: > 0 } note)
        {
            body.Add(CardText.Subtle(CardText.Md(note)));
        }

        return new AdaptiveCard { Body = body, Actions = [OpenButton(model.Id)], FallbackText = $"{model.Stage.Words()} of {model.Id} is {When(model.Status)}." };
    }

    /// <summary>"due today", "in 3 days", "overdue by 2 days".</summary>
    public static string When(DueStatus status) => status.State switch
    {
        DueState.Overdue => "overdue by " + Days(-status.DaysUntilDue),
        DueState.DueToday => "due today",
        DueState.Upcoming => "due in " + Days(status.DaysUntilDue),
        _ => "not scheduled",
    };

    private static ExecuteAction OpenButton(NonconformityId id) =>
        new() { Title = "Open the step", Verb = NonconformityCards.ShowVerb, Data = new JsonObject { [NonconformityCards.IdKey] = id.ToString() } };

    private static List<Fact> Facts(NonconformityStepModel model) =>
    [
        new("Nonconformity", $"{model.Id} {CardText.Md(model.Title)}"),
        new("For", model.SystemName is null ? "the organisation" : CardText.Md(model.SystemName)),
        new("Severity", model.Severity.Name()),
        new("Step", model.Stage.Words()),
        new("Due", CardText.Date(model.Due)),
        new("Waiting for", CardText.Md(model.ResponsibleName)),
    ];

    private static string Days(int days) => string.Create(CultureInfo.InvariantCulture, $"{days} day{(days == 1 ? "" : "s")}");
}
