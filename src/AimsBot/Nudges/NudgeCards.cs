using System.Globalization;
using System.Text.Json.Nodes;
using AimsBot.Domain.Nudges;
using AimsBot.Domain.Register;
using AimsBot.Domain.Scheduling;
using AimsBot.Register;
using AimsBot.Teams.Cards;

namespace AimsBot.Nudges;

/// <summary>
/// The owner's nudge card (their due and overdue controls, each with its actions), and the card the compliance
/// leads get when an owner asks to hand a control to someone else. Every button is an Action.Execute whose data
/// holds ids only (scope key, control id, due date, the card's item list, a submission id); handlers read the
/// rest again. The owner's card carries <c>refresh</c>, so opening it shows the live state.
/// </summary>
public static class NudgeCards
{
    public const string RefreshVerb = "nudge.refresh";
    public const string EvidenceVerb = "nudge.evidence";
    public const string NotApplicableVerb = "nudge.notApplicable";
    public const string SnoozeVerb = "nudge.snooze";
    public const string ReassignVerb = "nudge.reassign";
    public const string ApproveVerb = "nudge.reassign.approve";
    public const string DeclineVerb = "nudge.reassign.decline";

    /// <summary>Forms on an item (the <see cref="NudgeRetry.Form"/> of a failed action).</summary>
    public const string EvidenceForm = "evidence";
    public const string NotApplicableForm = "notApplicable";
    public const string SnoozeForm = "snooze";
    public const string ReassignForm = "reassign";

    /// <summary>
    /// Items one card shows (the most overdue first): each brings four forms, and the card must stay under
    /// Teams' 28 KB. The rest are counted in a line at the end.
    /// </summary>
    public const int MaxItems = 5;

    /// <summary>The card for one owner, as the scan sees their due controls (every item still open).</summary>
    public static AdaptiveCard ForOwner(NudgeCardModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return Live(new NudgeCardView(model, model.Items.Select(NudgeItemView.Open).ToList()));
    }

    /// <summary>The card as it stands now: done items say what happened, open ones offer their actions.</summary>
    public static AdaptiveCard Live(NudgeCardView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        var model = view.Model;
        var shown = view.Items
            .OrderBy(i => i.State == NudgeItemState.Done ? 1 : 0)
            .ThenBy(i => i.Item.Due)
            .ThenBy(i => i.Item.ScopeKey, StringComparer.Ordinal)
            .ThenBy(i => i.Item.ControlId, StringComparer.Ordinal)
            .Take(MaxItems)
            .ToList();
        var keys = NudgeItemKey.ListText(shown.Select(i => NudgeItemKey.Of(i.Item)));
        var open = view.Items.Count(i => i.State == NudgeItemState.Open);
        var body = new List<CardElement>
        {
            CardText.Title(open == 0 ? "All done — thank you" : "Evidence is due"),
            new TextBlock(open == 0
                ? "Every control on this card is answered for its period."
                : string.Create(CultureInfo.InvariantCulture, $"{(model.OwnerName is { Length: > 0 } name ? CardText.Md(name) + ", you" : "You")} own {open} control{(open == 1 ? "" : "s")} with evidence due. Attach evidence, say why it is not needed this period, snooze, or ask to hand it over."))
            {
                IsSubtle = true,
            },
        };
        if (view.Notice is { Length: > 0 } notice)
        {
            body.Add(new TextBlock(CardText.Md(notice)) { Color = "Good", Weight = "Bolder" });
        }

        for (var slot = 0; slot < shown.Count; slot++)
        {
            body.Add(Item(model, shown[slot], slot, keys, view.Retry is { } r && r.Key == NudgeItemKey.Of(shown[slot].Item) ? r : null));
        }

        if (view.Items.Count > shown.Count)
        {
            body.Add(CardText.Subtle(string.Create(CultureInfo.InvariantCulture,
                $"{view.Items.Count - shown.Count} more due control{(view.Items.Count - shown.Count == 1 ? " is" : "s are")} not shown here; say **controls** to see the register.")));
        }

        return new AdaptiveCard
        {
            Body = body,
            Refresh = new CardRefresh
            {
                Action = new ExecuteAction { Title = "Refresh", Verb = RefreshVerb, Data = Ids(model, keys, null, -1, null) },
                UserIds = [model.OwnerTeamsUserId ?? model.OwnerUserKey],
            },
            FallbackText = string.Create(CultureInfo.InvariantCulture, $"Evidence is due for {open} control{(open == 1 ? "" : "s")}: open this card in Teams."),
        };
    }

