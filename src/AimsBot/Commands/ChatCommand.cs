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

/// <summary>A parsed chat command on its way to a handler, with the declaration it matched (its usage, for error replies).</summary>
public sealed record CommandContext(Caller Caller, string Arguments, TurnContext Turn, Workflows.CommandDeclaration Command);

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
/// Runs one chat command. What invokes it, what help says of it and who may use it are declared by its workflow
/// (<see cref="Workflows.WorkflowBuilder.Command{THandler}"/>) and enforced by the router before this runs.
/// </summary>
public interface IChatCommand
{
    Task<BotReply> ExecuteAsync(CommandContext context, CancellationToken cancellationToken);
}
