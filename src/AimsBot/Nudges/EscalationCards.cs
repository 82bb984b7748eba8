using System.Globalization;
using AimsBot.Domain.Scheduling;
using AimsBot.Register;
using AimsBot.Teams.Cards;

namespace AimsBot.Nudges;

/// <summary>
/// An overdue control escalated to one level: whose it is, how late, and who else was told. The manager's card and
/// the compliance leads' card are built from it; <paramref name="ManagerNote"/> says how the manager was (or could
/// not be) reached, for the leads.
/// </summary>
public sealed record EscalationCardModel(string OwnerDisplay, DueControl Item, int Level, string ManagerNote);

/// <summary>
/// Why an owner's nudges cannot be delivered, for the compliance leads: the reason and the controls waiting.
/// </summary>
public sealed record UnreachableOwnerModel(string OwnerDisplay, string Reason, IReadOnlyList<DueControl> Items);

/// <summary>The cards the due scan sends beyond the owner's own: escalations and unreachable owners.</summary>
public static class EscalationCards
{
    /// <summary>Most controls listed on a leads' card; the rest are counted.</summary>
    public const int MaxListed = 15;

    /// <summary>To the owner's manager: a control of their report is overdue.</summary>
    public static AdaptiveCard ForManager(EscalationCardModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return new AdaptiveCard
        {
            Body =
            [
                CardText.Title("Overdue evidence in your team"),
                new TextBlock($"{CardText.Md(model.OwnerDisplay)} owns a control whose evidence is {When(model.Item)}. Please help them get it in.") { Wrap = true },
                Facts(model),
            ],
        };
    }

    /// <summary>To each compliance lead: a control is overdue at this level, and whether the manager was told.</summary>
    public static AdaptiveCard ForLeads(EscalationCardModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return new AdaptiveCard
        {
            Body =
            [
                CardText.Title(string.Create(CultureInfo.InvariantCulture, $"Escalation level {model.Level}: overdue evidence")),
                new TextBlock($"Evidence for **{model.Item.ControlId}** is {When(model.Item)}.") { Wrap = true },
                Facts(model),
                CardText.Subtle(CardText.Md(model.ManagerNote)),
            ],
        };
    }

    /// <summary>To each compliance lead: an owner the bot cannot reach, and their controls that are due.</summary>
    public static AdaptiveCard Unreachable(UnreachableOwnerModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var body = new List<CardElement>
        {
            CardText.Title("A control owner can't be reached"),
            new TextBlock($"I can't send evidence reminders to **{CardText.Md(model.OwnerDisplay)}**: {CardText.Md(model.Reason)}") { Wrap = true },
        };
        foreach (var item in model.Items.Take(MaxListed))
        {
            body.Add(new TextBlock($"• **{item.ControlId}** {CardText.Md(item.Title)}{For(item)}: {When(item)}") { Wrap = true, Spacing = "None" });
        }

        if (model.Items.Count > MaxListed)
        {
            body.Add(CardText.Subtle(string.Create(CultureInfo.InvariantCulture, $"…and {model.Items.Count - MaxListed} more.")));
        }

        body.Add(CardText.Subtle("Ask them to open AimsBot in Teams (or unblock it), or give the controls another owner with `owner`."));
        return new AdaptiveCard { Body = body };
    }

    private static FactSet Facts(EscalationCardModel model) => new()
    {
        Facts =
        [
            new Fact("Control", $"{model.Item.ControlId} {CardText.Md(model.Item.Title)}"),
            new Fact("Scope", model.Item.SystemName is null ? "Organisation" : CardText.Md(model.Item.SystemName)),
            new Fact("Owner", CardText.Md(model.OwnerDisplay)),
            new Fact("Due", CardText.Date(model.Item.Due)),
        ],
    };

    private static string For(DueControl item) => item.SystemName is null ? "" : " for " + CardText.Md(item.SystemName);

    internal static string When(DueControl item) => item.Status.State switch
    {
        DueState.Overdue => string.Create(CultureInfo.InvariantCulture, $"overdue by {-item.Status.DaysUntilDue} day{(item.Status.DaysUntilDue == -1 ? "" : "s")}"),
        DueState.DueToday => "due today",
        _ => string.Create(CultureInfo.InvariantCulture, $"due {item.Due:yyyy-MM-dd}"),
    };
}
