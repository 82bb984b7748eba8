using System.Globalization;
using System.Text.Json.Nodes;
using AimsBot.Domain;
using AimsBot.Domain.Nonconformities;
using AimsBot.Register;
using AimsBot.Teams.Cards;

namespace AimsBot.Nonconformities;

/// <summary>
/// A nonconformity as one person's card shows it: the nonconformity, the names of the people on it, the AI system's
/// name, what the viewer may do at its current step, the values and errors of a form sent back, and a line on top
/// after a press.
/// </summary>
public sealed record NonconformityView(
    Nonconformity Nc,
    string? SystemName,
    Func<string?, string> NameOf,
    DateOnly Today,
    bool MayTriage,
    bool MayWork,
    IReadOnlySet<int> ActionsViewerMayComplete,
    bool MayReview,
    string? ReviewRefusal,
    NonconformityFormDefaults Defaults,
    FormData? Values = null,
    IReadOnlyList<DomainError>? Errors = null,
    string? Notice = null);

/// <summary>What the step forms start with: the triage dates proposed from the options, the owner's sign-in name, and a new root cause's date.</summary>
public sealed record NonconformityFormDefaults(DateOnly CorrectionDue, DateOnly RootCauseDue, DateOnly ActionsDue, DateOnly NewRootCauseDue, string? OwnerTyped);

/// <summary>
/// The cards of a nonconformity: the raise form, the triage card for a compliance lead, and one card per step for its
/// owner (correction, root cause, corrective actions, implementation, effectiveness review), with the closed card's
/// Reopen. Buttons are Action.Execute whose data holds ids only (<see cref="IdKey"/>, <see cref="RevisionKey"/>, a
/// submission id, an action number); handlers read the rest again.
/// </summary>
public static class NonconformityCards
{
    /// <summary>Shows the raise form; data may pre-fill it: <see cref="SystemKey"/>, <see cref="ControlKey"/>, <see cref="TitleKey"/>, <see cref="SourceKey"/>.</summary>
    public const string RaiseFormVerb = "nc.raise.form";

    /// <summary>The raise form's Raise.</summary>
    public const string RaiseVerb = "nc.raise";

    public const string TriageVerb = "nc.triage";
    public const string DeclineVerb = "nc.decline";
    public const string CorrectionVerb = "nc.correction";
    public const string RootCauseVerb = "nc.rootcause";
    public const string ActionsVerb = "nc.actions";
    public const string ActionDoneVerb = "nc.action.done";
    public const string ImplementedVerb = "nc.implemented";
    public const string ReviewVerb = "nc.review";
    public const string ReopenVerb = "nc.reopen";

    /// <summary>Shows the card of a nonconformity's current step (the step cards' refresh, and a nudge's "Open").</summary>
    public const string ShowVerb = "nc.show";

    /// <summary>Card data: the nonconformity id (<c>NC-7</c>).</summary>
    public const string IdKey = "nc";

    /// <summary>Card data: the revision the card showed.</summary>
    public const string RevisionKey = "revision";

    /// <summary>Card data: a corrective action's number (its Done button).</summary>
    public const string ActionKey = "action";

    /// <summary>Card data: the raise form's submission id (a form sent twice raises one).</summary>
    public const string SubmissionKey = "submissionId";

    /// <summary>Raise form pre-fill: the AI system id (absent: the organisation).</summary>
    public const string SystemKey = "system";

    /// <summary>Raise form pre-fill: a control id (<c>A.6.2.6</c>).</summary>
    public const string ControlKey = "control";

    /// <summary>Raise form pre-fill: the title.</summary>
    public const string TitleKey = "title";

    /// <summary>Raise form pre-fill: the source by name (<c>control-failure</c>).</summary>
    public const string SourceKey = "source";

