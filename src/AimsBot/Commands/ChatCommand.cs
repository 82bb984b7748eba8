using AimsBot.Domain.Access;
using AimsBot.Teams.Cards;
using AimsBot.Teams.Hosting;

namespace AimsBot.Commands;

/// <summary>The person behind an activity, with the roles the AIMS gives them.</summary>
public sealed record Caller(string TenantId, string? AadObjectId, string TeamsUserId, string? Name, IReadOnlySet<Role> Roles)
{
    /// <summary>
    /// Whether Teams named the person's Entra object id (<c>from.aadObjectId</c>). Guests from some organisations and
    /// anonymous meeting participants come without one: the Teams user id alone proves nothing about who they are.
    /// </summary>
    public bool IsIdentified => !string.IsNullOrWhiteSpace(AadObjectId);

    /// <summary>
    /// The key people are stored under and permissions are checked for: the Entra object id, never the Teams user
    /// id. Empty for a caller without one, whom the domain grants nothing (an actor needs a user id) and under
    /// whom nothing is stored.
    /// </summary>
    public string UserKey => IsIdentified ? AadObjectId!.Trim() : string.Empty;

    public bool Has(Role role) => Roles.Contains(role);

    /// <summary>
    /// The domain's view of this person: their user key and the roles they hold in this tenant. The one place a
    /// caller becomes an actor, so every permission check and ledger event names the same person.
    /// </summary>
    public Actor Actor => new(UserKey, Roles);
}

/// <summary>A parsed chat command on its way to a handler.</summary>
public sealed record CommandContext(Caller Caller, string Arguments, TurnContext Turn);

/// <summary>What the bot answers: text, a card, or both.</summary>
public sealed record BotReply(string? Text, AdaptiveCard? Card = null)
{
    public static BotReply FromText(string text) => new(text);

    public static BotReply FromCard(AdaptiveCard card, string? summary = null) => new(summary, card);

    /// <summary>The command answered on its own (a file offer, say): nothing more to send.</summary>
    public static BotReply Nothing { get; } = new((string?)null);

    public bool IsEmpty => Text is null && Card is null;
}

/// <summary>
/// One chat command of the user contract (docs: DESIGN.md "Chat commands"). Handlers live in their workflow's
/// folder and register with <c>AddChatCommand&lt;T&gt;()</c>.
/// </summary>
public interface IChatCommand
{
    /// <summary>The words that invoke it, lower case (<c>help</c>, <c>soa exclude</c>).</summary>
    string Name { get; }

    /// <summary>How to call it, for help: <c>control &lt;id&gt; [system &lt;name&gt;]</c>.</summary>
    string Usage { get; }

    /// <summary>One line for help.</summary>
    string Summary { get; }

    /// <summary>Whether this caller may run it (help lists only these).</summary>
    bool IsAllowedFor(Caller caller);

    Task<BotReply> ExecuteAsync(CommandContext context, CancellationToken cancellationToken);
}

/// <summary>
/// A command or card action that needs no identity: answered for a caller without an Entra object id
/// (<see cref="Caller.IsIdentified"/>). The router refuses every other command and card action to such a caller,
/// so a new command is closed to them unless it says otherwise here.
/// </summary>
public interface IOpenToUnidentifiedCallers;

/// <summary>
/// A command or card action whose answer is role-restricted (evidence, nonconformities, the ledger, exports): the
/// router never shows it where others can read it. Asked in a channel or group chat, the answer goes to the
/// caller's 1:1 chat with the bot and the channel only hears that it went there.
/// </summary>
public interface IRestrictedAnswer;

/// <summary>Who may run what, as the router decides it: the one place help, the welcome card and the router agree on.</summary>
public static class CommandAccess
{
    /// <summary>Whether <paramref name="caller"/> may run <paramref name="command"/>: its own rule, and an identity unless it needs none.</summary>
    public static bool IsAvailable(IChatCommand command, Caller caller)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(caller);
        return (caller.IsIdentified || command is IOpenToUnidentifiedCallers) && command.IsAllowedFor(caller);
    }
}

/// <summary>
/// A read command whose use by an auditor is recorded in the ledger (command and arguments) before it runs:
/// audits leave a trail of what the auditor looked at. Commands that record more detail themselves
/// (<c>evidence</c>, <c>ncs</c>, <c>ledger</c>) do not carry this.
/// </summary>
public interface IAuditedQuery;
