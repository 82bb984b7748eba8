using AimsBot.Commands;
using AimsBot.Domain.Register;

namespace AimsBot.Register;

/// <summary>
/// <c>implementation &lt;id&gt; [system &lt;name&gt;] &lt;status&gt;</c>: records how far a control is implemented, so the
/// SoA's "implemented" count comes from chat as well as from an import. The control's owner or a compliance lead
/// (the domain decides, on the stored control); recorded in the ledger.
/// </summary>
public sealed class ImplementationCommand : IChatCommand
{
    private readonly RegisterQueries _queries;
    private readonly RegisterService _register;

    public ImplementationCommand(RegisterQueries queries, RegisterService register)
    {
        _queries = queries;
        _register = register;
    }

    public async Task<BotReply> ExecuteAsync(CommandContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var parsed = RegisterArguments.Implementation(context.Arguments, context.Command.Usage);
        if (!parsed.TryGetValue(out var request))
        {
            return RegisterReplies.Problem(parsed);
        }

        var control = request.Target.Control;
        return await RegisterReplies.ChangeControlAsync(
            _queries,
            context,
            request.Target.SystemName,
            found => _register.SetImplementationAsync(context.Caller, found.Scope, control.ControlId, request.Status, context.Turn.Activity.Id, cancellationToken),
            found => BotReply.FromText($"{control.Id} {control.Title} is now **{Describe(request.Status)}** for {(found.Scope.IsOrganization ? "the organisation" : CardText.Md(found.ScopeName))}. The SoA shows it, and the change is in the ledger."),
            explain: null,
            cancellationToken);
    }

    private static string Describe(ImplementationStatus status) => status switch
    {
        ImplementationStatus.NotStarted => "not started",
        ImplementationStatus.Planned => "planned",
        ImplementationStatus.Partial => "partially implemented",
        _ => "implemented",
    };
}
