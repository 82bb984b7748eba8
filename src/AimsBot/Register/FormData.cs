using System.Globalization;
using System.Text.Json;

namespace AimsBot.Register;

/// <summary>
/// The values a card sent back (its data merged with its inputs). User-controlled: every value is read
/// defensively, as text, and validated by whoever uses it.
/// </summary>
public sealed class FormData
{
    private const int MaxValueLength = 10_000;
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    public FormData(JsonElement data)
    {
        if (data.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        foreach (var property in data.EnumerateObject())
        {
            var value = property.Value.ValueKind switch
            {
                JsonValueKind.String => property.Value.GetString(),
                JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => property.Value.GetRawText(),
                _ => null,
            };
            if (value is not null)
            {
                _values[property.Name] = value.Length > MaxValueLength ? value[..MaxValueLength] : value;
            }
        }
    }

    private FormData()
    {
    }

    /// <summary>Values to start a form with.</summary>
    public static FormData Of(params (string Name, string Value)[] values)
    {
        var form = new FormData();
        foreach (var (name, value) in values)
        {
            form._values[name] = value;
        }

        return form;
    }

    /// <summary>The trimmed value, or null when missing or blank.</summary>
    public string? Text(string name) =>
        _values.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

    /// <summary>The raw value (for putting back into a form), or null.</summary>
    public string? Raw(string name) => _values.GetValueOrDefault(name);

    public Guid? Guid(string name) => System.Guid.TryParse(Text(name), out var id) ? id : null;

    /// <summary>A yyyy-mm-dd date; <paramref name="invalid"/> when a value was given but is not one.</summary>
    public DateOnly? Date(string name, out bool invalid)
    {
        var text = Text(name);
        invalid = false;
        if (text is null)
        {
            return null;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        invalid = true;
        return null;
    }
}
