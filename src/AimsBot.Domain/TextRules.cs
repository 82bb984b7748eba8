using System.Globalization;

namespace AimsBot.Domain;

/// <summary>Shared checks for free text typed by people.</summary>
internal static class TextRules
{
    /// <summary>Trims; null becomes empty.</summary>
    public static string Clean(string? text) => (text ?? string.Empty).Trim();

    public static bool HasControlCharacters(string text, bool allowLineBreaks) =>
        text.Any(c => char.IsControl(c) && !(allowLineBreaks && c is '\n' or '\r' or '\t'));

    /// <summary>Checks a cleaned text against length bounds and control characters, adding friendly errors.</summary>
    public static void Check(
        List<DomainError> errors,
        string text,
        string field,
        string label,
        int min,
        int max,
        bool allowLineBreaks,
        string codePrefix)
    {
        if (text.Length == 0 && min > 0)
        {
            errors.Add(new DomainError($"{codePrefix}.required", $"{label} is required.", field));
            return;
        }

        if (text.Length < min)
        {
            errors.Add(new DomainError(
                $"{codePrefix}.too-short",
                string.Create(CultureInfo.InvariantCulture, $"{label} needs at least {min} characters (it has {text.Length})."),
                field));
        }
        else if (text.Length > max)
        {
            errors.Add(new DomainError(
                $"{codePrefix}.too-long",
                string.Create(CultureInfo.InvariantCulture, $"{label} can be at most {max} characters (it has {text.Length})."),
                field));
        }

        if (HasControlCharacters(text, allowLineBreaks))
        {
            errors.Add(new DomainError(
                $"{codePrefix}.control-characters",
                allowLineBreaks
                    ? $"{label} contains invisible control characters; please retype it."
                    : $"{label} must be a single line without control characters.",
                field));
        }
    }
}
