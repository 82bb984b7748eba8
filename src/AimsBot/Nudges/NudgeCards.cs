using System.Globalization;
using AimsBot.Domain.Scheduling;
using AimsBot.Register;
using AimsBot.Teams.Cards;

namespace AimsBot.Nudges;

/// <summary>The owner's nudge card: their due and overdue controls, each with its actions.</summary>
public static class NudgeCards
{
    /// <summary>The card for one owner (placeholder rendering until the card actions land).</summary>
    public static AdaptiveCard ForOwner(NudgeCardModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var body = new List<CardElement> { CardText.Title("Evidence is due") };
        foreach (var item in model.Items)
        {
            var when = item.Status.State switch
            {
                DueState.Overdue => string.Create(CultureInfo.InvariantCulture, $"overdue by {-item.Status.DaysUntilDue} days"),
                DueState.DueToday => "due today",
                _ => string.Create(CultureInfo.InvariantCulture, $"due {item.Due:yyyy-MM-dd}"),
            };
            body.Add(new TextBlock($"**{item.ControlId}** {CardText.Md(item.Title)}{(item.SystemName is null ? "" : " for " + CardText.Md(item.SystemName))}: {when}") { Wrap = true });
        }

        return new AdaptiveCard { Body = body };
    }
}
