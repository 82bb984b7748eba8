using AimsBot.Commands;
using AimsBot.Domain.Assessments;
using AimsBot.Graph;
using AimsBot.Nudges;
using AimsBot.Proactive;
using AimsBot.Register;
using AimsBot.Storage.Outbox;

namespace AimsBot.Assessments.Steps;

/// <summary>Where a step button leads once what was typed is saved.</summary>
public enum StepMove
{
    Back,
    Next,
    SaveForLater,
    AddItem,
    RemoveItem,
    Ask,
    Submit,
}

/// <summary>
/// A step card's button. Every press first saves what was typed (<see cref="AssessmentService.SaveStepAsync"/>),
/// then moves: back, next, add or remove an item, save for later; Ask and Submit do more once it is saved.
/// Refused input (too long, a choice not offered) keeps what was typed on the card and saves nothing.
/// </summary>
public abstract class StepAction : ICardActionHandler
{
    protected StepAction(AssessmentSteps steps) => Steps = steps;

    protected AssessmentSteps Steps { get; }

    protected abstract StepMove Move { get; }

    public async Task<CardActionOutcome> HandleAsync(CardActionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (PressedStep.Parse(context.Data) is not { } pressed)
        {
            return AssessmentSteps.OutOfDate();
        }

        var caller = context.Caller;
        var edit = Move switch
        {
            StepMove.AddItem => ItemEdit.Add,
            StepMove.RemoveItem => ItemEdit.Remove,
            _ => ItemEdit.None,
        };
        var save = await Steps.Service.SaveStepAsync(caller, pressed.Submission(), edit, pressed.Item, context.Turn.Activity.Id, cancellationToken);
        var session = save.Session;
        switch (save.Status)
        {
            case StepSaveStatus.NotFound:
                return session is null
                    ? AssessmentSteps.OutOfDate()
                    : CardActionOutcome.Replace(await Steps.CurrentCardAsync(caller, session, AssessmentSteps.MovedOn, cancellationToken));
            case StepSaveStatus.Refused:
                return CardActionOutcome.Refuse("Forbidden", $"{save.Errors[0].Message} I changed nothing.");
            case StepSaveStatus.MovedOn:
                return CardActionOutcome.Replace(await MovedOnCardAsync(caller, pressed, session!, cancellationToken));
            case StepSaveStatus.Invalid:
                return CardActionOutcome.Replace(await Steps.StepCardAsync(
                    caller,
                    session!,
                    pressed.SectionId,
                    pressed.Item,
                    "Nothing was saved: please fix what is listed and press again.",
                    save.Errors.Select(e => e.Message).ToList(),
                    Typed(session!, pressed),
                    cancellationToken));
            default:
                return await ContinueAsync(context, pressed, session!, save.Status == StepSaveStatus.Saved, cancellationToken);
        }
    }

    /// <summary>What the button does once the step is saved (or was already as typed).</summary>
    protected virtual async Task<CardActionOutcome> ContinueAsync(CardActionContext context, PressedStep pressed, AssessmentSession session, bool saved, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(pressed);
        ArgumentNullException.ThrowIfNull(session);
        var caller = context.Caller;
        var assessment = session.Assessment;
        var items = Math.Max(1, assessment.AnswersFor(pressed.SectionId)?.Items.Count ?? 0);
        if (!AssessmentSteps.AnswersAsAssessor(caller, session))
        {
            // A colleague answers their step only: every button saves and stays there.
            var assessor = await Steps.NameAsync(caller.TenantId, assessment.AssessorUserId, cancellationToken);
            return CardActionOutcome.Replace(await Steps.StepCardAsync(
                caller, session, pressed.SectionId, Math.Min(pressed.Item, items), $"Saved. Thank you — {assessor} sees your answers in the assessment.", cancellationToken: cancellationToken));
        }

        switch (Move)
        {
            case StepMove.SaveForLater:
                return CardActionOutcome.Replace(AssessmentStepCards.Saved(session));
            case StepMove.AddItem:
                return CardActionOutcome.Replace(await Steps.StepCardAsync(caller, session, pressed.SectionId, items, cancellationToken: cancellationToken));
            case StepMove.RemoveItem:
                return CardActionOutcome.Replace(await Steps.StepCardAsync(caller, session, pressed.SectionId, Math.Min(pressed.Item, items), cancellationToken: cancellationToken));
            case StepMove.Back:
            case StepMove.Next:
                var (sectionId, item) = AssessmentSteps.Neighbour(assessment, pressed.SectionId, pressed.Item, Move == StepMove.Next) ?? (pressed.SectionId, pressed.Item);
                return CardActionOutcome.Replace(await Steps.StepCardAsync(caller, session, sectionId, item, cancellationToken: cancellationToken));
            default:
                return CardActionOutcome.Replace(await Steps.StepCardAsync(caller, session, pressed.SectionId, Math.Min(pressed.Item, items), cancellationToken: cancellationToken));
        }
    }

