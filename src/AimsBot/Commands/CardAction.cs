using System.Text.Json;
using AimsBot.Teams.Cards;
using AimsBot.Teams.Hosting;

namespace AimsBot.Commands;

/// <summary>A button pressed on one of the bot's cards (Action.Execute), by <see cref="Caller"/>.</summary>
public sealed record CardActionContext(Caller Caller, string Verb, JsonElement Data, TurnContext Turn);

/// <summary>What pressing the button did: a new card in place of the old, a short message, or a refusal.</summary>
public sealed record CardActionOutcome(AdaptiveCard? Card, string? Message, string? ErrorCode = null)
{
    public static CardActionOutcome Replace(AdaptiveCard card) => new(card, null);

    public static CardActionOutcome Say(string message) => new(null, message);

    public static CardActionOutcome Refuse(string code, string message) => new(null, message, code);
}

/// <summary>
/// Handles one card verb, declared by its workflow (<see cref="Workflows.WorkflowBuilder.Verb{THandler}"/>) with what
/// pressing it needs; the router enforces that first. Card data comes from the client and is the caller's to forge:
/// a handler trusts only ids it re-reads from storage, and resource rules (whose control it is) are decided on what
/// storage says.
/// </summary>
public interface ICardActionHandler
{
    Task<CardActionOutcome> HandleAsync(CardActionContext context, CancellationToken cancellationToken);
}