    // Inputs. The raise form's title and source share the pre-fill keys' names, so a pre-filled value is the input's.
    public const string TitleInput = TitleKey;
    public const string DescriptionInput = "description";
    public const string SourceInput = SourceKey;
    public const string SeverityInput = "severity";
    public const string SystemInput = "systemName";
    public const string ControlsInput = "controls";
    public const string LinkInput = "evidenceLink";
    public const string OwnerInput = "owner";
    public const string CorrectionDueInput = "correctionDue";
    public const string RootCauseDueInput = "rootCauseDue";
    public const string ActionsDueInput = "actionsDue";
    public const string DeclineReasonInput = "declineReason";
    public const string CorrectionInput = "correction";
    public const string ConsequencesInput = "consequences";
    public const string WhatHappenedInput = "whatHappened";
    public const string WhyInput = "why";
    public const string CategoryInput = "category";
    public const string SimilarInput = "similar";
    public const string ImplementationEvidenceInput = "implementationEvidence";
    public const string EffectiveInput = "effective";
    public const string CommentInput = "comment";
    public const string ReopenReasonInput = "reopenReason";

    /// <summary>Action rows the actions form offers (the domain allows <see cref="Nonconformity.MaxActions"/>; more are added by a lead later).</summary>
    public const int ActionSlots = 5;

    public const int ControlsMax = 300;

    public static string ActionTitleInput(int slot) => string.Create(CultureInfo.InvariantCulture, $"action{slot}Title");

    public static string ActionOwnerInput(int slot) => string.Create(CultureInfo.InvariantCulture, $"action{slot}Owner");

    public static string ActionDueInput(int slot) => string.Create(CultureInfo.InvariantCulture, $"action{slot}Due");

    public static string ActionEvidenceInput(int number) => string.Create(CultureInfo.InvariantCulture, $"action{number}Evidence");

    /// <summary>
    /// "Raise a nonconformity": a button for another workflow's card (an overdue control's escalation) that opens the raise
    /// form pre-filled with the system, the control, a title and the source (a control failure, unless named).
    /// </summary>
    public static ExecuteAction RaiseButton(string? systemId, string? controlId, string? title, string source = "control-failure")
    {
        var data = new JsonObject { [SourceKey] = source };
        if (!string.IsNullOrWhiteSpace(systemId))
        {
            data[SystemKey] = systemId;
        }

        if (!string.IsNullOrWhiteSpace(controlId))
        {
            data[ControlKey] = controlId;
        }

        if (!string.IsNullOrWhiteSpace(title))
        {
            data[TitleKey] = title;
        }

        return new ExecuteAction { Title = "Raise a nonconformity", Verb = RaiseFormVerb, Data = data };
    }

    /// <summary>
    /// The raise form. <paramref name="data"/> goes back with the button (a submission id); <paramref name="values"/>
    /// fills it (a pre-fill, or what was sent with <paramref name="errors"/>).
    /// </summary>
    public static AdaptiveCard RaiseForm(JsonObject data, FormData? values, IReadOnlyList<DomainError>? errors = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        var body = new List<CardElement>
        {
            CardText.Title("Raise a nonconformity"),
            new TextBlock("Something that does not meet a requirement of the AI management system (ISO/IEC 42001 10.2). A compliance lead triages it and names who deals with it.") { Wrap = true, IsSubtle = true },
        };
        if (errors is { Count: > 0 })
        {
            body.Add(CardText.Errors(errors));
        }

        body.Add(new TextInput { Id = TitleInput, Label = "Title", MaxLength = Nonconformity.TitleMax, Value = values?.Raw(TitleInput), Placeholder = "Drift check skipped in March" });
        body.Add(new TextInput { Id = DescriptionInput, Label = "What happened", IsMultiline = true, MaxLength = Nonconformity.TextMax, Value = values?.Raw(DescriptionInput), Placeholder = "What was found, where and when" });
        body.Add(new ChoiceSetInput
        {
            Id = SourceInput,
            Label = "Where it was found",
            Value = values?.Raw(SourceInput),
            Choices = Enum.GetValues<NonconformitySource>().Select(s => new Choice(s.Words(), s.Name())).ToList(),
        });
        body.Add(Severity(values?.Raw(SeverityInput)));
        body.Add(new TextInput { Id = SystemInput, Label = "AI system (its name; empty for the organisation)", MaxLength = 200, Value = values?.Raw(SystemInput), Placeholder = "Credit Scorer" });
        body.Add(new TextInput { Id = ControlsInput, Label = "Annex A controls concerned (comma-separated)", MaxLength = ControlsMax, Value = values?.Raw(ControlsInput), Placeholder = "A.6.2.6, A.7.4" });
        body.Add(new TextInput { Id = LinkInput, Label = "Link to what shows it (optional)", MaxLength = Nonconformity.LinkMax, Value = values?.Raw(LinkInput), Placeholder = "https://…" });
        return new AdaptiveCard
        {
            Body = body,
            Actions = [new ExecuteAction { Title = "Raise", Verb = RaiseVerb, Style = "positive", AssociatedInputs = "Auto", Data = (JsonObject)data.DeepClone() }],
            FallbackText = "Raise a nonconformity: fill in the form in Teams.",
        };
    }

