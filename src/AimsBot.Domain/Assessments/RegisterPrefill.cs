using AimsBot.Domain.Register;

namespace AimsBot.Domain.Assessments;

/// <summary>
/// The register fields a questionnaire may pre-fill a text question with (<c>"prefill": "system.intended-use"</c>),
/// so the owner confirms what the register says instead of typing it again. A pre-filled question's length limit
/// must hold the longest value the register allows, or the start of an assessment could not keep it.
/// </summary>
public static class RegisterPrefill
{
    private sealed record Field(int MaxLength, Func<AiSystem, string> Read);

    private static readonly Dictionary<string, Field> Fields = new(StringComparer.Ordinal)
    {
        ["system.name"] = new(AiSystem.NameMax, s => s.Name),
        ["system.description"] = new(AiSystem.DescriptionMax, s => s.Description),
        ["system.intended-use"] = new(AiSystem.IntendedUseMax, s => s.IntendedUse),
        ["system.roles"] = new(60, s => string.Join(", ", s.Roles.Select(Words))),
        ["system.stage"] = new(20, s => Words(s.Stage)),
        ["system.risk-tier"] = new(20, s => Words(s.RiskTier)),
    };

    public static IReadOnlyCollection<string> Names => Fields.Keys;

    public static bool IsKnown(string? name) => name is not null && Fields.ContainsKey(name);

    /// <summary>The longest value the field can have: a pre-filled question must allow at least this many characters.</summary>
    public static int MaxLength(string name) => Fields[name].MaxLength;

    /// <summary>The field's value for a system, as the answer text.</summary>
    public static string Read(string name, AiSystem system)
    {
        ArgumentNullException.ThrowIfNull(system);
        return Fields[name].Read(system);
    }

    private static string Words<T>(T value)
        where T : struct, Enum
    {
        var name = value.ToString();
        var words = new System.Text.StringBuilder(name.Length + 4);
        foreach (var c in name)
        {
            if (char.IsUpper(c) && words.Length > 0)
            {
                words.Append(' ');
            }

            words.Append(char.ToLowerInvariant(c));
        }

        // "deployer user" reads as the role it is.
        return words.ToString().Replace("deployer user", "deployer/user", StringComparison.Ordinal);
    }
}
