using AimsBot.Commands;
using AimsBot.Storage.Register;

namespace AimsBot.Assessments.Triggers;

/// <summary>
/// <see cref="AssessmentTriggerCards.StartVerb"/>: the owner's "Start the assessment" button. It does exactly what
/// saying <c>assess &lt;system&gt;</c> does — the same command, its declaration checked for the caller as the router
/// checks it — and its answer (the step card) replaces the card that was pressed. The system id on the card is the
/// caller's to forge, so it is only used to read the system back from the register.
/// </summary>
public sealed class AssessmentCallStartAction : ICardActionHandler
{
    /// <summary>The command the button stands for.</summary>
    public const string AssessCommand = "assess";

    private readonly CommandRouter _router;
    private readonly AiSystemRepository _systems;
    private readonly IServiceProvider _services;

    public AssessmentCallStartAction(CommandRouter router, AiSystemRepository systems, IServiceProvider services)
    {
        _router = router;
        _systems = systems;
        _services = services;
    }

    public async Task<CardActionOutcome> HandleAsync(CardActionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var systemId = context.Data.ValueKind == System.Text.Json.JsonValueKind.Object && context.Data.TryGetProperty("system", out var value) && value.ValueKind == System.Text.Json.JsonValueKind.String
            ? value.GetString()
            : null;
        if (systemId is null || await _systems.GetAsync(context.Caller.TenantId, systemId, cancellationToken) is not { } system)
        {
            return CardActionOutcome.Refuse("BadRequest", "This card names no AI system I know any more. Say **systems** to see the register, then **assess ‹system›**. I changed nothing.");
        }

        var match = _router.Match($"{AssessCommand} {system.System.Name}");
        if (match.Command is null || !string.Equals(match.Command.Name, AssessCommand, StringComparison.Ordinal))
        {
            return CardActionOutcome.Refuse("BadRequest", "Impact assessments can't be started from this card right now. I changed nothing.");
        }

        if (match.Command.DecideFor(context.Caller) is { IsAllowed: false } refused)
        {
            return CardActionOutcome.Refuse("Forbidden", $"{refused.Reason} I changed nothing.");
        }

        var handler = (IChatCommand)_services.GetRequiredService(match.Command.HandlerType);
        var reply = await handler.ExecuteAsync(new CommandContext(context.Caller, match.Arguments, context.Turn, match.Command), cancellationToken);
        return reply.Card is { } card ? CardActionOutcome.Replace(card) : CardActionOutcome.Say(reply.Text ?? "Say **assess " + system.System.Name + "** to start.");
    }
}
