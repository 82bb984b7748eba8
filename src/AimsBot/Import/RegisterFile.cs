using System.Text;
using AimsBot.Domain.Catalogue;
using AimsBot.Domain.Register;

namespace AimsBot.Import;

/// <summary>
/// The register file: one CSV describing AI systems and control instances, one row each, told apart by the
/// <c>record</c> column. <c>export register</c> writes it and <c>import</c> reads it (README.md documents every
/// column). Headers are case-insensitive; values are written in one canonical spelling and read forgivingly
/// (case, spaces, hyphens and slashes don't matter: <c>Deployer/User</c> = <c>deployer-user</c>).
/// </summary>
public static class RegisterFile
{
    public const string Record = "record";
    public const string Name = "name";
    public const string Description = "description";
    public const string IntendedUse = "intended use";
    public const string Roles = "roles";
    public const string Stage = "stage";
    public const string RiskTier = "risk tier";
    public const string Status = "status";
    public const string Owner = "owner";
    public const string Scope = "scope";
    public const string Control = "control";
    public const string Applicability = "applicability";
    public const string Justification = "justification";
    public const string Implementation = "implementation";
    public const string Cadence = "cadence";
    public const string Layer = "layer";

    public const string SystemRecord = "system";
    public const string ControlRecord = "control";
    public const string OrganizationScope = "org";

    /// <summary>Every column, in the order an export writes them.</summary>
    public static IReadOnlyList<string> Columns { get; } =
        [Record, Name, Description, IntendedUse, Roles, Stage, RiskTier, Status, Owner, Scope, Control, Applicability, Justification, Implementation, Cadence, Layer];

    /// <summary>The columns a system row uses (<see cref="Record"/> aside).</summary>
    public static IReadOnlySet<string> SystemColumns { get; } =
        new HashSet<string>([Name, Description, IntendedUse, Roles, Stage, RiskTier, Status, Owner], StringComparer.OrdinalIgnoreCase);

    /// <summary>The columns a control row uses (<see cref="Record"/> aside).</summary>
    public static IReadOnlySet<string> ControlColumns { get; } =
        new HashSet<string>([Scope, Control, Applicability, Justification, Implementation, Owner, Cadence, Layer], StringComparer.OrdinalIgnoreCase);

    /// <summary>The canonical spelling of an enum value: lower case, words joined by hyphens (<c>DeployerUser</c> → <c>deployer-user</c>).</summary>
    public static string Format<T>(T value) where T : struct, Enum
    {
        var name = value switch
        {
            ControlLayer.Organization => "organisation",
            _ => value.ToString(),
        };
        var builder = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (i > 0 && char.IsUpper(name[i]) && !char.IsUpper(name[i - 1]))
            {
                builder.Append('-');
            }

            builder.Append(char.ToLowerInvariant(name[i]));
        }

        return builder.ToString();
    }

    /// <summary>The enum value a person wrote, forgivingly; null when it is none of <see cref="Allowed{T}"/>.</summary>
    public static T? Parse<T>(string text) where T : struct, Enum
    {
        var key = Squash(text);
        if (key.Length == 0)
        {
            return null;
        }

        foreach (var value in Enum.GetValues<T>())
        {
            if (string.Equals(Squash(value.ToString()), key, StringComparison.Ordinal) || string.Equals(Squash(Format(value)), key, StringComparison.Ordinal))
            {
                return value;
            }
        }

        // The other spelling of the organisation layer, and the form's words for roles.
        return key switch
        {
            "organization" or "org" when typeof(T) == typeof(ControlLayer) => (T)(object)ControlLayer.Organization,
            "deployer" or "user" when typeof(T) == typeof(OrganizationRole) => (T)(object)OrganizationRole.DeployerUser,
            _ => null,
        };
    }

    /// <summary>The allowed values, for an error message: <c>minimal, limited, high or unacceptable</c>.</summary>
    public static string Allowed<T>() where T : struct, Enum
    {
        var values = Enum.GetValues<T>().Select(v => Format(v)).ToList();
        return values.Count == 1 ? values[0] : string.Join(", ", values.Take(values.Count - 1)) + " or " + values[^1];
    }

    private static string Squash(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c))
            {
                builder.Append(char.ToLowerInvariant(c));
            }
        }

        return builder.ToString();
    }
}
