using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AimsBot.Ledger;

/// <summary>One field of a ledger event's change, in words: "Owner: Dana Owner → Lee Lead".</summary>
/// <param name="Label">The field as people call it (<c>Owner</c>, <c>Risk tier</c>).</param>
/// <param name="Before">The value before, in words; null when the event created the thing (nothing before).</param>
/// <param name="After">The value after, in words; null when the event removed it.</param>
public sealed record ChangeLine(string Label, string? Before, string? After)
{
    public override string ToString() => Before is null
        ? $"{Label}: {After}"
        : After is null ? $"{Label}: {Before} → {ChangeSummary.Nothing}" : $"{Label}: {Before} → {After}";
}

/// <summary>
/// A ledger event's before → after in words, field by field: labels people use (Owner, Justification, Risk tier),
/// enum values in words ("Not started"), people by name (the name stored beside the id in the event, else the
/// name the bot knows for the id), instants in the reader's zone. Nothing is shortened: the card wraps.
/// Nested states (a control snapshot's <c>state</c>, the control an evidence record counted for) read as their fields.
/// </summary>
public static class ChangeSummary
{
    public const string Nothing = "none";

    /// <summary>Fields that only repeat the entity the event is about (its id says them).</summary>
    private static readonly HashSet<string> Hidden = new(StringComparer.Ordinal) { "scopeKey", "controlId", "scope", "id" };

    /// <summary>Objects whose fields read as the parent's own (the control snapshot's <c>state</c>).</summary>
    private static readonly HashSet<string> Transparent = new(StringComparer.Ordinal) { "state" };

    /// <summary>Fields whose values are enum names, read in words ("NotStarted" → "Not started").</summary>
    private static readonly HashSet<string> EnumFields = new(StringComparer.Ordinal)
    {
        "applicability", "implementation", "layer", "riskTier", "stage", "status", "kind", "roles", "result", "checkpointStatus", "problem", "format",
    };

    private static readonly Dictionary<string, string> Labels = new(StringComparer.Ordinal)
    {
        ["ownerUserId"] = "Owner",
        ["owner"] = "Owner",
        ["ownerName"] = "Owner",
        ["justification"] = "Justification",
        ["applicability"] = "Applicability",
        ["implementation"] = "Implementation",
        ["riskTier"] = "Risk tier",
        ["cadence"] = "Cadence",
        ["decidedBy"] = "Decided by",
        ["decidedByName"] = "Decided by",
        ["decidedAt"] = "Decided on",
        ["layer"] = "Layer",
        ["lastEvidenceAt"] = "Last evidence",
        ["nextDue"] = "Next due",
        ["scheduleStartedAt"] = "Schedule started",
        ["createdAt"] = "Created",
        ["dueTimeZoneId"] = "Due dates in time zone",
        ["notApplicableThrough"] = "Period not applicable through",
        ["notApplicableReason"] = "Not applicable because",
        ["intendedUse"] = "Intended use",
        ["ownControls"] = "Own controls",
        ["url"] = "Link",
        ["periodFrom"] = "Period from",
        ["periodTo"] = "Period to",
        ["validUntil"] = "Valid until",
        ["submittedBy"] = "Submitted by",
        ["submittedByName"] = "Submitted by",
        ["submittedAt"] = "Submitted",
        ["control"] = "Control",
        ["lastHash"] = "Last hash",
        ["headHash"] = "Head hash",
        ["keyId"] = "Signing key",
        ["brokenSequence"] = "First broken event",
        ["sha256"] = "SHA-256",
    };

