using AimsBot.Commands;
using AimsBot.Domain;
using AimsBot.Domain.Access;
using AimsBot.Domain.Catalogue;
using AimsBot.Domain.Scheduling;
using AimsBot.Teams.Cards;
using AimsBot.Teams.Hosting;

namespace AimsBot.Register;

/// <summary>
/// <c>evidence add &lt;id&gt; [system &lt;name&gt;]</c>: the evidence form, for the control's owner or a compliance lead.
/// The form also opens from the "Add evidence" button of <c>control</c> (verb <see cref="ControlCards.EvidenceFormVerb"/>).
/// </summary>
public sealed class EvidenceAddCommand : IChatCommand, ICardActionHandler
{
    private readonly RegisterQueries _queries;
    private readonly TimeProvider _clock;

    public EvidenceAddCommand(RegisterQueries queries, TimeProvider clock)
    {
        _queries = queries;
        _clock = clock;
    }

    public async Task<BotReply> ExecuteAsync(CommandContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var loaded = await _queries.LoadControlAsync(context.Caller.TenantId, context.Arguments, context.Command.Usage, cancellationToken);
        if (!loaded.TryGetValue(out var named))
        {
            return RegisterReplies.Problem(loaded);
        }

        var (t, found) = (named.Target, named.View);

        var form = Form(context.Caller, found, t.Control.ControlId, context.Turn);
        return form.TryGetValue(out var card) ? BotReply.FromCard(card, $"Evidence for {t.Control.Id}") : RegisterReplies.Problem(form);
    }

    public async Task<CardActionOutcome> HandleAsync(CardActionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var data = new FormData(context.Data);
        if (!ControlId.TryParse(data.Text("controlId"), out var controlId))
        {
            return RegisterReplies.OutOfDate("evidence add <id>");
        }

        var view = await _queries.LoadByKeyAsync(context.Caller.TenantId, data.Text("scope"), cancellationToken);
        if (!view.TryGetValue(out var found))
        {
            return CardActionOutcome.Refuse("BadRequest", view.ErrorMessage);
        }

        var form = Form(context.Caller, found, controlId, context.Turn);
        return form.TryGetValue(out var card)
            ? CardActionOutcome.Replace(card)
            : RegisterReplies.Refusal(form.Errors) ?? CardActionOutcome.Refuse("BadRequest", form.ErrorMessage);
    }

    /// <summary>The form, when evidence can go to this control in this scope and the caller may add it.</summary>
    private Result<AdaptiveCard> Form(Caller caller, ScopeView view, ControlId controlId, TurnContext turn)
    {
        var effective = view.Effective(controlId);
        if (RegisterService.EvidenceTargetError(view, effective) is { } error)
        {
            return Result.Failure<AdaptiveCard>(error);
        }

        var owner = effective.Stored?.Instance.OwnerUserId;
        if (Permissions.Can(caller.Actor, DomainAction.SubmitEvidence, ResourceContext.OwnedBy(owner)).ToError() is { } refused)
        {
            var who = owner is null ? "It has no owner yet." : $"Its owner is {CardText.Md(OwnerIds.Display(owner, effective.Stored!.OwnerName))}.";
            return Result.Failure<AdaptiveCard>(refused with { Message = $"{refused.Message} {who}" });
        }

        var zone = TimeZones.FindOrUtc(turn.Activity.LocalTimezone);
        return Result.Success(EvidenceCards.Form(Guid.NewGuid(), controlId, view, zone, _clock));
    }
}

/// <summary>
/// The evidence form's submission (verb <see cref="EvidenceCards.AddVerb"/>). Everything on the card is
/// re-checked: the control id, that the AI system still exists, who is asking and whether they may; the
/// submission id makes a double click record once.
/// </summary>
public sealed class EvidenceSubmitAction : ICardActionHandler
{
    private readonly RegisterQueries _queries;
    private readonly RegisterService _register;
    private readonly TimeProvider _clock;

    public EvidenceSubmitAction(RegisterQueries queries, RegisterService register, TimeProvider clock)
    {
        _queries = queries;
        _register = register;
        _clock = clock;
    }

    public async Task<CardActionOutcome> HandleAsync(CardActionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var form = new FormData(context.Data);
        if (form.Guid("submissionId") is not { } submissionId
            || !ControlId.TryParse(form.Text("controlId"), out var controlId)
            || controlId.Value != form.Text("controlId"))
        {
            return RegisterReplies.OutOfDate("evidence add <id>");
        }

        var view = await _queries.LoadByKeyAsync(context.Caller.TenantId, form.Text("scope"), cancellationToken);
        if (!view.TryGetValue(out var found))
        {
            return CardActionOutcome.Refuse("BadRequest", view.ErrorMessage);
        }

        var input = EvidenceForm.Read(form);
        var zone = TimeZones.FindOrUtc(context.Turn.Activity.LocalTimezone);
        var added = await _register.SubmitEvidenceAsync(context.Caller, found, controlId, input, zone, submissionId, context.Turn.Activity.Id, cancellationToken);
        if (added.TryGetValue(out var evidence))
        {
            return CardActionOutcome.Replace(EvidenceCards.Recorded(evidence, found, _clock));
        }

        return RegisterReplies.Refusal(added.Errors)
            ?? CardActionOutcome.Replace(EvidenceCards.Form(submissionId, controlId, found, zone, _clock, input.Values, added.Errors));
    }
}
