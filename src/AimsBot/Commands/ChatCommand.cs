using AimsBot.Domain.Access;
using AimsBot.Teams.Cards;
using AimsBot.Teams.Hosting;

namespace AimsBot.Commands;

/// <summary>The person behind an activity, with the roles the AIMS gives them.</summary>
public sealed record Caller(string TenantId, string? AadObjectId, string TeamsUserId, string? Name, IReadOnlySet<Role> Roles)
{
    /// <summary>The key people are stored under: the Entra object id, else the Teams user id.</summary>
    public string UserKey => AadObjectId ?? TeamsUserId;

    public bool Has(Role role) => Roles.Contains(role);
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
/// A read command whose use by an auditor is recorded in the ledger (command and arguments) before it runs:
/// audits leave a trail of what the auditor looked at. Commands that record more detail themselves
/// (<c>evidence</c>, <c>ncs</c>, <c>ledger</c>) do not carry this.
/// </summary>
public interface IAuditedQuery;
