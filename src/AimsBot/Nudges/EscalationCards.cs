using System.Globalization;
using AimsBot.Commands;
using AimsBot.Domain.Scheduling;
using AimsBot.Register;
using AimsBot.Teams.Cards;

namespace AimsBot.Nudges;

/// <summary>
/// One owner's overdue controls escalated to one level in one scan: whose they are, how late, and who else was
/// told. The manager's card and the compliance leads' card are built from it (one card per owner and level, not
/// one per control); <paramref name="ManagerNote"/> says how the manager was (or could not be) reached, for the leads.
/// </summary>
public sealed record EscalationCardModel(string OwnerDisplay, IReadOnlyList<DueControl> Items, int Level, string ManagerNote);

/// <summary>
/// Why an owner's nudges cannot be delivered, for the compliance leads: the reason and the controls waiting.
/// </summary>
public sealed record UnreachableOwnerModel(string OwnerDisplay, string Reason, IReadOnlyList<DueControl> Items);

/// <summary>The cards the due scan sends beyond the owner's own: escalations and unreachable owners.</summary>
public static class EscalationCards
{
    /// <summary>Most controls listed on one card; the rest are counted.</summary>
    public const int MaxListed = 15;

    /// <summary>To the owner's manager: controls of their report are overdue.</summary>
    public static AdaptiveCard ForManager(EscalationCardModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var body = new List<CardElement>
        {
            CardText.Title("Overdue evidence in your team"),
            new TextBlock($"{CardText.Md(model.OwnerDisplay)} owns {Controls(model.Items.Count)} whose evidence is overdue. Please help them get it in.") { Wrap = true },
        };
        body.AddRange(List(model.Items));
        return new AdaptiveCard { Body = body, Actions = RaiseNonconformity(model.Items) };
    }

    /// <summary>To each compliance lead: an owner's controls are overdue at this level, and whether the manager was told.</summary>
    public static AdaptiveCard ForLeads(EscalationCardModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var body = new List<CardElement>
        {
            CardText.Title(string.Create(CultureInfo.InvariantCulture, $"Escalation level {model.Level}: overdue evidence")),
            new TextBlock($"**{CardText.Md(model.OwnerDisplay)}** owns {Controls(model.Items.Count)} whose evidence is overdue.") { Wrap = true },
        };
        body.AddRange(List(model.Items));
        body.Add(CardText.Subtle(CardText.Md(model.ManagerNote)));
        return new AdaptiveCard { Body = body, Actions = RaiseNonconformity(model.Items) };
    }

    /// <summary>Most controls offered their own "Raise a nonconformity" button on one card.</summary>
    public const int MaxRaiseButtons = 5;

    /// <summary>
    /// "Raise a nonconformity" (ISO/IEC 42001 10.2: a control that keeps failing is one): the raise form, pre-filled with
    /// the overdue control, its AI system, a title and "control failure". One control: one button; several: the button
    /// opens a choice of the first <see cref="MaxRaiseButtons"/>, each pre-filled with its own control.
    /// </summary>
    private static List<CardAction> RaiseNonconformity(IReadOnlyList<DueControl> items)
    {
        if (items.Count == 1)
        {
            return [Raise(items[0])];
        }

        var choices = items.Take(MaxRaiseButtons).Select(item =>
        {
            var button = Raise(item);
            return (CardAction)new ExecuteAction { Title = item.ControlId + (item.SystemName is null ? "" : " · " + item.SystemName), Verb = button.Verb, Data = button.Data };
        }).ToList();
        return
        [
            new ShowCardAction
            {
                Title = "Raise a nonconformity",
                Card = new AdaptiveCard
                {
                    Body = [new TextBlock("For which control?") { Wrap = true }],
                    Actions = choices,
                    Msteams = null,
                },
            },
        ];
    }

    private static ExecuteAction Raise(DueControl item) =>
        Nonconformities.NonconformityCards.RaiseButton(
            item.ScopeKey == "org" ? null : item.ScopeKey,
            item.ControlId,
            $"Evidence for {item.ControlId} {When(item)}");

    /// <summary>To each compliance lead: an owner the bot cannot reach, and their controls that are due.</summary>
    public static AdaptiveCard Unreachable(UnreachableOwnerModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var body = new List<CardElement>
        {
            CardText.Title("A control owner can't be reached"),
            new TextBlock($"I can't send evidence reminders to **{CardText.Md(model.OwnerDisplay)}**: {CardText.Md(model.Reason)}") { Wrap = true },
        };
        body.AddRange(List(model.Items));
        body.Add(CardText.Subtle("Ask them to open AimsBot in Teams (or unblock it), or give the controls another owner with `owner`."));
        return new AdaptiveCard { Body = body };
    }

    /// <summary>
    /// To each compliance lead: applicable controls that are due or overdue and that no one owns, so no one is reminded.
    /// One card for all of them (the first <see cref="MaxListed"/> listed), pointing at <c>controls unowned</c> and <c>owner</c>.
    /// </summary>
    public static AdaptiveCard Unowned(IReadOnlyList<DueControl> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        var overdue = items.Count(i => i.Status.State == DueState.Overdue);
        var body = new List<CardElement>
        {
            CardText.Title("Controls due with no owner"),
            new TextBlock(string.Create(CultureInfo.InvariantCulture, $"{Controls(items.Count)} in the Statement of Applicability {(items.Count == 1 ? "is" : "are")} due for evidence ({overdue} overdue), but no one owns {(items.Count == 1 ? "it" : "them")}, so no one is reminded.")) { Wrap = true },
        };
        body.AddRange(List(items));
        body.Add(CardText.Subtle(Placeholders.ForCard("Say `controls unowned` (or `controls unowned system <name>`) for the full list, and give each an owner with `owner <id> [system <name>] <person>`.")));
        return new AdaptiveCard { Body = body };
    }

    /// <summary>One line per control (at most <see cref="MaxListed"/>, then a count of the rest).</summary>
    private static IEnumerable<CardElement> List(IReadOnlyList<DueControl> items)
    {
        foreach (var item in items.Take(MaxListed))
        {
            yield return new TextBlock($"• **{item.ControlId}** {CardText.Md(item.Title)}{For(item)}: {When(item)} (due {CardText.Date(item.Due)})") { Wrap = true, Spacing = "None" };
        }

        if (items.Count > MaxListed)
        {
            yield return CardText.Subtle(string.Create(CultureInfo.InvariantCulture, $"…and {items.Count - MaxListed} more."));
        }
    }

    private static string Controls(int count) => count == 1 ? "a control" : string.Create(CultureInfo.InvariantCulture, $"{count} controls");

    private static string For(DueControl item) => item.SystemName is null ? "" : " for " + CardText.Md(item.SystemName);

    internal static string When(DueControl item) => item.Status.State switch
    {
        DueState.Overdue => string.Create(CultureInfo.InvariantCulture, $"overdue by {-item.Status.DaysUntilDue} day{(item.Status.DaysUntilDue == -1 ? "" : "s")}"),
        DueState.DueToday => "due today",
        _ => string.Create(CultureInfo.InvariantCulture, $"due {item.Due:yyyy-MM-dd}"),
    };
}