    /// <summary>The change in words, one line per field that changed (all set fields when the event created the thing).</summary>
    /// <param name="nameOf">The name the bot knows for a person's id, or null.</param>
    public static IReadOnlyList<ChangeLine> Describe(string? before, string? after, Func<string, string?> nameOf, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(nameOf);
        ArgumentNullException.ThrowIfNull(zone);
        if (before is null && after is null)
        {
            return [];
        }

        var b = ParseObject(before);
        var a = ParseObject(after);
        if ((before is not null && b is null) || (after is not null && a is null))
        {
            // Not JSON objects: the values themselves.
            return string.Equals(before, after, StringComparison.Ordinal)
                ? []
                : [new ChangeLine("Value", before is null ? null : Flat(before), after is null ? null : Flat(after))];
        }

        var old = Flatten(b, nameOf, zone);
        var now = Flatten(a, nameOf, zone);
        var lines = new List<ChangeLine>();
        foreach (var key in now.Keys.Concat(old.Keys).Distinct(StringComparer.Ordinal))
        {
            var had = old.TryGetValue(key, out var was);
            var has = now.TryGetValue(key, out var @is);
            if (had && has && string.Equals(was!.Value, @is!.Value, StringComparison.Ordinal))
            {
                continue;
            }

            var label = (had ? was! : @is!).Label;
            if (b is null)
            {
                if (@is!.Value != Nothing)
                {
                    lines.Add(new ChangeLine(label, null, @is.Value));
                }
            }
            else
            {
                lines.Add(new ChangeLine(label, had ? was!.Value : Nothing, a is null ? null : has ? @is!.Value : Nothing));
            }
        }

        return lines;
    }

    /// <summary>The change as one line of text (fallback text, logs): "Owner: Dana → Lee; Cadence: none → Monthly".</summary>
    public static string Text(string? before, string? after, Func<string, string?> nameOf, TimeZoneInfo zone)
    {
        var lines = Describe(before, after, nameOf, zone);
        return lines.Count == 0 ? (before is null && after is null ? "—" : "no change") : string.Join("; ", lines);
    }

    /// <summary>PascalCase enum names in words: <c>NotStarted</c> → <c>Not started</c>, <c>AiSystem</c> → <c>AI system</c>.</summary>
    public static string Words(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length == 0 || !char.IsAsciiLetterUpper(name[0]) || !name.All(char.IsAsciiLetterOrDigit))
        {
            return name;
        }

        var words = new List<string>();
        var start = 0;
        for (var i = 1; i <= name.Length; i++)
        {
            if (i == name.Length || (char.IsAsciiLetterUpper(name[i]) && !char.IsAsciiLetterUpper(name[i - 1])))
            {
                words.Add(name[start..i]);
                start = i;
            }
        }