    /// <summary>The card of a nonconformity at its current step, for one viewer: the form they may fill in, or where it stands.</summary>
    public static AdaptiveCard Step(NonconformityView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        var nc = view.Nc;
        var body = new List<CardElement>
        {
            CardText.Title($"{nc.Id}: {CardText.Md(nc.Title)}"),
        };
        if (view.Notice is { Length: > 0 } notice)
        {
            body.Add(new TextBlock(CardText.Md(notice)) { Wrap = true, Color = "Good", Weight = "Bolder" });
        }

        if (view.Errors is { Count: > 0 } errors)
        {
            body.Add(CardText.Errors(errors));
        }

        body.Add(new FactSet { Facts = Facts(view) });
        var actions = new List<CardAction>();
        switch (nc.Stage)
        {
            case NonconformityStage.Raised:
                Triage(view, body, actions);
                break;
            case NonconformityStage.Correction:
                Correction(view, body, actions);
                break;
            case NonconformityStage.RootCause:
                RootCause(view, body, actions);
                break;
            case NonconformityStage.Actions:
                Actions(view, body, actions);
                break;
            case NonconformityStage.Implementation:
                Implementation(view, body, actions);
                break;
            case NonconformityStage.EffectivenessReview:
                Review(view, body, actions);
                break;
            case NonconformityStage.Closed:
                Closed(view, body, actions);
                break;
            case NonconformityStage.Declined:
                body.Add(Section("Declined: not a nonconformity"));
                body.Add(Paragraph(nc.Steps.DeclinedReason ?? CardText.None));
                break;
        }

        return new AdaptiveCard
        {
            Body = body,
            Actions = actions,
            FallbackText = $"{nc.Id}: {nc.Title} ({nc.Stage.Words()})",
        };
    }

    private static List<Fact> Facts(NonconformityView view)
    {
        var nc = view.Nc;
        var facts = new List<Fact>
        {
            new("Step", nc.Stage.Words()),
            new("Severity", Capital(nc.Severity.Name())),
            new("Found by", nc.Source.Words()),
            new("Scope", nc.SystemId is null ? "Organisation" : CardText.Md(view.SystemName ?? nc.SystemId)),
        };
        if (nc.ControlIds.Count > 0)
        {
            facts.Add(new Fact("Controls", string.Join(", ", nc.ControlIds)));
        }

        facts.Add(new Fact("Raised", $"{nc.RaisedAt.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)} by {CardText.Md(view.NameOf(nc.RaisedBy))}"));
        if (nc.OwnerUserId is { } owner)
        {
            facts.Add(new Fact("Owner", CardText.Md(view.NameOf(owner))));
        }

        if (nc.StageDueOn is { } due)
        {
            facts.Add(new Fact("Due", CardText.Date(due) + (due < view.Today ? " (overdue)" : "")));
        }

        if (nc.EvidenceLink is { } link)
        {
            facts.Add(new Fact("Shown by", $"[{CardText.ShortLink(link)}]({link})"));
        }

        return facts;
    }

