using System.Text.RegularExpressions;
using AimsBot.Testing;

namespace AimsBot.Host.Tests.Workflows;

/// <summary>
/// "Who may do this" is declared once per command and verb and checked by the router. Outside the domain, the only
/// other permission checks are about one particular resource (whose control, whose evidence) where that resource is
/// loaded, and the exceptions below, each with its reason (docs/adding-a-workflow.md lists them too).
/// </summary>
public sealed partial class PermissionCheckPlacementTests
{
    /// <summary>Files that may check a role without a resource, and why.</summary>
    private static readonly Dictionary<string, string> RoleChecksAllowed = new(StringComparer.Ordinal)
    {
        ["src/AimsBot/Workflows/WorkflowDeclarations.cs"] = "the router's check of every declaration",
        ["src/AimsBot/Files/FileExports.cs"] = "the kinds of the one export command need different actions, known only once the kind is parsed; re-checked at file consent because roles change between offer and accept",
        ["src/AimsBot/Import/RegisterImport.cs"] = "also run by the host's import sub-command, where no router runs",
    };

    [Fact]
    public void Outside_the_domain_permissions_are_checked_only_by_declarations_or_for_a_loaded_resource()
    {
        var source = Path.Combine(TestEnvironment.RepoRoot, "src");
        var offences = new List<string>();
        foreach (var file in Directory.EnumerateFiles(source, "*.cs", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(TestEnvironment.RepoRoot, file).Replace('\\', '/');
            if (relative.StartsWith("src/AimsBot.Domain/", StringComparison.Ordinal) || relative.Contains("/obj/", StringComparison.Ordinal) || relative.Contains("/bin/", StringComparison.Ordinal))
            {
                continue;
            }

            var text = File.ReadAllText(file);
            foreach (Match call in PermissionCall().Matches(text))
            {
                var arguments = TopLevelArguments(text, call.Index + call.Length);
                var roleOnly = call.Groups["method"].Value == "CanAttempt" || arguments < 3;
                if (roleOnly && !RoleChecksAllowed.ContainsKey(relative))
                {
                    var line = text[..call.Index].Count(c => c == '\n') + 1;
                    offences.Add($"{relative}:{line} checks a role without a resource: declare the action on the command or verb instead (WorkflowBuilder), or name the exception here with why.");
                }
            }

            if (relative.StartsWith("src/AimsBot/", StringComparison.Ordinal) && IsAllowedForMember().IsMatch(text))
            {
                offences.Add($"{relative} has an IsAllowedFor member: who may use a command is its declaration's, not the handler's.");
            }
        }

        Assert.True(offences.Count == 0, string.Join(Environment.NewLine, offences));
    }

    [Fact]
    public void Every_exception_still_exists_so_the_list_stays_true()
    {
        foreach (var file in RoleChecksAllowed.Keys)
        {
            Assert.True(File.Exists(Path.Combine(TestEnvironment.RepoRoot, file)), $"{file} is named as an exception but does not exist: remove it from the list.");
        }
    }

    /// <summary>How many arguments the call whose '(' ends at <paramref name="start"/> passes.</summary>
    private static int TopLevelArguments(string text, int start)
    {
        var depth = 1;
        var commas = 0;
        var empty = true;
        for (var i = start; i < text.Length && depth > 0; i++)
        {
            switch (text[i])
            {
                case '(' or '[' or '{':
                    depth++;
                    break;
                case ')' or ']' or '}':
                    depth--;
                    break;
                case ',' when depth == 1:
                    commas++;
                    break;
                case var c when !char.IsWhiteSpace(c):
                    empty = false;
                    break;
            }
        }

        return empty ? 0 : commas + 1;
    }

    [GeneratedRegex(@"Permissions\.(?<method>Can|CanAttempt)\(")]
    private static partial Regex PermissionCall();

    [GeneratedRegex(@"\bbool\s+IsAllowedFor\s*\(")]
    private static partial Regex IsAllowedForMember();
}
