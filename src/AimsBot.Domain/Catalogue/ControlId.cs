using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace AimsBot.Domain.Catalogue;

/// <summary>
/// The id of a control in the Annex A catalogue, always in canonical form (<c>A.6.2.6</c>). Only the 38
/// catalogue ids can be represented, so holding a <see cref="ControlId"/> means the control exists.
/// Ordering is numeric (A.2.2 &lt; A.6.1.2 &lt; A.6.2.10-style ids &lt; A.10.2), which is catalogue order.
/// </summary>
public sealed class ControlId : IEquatable<ControlId>, IComparable<ControlId>
{
    private readonly int[] _parts;

    internal ControlId(string value, int[] parts)
    {
        Value = value;
        _parts = parts;
    }

    /// <summary>The canonical form, e.g. <c>A.6.2.6</c>.</summary>
    public string Value { get; }

    /// <summary>The objective id this control belongs to, e.g. <c>A.6</c>.</summary>
    public string ObjectiveId => "A." + _parts[0].ToString(CultureInfo.InvariantCulture);

    internal IReadOnlyList<int> Parts => _parts;

    /// <summary>
    /// Reads a control id typed by a person. Forgiving: case-insensitive, the dot after "A" is optional,
    /// surrounding spaces, quotes, brackets and punctuation are ignored, and a leading "Annex" is allowed
    /// (<c>a6.2.6</c>, <c>A6.2.6</c>, <c>a.6.2.6</c>, <c>"A.6.2.6."</c>, <c>Annex A.6.2.6</c>).
    /// The "A" itself is required: <c>6.1.2</c> is a clause of the standard, not the control A.6.1.2.
    /// Returns false for anything that is not one of the 38 catalogue controls (see <see cref="AnnexA.Suggest"/>).
    /// </summary>
    public static bool TryParse([NotNullWhen(true)] string? input, [NotNullWhen(true)] out ControlId? id)
    {
        id = null;
        return TryNormalize(input, out var canonical, out _) && AnnexA.TryGetKnownId(canonical, out id);
    }

    /// <summary>Parses a known control id; throws for anything else (use for trusted, stored values).</summary>
    public static ControlId Parse(string input) =>
        TryParse(input, out var id)
            ? id
            : throw new FormatException($"'{input}' is not an Annex A control id.");

    /// <summary>
    /// Syntactic normalisation shared by parsing, suggestions and heading detection: accepts an "A" followed
    /// by one to three dot-separated numbers and produces the canonical spelling. Does not check the catalogue.
    /// </summary>
    internal static bool TryNormalize(string? input, [NotNullWhen(true)] out string? canonical, [NotNullWhen(true)] out int[]? parts)
    {
        canonical = null;
        parts = null;
        if (string.IsNullOrWhiteSpace(input) || input.Length > 64)
        {
            return false;
        }

        var s = TrimNoise(input.AsSpan());
        if (s.StartsWith("annex", StringComparison.OrdinalIgnoreCase))
        {
            s = s[5..].TrimStart();
        }

        if (s.Length < 2 || (s[0] != 'A' && s[0] != 'a'))
        {
            return false;
        }

        s = s[1..];
        if (s[0] == '.')
        {
            s = s[1..];
        }
        else if (char.IsWhiteSpace(s[0]))
        {
            s = s.TrimStart();
        }

        var numbers = new List<int>(3);
        foreach (var range in s.Split('.'))
        {
            var piece = s[range];
            if (piece.Length is 0 or > 3 || !IsAsciiDigits(piece) || numbers.Count == 3)
            {
                return false;
            }

            numbers.Add(int.Parse(piece, NumberStyles.None, CultureInfo.InvariantCulture));
        }

        if (numbers.Count == 0)
        {
            return false;
        }

        parts = [.. numbers];
        canonical = "A." + string.Join('.', parts.Select(p => p.ToString(CultureInfo.InvariantCulture)));
        return true;
    }

    internal static ReadOnlySpan<char> TrimNoise(ReadOnlySpan<char> s)
    {
        var start = 0;
        var end = s.Length;
        while (start < end && IsNoise(s[start]))
        {
            start++;
        }

        while (end > start && IsNoise(s[end - 1]))
        {
            end--;
        }

        return s[start..end];
    }

    private static bool IsNoise(char c) => char.IsWhiteSpace(c) || char.IsPunctuation(c) || char.IsSymbol(c);

    private static bool IsAsciiDigits(ReadOnlySpan<char> s)
    {
        foreach (var c in s)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    public int CompareTo(ControlId? other)
    {
        if (other is null)
        {
            return 1;
        }

        for (var i = 0; i < Math.Min(_parts.Length, other._parts.Length); i++)
        {
            var c = _parts[i].CompareTo(other._parts[i]);
            if (c != 0)
            {
                return c;
            }
        }

        return _parts.Length.CompareTo(other._parts.Length);
    }

    public bool Equals(ControlId? other) => other is not null && string.Equals(Value, other.Value, StringComparison.Ordinal);

    public override bool Equals(object? obj) => Equals(obj as ControlId);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Value);

    public override string ToString() => Value;

    public static bool operator ==(ControlId? left, ControlId? right) => left is null ? right is null : left.Equals(right);

    public static bool operator !=(ControlId? left, ControlId? right) => !(left == right);

    public static bool operator <(ControlId? left, ControlId? right) => Compare(left, right) < 0;

    public static bool operator <=(ControlId? left, ControlId? right) => Compare(left, right) <= 0;

    public static bool operator >(ControlId? left, ControlId? right) => Compare(left, right) > 0;

    public static bool operator >=(ControlId? left, ControlId? right) => Compare(left, right) >= 0;

    private static int Compare(ControlId? left, ControlId? right) => left is null ? (right is null ? 0 : -1) : left.CompareTo(right);
}
