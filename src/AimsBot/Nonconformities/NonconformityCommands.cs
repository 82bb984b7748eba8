using System.Globalization;
using System.Text.Json.Nodes;
using AimsBot.Commands;
using AimsBot.Domain;
using AimsBot.Domain.Catalogue;
using AimsBot.Domain.Nonconformities;
using AimsBot.Register;
using AimsBot.Storage.Register;
using AimsBot.Teams.Cards;

namespace AimsBot.Nonconformities;

/// <summary>
/// <c>nc raise</c>: the raise form. Also the "Raise a nonconformity" button of another workflow's card
/// (<see cref="NonconformityCards.RaiseFormVerb"/>), which opens the form pre-filled with what the button carries: the
/// system (re-read from the register), a control, a title and the source.
/// </summary>
public sealed class NcRaiseCommand : IChatCommand, ICardActionHandler
{
    public const string Name = "nc raise";
    public const string Usage = "nc raise";

    private readonly AiSystemRepository _systems;

    public NcRaiseCommand(AiSystemRepository systems) => _systems = systems;

    public Task<BotReply> ExecuteAsync(CommandContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Arguments.Trim().Length > 0)
        {
            return Task.FromResult(BotReply.FromText("Say just **nc raise**: the form asks for the rest."));
        }

        return Task.FromResult(BotReply.FromCard(NonconformityCards.RaiseForm(NewData(), null), "Raise a nonconformity"));
    }

    public async Task<CardActionOutcome> HandleAsync(CardActionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var data = new FormData(context.Data);
        var values = new List<(string, string)>();
        if (data.Text(NonconformityCards.SystemKey) is { } systemId
            && await _systems.GetAsync(context.Caller.TenantId, systemId, cancellationToken) is { } system)
        {
            values.Add((NonconformityCards.SystemInput, system.System.Name));
        }

        if (ControlId.TryParse(data.Text(NonconformityCards.ControlKey), out var control))
        {
            values.Add((NonconformityCards.ControlsInput, control.Value));
        }

        if (data.Text(NonconformityCards.TitleKey) is { } title)
        {
            values.Add((NonconformityCards.TitleInput, CardText.Shorten(title, Nonconformity.TitleMax)));
        }

        if (NonconformityNames.TryParseSource(data.Text(NonconformityCards.SourceKey), out var source))
        {
            values.Add((NonconformityCards.SourceInput, source.Name()));
        }

        return CardActionOutcome.Replace(NonconformityCards.RaiseForm(NewData(), FormData.Of([.. values])));
    }

    internal static JsonObject NewData() => new() { [NonconformityCards.SubmissionKey] = Guid.NewGuid().ToString("N") };
}

/// <summary>
/// The raise form's Raise: reads the form (the system by name, controls, choices read strictly), raises it through
/// <see cref="NonconformityService.RaiseAsync"/> (a form sent twice raises one), and sends the triage card to the
/// compliance leads. The form is replaced by the nonconformity's card: for a lead, the triage form itself.
/// </summary>
public sealed class NcRaiseAction : ICardActionHandler
{
    private readonly NonconformityWorkflow _workflow;
    private readonly RegisterQueries _queries;

    public NcRaiseAction(NonconformityWorkflow workflow, RegisterQueries queries)
    {
        _workflow = workflow;
        _queries = queries;
    }