    /// <summary>The values the press typed for its step, to show again after a refusal.</summary>
    protected static IReadOnlyDictionary<string, string?> Typed(AssessmentSession session, PressedStep pressed)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(pressed);
        return pressed.Answers(session.Assessment.Questionnaire.Section(pressed.SectionId));
    }

    private async Task<Teams.Cards.AdaptiveCard> MovedOnCardAsync(Caller caller, PressedStep pressed, AssessmentSession session, CancellationToken cancellationToken)
    {
        var assessment = session.Assessment;
        if (assessment.Version != pressed.Version || assessment.Status is AssessmentStatus.Submitted or AssessmentStatus.Approved
            || assessment.Questionnaire.Section(pressed.SectionId) is null)
        {
            return await Steps.CurrentCardAsync(caller, session, AssessmentSteps.MovedOn, cancellationToken);
        }

        var items = Math.Max(1, assessment.AnswersFor(pressed.SectionId)?.Items.Count ?? 0);
        return await Steps.StepCardAsync(caller, session, pressed.SectionId, Math.Min(pressed.Item, items), AssessmentSteps.MovedOn, cancellationToken: cancellationToken);
    }
}

/// <summary>Back: saves the step and shows the one before (or the item before).</summary>
public sealed class StepBackAction(AssessmentSteps steps) : StepAction(steps)
{
    protected override StepMove Move => StepMove.Back;
}

/// <summary>Next: saves the step and shows the one after (or the next item).</summary>
public sealed class StepNextAction(AssessmentSteps steps) : StepAction(steps)
{
    protected override StepMove Move => StepMove.Next;
}

/// <summary>Save for later (and a colleague's "Save my answers").</summary>
public sealed class StepSaveAction(AssessmentSteps steps) : StepAction(steps)
{
    protected override StepMove Move => StepMove.SaveForLater;
}

/// <summary>"Add another impact": saves the item shown and adds an empty one after the last.</summary>
public sealed class StepAddItemAction(AssessmentSteps steps) : StepAction(steps)
{
    protected override StepMove Move => StepMove.AddItem;
}

/// <summary>"Remove this impact": saves what was typed, then removes the item shown.</summary>
public sealed class StepRemoveItemAction(AssessmentSteps steps) : StepAction(steps)
{
    protected override StepMove Move => StepMove.RemoveItem;
}

/// <summary>
/// Submit (the last step): saves it, then submits through <see cref="AssessmentService.SubmitAsync"/>. With required
/// answers missing, the card lists them (step and question) and everything typed stays saved.
/// </summary>
public sealed class StepSubmitAction(AssessmentSteps steps) : StepAction(steps)
{
    protected override StepMove Move => StepMove.Submit;