    /// <summary>The compliance leads' card: an owner asks to hand a control's period to a colleague.</summary>
    public static AdaptiveCard ReassignRequest(ReassignRequestView request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var facts = Facts(request);
        var data = new JsonObject
        {
            ["scope"] = request.Key.ScopeKey,
            ["controlId"] = request.Key.ControlId.Value,
            ["due"] = CardText.Date(request.Key.Due),
            ["requestId"] = request.RequestId,
        };
        return new AdaptiveCard
        {
            Body =
            [
                CardText.Title($"Reassignment requested: {request.Key.ControlId} {CardText.Md(request.Title)}"),
                new TextBlock($"{CardText.Md(request.RequestedByName)} asks to hand this control over. A compliance lead other than the person asking decides; approving makes the colleague the owner.") { IsSubtle = true },
                new FactSet { Facts = facts },
            ],
            Actions =
            [
                new ExecuteAction { Title = "Approve", Verb = ApproveVerb, Style = "positive", Data = data },
                new ExecuteAction { Title = "Decline", Verb = DeclineVerb, Data = (JsonObject)data.DeepClone() },
            ],
            FallbackText = $"Reassignment requested for {request.Key.ControlId}: decide in Teams.",
        };
    }

    /// <summary>What replaces the leads' card once the request is decided (or turned out to be decided already).</summary>
    public static AdaptiveCard ReassignDecided(ReassignRequestView request, string outcome)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new AdaptiveCard
        {
            Body =
            [
                CardText.Title($"Reassignment of {request.Key.ControlId} {CardText.Md(request.Title)}"),
                new TextBlock(CardText.Md(outcome)) { Weight = "Bolder" },
                new FactSet { Facts = Facts(request) },
            ],
            FallbackText = $"Reassignment of {request.Key.ControlId}: {outcome}",
        };
    }

    private static List<Fact> Facts(ReassignRequestView request)
    {
        var facts = new List<Fact>
        {
            new("Control", $"{request.Key.ControlId} {CardText.Md(request.Title)}"),
            new("For", request.SystemName is null ? "the organisation" : CardText.Md(request.SystemName)),
            new("Period due", CardText.Date(request.Key.Due)),
            new("Owner (asking)", CardText.Md(request.RequestedByName)),
            new("Hand over to", CardText.Md(request.ToName)),
        };
        if (request.Reason is { Length: > 0 } reason)
        {
            facts.Add(new Fact("Reason", CardText.Md(CardText.Shorten(reason, 500))));
        }

        return facts;
    }

    private static Container Item(NudgeCardModel model, NudgeItemView view, int slot, string keys, NudgeRetry? retry)
    {
        var item = view.Item;
        var items = new List<CardElement>
        {
            new TextBlock($"**{item.ControlId}** {CardText.Md(item.Title)} — {(item.SystemName is null ? "organisation" : CardText.Md(item.SystemName))}") { Wrap = true },
        };

        if (view.State == NudgeItemState.Done)
        {
            items.Add(CardText.Subtle($"Period due {CardText.Date(item.Due)}"));
            items.Add(new TextBlock("✓ " + CardText.Md(view.Note ?? "Done")) { Color = "Good", Spacing = "None" });
            return new Container { Items = items, Separator = true, Spacing = "Medium" };
        }

        var canSnooze = NudgeRules.CanSnooze(item.SnoozeCount, model.MaxSnoozes);
        var status = new List<string> { $"due {CardText.Date(item.Due)}", When(item.Status) };
        if (item.SnoozeCount > 0)
        {
            status.Add(string.Create(CultureInfo.InvariantCulture, $"snoozed {item.SnoozeCount} of {model.MaxSnoozes} times"));
        }

        items.Add(CardText.Subtle(string.Join(" · ", status)));
        if (view.SnoozedUntil is { } until)
        {
            items.Add(CardText.Subtle($"Snoozed until {until.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)}."));
        }

        if (view.Note is { Length: > 0 } note)
        {
            items.Add(new TextBlock(CardText.Md(note)) { Color = "Accent", Spacing = "None" });
        }

        if (!canSnooze)
        {
            items.Add(new TextBlock("No snoozes left for this period: further delay means escalation to the compliance leads.") { Color = "Warning", Size = "Small", Spacing = "None" });
        }

        if (retry is not null)
        {
            items.Add(CardText.Errors(retry.Errors));
        }

        var actions = new List<CardAction>
        {
            Show("Attach evidence", EvidenceCard(model, item, slot, keys, retry)),
            Show("Not applicable", NotApplicableCard(model, item, slot, keys, retry)),
        };
        if (canSnooze)
        {
            actions.Add(Show("Snooze", SnoozeCard(model, item, slot, keys, retry)));
        }

        if (!view.ReassignPending)
        {
            actions.Add(Show("Ask to reassign", ReassignCard(model, item, slot, keys, retry)));
        }

        items.Add(new ActionSet { Actions = actions });
        return new Container { Items = items, Separator = true, Spacing = "Medium" };
    }

    private static ShowCardAction Show(string title, AdaptiveCard card) => new() { Title = title, Card = card };

    private static AdaptiveCard EvidenceCard(NudgeCardModel model, DueControl item, int slot, string keys, NudgeRetry? retry)
    {
        var values = retry?.Form == EvidenceForm ? retry.Values : null;
        var n = Slot(slot);
        // The card may be opened days after it was sent, so the dates have no "today" limit here; the domain has one.
        return Form(
            [.. AimsBot.Register.EvidenceForm.Inputs(n, values, today: null)],
            new ExecuteAction { Title = "Record evidence", Verb = EvidenceVerb, Style = "positive", AssociatedInputs = "Auto", Data = Ids(model, keys, item, slot, retry?.Form == EvidenceForm ? retry.SubmissionId : Guid.NewGuid()) });
    }

    private static AdaptiveCard NotApplicableCard(NudgeCardModel model, DueControl item, int slot, string keys, NudgeRetry? retry)
    {
        var values = retry?.Form == NotApplicableForm ? retry.Values : null;
        var n = Slot(slot);
        return Form(
            [
                new TextInput
                {
                    Id = "reason" + n,
                    Label = "Why is no evidence needed this period?",
                    IsRequired = true,
                    ErrorMessage = "Say why (at least 10 characters).",
                    IsMultiline = true,
                    MaxLength = Applicability.JustificationMax,
                    Value = values?.Raw("reason"),
                },
            ],
            new ExecuteAction { Title = "Close this period", Verb = NotApplicableVerb, AssociatedInputs = "Auto", Data = Ids(model, keys, item, slot, Guid.NewGuid()) });
    }

    private static AdaptiveCard SnoozeCard(NudgeCardModel model, DueControl item, int slot, string keys, NudgeRetry? retry)
    {
        var values = retry?.Form == SnoozeForm ? retry.Values : null;
        var n = Slot(slot);
        return Form(
            [
                new ChoiceSetInput
                {
                    Id = "snooze" + n,
                    Label = string.Create(CultureInfo.InvariantCulture, $"Remind me again in (snooze {item.SnoozeCount + 1} of {model.MaxSnoozes})"),
                    IsRequired = true,
                    ErrorMessage = "Pick how long.",
                    Style = "expanded",
                    Value = values?.Raw("snooze") ?? NudgeRules.Code(SnoozeLength.OneDay),
                    Choices = Enum.GetValues<SnoozeLength>().Select(l => new Choice(NudgeRules.Describe(l), NudgeRules.Code(l))).ToList(),
                },
            ],
            new ExecuteAction { Title = "Snooze", Verb = SnoozeVerb, AssociatedInputs = "Auto", Data = Ids(model, keys, item, slot, Guid.NewGuid()) });
    }

    private static AdaptiveCard ReassignCard(NudgeCardModel model, DueControl item, int slot, string keys, NudgeRetry? retry)
    {
        var values = retry?.Form == ReassignForm ? retry.Values : null;
        var n = Slot(slot);
        return Form(
            [
                new TextInput { Id = "colleague" + n, Label = "Colleague (sign-in name, e.g. sam@contoso.com)", IsRequired = true, ErrorMessage = "Name a colleague.", MaxLength = 254, Value = values?.Raw("colleague") },
                new TextInput { Id = "why" + n, Label = "Why (optional)", IsMultiline = true, MaxLength = NudgeRules.ReassignReasonMax, Value = values?.Raw("why") },
            ],
            new ExecuteAction { Title = "Ask a compliance lead", Verb = ReassignVerb, AssociatedInputs = "Auto", Data = Ids(model, keys, item, slot, retry?.Form == ReassignForm ? retry.SubmissionId : Guid.NewGuid()) });
    }

    private static AdaptiveCard Form(List<CardElement> inputs, ExecuteAction submit) =>
        new() { Body = inputs, Actions = [submit], Msteams = null };

    /// <summary>
    /// What a button sends back: the card's owner and item list (to redraw the card), the item's ids, its slot
    /// (which inputs are its own) and a submission id. Never state to trust: it is all read again.
    /// </summary>
    private static JsonObject Ids(NudgeCardModel model, string keys, DueControl? item, int slot, Guid? submissionId)
    {
        var data = new JsonObject { ["owner"] = model.OwnerUserKey, ["items"] = keys };
        if (item is not null)
        {
            data["scope"] = item.ScopeKey;
            data["controlId"] = item.ControlId;
            data["due"] = CardText.Date(item.Due);
            data["slot"] = Slot(slot);
        }

        if (submissionId is { } id)
        {
            data["submissionId"] = id.ToString("N");
        }

        return data;
    }

    private static string Slot(int slot) => slot.ToString(CultureInfo.InvariantCulture);

    private static string When(DueStatus status) => status.State switch
    {
        DueState.Overdue => string.Create(CultureInfo.InvariantCulture, $"overdue by {-status.DaysUntilDue} day{(status.DaysUntilDue == -1 ? "" : "s")}"),
        DueState.DueToday => "due today",
        DueState.Upcoming => string.Create(CultureInfo.InvariantCulture, $"in {status.DaysUntilDue} day{(status.DaysUntilDue == 1 ? "" : "s")}"),
        _ => "not scheduled",
    };
}

/// <summary>A pending reassignment as the leads' card shows it.</summary>
public sealed record ReassignRequestView(NudgeItemKey Key, string Title, string? SystemName, string RequestedByName, string ToName, string? Reason, string RequestId);
