using AimsBot.Commands;
using AimsBot.Domain;
using AimsBot.Domain.Access;
using AimsBot.Domain.Catalogue;
using AimsBot.Domain.Register;
using AimsBot.Domain.Scheduling;
using AimsBot.Storage;
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
            var who = owner is null ? "It has no owner yet." : $"Its owner is {CardText.Md(effective.Stored!.OwnerDisplay)}.";
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

        var inputErrors = new List<DomainError>();
        var kindText = form.Text("kind");
        var kind = kindText is not null && !char.IsAsciiDigit(kindText[0]) && Enum.TryParse<EvidenceKind>(kindText, ignoreCase: true, out var k) && Enum.IsDefined(k) ? k : (EvidenceKind?)null;
        if (kind is null)
        {
            inputErrors.Add(new DomainError("evidence.kind.invalid", "Pick what kind of evidence this is: a link, a note, a file reference or an attestation.", "kind"));
        }

        var from = form.Date("periodFrom", out var fromInvalid);
        var to = form.Date("periodTo", out var toInvalid);
        if (fromInvalid || toInvalid)
        {
            inputErrors.Add(new DomainError("evidence.period.invalid", "Dates must look like 2025-03-31.", "period"));
        }

        var draft = new EvidenceDraft(kind ?? (EvidenceKind)(-1), form.Text("url"), form.Text("description"), from, to);
        var zone = TimeZones.FindOrUtc(context.Turn.Activity.LocalTimezone);
        Result<EvidenceAdded> added;
        try
        {
            added = await _register.AddEvidenceAsync(context.Caller, found, controlId, draft, zone, submissionId, context.Turn.Activity.Id, cancellationToken);
        }
        catch (ConcurrencyConflictException)
        {
            return CardActionOutcome.Refuse("Conflict", RegisterReplies.Busy);
        }

        if (added.TryGetValue(out var evidence))
        {
            return CardActionOutcome.Replace(EvidenceCards.Recorded(evidence, found, _clock));
        }

        if (RegisterReplies.Refusal(added.Errors) is { } refusal)
        {
            return refusal;
        }

        // Everything wrong with the form at once, without the domain repeating what the input checks said.
        var repeated = new HashSet<string>(StringComparer.Ordinal);
        if (kind is null)
        {
            repeated.Add("evidence.kind.invalid");
        }

        if (fromInvalid || toInvalid)
        {
            repeated.Add("evidence.period.required");
        }

        var errors = inputErrors.Concat(added.Errors.Where(e => !repeated.Contains(e.Code))).ToList();
        return CardActionOutcome.Replace(EvidenceCards.Form(submissionId, controlId, found, zone, _clock, form, errors));
    }
}
