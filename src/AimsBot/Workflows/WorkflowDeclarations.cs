using AimsBot.Domain.Access;

namespace AimsBot.Workflows;

/// <summary>
/// What a chat command or card verb needs before its handler runs. The router enforces it, once, for every entry
/// point: handlers never repeat the check (rules about one particular resource, such as whose control it is, are the
/// domain's and are decided where that resource is loaded).
/// </summary>
public abstract record EntryPointDeclaration
{
    /// <summary>The workflow that declared it (named in start-up errors and in docs).</summary>
    public required string Workflow { get; init; }

    /// <summary>The class that handles it, resolved from DI.</summary>
    public required Type HandlerType { get; init; }

    /// <summary>
    /// The domain action the caller must be able to attempt (<see cref="Permissions.CanAttempt"/>); <c>null</c> for
    /// something any identified person in the tenant may use (help, whoami).
    /// </summary>
    public DomainAction? Action { get; init; }

    /// <summary>
    /// The answer is role-restricted (evidence, nonconformities, the ledger, exports): asked in a channel or group chat,
    /// a command answers in the caller's 1:1 chat, and a card button refuses.
    /// </summary>
    public bool PersonalChatOnly { get; init; }

    /// <summary>
    /// Answered for a caller Teams did not name by Entra object id (some guests, anonymous meeting participants). Only
    /// help and whoami are: such a caller proves no identity.
    /// </summary>
    public bool OpenToUnidentifiedCallers { get; init; }

    /// <summary>Whether <paramref name="caller"/> may use it: an identity unless it needs none, and the declared action.</summary>
    public AccessDecision DecideFor(Commands.Caller caller)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (!caller.IsIdentified && !OpenToUnidentifiedCallers)
        {
            return AccessDecision.Refused(UnidentifiedRefusal);
        }

        return Action is { } action ? Permissions.CanAttempt(caller.Actor, action) : AccessDecision.Allowed;
    }

    /// <summary>What a caller without an Entra object id hears for anything but help and whoami.</summary>
    public const string UnidentifiedRefusal =
        "I can't tell who you are: Teams didn't give me your Microsoft Entra identity (this happens for some guests and for anonymous meeting participants). " +
        "I can answer **help** and **whoami**, but I can't show you the register or change anything for you. Nothing was changed.";
}

/// <summary>
/// One chat command of the user contract (DESIGN.md "Chat commands"): the words that invoke it, how to call it and
/// what it does (help and the manifest show these), and what it needs.
/// </summary>
public sealed record CommandDeclaration : EntryPointDeclaration
{
    /// <summary>The words that invoke it, lower case (<c>help</c>, <c>soa exclude</c>).</summary>
    public required string Name { get; init; }

    /// <summary>How to call it, for help: <c>control &lt;id&gt; [system &lt;name&gt;]</c>.</summary>
    public required string Usage { get; init; }

    /// <summary>One line for help.</summary>
    public required string Summary { get; init; }

    /// <summary>
    /// A read command whose use by an auditor is recorded in the ledger (command and arguments) before it runs, so an
    /// audit leaves a trail of what was looked at. Commands that record more detail themselves do not set it.
    /// </summary>
    public bool AuditedQuery { get; init; }
}

/// <summary>
/// One line of the welcome card: what the workflow does for someone (with <paramref name="Role"/>, or for anyone). The
/// card says only what registered workflows do, so it never promises a workflow that has not landed.
/// </summary>
public sealed record WelcomeLine(string Workflow, Role? Role, string Text);

/// <summary>One card button's verb (Action.Execute) and what pressing it needs.</summary>
public sealed record CardVerbDeclaration : EntryPointDeclaration
{
    public required string Verb { get; init; }
}
