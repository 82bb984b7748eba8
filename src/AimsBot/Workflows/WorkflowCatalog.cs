namespace AimsBot.Workflows;

/// <summary>
/// Every command and card verb every workflow declared, by name. Built once; a name or verb declared twice is a
/// configuration error that names both declarations (a request would otherwise reach whichever was registered last).
/// </summary>
public sealed class WorkflowCatalog
{
    private readonly Dictionary<string, CommandDeclaration> _commands;
    private readonly Dictionary<string, CardVerbDeclaration> _verbs;

    public WorkflowCatalog(IEnumerable<CommandDeclaration> commands, IEnumerable<CardVerbDeclaration> verbs)
    {
        _commands = Index(commands, c => c.Name, "command");
        _verbs = Index(verbs, v => v.Verb, "card verb");
        Commands = [.. _commands.Values.OrderBy(c => c.Name, StringComparer.Ordinal)];
        Verbs = [.. _verbs.Values.OrderBy(v => v.Verb, StringComparer.Ordinal)];
    }

    /// <summary>Every command, by name.</summary>
    public IReadOnlyList<CommandDeclaration> Commands { get; }

    /// <summary>Every card verb, by verb.</summary>
    public IReadOnlyList<CardVerbDeclaration> Verbs { get; }

    public CardVerbDeclaration? FindVerb(string verb) => _verbs.GetValueOrDefault(verb);

    private static Dictionary<string, T> Index<T>(IEnumerable<T> declarations, Func<T, string> key, string kind)
        where T : EntryPointDeclaration
    {
        var index = new Dictionary<string, T>(StringComparer.OrdinalIgnoreCase);
        foreach (var declaration in declarations)
        {
            var name = key(declaration);
            if (string.IsNullOrWhiteSpace(name))
            {
                throw new InvalidOperationException($"The workflow '{declaration.Workflow}' declares a {kind} with no name ({declaration.HandlerType.Name}). Give it one.");
            }

            if (index.TryGetValue(name, out var first))
            {
                throw new InvalidOperationException(
                    $"The {kind} '{name}' is declared twice: by the workflow '{first.Workflow}' ({first.HandlerType.Name}) and by the workflow '{declaration.Workflow}' ({declaration.HandlerType.Name}). " +
                    $"Each {kind} must be unique: rename one of them.");
            }

            index[name] = declaration;
        }

        return index;
    }
}

/// <summary>Builds the catalog while the host starts, so a clash refuses to start instead of failing the first request.</summary>
internal sealed class WorkflowCatalogStartupCheck(IServiceProvider services) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = services.GetRequiredService<WorkflowCatalog>();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