    public async Task<CardActionOutcome> HandleAsync(CardActionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var caller = context.Caller;
        var form = new FormData(context.Data);
        if (form.Guid(NonconformityCards.SubmissionKey) is not { } submission)
        {
            return CardActionOutcome.Refuse("BadRequest", "This form is out of date or incomplete. Say **nc raise** for a fresh one.");
        }

        var data = new JsonObject { [NonconformityCards.SubmissionKey] = submission.ToString("N") };
        var errors = new List<DomainError>();
        string? systemId = null;
        if (form.Text(NonconformityCards.SystemInput) is { } systemName)
        {
            var found = await _queries.FindSystemAsync(caller.TenantId, systemName, cancellationToken);
            if (found.TryGetValue(out var system))
            {
                systemId = system.System.Id;
            }
            else
            {
                errors.AddRange(found.Errors.Select(e => e with { Field = NonconformityCards.SystemInput }));
            }
        }

        NonconformitySource? source = null;
        if (form.Text(NonconformityCards.SourceInput) is { } sourceText)
        {
            if (NonconformityNames.TryParseSource(sourceText, out var parsed))
            {
                source = parsed;
            }
            else
            {
                errors.Add(new DomainError("nc.source.unknown", "Choose where it was found from the list.", NonconformityCards.SourceInput));
            }
        }

        NonconformitySeverity? severity = null;
        if (form.Text(NonconformityCards.SeverityInput) is { } severityText)
        {
            if (NonconformityNames.TryParseSeverity(severityText, out var parsed))
            {
                severity = parsed;
            }
            else
            {
                errors.Add(new DomainError("nc.severity.unknown", "Choose major, minor or observation as the severity.", NonconformityCards.SeverityInput));
            }
        }

        var controlsText = form.Text(NonconformityCards.ControlsInput) ?? "";
        var controls = controlsText.Split([',', ';', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var details = new NonconformityDetails(form.Raw(NonconformityCards.TitleInput), form.Raw(NonconformityCards.DescriptionInput), source, systemId, controls, severity, form.Raw(NonconformityCards.LinkInput));
        if (errors.Count > 0)
        {
            // Show the domain's findings with the form's own, so one press names every problem.
            var domain = Nonconformity.Raise(new NonconformityId(NonconformityId.MaxNumber), details, caller.Actor, _workflow.Service.Clock);
            return CardActionOutcome.Replace(NonconformityCards.RaiseForm(data, form, [.. errors, .. domain.Errors]));
        }

        var raised = await _workflow.Service.RaiseAsync(caller, details, "submission|" + submission.ToString("N"), context.Turn.Activity.Id, cancellationToken);
        if (!raised.TryGetValue(out var change))
        {
            return raised.Errors.Any(e => e.Code == "access.refused")
                ? CardActionOutcome.Refuse("Forbidden", raised.Errors[0].Message + " I raised nothing.")
                : CardActionOutcome.Replace(NonconformityCards.RaiseForm(data, form, raised.Errors));
        }

        var nc = change.Nc.Nc;
        if (change.AlreadyDone)
        {
            return CardActionOutcome.Replace(await _workflow.CardAsync(caller.TenantId, caller.Actor, nc, null, null, $"This form was already sent: it raised {nc.Id}.", cancellationToken));
        }

        var leads = await _workflow.SendForTriageAsync(caller.TenantId, nc, caller.UserKey, cancellationToken);
        var view = await _workflow.ViewAsync(caller.TenantId, caller.Actor, nc, null, null, null, cancellationToken);
        var sentTo = leads switch
        {
            0 => "",
            1 => " It went to a compliance lead for triage.",
            _ => string.Create(CultureInfo.InvariantCulture, $" It went to {leads} compliance leads for triage."),
        };
        var notice = view.MayTriage
            ? $"Raised {nc.Id}. Triage it here.{sentTo}"
            : $"Raised {nc.Id}, thank you.{(sentTo.Length == 0 ? " A compliance lead will triage it." : sentTo)}";
        return CardActionOutcome.Replace(NonconformityCards.Step(view with { Notice = notice }));
    }
}

/// <summary>
/// Every button of a nonconformity's step cards: triage, decline, correction, root cause, corrective actions, an action
/// done, implemented, effectiveness review, reopen, and show. The card names the nonconformity and the revision it
/// showed; the handler re-reads it, and the service refuses a card that predates a change (or loses the race to one)
/// with the card as it now stands, so twenty presses at once make one change. A form with problems comes back with
/// what was typed and every problem named; a refusal by the domain changes nothing.
/// </summary>
public sealed class NcStepActions : ICardActionHandler
{
    private readonly NonconformityWorkflow _workflow;

    public NcStepActions(NonconformityWorkflow workflow) => _workflow = workflow;

    private NonconformityService Service => _workflow.Service;

    public async Task<CardActionOutcome> HandleAsync(CardActionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var caller = context.Caller;
        var form = new FormData(context.Data);
        if (!NonconformityId.TryParse(form.Text(NonconformityCards.IdKey), out var id)
            || !int.TryParse(form.Text(NonconformityCards.RevisionKey), NumberStyles.None, CultureInfo.InvariantCulture, out var revision))
        {
            return CardActionOutcome.Refuse("BadRequest", "This card is out of date or incomplete, so I changed nothing. Say **ncs** to find the nonconformity.");
        }

        var loaded = await Service.GetAsync(caller.TenantId, id, cancellationToken);
        if (loaded is null)
        {
            return CardActionOutcome.Refuse("NotFound", NonconformityService.Unknown(id).Message);
        }

        // Card data is forgeable: someone a nonconformity does not concern learns nothing of it, not even from a refusal.
        if (!NonconformityWorkflow.MayView(caller.Actor, loaded.Nc))
        {
            return CardActionOutcome.Refuse("Forbidden", NonconformityWorkflow.NotShown);
        }

        if (context.Verb == NonconformityCards.ShowVerb)
        {
            return CardActionOutcome.Replace(await _workflow.CardAsync(caller.TenantId, caller.Actor, loaded.Nc, null, null, null, cancellationToken));
        }

        var errors = new List<DomainError>();
        var activity = context.Turn.Activity.Id;
        Result<NonconformityChange>? result = null;
        switch (context.Verb)
        {
            case NonconformityCards.TriageVerb:
                var triage = await ReadTriageAsync(form, errors, context, cancellationToken);
                if (errors.Count == 0)
                {
                    var ownerName = triage.Owner is { } o ? (await _workflow.People.NamesAsync(caller.TenantId, [o], cancellationToken))(o) : null;
                    result = await Service.TriageAsync(caller, id, revision, triage.Input, ownerName, activity, cancellationToken);
                }

                break;
            case NonconformityCards.DeclineVerb:
                result = await Service.DeclineAsync(caller, id, revision, form.Raw(NonconformityCards.DeclineReasonInput), activity, cancellationToken);
                break;
            case NonconformityCards.CorrectionVerb:
                result = await Service.RecordCorrectionAsync(caller, id, revision, form.Raw(NonconformityCards.CorrectionInput), form.Raw(NonconformityCards.ConsequencesInput), activity, cancellationToken);
                break;
            case NonconformityCards.RootCauseVerb:
                CauseCategory? category = null;
                if (form.Text(NonconformityCards.CategoryInput) is { } categoryText)
                {
                    if (NonconformityNames.TryParseCause(categoryText, out var parsed))
                    {
                        category = parsed;
                    }
                    else
                    {
                        errors.Add(new DomainError("nc.cause.unknown", "Choose the kind of cause from the list.", NonconformityCards.CategoryInput));
                    }
                }

                if (errors.Count == 0)
                {
                    result = await Service.RecordRootCauseAsync(caller, id, revision, form.Raw(NonconformityCards.WhatHappenedInput), form.Raw(NonconformityCards.WhyInput), category, form.Raw(NonconformityCards.SimilarInput), activity, cancellationToken);
                }

                break;
            case NonconformityCards.ActionsVerb:
                var drafts = await ReadActionsAsync(form, errors, loaded.Nc.OwnerUserId, context, cancellationToken);
                if (errors.Count == 0)
                {
                    result = await Service.PlanActionsAsync(caller, id, revision, drafts, activity, cancellationToken);
                }

                break;
            case NonconformityCards.ActionDoneVerb:
                if (!int.TryParse(form.Text(NonconformityCards.ActionKey), NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number is < 1 or > Nonconformity.MaxActions)
                {
                    return CardActionOutcome.Refuse("BadRequest", "This card is out of date or incomplete, so I changed nothing.");
                }

                result = await Service.CompleteActionAsync(caller, id, revision, number, form.Raw(NonconformityCards.ActionEvidenceInput(number)), activity, cancellationToken);
                break;
            case NonconformityCards.ImplementedVerb:
                result = await Service.MarkImplementedAsync(caller, id, revision, form.Raw(NonconformityCards.ImplementationEvidenceInput), activity, cancellationToken);
                break;
            case NonconformityCards.ReviewVerb:
                bool? effective = form.Text(NonconformityCards.EffectiveInput) switch
                {
                    "effective" => true,
                    "not-effective" => false,
                    _ => null,
                };
                if (effective is null)
                {
                    errors.Add(new DomainError("nc.review.choice", "Say whether the actions worked: effective or not effective.", NonconformityCards.EffectiveInput));
                }

                var restart = ReadDate(form, NonconformityCards.RootCauseDueInput, "The new root cause's due date", errors);
                if (errors.Count == 0)
                {
                    result = await Service.ReviewAsync(caller, id, revision, effective!.Value, form.Raw(NonconformityCards.CommentInput), restart, activity, cancellationToken);
                }

                break;
            case NonconformityCards.ReopenVerb:
                var due = ReadDate(form, NonconformityCards.RootCauseDueInput, "The new root cause's due date", errors);
                if (errors.Count == 0)
                {
                    result = await Service.ReopenAsync(caller, id, revision, form.Raw(NonconformityCards.ReopenReasonInput), due, activity, cancellationToken);
                }

                break;
            default:
                return CardActionOutcome.Refuse("BadRequest", "I don't know that button, so I changed nothing.");
        }

        if (result is null || !result.TryGetValue(out var change))
        {
            return await RefusedAsync(context, loaded, form, result is null ? errors : result.Errors, cancellationToken);
        }

        var nc = change.Nc.Nc;
        var sent = await _workflow.SendNextStepAsync(caller.TenantId, nc, caller.UserKey, cancellationToken);
        return CardActionOutcome.Replace(await _workflow.CardAsync(caller.TenantId, caller.Actor, nc, null, null, Notice(nc, context.Verb, sent), cancellationToken));
    }

    private async Task<CardActionOutcome> RefusedAsync(CardActionContext context, LoadedNonconformity loaded, FormData form, IReadOnlyList<DomainError> errors, CancellationToken cancellationToken)
    {
        var caller = context.Caller;
        if (errors.Any(e => e.Code == NonconformityService.ChangedCode))
        {
            // Another press won: the card as it stands now, saying so.
            var current = await Service.GetAsync(caller.TenantId, loaded.Id, cancellationToken) ?? loaded;
            return CardActionOutcome.Replace(await _workflow.CardAsync(caller.TenantId, caller.Actor, current.Nc, null, null, errors[0].Message, cancellationToken));
        }

        if (errors.Any(e => e.Code is "access.refused" or "nc.stage"))
        {
            var refusal = errors.First(e => e.Code is "access.refused" or "nc.stage");
            return CardActionOutcome.Refuse(refusal.Code == "access.refused" ? "Forbidden" : "Conflict", refusal.Message + " I changed nothing.");
        }

        return CardActionOutcome.Replace(await _workflow.CardAsync(caller.TenantId, caller.Actor, loaded.Nc, form, errors, null, cancellationToken));
    }

    private async Task<(NonconformityTriage Input, string? Owner)> ReadTriageAsync(FormData form, List<DomainError> errors, CardActionContext context, CancellationToken cancellationToken)
    {
        var caller = context.Caller;
        NonconformitySeverity? severity = null;
        if (form.Text(NonconformityCards.SeverityInput) is { } severityText)
        {
            if (NonconformityNames.TryParseSeverity(severityText, out var parsed))
            {
                severity = parsed;
            }
            else
            {
                errors.Add(new DomainError("nc.severity.unknown", "Choose major, minor or observation as the severity.", NonconformityCards.SeverityInput));
            }
        }

        var owner = caller.UserKey;
        if (form.Text(NonconformityCards.OwnerInput) is { } typed)
        {
            var resolved = await _workflow.People.ResolveAsync(caller.TenantId, typed, NonconformityCards.OwnerInput, context.Turn, cancellationToken);
            if (resolved.TryGetValue(out var person))
            {
                owner = person.UserId;
            }
            else
            {
                errors.AddRange(resolved.Errors);
            }
        }

        var correction = ReadDate(form, NonconformityCards.CorrectionDueInput, "The correction's due date", errors);
        var rootCause = ReadDate(form, NonconformityCards.RootCauseDueInput, "The root cause's due date", errors);
        var actions = ReadDate(form, NonconformityCards.ActionsDueInput, "The corrective actions' due date", errors);
        return (new NonconformityTriage(severity, owner, correction, rootCause, actions), owner);
    }

    private async Task<List<CorrectiveActionDraft>> ReadActionsAsync(FormData form, List<DomainError> errors, string? ncOwner, CardActionContext context, CancellationToken cancellationToken)
    {
        var drafts = new List<CorrectiveActionDraft>();
        for (var i = 0; i < NonconformityCards.ActionSlots; i++)
        {
            var title = form.Text(NonconformityCards.ActionTitleInput(i));
            var who = form.Text(NonconformityCards.ActionOwnerInput(i));
            var dueText = form.Text(NonconformityCards.ActionDueInput(i));
            if (title is null && who is null && dueText is null)
            {
                continue;
            }

            var row = string.Create(CultureInfo.InvariantCulture, $"Action {i + 1}");
            var due = ReadDate(form, NonconformityCards.ActionDueInput(i), row + "'s due date", errors);
            var owner = ncOwner;
            if (who is not null)
            {
                var resolved = await _workflow.People.ResolveAsync(context.Caller.TenantId, who, NonconformityCards.ActionOwnerInput(i), context.Turn, cancellationToken);
                if (resolved.TryGetValue(out var person))
                {
                    owner = person.UserId;
                }
                else
                {
                    errors.AddRange(resolved.Errors.Select(e => e with { Message = $"{row}: {e.Message}" }));
                }
            }

            drafts.Add(new CorrectiveActionDraft(null, title, owner, due));
        }

        return drafts;
    }

    private static DateOnly? ReadDate(FormData form, string input, string label, List<DomainError> errors)
    {
        var date = form.Date(input, out var invalid);
        if (invalid)
        {
            errors.Add(new DomainError("nc.date.invalid", $"{label} is not a date; pick one from the calendar (yyyy-mm-dd).", input));
        }

        return date;
    }

    private static string Notice(Nonconformity nc, string verb, IReadOnlyList<string> sentTo)
    {
        var told = sentTo.Count == 0 ? "" : $" I sent the card to {string.Join(", ", sentTo)}.";
        return verb switch
        {
            NonconformityCards.TriageVerb => $"Triaged {nc.Id}: next, the correction and containment.{told}",
            NonconformityCards.DeclineVerb => $"Declined {nc.Id}: not a nonconformity.",
            NonconformityCards.CorrectionVerb => $"Correction recorded. Next: the root cause.{told}",
            NonconformityCards.RootCauseVerb => $"Root cause recorded. Next: the corrective actions.{told}",
            NonconformityCards.ActionsVerb => $"Corrective actions recorded.{told}",
            NonconformityCards.ActionDoneVerb => "Action done, thank you.",
            NonconformityCards.ImplementedVerb => $"Implemented. The effectiveness review is due on {CardText.Date(nc.ReviewDueOn)}.",
            NonconformityCards.ReviewVerb when nc.Stage == NonconformityStage.Closed => $"Effective: {nc.Id} is closed.",
            NonconformityCards.ReviewVerb => $"Not effective: {nc.Id} is back at root cause, due {CardText.Date(nc.StageDueOn)}.{told}",
            NonconformityCards.ReopenVerb => $"Reopened {nc.Id}: back at root cause, due {CardText.Date(nc.StageDueOn)}.{told}",
            _ => "",
        };
    }
}