    protected override async Task<CardActionOutcome> ContinueAsync(CardActionContext context, PressedStep pressed, AssessmentSession session, bool saved, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(pressed);
        ArgumentNullException.ThrowIfNull(session);
        var caller = context.Caller;
        var submitted = await Steps.Service.SubmitAsync(caller, pressed.SystemId, pressed.Version, context.Turn.Activity.Id, cancellationToken);
        if (submitted.IsSuccess)
        {
            var now = await Steps.Service.LoadAsync(caller.TenantId, pressed.SystemId, pressed.Version, cancellationToken);
            return now is null ? AssessmentSteps.OutOfDate() : CardActionOutcome.Replace(await Steps.SubmittedCardAsync(caller.TenantId, now, cancellationToken));
        }

        if (submitted.Errors.Any(e => e.Code == "access.refused"))
        {
            return CardActionOutcome.Refuse("Forbidden", $"{submitted.Errors[0].Message} Your answers are saved; nothing was submitted.");
        }

        var current = await Steps.Service.LoadAsync(caller.TenantId, pressed.SystemId, pressed.Version, cancellationToken) ?? session;
        var missing = submitted.Errors.Where(e => e.Code == "assessment.answer.missing").Select(e => e.Message).ToList();
        if (missing.Count == 0)
        {
            return CardActionOutcome.Replace(await Steps.CurrentCardAsync(caller, current, submitted.ErrorMessage, cancellationToken));
        }

        return CardActionOutcome.Replace(await Steps.StepCardAsync(
            caller,
            current,
            pressed.SectionId,
            pressed.Item,
            "Your answers are saved, but these are still needed before it can be submitted:",
            missing,
            cancellationToken: cancellationToken));
    }
}

/// <summary>
/// "Ask a colleague": saves the step, finds the colleague typed (the Users table, the conversation's members, else
/// the directory), records them as asked (<c>assessment.contributor.ask</c>) and sends them a card with the step through
/// the outbox, once per colleague and step.
/// </summary>
public sealed class StepAskAction : StepAction
{
    public const string OutboxPurpose = "assessment-ask";

    private readonly OwnerResolver _resolver;
    private readonly IDirectory _directory;
    private readonly RecipientResolver _recipients;
    private readonly OutboxStore _outbox;
    private readonly TimeProvider _clock;

    public StepAskAction(AssessmentSteps steps, OwnerResolver resolver, IDirectory directory, RecipientResolver recipients, OutboxStore outbox, TimeProvider clock)
        : base(steps)
    {
        _resolver = resolver;
        _directory = directory;
        _recipients = recipients;
        _outbox = outbox;
        _clock = clock;
    }

    protected override StepMove Move => StepMove.Ask;

    protected override async Task<CardActionOutcome> ContinueAsync(CardActionContext context, PressedStep pressed, AssessmentSession session, bool saved, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(pressed);
        ArgumentNullException.ThrowIfNull(session);
        var caller = context.Caller;
        var typed = (pressed.Form.Text(AssessmentStepCards.ColleagueInput) ?? "").TrimStart('@').Trim();
        if (typed.Length == 0)
        {
            return await ProblemAsync(context, pressed, session, "Name the colleague who should answer this step: their sign-in name, such as sam@contoso.com.", cancellationToken);
        }

        var resolved = await _resolver.ResolveAsync(caller.TenantId, OwnerReference.Typed(typed), context.Turn, cancellationToken);
        if (!resolved.TryGetValue(out var colleague))
        {
            return await ProblemAsync(context, pressed, session, resolved.ErrorMessage, cancellationToken);
        }

        if (colleague.Pending && await FromDirectoryAsync(typed, cancellationToken) is { } found)
        {
            colleague = found;
        }

        if (string.Equals(colleague.UserId, caller.UserKey, StringComparison.OrdinalIgnoreCase))
        {
            return await ProblemAsync(context, pressed, session, "That is you: name the colleague who should answer this step.", cancellationToken);
        }

        var asked = await Steps.Service.AskContributorAsync(caller, pressed.SystemId, pressed.Version, pressed.SectionId, colleague.UserId, colleague.Name, context.Turn.Activity.Id, cancellationToken);
        if (!asked.TryGetValue(out var now))
        {
            return asked.Errors.Any(e => e.Code == "access.refused")
                ? CardActionOutcome.Refuse("Forbidden", $"{asked.Errors[0].Message} Your answers are saved.")
                : await ProblemAsync(context, pressed, session, asked.ErrorMessage, cancellationToken);
        }

        var name = colleague.Name ?? await Steps.NameAsync(caller.TenantId, colleague.UserId, cancellationToken);
        var reached = await SendAsync(caller, now, pressed, cancellationToken);
        var notice = reached
            ? $"Asked {name} to answer this step: they have a card in their chat with AimsBot. Their answers join this assessment."
            : $"Asked {name} to answer this step, but they have no chat with AimsBot yet: ask them to open AimsBot in Teams and say **assess {now.SystemName}**.";
        return CardActionOutcome.Replace(await Steps.StepCardAsync(caller, now, pressed.SectionId, pressed.Item, notice, cancellationToken: cancellationToken));
    }

