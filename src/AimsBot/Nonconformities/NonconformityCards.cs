using System.Text.Json.Nodes;
using AimsBot.Teams.Cards;

namespace AimsBot.Nonconformities;

/// <summary>
/// The cards of a nonconformity: the raise form, the triage card for a compliance lead, and one card per step for its
/// owner (correction, root cause, corrective actions, implementation, effectiveness review), with the closed card's
/// Reopen. Buttons are Action.Execute whose data holds ids only (<see cref="IdKey"/>, <see cref="RevisionKey"/>, a
/// submission id); handlers read the rest again.
/// </summary>
public static partial class NonconformityCards
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

    /// <summary>Raise form pre-fill: the AI system id (absent: the organisation).</summary>
    public const string SystemKey = "system";

    /// <summary>Raise form pre-fill: a control id (<c>A.6.2.6</c>).</summary>
    public const string ControlKey = "control";

    /// <summary>Raise form pre-fill: the title.</summary>
    public const string TitleKey = "title";

    /// <summary>Raise form pre-fill: the source by name (<c>control-failure</c>).</summary>
    public const string SourceKey = "source";

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
}
