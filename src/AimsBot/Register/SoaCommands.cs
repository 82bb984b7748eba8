using AimsBot.Commands;
using AimsBot.Domain.Access;
using AimsBot.Storage;

namespace AimsBot.Register;

/// <summary><c>soa [system &lt;name&gt;]</c>: the Statement of Applicability of the organisation or one AI system.</summary>
public sealed class SoaCommand : IChatCommand
{
    private readonly RegisterQueries _queries;
    private readonly DeciderNames _deciders;
    private readonly Risks.FollowUp.ControlRisks? _risks;
    private readonly Nonconformities.FollowUp.ControlNonconformities? _nonconformities;

    public SoaCommand(RegisterQueries queries, DeciderNames deciders, Risks.FollowUp.ControlRisks? risks = null, Nonconformities.FollowUp.ControlNonconformities? nonconformities = null)
    {
        _queries = queries;
        _deciders = deciders;
        _risks = risks;
        _nonconformities = nonconformities;
    }

    public async Task<BotReply> ExecuteAsync(CommandContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var view = await _queries.LoadAsync(context.Caller.TenantId, RegisterArguments.SystemName(context.Arguments), cancellationToken);
        if (!view.TryGetValue(out var found))
        {
            return RegisterReplies.Problem(view);
        }

        var deciders = await _deciders.ForAsync(context.Caller.TenantId, found, cancellationToken);
        // The risks each control treats: one read of the risk list for the whole card.
        var treats = _risks is null ? null : await _risks.IdsAsync(context.Caller.TenantId, found.System?.System.Id, cancellationToken);
        // The open major nonconformities naming each control: one query for the whole card.
        var majors = _nonconformities is null ? null : await _nonconformities.IdsAsync(context.Caller.TenantId, found.System?.System.Id, cancellationToken);
        return BotReply.FromCard(ControlCards.Soa(found, deciders, treats, majors), $"Statement of Applicability of {found.ScopeName}");
    }
}

/// <summary><c>soa exclude &lt;id&gt; [system &lt;name&gt;] because &lt;reason&gt;</c>: excludes a control, with its justification (compliance leads).</summary>
public sealed class SoaExcludeCommand : IChatCommand
{
    private readonly RegisterQueries _queries;
    private readonly RegisterService _register;

    public SoaExcludeCommand(RegisterQueries queries, RegisterService register)
    {
        _queries = queries;
        _register = register;
    }

    public async Task<BotReply> ExecuteAsync(CommandContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var parsed = RegisterArguments.Exclusion(context.Arguments, context.Command.Usage);
        if (!parsed.TryGetValue(out var request))
        {
            return RegisterReplies.Problem(parsed);
        }

        var control = request.Target.Control;
        return await RegisterReplies.ChangeControlAsync(
            _queries,
            context,
            request.Target.SystemName,
            found => _register.ExcludeAsync(context.Caller, found.Scope, control.ControlId, request.Reason, context.Turn.Activity.Id, cancellationToken),
            found => Excluded(control, found, request.Reason),
            // The domain says what is missing; what to type is the chat's to add.
            changed => changed.Errors.Any(e => e.Code == "applicability.justification.required")
                ? BotReply.FromText($"{changed.ErrorMessage} For example: **soa exclude {control.Id} because we train no models**.")
                : null,
            cancellationToken);
    }

    private static BotReply Excluded(Domain.Catalogue.AnnexAControl control, ScopeView found, string reason)
    {
        var scope = found.Scope.IsOrganization
            ? "the organisation, and so for every AI system"
            : CardText.Md(found.ScopeName);
        return BotReply.FromText($"Excluded {control.Id} {control.Title} for {scope}. The justification is recorded in the SoA: \"{CardText.Md(reason.Trim())}\".");
    }
}