    private async Task<bool> SendAsync(Caller caller, AssessmentSession session, PressedStep pressed, CancellationToken cancellationToken)
    {
        var colleague = session.Assessment.AskedContributors[pressed.SectionId];
        var chat = await _recipients.PersonAsync(caller.TenantId, colleague, cancellationToken);
        if (chat is null)
        {
            return false;
        }

        var section = session.Assessment.Questionnaire.Section(pressed.SectionId)!;
        var card = AssessmentStepCards.Step(new StepCardView(
            session,
            section.Id,
            1,
            Contributor: true,
            Notice: $"{caller.Name ?? "The assessor"} asked you to answer this step of the impact assessment of {session.SystemName}. Press Save my answers when you are done; you can come back with **assess {session.SystemName}**."));
        var now = _clock.GetUtcNow();
        var id = OutboxStore.MessageId(OutboxPurpose, caller.TenantId, session.Assessment.Id, section.Id, colleague);
        await _outbox.EnqueueAsync(
            OutboxCards.Message(caller.TenantId, id, OutboxPurpose, chat.Chat, $"{caller.Name ?? "A colleague"} asked you to answer a step of the impact assessment of {session.SystemName}", card, now, now),
            cancellationToken);
        return true;
    }

    /// <summary>A UPN the bot has never seen, looked up in the directory (when Microsoft Graph is on).</summary>
    private async Task<OwnerCandidate?> FromDirectoryAsync(string upn, CancellationToken cancellationToken)
    {
        try
        {
            return await _directory.FindUserAsync(upn, cancellationToken) is { } user ? new OwnerCandidate(user.Id, user.DisplayName, null) : null;
        }
        catch (DirectoryException)
        {
            // Graph off or failing: the colleague stays unknown, and the domain says so.
            return null;
        }
    }

    private async Task<CardActionOutcome> ProblemAsync(CardActionContext context, PressedStep pressed, AssessmentSession session, string problem, CancellationToken cancellationToken) =>
        CardActionOutcome.Replace(await Steps.StepCardAsync(context.Caller, session, pressed.SectionId, pressed.Item, "Your answers are saved; nobody was asked yet.", [problem], cancellationToken: cancellationToken));
}

/// <summary>"Carry on now" (after Save for later): the card for where the assessment stands.</summary>
public sealed class StepOpenAction : ICardActionHandler
{
    private readonly AssessmentSteps _steps;

    public StepOpenAction(AssessmentSteps steps) => _steps = steps;

    public async Task<CardActionOutcome> HandleAsync(CardActionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var form = new FormData(context.Data);
        var systemId = form.Text("systemId");
        var version = PressedStep.Number(form, "version");
        if (systemId is null || version is not (>= 1 and <= 9999))
        {
            return AssessmentSteps.OutOfDate();
        }

        var caller = context.Caller;
        var session = await _steps.Service.LoadLatestAsync(caller.TenantId, systemId, cancellationToken);
        if (session is null)
        {
            return AssessmentSteps.OutOfDate();
        }

        // Who may see it is decided on the stored assessment: its owner or a lead, or a colleague asked to answer a step.
        if (!AssessmentSteps.AnswersAsAssessor(caller, session) && AssessmentService.AskedSections(session.Assessment, caller.Actor).Count == 0)
        {
            return CardActionOutcome.Refuse("Forbidden", "Only the AI system's owner, a compliance lead or a colleague asked to answer a step can open its impact assessment. I changed nothing.");
        }

        return CardActionOutcome.Replace(await _steps.CurrentCardAsync(caller, session, session.Assessment.Version == version ? null : AssessmentSteps.MovedOn, cancellationToken));
    }
}
