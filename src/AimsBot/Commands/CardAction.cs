using System.Text.Json;
using AimsBot.Teams.Cards;
using AimsBot.Teams.Hosting;

namespace AimsBot.Commands;

/// <summary>A button pressed on one of the bot's cards (Action.Execute or Action.Submit), by <see cref="Caller"/>.</summary>
public sealed record CardActionContext(Caller Caller, string Verb, JsonElement Data, TurnContext Turn);

/// <summary>What pressing the button did: a new card in place of the old, a short message, or a refusal.</summary>
public sealed record CardActionOutcome(AdaptiveCard? Card, string? Message, string? ErrorCode = null)
{
    public static CardActionOutcome Replace(AdaptiveCard card) => new(card, null);

    public static CardActionOutcome Say(string message) => new(null, message);

    public static CardActionOutcome Refuse(string code, string message) => new(null, message, code);
}

/// <summary>
/// Handles one card verb. Card data comes from the client and is user-controlled: handlers re-check who the
/// caller is and what they may do before changing anything.
/// </summary>
public interface ICardActionHandler
{
    string Verb { get; }

    Task<CardActionOutcome> HandleAsync(CardActionContext context, CancellationToken cancellationToken);
}
