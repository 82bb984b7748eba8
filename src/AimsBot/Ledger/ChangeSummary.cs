using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AimsBot.Ledger;

/// <summary>
/// A short, human reading of a ledger event's before → after: for JSON objects the fields that changed
/// (<c>status: Partial → Implemented</c>), otherwise both values shortened.
/// </summary>
public static class ChangeSummary
{
    public const int MaxLength = 240;
    private const int MaxValueLength = 60;
    private const string Nothing = "∅";

    public static string Describe(string? before, string? after)
    {
        if (before is null && after is null)
        {
            return "—";
        }

        var b = ParseObject(before);
        var a = ParseObject(after);
        string text;
        if ((before is null || b is not null) && (after is null || a is not null))
        {
            text = DescribeObjects(b, a);
        }
        else if (string.Equals(before, after, StringComparison.Ordinal))
        {
            text = "no change";
        }
        else
        {
            text = $"{Shorten(before ?? Nothing)} → {Shorten(after ?? Nothing)}";
        }

        return text.Length > MaxLength ? text[..(MaxLength - 1)] + "…" : text;
    }

    private static string DescribeObjects(JsonObject? before, JsonObject? after)
    {
        var keys = (after?.Select(p => p.Key) ?? []).Concat(before?.Select(p => p.Key) ?? []).Distinct(StringComparer.Ordinal);
        var parts = new List<string>();
        foreach (var key in keys)
        {
            var had = before is not null && before.TryGetPropertyValue(key, out _);
            var has = after is not null && after.TryGetPropertyValue(key, out _);
            var old = had ? before![key] : null;
            var now = has ? after![key] : null;
            if (had && has && JsonNode.DeepEquals(old, now))
            {
                continue;
            }

            parts.Add(before is null
                ? $"{key}: {Render(now)}"
                : after is null
                    ? $"{key}: {Render(old)} → {Nothing}"
                    : $"{key}: {(had ? Render(old) : Nothing)} → {(has ? Render(now) : Nothing)}");
        }

        var prefix = before is null ? "created" : after is null ? "removed" : null;
        if (parts.Count == 0)
        {
            return prefix ?? "no change";
        }

        var joined = string.Join("; ", parts);
        return prefix is null ? joined : $"{prefix}: {joined}";
    }

    private static JsonObject? ParseObject(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(json) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Render(JsonNode? value) => value switch
    {
        null => "null",
        JsonValue v when v.GetValueKind() == JsonValueKind.String => Shorten(v.GetValue<string>()),
        _ => Shorten(value.ToJsonString()),
    };

    private static string Shorten(string text)
    {
        var flat = new StringBuilder(Math.Min(text.Length, MaxValueLength + 1));
        foreach (var c in text)
        {
            flat.Append(char.IsControl(c) ? ' ' : c);
            if (flat.Length > MaxValueLength)
            {
                break;
            }
        }

        return flat.Length > MaxValueLength ? flat.ToString(0, MaxValueLength - 1) + "…" : flat.ToString();
    }
}