    private static void Triage(NonconformityView view, List<CardElement> body, List<CardAction> actions)
    {
        body.Add(Paragraph(view.Nc.Description));
        if (!view.MayTriage)
        {
            body.Add(CardText.Subtle("A compliance lead will triage it: confirm the severity, name its owner and set the due dates."));
            return;
        }

        var values = view.Values;
        body.Add(Section("Triage"));
        body.Add(Severity(values?.Raw(SeverityInput) ?? view.Nc.Severity.Name()));
        body.Add(new TextInput { Id = OwnerInput, Label = "Owner (sign-in name; empty for yourself)", MaxLength = 254, Value = values?.Raw(OwnerInput), Placeholder = "dana@contoso.com" });
        body.Add(new DateInput { Id = CorrectionDueInput, Label = "Correction and containment due", Value = values?.Raw(CorrectionDueInput) ?? CardText.Date(view.Defaults.CorrectionDue) });
        body.Add(new DateInput { Id = RootCauseDueInput, Label = "Root cause due", Value = values?.Raw(RootCauseDueInput) ?? CardText.Date(view.Defaults.RootCauseDue) });
        body.Add(new DateInput { Id = ActionsDueInput, Label = "Corrective actions agreed by", Value = values?.Raw(ActionsDueInput) ?? CardText.Date(view.Defaults.ActionsDue) });
        body.Add(new TextInput { Id = DeclineReasonInput, Label = "Or, to decline it: why it is not a nonconformity", IsMultiline = true, MaxLength = Nonconformity.ReasonMax, Value = values?.Raw(DeclineReasonInput) });
        actions.Add(Button("Triage", TriageVerb, view, "positive"));
        actions.Add(Button("Decline", DeclineVerb, view, "destructive"));
    }

    private static void Correction(NonconformityView view, List<CardElement> body, List<CardAction> actions)
    {
        body.Add(Paragraph(view.Nc.Description));
        if (!view.MayWork)
        {
            body.Add(CardText.Subtle($"Waiting for {CardText.Md(view.NameOf(view.Nc.OwnerUserId))} to record the correction and containment."));
            return;
        }

        body.Add(Section("Correction and containment"));
        body.Add(new TextInput { Id = CorrectionInput, Label = "What was done to control and correct it", IsMultiline = true, MaxLength = Nonconformity.TextMax, Value = view.Values?.Raw(CorrectionInput), Placeholder = "Ran the March check by hand" });
        body.Add(new TextInput { Id = ConsequencesInput, Label = "How its consequences were dealt with", IsMultiline = true, MaxLength = Nonconformity.TextMax, Value = view.Values?.Raw(ConsequencesInput) });
        actions.Add(Button("Record correction", CorrectionVerb, view, "positive"));
    }

    private static void RootCause(NonconformityView view, List<CardElement> body, List<CardAction> actions)
    {
        var nc = view.Nc;
        if (nc.Cycle.ReopenedBecause is { } reopened)
        {
            body.Add(Paragraph($"Reopened by {CardText.Md(view.NameOf(reopened.By))}: {reopened.Reason}"));
        }
        else if (nc.Steps.Cycles.Count > 1 && nc.Steps.Cycles[^2].Review is { Effective: false } review)
        {
            body.Add(Paragraph($"The actions did not work ({CardText.Md(view.NameOf(review.ReviewerUserId))}): {review.Comment}"));
        }
        else if (nc.Steps.Correction is { } correction)
        {
            body.Add(Paragraph("Corrected: " + correction.Correction));
        }

        if (!view.MayWork)
        {
            body.Add(CardText.Subtle($"Waiting for {CardText.Md(view.NameOf(nc.OwnerUserId))} to record the root cause."));
            return;
        }

        body.Add(Section("Root cause"));
        body.Add(new TextInput { Id = WhatHappenedInput, Label = "What happened", IsMultiline = true, MaxLength = Nonconformity.TextMax, Value = view.Values?.Raw(WhatHappenedInput) });
        body.Add(new TextInput { Id = WhyInput, Label = "Why it happened", IsMultiline = true, MaxLength = Nonconformity.TextMax, Value = view.Values?.Raw(WhyInput) });
        body.Add(new ChoiceSetInput
        {
            Id = CategoryInput,
            Label = "Kind of cause",
            Value = view.Values?.Raw(CategoryInput),
            Choices = Enum.GetValues<CauseCategory>().Select(c => new Choice(Capital(c.Name()), c.Name())).ToList(),
        });
        body.Add(new TextInput { Id = SimilarInput, Label = "Similar nonconformities elsewhere (ids or links)", IsMultiline = true, MaxLength = Nonconformity.ReasonMax, Value = view.Values?.Raw(SimilarInput), Placeholder = "NC-3, https://…" });
        actions.Add(Button("Record root cause", RootCauseVerb, view, "positive"));
    }

