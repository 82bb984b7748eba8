using AimsBot.Commands;

namespace AimsBot.Assessments.Steps;

/// <summary>
/// <c>assess &lt;system&gt;</c>: starts the system's impact assessment (version 1, or the next after an approved one)
/// or carries on with the open one at the first step with a missing answer — the system's owner or a compliance
/// lead; a colleague asked to answer a step opens that step.
/// </summary>
public sealed class AssessCommand : IChatCommand
{
    public const string Name = "assess";
    public const string Usage = "assess <system>";

    private readonly AssessmentSteps _steps;

    public AssessCommand(AssessmentSteps steps) => _steps = steps;

    public async Task<BotReply> ExecuteAsync(CommandContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var caller = context.Caller;
        if (context.Arguments.Trim().Length == 0)
        {
            return BotReply.FromText("Which AI system? Use: **assess <system>** (say **systems** to list them).");
        }

        var found = await _steps.Service.FindSystemAsync(caller.TenantId, context.Arguments, cancellationToken);
        if (!found.TryGetValue(out var system))
        {
            return BotReply.FromText(found.ErrorMessage);
        }

        var started = await _steps.Service.StartOrResumeAsync(caller, system, context.Turn.Activity.Id, cancellationToken);
        if (!started.TryGetValue(out var session))
        {
            return BotReply.FromText(started.ErrorMessage);
        }

        var card = await _steps.CurrentCardAsync(caller, session, null, cancellationToken);
        return BotReply.FromCard(card, $"Impact assessment of {system.System.Name}");
    }
}
