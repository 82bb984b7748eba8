using AimsBot.Domain;
using AimsBot.Workflows;

namespace AimsBot.Commands;

/// <summary>A command recognised in the text, or why none was.</summary>
public sealed record CommandMatch(CommandDeclaration? Command, string Arguments, string? Suggestion);

/// <summary>
/// Turns message text into a declared command: case-insensitive, whitespace-forgiving, the longest command name
/// wins (<c>soa exclude</c> before <c>soa</c>). Unknown words get the closest command as a suggestion.
/// </summary>
public sealed class CommandRouter
{
    /// <summary>Longer text is refused before parsing: no command needs it.</summary>
    public const int MaxCommandLength = 2000;

    private readonly WorkflowCatalog _catalog;
    private readonly IReadOnlyList<(string[] Words, CommandDeclaration Command)> _commands;

    public CommandRouter(WorkflowCatalog catalog)
    {
        _catalog = catalog;
        _commands = catalog.Commands
            .Select(c => (Words: Split(c.Name), Command: c))
            .OrderByDescending(c => c.Words.Length)
            .ToList();
    }

    /// <summary>Every command, by name.</summary>
    public IReadOnlyList<CommandDeclaration> Commands => _catalog.Commands;

    /// <summary>The commands <paramref name="caller"/> may use, by name: what help, the welcome card and the manifest list.</summary>
    public IEnumerable<CommandDeclaration> AvailableTo(Caller caller) => Commands.Where(c => c.DecideFor(caller).IsAllowed);

    public CommandMatch Match(string text)
    {
        var words = Split(text);
        foreach (var (name, command) in _commands)
        {
            if (words.Length >= name.Length && name.Select((w, i) => string.Equals(w, words[i], StringComparison.OrdinalIgnoreCase)).All(x => x))
            {
                return new CommandMatch(command, ArgumentsAfter(text, name.Length), null);
            }
        }

        var first = words.FirstOrDefault() ?? "";
        var suggestion = _commands
            .Select(c => (c.Command.Name, Distance: EditDistance.Between(first.ToLowerInvariant(), c.Words[0])))
            .Where(c => c.Distance <= Math.Max(1, first.Length / 3))
            .OrderBy(c => c.Distance)
            .Select(c => c.Name)
            .FirstOrDefault();
        return new CommandMatch(null, text.Trim(), suggestion);
    }

    private static string[] Split(string text) =>
        text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>The original text after the first <paramref name="wordCount"/> words (spacing inside kept).</summary>
    private static string ArgumentsAfter(string text, int wordCount)
    {
        var span = text.AsSpan().Trim();
        for (var i = 0; i < wordCount; i++)
        {
            var next = span.IndexOfAny(' ', '\t', '\n');
            if (next < 0)
            {
                return "";
            }

            span = span[next..].TrimStart();
        }

        return span.ToString().Trim();
    }
}
