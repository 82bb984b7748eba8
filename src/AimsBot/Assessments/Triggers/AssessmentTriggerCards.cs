using System.Globalization;
using System.Text.Json.Nodes;
using AimsBot.Register;
using AimsBot.Teams.Cards;

namespace AimsBot.Assessments.Triggers;

/// <summary>
/// The cards that ask for an impact assessment: to the system's owner ("Credit Scorer needs an impact assessment",
/// with a button that starts or resumes it, as saying <c>assess Credit Scorer</c> does) and to the compliance leads
/// when one is overdue.
/// </summary>
public static class AssessmentTriggerCards
{
    /// <summary>The owner's button: starts (or resumes) the system's assessment, as <c>assess &lt;system&gt;</c> does.</summary>
    public const string StartVerb = "assessment.call.start";

    /// <summary>The owner's card: which system, why it needs assessing now, and the button that starts it.</summary>
    public static AdaptiveCard ForOwner(AssessmentCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var name = CardText.Md(call.SystemName);
        var body = new List<CardElement>
        {
            new TextBlock(Title(call)) { Size = "Medium", Weight = "Bolder", Color = call.Reason == AssessmentCallReason.Overdue ? "Attention" : null },
            new TextBlock(Why(call)),
            new FactSet
            {
                Facts =
                [
                    new("AI system", name),
                    new("Life-cycle stage", CardText.Stage(call.Stage)),
                    new("Risk tier", CardText.Tier(call.Tier)),
                    new("Owner", CardText.Md(call.OwnerDisplay)),
                ],
            },
            CardText.Subtle($"One step per card: you can stop at any step and carry on later, from any device. You can also say **assess {name}**."),
        };
        return new AdaptiveCard
        {
            Body = body,
            Actions =
            [
                new ExecuteAction
                {
                    Title = call.Reason is AssessmentCallReason.NewSystem or AssessmentCallReason.Unassessed ? "Start the assessment"
                        : call.ApprovedVersion is null ? "Open the assessment"
                        : "Start the new version",
                    Verb = StartVerb,
                    Data = new JsonObject { ["system"] = call.SystemId },
                },
            ],
            FallbackText = Text(call),
        };
    }

    /// <summary>The compliance leads' card: an approved assessment's due date passed without a new version.</summary>
    public static AdaptiveCard ForLeads(AssessmentCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var name = CardText.Md(call.SystemName);
        var body = new List<CardElement>
        {
            new TextBlock($"The impact assessment of {name} is overdue") { Size = "Medium", Weight = "Bolder", Color = "Attention" },
            new TextBlock(Invariant($"Its approved assessment (version {call.ApprovedVersion}) was due for review on {CardText.Date(call.DueOn)}, {Days(-(call.DaysLeft ?? 0))} ago, and no new version has been started. Its owner, {CardText.Md(call.OwnerDisplay)}, has been asked to start one.")),
            new FactSet
            {
                Facts =
                [
                    new("AI system", name),
                    new("Life-cycle stage", CardText.Stage(call.Stage)),
                    new("Risk tier", CardText.Tier(call.Tier)),
                ],
            },
            CardText.Subtle($"Say **assessments** for every system's standing, or **assess {name}** to start the new version yourself."),
        };
        return new AdaptiveCard { Body = body, FallbackText = $"The impact assessment of {call.SystemName} is overdue." };
    }

    /// <summary>The notification line that goes with the owner's card.</summary>
    public static string Text(AssessmentCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        return Title(call).Replace("\\", "", StringComparison.Ordinal);
    }

    private static string Title(AssessmentCall call)
    {
        var name = CardText.Md(call.SystemName);
        return call.Reason switch
        {
            AssessmentCallReason.DueSoon => Invariant($"{name} needs a new impact assessment by {CardText.Date(call.DueOn)}"),
            AssessmentCallReason.DueToday => $"{name} needs a new impact assessment today",
            AssessmentCallReason.Overdue => $"{name}'s impact assessment is overdue",
            AssessmentCallReason.Changed => $"{name} changed: it needs a new impact assessment",
            _ => $"{name} needs an impact assessment",
        };
    }

    private static string Why(AssessmentCall call) => call.Reason switch
    {
        AssessmentCallReason.NewSystem =>
            "It was just added to the register, and you are its owner. Every AI system needs an impact assessment (ISO/IEC 42001 6.1.4, 8.4): what it is for, what could go wrong, who it affects, and how much.",
        AssessmentCallReason.Unassessed =>
            $"It is in {CardText.Stage(call.Stage).ToLowerInvariant()} without an approved impact assessment, and you are its owner. Every AI system in use needs one (ISO/IEC 42001 6.1.4, 8.4).",
        AssessmentCallReason.DueSoon =>
            Invariant($"Its approved assessment (version {call.ApprovedVersion}) is due for review on {CardText.Date(call.DueOn)}, in {Days(call.DaysLeft ?? 0)}. The new version starts from its answers, so you only change what changed."),
        AssessmentCallReason.DueToday =>
            Invariant($"Its approved assessment (version {call.ApprovedVersion}) is due for review today. The new version starts from its answers, so you only change what changed."),
        AssessmentCallReason.Overdue =>
            Invariant($"Its approved assessment (version {call.ApprovedVersion}) was due for review on {CardText.Date(call.DueOn)}, {Days(-(call.DaysLeft ?? 0))} ago. The new version starts from its answers, so you only change what changed."),
        _ =>
            $"{CardText.Md(call.ChangedBy ?? "Someone")} recorded a significant change on {CardText.Date(call.DueOn)}: “{CardText.Md(call.ChangeReason)}”. " +
            (call.ApprovedVersion is { } approved
                ? Invariant($"The approved assessment (version {approved}) does not cover it, so it needs a new version; it starts from the approved answers, so you only change what changed.")
                : "Its impact assessment has to take the change into account."),
    };

    private static string Days(int days) => Invariant($"{days} day{(days == 1 ? "" : "s")}");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