    private static void Actions(NonconformityView view, List<CardElement> body, List<CardAction> actions)
    {
        var nc = view.Nc;
        if (nc.Cycle.RootCause is { } root)
        {
            body.Add(Paragraph($"Root cause ({root.Category.Name()}): {root.Why}"));
        }

        if (!view.MayWork)
        {
            body.Add(CardText.Subtle($"Waiting for {CardText.Md(view.NameOf(nc.OwnerUserId))} to agree the corrective actions."));
            return;
        }

        body.Add(Section("Corrective actions"));
        for (var i = 0; i < ActionSlots; i++)
        {
            var number = (i + 1).ToString(CultureInfo.InvariantCulture);
            body.Add(new TextInput { Id = ActionTitleInput(i), Label = $"Action {number}: what is to be done", MaxLength = Nonconformity.ActionTitleMax, Value = view.Values?.Raw(ActionTitleInput(i)), Spacing = i == 0 ? null : "Medium" });
            body.Add(new ColumnSet
            {
                Spacing = "Small",
                Columns =
                [
                    new Column { Width = "stretch", Items = [new TextInput { Id = ActionOwnerInput(i), Label = "by whom (empty: the owner)", MaxLength = 254, Value = view.Values?.Raw(ActionOwnerInput(i)), Placeholder = "sam@contoso.com" }] },
                    new Column { Width = "auto", Items = [new DateInput { Id = ActionDueInput(i), Label = "by when", Value = view.Values?.Raw(ActionDueInput(i)) }] },
                ],
            });
        }

        actions.Add(Button("Record actions", ActionsVerb, view, "positive"));
    }

    private static void Implementation(NonconformityView view, List<CardElement> body, List<CardAction> actions)
    {
        var nc = view.Nc;
        body.Add(Section("Corrective actions"));
        foreach (var action in nc.Cycle.Actions)
        {
            var number = action.Number.ToString(CultureInfo.InvariantCulture);
            var line = $"{number}. {CardText.Md(action.Title)} — {CardText.Md(view.NameOf(action.OwnerUserId))}, due {CardText.Date(action.Due)}";
            var container = new Container { Items = [new TextBlock(line) { Wrap = true }] };
            if (action.IsDone)
            {
                container.Items.Add(CardText.Subtle($"Done {action.DoneAt!.Value.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)} by {CardText.Md(view.NameOf(action.DoneBy))}: {CardText.Md(action.Evidence ?? "")}"));
            }
            else if (view.ActionsViewerMayComplete.Contains(action.Number))
            {
                container.Items.Add(new TextInput { Id = ActionEvidenceInput(action.Number), Label = "Evidence it is done", MaxLength = Nonconformity.EvidenceMax, Value = view.Values?.Raw(ActionEvidenceInput(action.Number)), Placeholder = "What shows it, or a link" });
                container.Items.Add(new ActionSet { Actions = [Button($"Action {number} done", ActionDoneVerb, view, "positive", action.Number)] });
            }

            body.Add(container);
        }

        if (!view.MayWork)
        {
            return;
        }

        if (nc.Cycle.Actions.All(a => a.IsDone))
        {
            body.Add(Section("Implemented"));
            body.Add(new TextInput { Id = ImplementationEvidenceInput, Label = "Evidence the actions are in place", IsMultiline = true, MaxLength = Nonconformity.EvidenceMax, Value = view.Values?.Raw(ImplementationEvidenceInput) });
            actions.Add(Button("Mark implemented", ImplementedVerb, view, "positive"));
        }
        else
        {
            body.Add(CardText.Subtle("When every action is done, this card asks for the evidence that they are in place."));
        }
    }