        return string.Join(' ', words.Select((w, i) => w == "Ai" ? "AI" : i == 0 || w.All(char.IsAsciiLetterUpper) ? w : w.ToLowerInvariant()));
    }

    private sealed record Field(string Label, string Value);

    /// <summary>Every leaf field of the object, keyed by its path, as a label and a value in words.</summary>
    private static Dictionary<string, Field> Flatten(JsonObject? state, Func<string, string?> nameOf, TimeZoneInfo zone)
    {
        var fields = new Dictionary<string, Field>(StringComparer.Ordinal);
        if (state is not null)
        {
            Flatten(state, "", "", nameOf, zone, fields);
        }

        return fields;
    }

    private static void Flatten(JsonObject original, string path, string labelPrefix, Func<string, string?> nameOf, TimeZoneInfo zone, Dictionary<string, Field> fields)
    {
        var state = Merged(original);
        foreach (var (key, value) in state)
        {
            if (Hidden.Contains(key) || IsNameOfAnotherField(state, key))
            {
                continue;
            }

            var keyPath = path.Length == 0 ? key : path + "." + key;
            if (value is JsonObject nested)
            {
                Flatten(nested, keyPath, labelPrefix + Label(key) + " · ", nameOf, zone, fields);
                continue;
            }

            var text = IsPerson(state, key, out var nameKey)
                ? Person(value, nameKey is null ? null : state[nameKey], nameOf)
                : Render(key, value, zone);
            fields[keyPath] = new Field(labelPrefix + Label(key), text);
        }
    }

    /// <summary>
    /// The object with the fields of its transparent parts (a control snapshot's <c>state</c>) lifted beside its own,
    /// so an id inside the state and the name kept beside the state (<c>ownerUserId</c>, <c>ownerName</c>) pair up.
    /// </summary>
    private static JsonObject Merged(JsonObject state)
    {
        if (!state.Any(p => Transparent.Contains(p.Key) && p.Value is JsonObject))
        {
            return state;
        }

        var merged = new JsonObject();
        foreach (var (key, value) in state)
        {
            if (Transparent.Contains(key) && value is JsonObject inner)
            {
                foreach (var (innerKey, innerValue) in inner)
                {
                    merged[innerKey] = innerValue?.DeepClone();
                }
            }
            else if (!merged.ContainsKey(key))
            {
                merged[key] = value?.DeepClone();
            }
        }

        return merged;
    }

    /// <summary>A person's id field: the name stored beside it in the event, else the name the bot knows, else the id.</summary>
    private static string Person(JsonNode? id, JsonNode? storedName, Func<string, string?> nameOf)
    {
        if (id is not JsonValue v || v.GetValueKind() != JsonValueKind.String || v.GetValue<string>() is not { Length: > 0 } text)
        {
            return Nothing;
        }

        if (storedName is JsonValue n && n.GetValueKind() == JsonValueKind.String && n.GetValue<string>() is { Length: > 0 } name)
        {
            return name;
        }

        return nameOf(text) ?? text;
    }

    /// <summary>
    /// Whether <paramref name="key"/> holds a person's id: it has a name field beside it (<c>ownerUserId</c> and
    /// <c>ownerName</c>, <c>decidedBy</c> and <c>decidedByName</c>: <paramref name="nameKey"/>), or it is a field that
    /// always does, named through the bot's users when no name was stored.
    /// </summary>
    private static bool IsPerson(JsonObject state, string key, out string? nameKey)
    {
        nameKey = NameFieldsOf(key).FirstOrDefault(state.ContainsKey);
        return nameKey is not null || key is "ownerUserId" or "owner" or "decidedBy" or "submittedBy" or "requestedBy" or "reassignTo";
    }

    private static IEnumerable<string> NameFieldsOf(string key)
    {
        if (key.EndsWith("UserId", StringComparison.Ordinal))
        {
            yield return key[..^"UserId".Length] + "Name";
        }

        if (!key.EndsWith("Name", StringComparison.Ordinal))
        {
            yield return key + "Name";
        }
    }

    private static bool IsNameOfAnotherField(JsonObject state, string key) =>
        key.EndsWith("Name", StringComparison.Ordinal) && key.Length > 4
        && (state.ContainsKey(key[..^4]) || state.ContainsKey(key[..^4] + "UserId"));

    private static string Label(string key)
    {
        if (Labels.TryGetValue(key, out var label))
        {
            return label;
        }

        // camelCase in words: "intendedUse" → "Intended use".
        var words = Words(char.ToUpperInvariant(key[0]) + key[1..]);
        return words.Length == 0 ? key : words;
    }

    private static string Render(string key, JsonNode? value, TimeZoneInfo zone)
    {
        switch (value)
        {
            case null:
                return Nothing;
            case JsonArray array:
                return array.Count == 0 ? Nothing : string.Join(", ", array.Select(item => Render(key, item, zone)));
            case JsonValue v when v.GetValueKind() == JsonValueKind.String:
                var text = v.GetValue<string>();
                if (text.Length == 0)
                {
                    return Nothing;
                }

                if (EnumFields.Contains(key))
                {
                    return Words(text);
                }

                if (text.Length >= 20 && text[10] == 'T' && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant))
                {
                    return LedgerCards.Local(instant, zone);
                }

                return Flat(text);
            case JsonValue v when v.GetValueKind() == JsonValueKind.True:
                return "yes";
            case JsonValue v when v.GetValueKind() == JsonValueKind.False:
                return "no";
            default:
                return value.ToJsonString();
        }
    }

    /// <summary>Line breaks and other control characters as spaces, so one field stays one line.</summary>
    private static string Flat(string text)
    {
        var flat = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            flat.Append(char.IsControl(c) ? ' ' : c);
        }

        return flat.ToString().Trim();
    }

    /// <summary>The JSON object a ledger event's before or after holds; null for anything else (a string, nothing, broken JSON).</summary>
    internal static JsonObject? ParseObject(string? json)
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
}
