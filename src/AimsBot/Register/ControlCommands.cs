using AimsBot.Commands;
using AimsBot.Domain.Access;
using AimsBot.Domain.Catalogue;
using AimsBot.Storage;
using AimsBot.Storage.Register;

namespace AimsBot.Register;

/// <summary><c>controls [system &lt;name&gt;]</c>: every control of a scope, per objective.</summary>
public sealed class ControlsCommand : IChatCommand
{
    private readonly RegisterQueries _queries;
    private readonly TimeProvider _clock;

    public ControlsCommand(RegisterQueries queries, TimeProvider clock)
    {
        _queries = queries;
        _clock = clock;
    }

    public async Task<BotReply> ExecuteAsync(CommandContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var view = await _queries.LoadAsync(context.Caller.TenantId, RegisterArguments.SystemName(context.Arguments), cancellationToken);
        return view.TryGetValue(out var found)
            ? BotReply.FromCard(ControlCards.Controls(found, _clock), $"Controls of {found.ScopeName}")
            : RegisterReplies.Problem(view);
    }
}

/// <summary><c>control &lt;id&gt; [system &lt;name&gt;]</c>: one control in a scope, with its last evidence.</summary>
public sealed class ControlCommand : IChatCommand
{
    private readonly RegisterQueries _queries;
    private readonly EvidenceRepository _evidence;
    private readonly DeciderNames _deciders;
    private readonly TimeProvider _clock;
    private readonly Risks.FollowUp.ControlRisks? _risks;
    private readonly Nonconformities.FollowUp.ControlNonconformities? _nonconformities;

    public ControlCommand(RegisterQueries queries, EvidenceRepository evidence, DeciderNames deciders, TimeProvider clock, Risks.FollowUp.ControlRisks? risks = null, Nonconformities.FollowUp.ControlNonconformities? nonconformities = null)
    {
        _queries = queries;
        _evidence = evidence;
        _deciders = deciders;
        _clock = clock;
        _risks = risks;
        _nonconformities = nonconformities;
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

        var id = t.Control.ControlId;
        var effective = found.Effective(id);
        var latest = await _evidence.LatestAsync(context.Caller.TenantId, effective.InstanceScope, id, 1, cancellationToken);
        var last = latest.Count > 0 ? latest[0] : null;
        var offer = RegisterService.EvidenceTargetError(found, effective) is null
            && Permissions.Can(context.Caller.Actor, DomainAction.SubmitEvidence, ResourceContext.OwnedBy(effective.Stored?.Instance.OwnerUserId)).IsAllowed;
        var deciders = effective.Row.DecidedBy is null ? null : await _deciders.ForAsync(context.Caller.TenantId, found, cancellationToken);
        var treating = _risks is null ? null : await _risks.LinesAsync(context.Caller.Actor, context.Caller.TenantId, found.System?.System.Id, found.System?.System.OwnerUserId, id, cancellationToken);
        var majors = _nonconformities is null ? null : await _nonconformities.LinesAsync(context.Caller.Actor, context.Caller.TenantId, found.System?.System.Id, id, cancellationToken);
        return BotReply.FromCard(ControlCards.Detail(found, effective, last, _clock, offer, deciders?.GetValueOrDefault(id), treating, majors), $"{id} for {found.ScopeName}");
    }
}

/// <summary><c>owner &lt;id&gt; [system &lt;name&gt;] &lt;@mention|upn&gt;</c>: names a control's owner (compliance leads).</summary>
public sealed class OwnerCommand : IChatCommand
{
    private readonly RegisterQueries _queries;
    private readonly RegisterService _register;
    private readonly OwnerResolver _owners;

    public OwnerCommand(RegisterQueries queries, RegisterService register, OwnerResolver owners)
    {
        _queries = queries;
        _register = register;
        _owners = owners;
    }

    public async Task<BotReply> ExecuteAsync(CommandContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var activity = context.Turn.Activity;
        var parsed = RegisterArguments.Owner(context.Arguments, activity.GetMentions(), activity.Recipient?.Id, context.Command.Usage);
        if (!parsed.TryGetValue(out var request))
        {
            return RegisterReplies.Problem(parsed);
        }

        var view = await _queries.LoadAsync(context.Caller.TenantId, request.Target.SystemName, cancellationToken);
        if (!view.TryGetValue(out var found))
        {
            return RegisterReplies.Problem(view);
        }

        var owner = await _owners.ResolveAsync(context.Caller.TenantId, request.Owner, context.Turn, cancellationToken);
        if (!owner.TryGetValue(out var candidate))
        {
            return RegisterReplies.Problem(owner);
        }

        var control = request.Target.Control;
        var before = found.Effective(control.ControlId);
        try
        {
            var changed = await _register.AssignOwnerAsync(context.Caller, found.Scope, control.ControlId, candidate, activity.Id, cancellationToken);
            if (!changed.IsSuccess)
            {
                return RegisterReplies.Problem(changed);
            }
        }
        catch (ConcurrencyConflictException)
        {
            return BotReply.FromText(RegisterReplies.Busy);
        }

        var text = $"**{CardText.Md(candidate.Display)}** now owns {control.Id} {control.Title} for {CardText.Md(found.ScopeName)}.";
        if (candidate.Pending)
        {
            text += " I don't know this person yet, so they are recorded as a pending owner by sign-in name; once they are known, a compliance lead can run the same command again to link them. Until then a compliance lead adds the evidence.";
        }

        if (found.Scope.IsOrganization && before.Row.Layer == ControlLayer.AiSystem)
        {
            text += $" Note: {control.Id} is answered per AI system; this names the owner of the organisation's row. For one system: **owner {control.Id} system <name> <@person>**.";
        }
        else if (!found.Scope.IsOrganization && before.InstanceScope.IsOrganization)
        {
            text += $" {CardText.Md(found.ScopeName)} now answers {control.Id} itself instead of reusing the organisation's answer.";
        }

        return BotReply.FromText(text);
    }
}
