using AimsBot.Commands;
using AimsBot.Domain;

namespace AimsBot.Register;

/// <summary>How the register answers problems: in chat, or on the card that was pressed.</summary>
internal static class RegisterReplies
{
    public const string Busy = "Someone else is changing the same control right now, so I changed nothing. Please try again in a moment.";

    /// <summary>The code of <see cref="Busy"/> as an error (a concurrent change won; nothing was written).</summary>
    public const string BusyCode = "register.busy";

    public static BotReply Problem<T>(Result<T> result) => BotReply.FromText(result.ErrorMessage);

    /// <summary>A refusal that is about who is asking (or a card that no longer fits the register), not what was typed: the card is left as it was.</summary>
    public static CardActionOutcome? Refusal(IReadOnlyList<DomainError> errors)
    {
        var refused = errors.FirstOrDefault(e => e.Code is "access.refused" or "system.gone" or BusyCode);
        return refused switch
        {
            null => null,
            { Code: "access.refused" } => CardActionOutcome.Refuse("Forbidden", refused.Message),
            { Code: BusyCode } => CardActionOutcome.Refuse("Conflict", refused.Message),
            _ => CardActionOutcome.Refuse("BadRequest", refused.Message),
        };
    }

    public static CardActionOutcome OutOfDate(string command) =>
        CardActionOutcome.Refuse("BadRequest", $"This card is out of date or incomplete. Say **{command}** for a fresh one.");
}
