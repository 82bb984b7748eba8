using System.Globalization;

namespace AimsBot.Domain;

/// <summary>
/// How a person types a numbered id (<c>R-12</c>, <c>NC-7</c>): the letters, an optional space or hyphen, and the
/// number, forgivingly — one reader, so every register's ids are typed the same way.
/// </summary>
internal static class NumberedIds
{
    /// <summary>
    /// The number in <paramref name="input"/> after <paramref name="letters"/> (any case): <c>R-12</c>, <c>r12</c>,
    /// <c>R 12</c>, <c>R-012</c>; surrounding spaces, quotes and punctuation are ignored. The letters are required, so
    /// a bare number is not taken for an id.
    /// </summary>
    public static bool TryParseNumber(string? input, string letters, int maxNumber, out int number)
    {
        number = 0;
        var text = input?.Trim().Trim('"', '\'', '`', '.', ',', '(', ')', '[', ']');
        if (string.IsNullOrEmpty(text) || text.Length > 16 || text.Length <= letters.Length
            || !text.StartsWith(letters, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var digits = text[letters.Length..].TrimStart();
        if (digits.StartsWith('-'))
        {
            digits = digits[1..].TrimStart();
        }

        return digits.Length is > 0 and <= 9 && digits.All(char.IsAsciiDigit)
            && int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out number)
            && number >= 1 && number <= maxNumber;
    }

    /// <summary>What a person typed, cut to 20 characters for an error message.</summary>
    public static string Shorten(string? input)
    {
        var text = (input ?? string.Empty).Trim();
        return text.Length > 20 ? text[..20] + "…" : text;
    }
}
