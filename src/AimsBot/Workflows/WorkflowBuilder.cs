using AimsBot.Commands;
using AimsBot.Domain.Access;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AimsBot.Workflows;

/// <summary>
/// A workflow's declarations (<c>var register = services.AddWorkflow("register");</c>): its commands and card verbs,
/// each with what it needs. The workflow's <c>AddX()</c> method, its one registration call, adds its tables, options,
/// services and jobs beside them. See docs/adding-a-workflow.md.
/// </summary>
public sealed class WorkflowBuilder
{
    internal WorkflowBuilder(string name, IServiceCollection services)
    {
        Name = name;
        Services = services;
    }

    /// <summary>The workflow's name, as start-up errors and the docs give it.</summary>
    public string Name { get; }

    /// <summary>For the workflow's tables, options, services and recurring jobs.</summary>
    public IServiceCollection Services { get; }

    /// <summary>
    /// A chat command handled by <typeparamref name="THandler"/>, open to callers who may attempt
    /// <paramref name="action"/> (<c>null</c>: anyone identified in the tenant).
    /// </summary>
    public CommandDeclarationBuilder Command<THandler>(string name, string usage, string summary, DomainAction? action)
        where THandler : class, IChatCommand
    {
        Services.TryAddSingleton<THandler>();
        var builder = new CommandDeclarationBuilder(new CommandDeclaration
        {
            Workflow = Name,
            HandlerType = typeof(THandler),
            Name = NormaliseName(name),
            Usage = usage,
            Summary = summary,
            Action = action,
        });
        Services.AddSingleton(_ => builder.Build());
        return builder;
    }

    /// <summary>A card verb handled by <typeparamref name="THandler"/>, for callers who may attempt <paramref name="action"/>.</summary>
    public CardVerbDeclarationBuilder Verb<THandler>(string verb, DomainAction? action)
        where THandler : class, ICardActionHandler
    {
        Services.TryAddSingleton<THandler>();
        var builder = new CardVerbDeclarationBuilder(new CardVerbDeclaration
        {
            Workflow = Name,
            HandlerType = typeof(THandler),
            Verb = verb.Trim(),
            Action = action,
        });
        Services.AddSingleton(_ => builder.Build());
        return builder;
    }

    /// <summary>
    /// A line for the welcome card: what this workflow does for people with <paramref name="role"/> (<c>null</c>: for
    /// anyone). Lines appear in the order workflows are registered.
    /// </summary>
    public WorkflowBuilder Welcome(string text, Role? role = null)
    {
        Services.AddSingleton(new WelcomeLine(Name, role, text));
        return this;
    }

    private static string NormaliseName(string name) =>
        string.Join(' ', name.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).ToLowerInvariant();
}

/// <summary>Refines a command's declaration: where it answers, whether auditors' use of it is recorded.</summary>
public sealed class CommandDeclarationBuilder
{
    private CommandDeclaration _declaration;

    internal CommandDeclarationBuilder(CommandDeclaration declaration) => _declaration = declaration;

    /// <summary>Role-restricted answer: given only in the 1:1 chat.</summary>
    public CommandDeclarationBuilder PersonalChatOnly()
    {
        _declaration = _declaration with { PersonalChatOnly = true };
        return this;
    }

    /// <summary>An auditor's use is recorded in the ledger before it runs.</summary>
    public CommandDeclarationBuilder AuditedQuery()
    {
        _declaration = _declaration with { AuditedQuery = true };
        return this;
    }

    /// <summary>Answered even for a caller without an Entra identity (help and whoami only).</summary>
    public CommandDeclarationBuilder OpenToUnidentifiedCallers()
    {
        _declaration = _declaration with { OpenToUnidentifiedCallers = true };
        return this;
    }

    internal CommandDeclaration Build() => _declaration;
}

/// <summary>Refines a card verb's declaration.</summary>
public sealed class CardVerbDeclarationBuilder
{
    private CardVerbDeclaration _declaration;

    internal CardVerbDeclarationBuilder(CardVerbDeclaration declaration) => _declaration = declaration;

    /// <summary>Role-restricted answer: the button works only in the 1:1 chat.</summary>
    public CardVerbDeclarationBuilder PersonalChatOnly()
    {
        _declaration = _declaration with { PersonalChatOnly = true };
        return this;
    }

    /// <summary>Works even for a caller without an Entra identity (help only).</summary>
    public CardVerbDeclarationBuilder OpenToUnidentifiedCallers()
    {
        _declaration = _declaration with { OpenToUnidentifiedCallers = true };
        return this;
    }

    internal CardVerbDeclaration Build() => _declaration;
}

public static class WorkflowServiceCollectionExtensions
{
    /// <summary>
    /// Starts the one registration of a workflow: its commands and card verbs are declared on the builder returned.
    /// The catalog of every workflow's commands and verbs is checked when the host starts: a name declared twice
    /// refuses to start, naming both.
    /// </summary>
    public static WorkflowBuilder AddWorkflow(this IServiceCollection services, string name)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        services.TryAddSingleton<WorkflowCatalog>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, WorkflowCatalogStartupCheck>());
        return new WorkflowBuilder(name, services);
    }
}
