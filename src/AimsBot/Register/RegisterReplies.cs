using AimsBot.Commands;
using AimsBot.Domain;
using AimsBot.Storage.Register;

namespace AimsBot.Register;

/// <summary>How the register answers problems: in chat, or on the card that was pressed.</summary>
internal static class RegisterReplies
{
    public const string Busy = "Someone else is changing the same control right now, so I changed nothing. Please try again in a moment.";

    /// <summary>The code of <see cref="Busy"/> as an error (a concurrent change won; nothing was written).</summary>
    public const string BusyCode = "register.busy";

    public static BotReply Problem<T>(Result<T> result) => BotReply.FromText(result.ErrorMessage);

    /// <summary>
    /// What every command that changes one control does (<c>soa exclude</c>, <c>implementation</c>): find the scope
    /// asked about, make the change through the register, and answer — the domain's problem (or
    /// <paramref name="explain"/>'s fuller answer for it), "busy" when a concurrent change won, else
    /// <paramref name="done"/>.
    /// </summary>
    public static async Task<BotReply> ChangeControlAsync(
        RegisterQueries queries,
        CommandContext context,
        string? systemName,
        Func<ScopeView, Task<Result<ControlChange>>> change,
        Func<ScopeView, BotReply> done,
        Func<Result<ControlChange>, BotReply?>? explain,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(queries);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(change);
        ArgumentNullException.ThrowIfNull(done);
        var view = await queries.LoadAsync(context.Caller.TenantId, systemName, cancellationToken);
        if (!view.TryGetValue(out var found))
        {
            return Problem(view);
        }

        try
        {
            var changed = await change(found);
            if (!changed.IsSuccess)
            {
                return explain?.Invoke(changed) ?? Problem(changed);
            }
        }
        catch (Storage.ConcurrencyConflictException)
        {
            return BotReply.FromText(Busy);
        }

        return done(found);
    }

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