    private static void Review(NonconformityView view, List<CardElement> body, List<CardAction> actions)
    {
        var nc = view.Nc;
        if (nc.Cycle.Implementation is { } implementation)
        {
            body.Add(Paragraph($"Implemented ({CardText.Md(view.NameOf(implementation.By))}): {implementation.Evidence}"));
        }

        if (nc.ReviewDueOn is { } due && view.Today < due)
        {
            body.Add(CardText.Subtle($"The effectiveness review is due on {CardText.Date(due)}: by then the actions have had time to show whether they work."));
            return;
        }

        if (!view.MayReview)
        {
            body.Add(CardText.Subtle(view.ReviewRefusal ?? "Someone who owned none of the actions reviews whether they worked."));
            return;
        }

        body.Add(Section("Effectiveness review"));
        body.Add(new ChoiceSetInput
        {
            Id = EffectiveInput,
            Label = "Did the actions work?",
            Style = "expanded",
            Value = view.Values?.Raw(EffectiveInput),
            Choices = [new Choice("Effective: close it", "effective"), new Choice("Not effective: back to root cause", "not-effective")],
        });
        body.Add(new TextInput { Id = CommentInput, Label = "What shows it", IsMultiline = true, MaxLength = Nonconformity.ReasonMax, Value = view.Values?.Raw(CommentInput) });
        body.Add(new DateInput { Id = RootCauseDueInput, Label = "If not effective: new root cause due", Value = view.Values?.Raw(RootCauseDueInput) ?? CardText.Date(view.Defaults.NewRootCauseDue) });
        actions.Add(Button("Record review", ReviewVerb, view, "positive"));
    }

    private static void Closed(NonconformityView view, List<CardElement> body, List<CardAction> actions)
    {
        var nc = view.Nc;
        if (nc.Cycle.Review is { } review)
        {
            body.Add(Paragraph($"Closed {review.At.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}: effective ({CardText.Md(view.NameOf(review.ReviewerUserId))}): {review.Comment}"));
        }

        if (!view.MayTriage)
        {
            return;
        }

        body.Add(new TextInput { Id = ReopenReasonInput, Label = "To reopen it: why", IsMultiline = true, MaxLength = Nonconformity.ReasonMax, Value = view.Values?.Raw(ReopenReasonInput) });
        body.Add(new DateInput { Id = RootCauseDueInput, Label = "New root cause due", Value = view.Values?.Raw(RootCauseDueInput) ?? CardText.Date(view.Defaults.NewRootCauseDue) });
        actions.Add(Button("Reopen", ReopenVerb, view, null));
    }

    private static ChoiceSetInput Severity(string? value) => new()
    {
        Id = SeverityInput,
        Label = "Severity",
        Value = value,
        Choices = Enum.GetValues<NonconformitySeverity>().Select(s => new Choice(Capital(s.Name()), s.Name())).ToList(),
    };

    private static ExecuteAction Button(string title, string verb, NonconformityView view, string? style, int? action = null)
    {
        var data = new JsonObject
        {
            [IdKey] = view.Nc.Id.ToString(),
            [RevisionKey] = view.Nc.Revision.ToString(CultureInfo.InvariantCulture),
        };
        if (action is { } number)
        {
            data[ActionKey] = number.ToString(CultureInfo.InvariantCulture);
        }

        return new ExecuteAction { Title = title, Verb = verb, Style = style, AssociatedInputs = "Auto", Data = data };
    }

    private static TextBlock Section(string text) => new(text) { Weight = "Bolder", Spacing = "Medium" };

    private static TextBlock Paragraph(string text) => new(CardText.Md(CardText.Shorten(text, 600))) { Wrap = true };

    private static string Capital(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..].Replace('-', ' ');
}
