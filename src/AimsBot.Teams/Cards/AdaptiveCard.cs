using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace AimsBot.Teams.Cards;

/// <summary>
/// A small, typed Adaptive Card model: the elements and actions Teams renders for bots (schema 1.5 at most).
/// Serialized with source generation; unknown extras can ride in <see cref="CardElement.Extra"/>.
/// </summary>
public sealed class AdaptiveCard
{
    public const string ContentType = "application/vnd.microsoft.card.adaptive";
    public const string MaxVersion = "1.5";

    [JsonPropertyName("type")]
    public string Type { get; init; } = "AdaptiveCard";

    [JsonPropertyName("$schema")]
    public string Schema { get; init; } = "http://adaptivecards.io/schemas/adaptive-card.json";

    public string Version { get; init; } = MaxVersion;

    public List<CardElement> Body { get; init; } = [];

    public List<CardAction>? Actions { get; set; }

    /// <summary>Universal Actions refresh: each listed viewer's client asks the bot for their current view.</summary>
    public CardRefresh? Refresh { get; set; }

    public TeamsCardProperties? Msteams { get; set; } = new();

    public string? FallbackText { get; set; }

    public JsonNode ToJsonNode() => JsonSerializer.SerializeToNode(this, CardJsonContext.Default.AdaptiveCard)!;

    public string ToJson() => JsonSerializer.Serialize(this, CardJsonContext.Default.AdaptiveCard);

    /// <summary>The card as a message attachment.</summary>
    public JsonObject ToAttachment() => new()
    {
        ["contentType"] = ContentType,
        ["content"] = ToJsonNode(),
    };
}

public sealed class CardRefresh
{
    [JsonIgnore]
    public required ExecuteAction Action { get; init; }

    /// <summary><see cref="Action"/> as written: through the base type, so it carries its <c>type</c>.</summary>
    [JsonPropertyName("action")]
    public CardAction SerializedAction => Action;

    /// <summary>At most 60 user MRIs (29:...) whose view refreshes automatically.</summary>
    public List<string>? UserIds { get; init; }
}

public sealed class TeamsCardProperties
{
    public string? Width { get; init; } = "Full";

    public List<JsonObject>? Entities { get; set; }
}

[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(TextBlock), "TextBlock")]
[JsonDerivedType(typeof(FactSet), "FactSet")]
[JsonDerivedType(typeof(Container), "Container")]
[JsonDerivedType(typeof(ColumnSet), "ColumnSet")]
[JsonDerivedType(typeof(ActionSet), "ActionSet")]
[JsonDerivedType(typeof(CardTable), "Table")]
[JsonDerivedType(typeof(TextInput), "Input.Text")]
[JsonDerivedType(typeof(DateInput), "Input.Date")]
[JsonDerivedType(typeof(ChoiceSetInput), "Input.ChoiceSet")]
[JsonDerivedType(typeof(ToggleInput), "Input.Toggle")]
[JsonDerivedType(typeof(CardImage), "Image")]
public abstract class CardElement
{
    public string? Id { get; init; }

    public string? Spacing { get; init; }

    public bool? Separator { get; init; }

    public bool? IsVisible { get; init; }
}

public sealed class TextBlock : CardElement
{
    public TextBlock()
    {
    }

    [System.Diagnostics.CodeAnalysis.SetsRequiredMembers]
    public TextBlock(string text) => Text = text;

    public required string Text { get; init; }

    public bool Wrap { get; init; } = true;

    public string? Size { get; init; }

    public string? Weight { get; init; }

    public string? Color { get; init; }

    public bool? IsSubtle { get; init; }

    public int? MaxLines { get; init; }

    /// <summary><c>Monospace</c> for text people copy character by character (hashes, ids).</summary>
    public string? FontType { get; init; }
}

/// <summary>The Image element: an https URL the client fetches without the bot's credentials, or a <c>data:</c> URI.</summary>
public sealed class CardImage : CardElement
{
    public required string Url { get; init; }

    public string? AltText { get; init; }

    /// <summary><c>Auto</c>, <c>Stretch</c>, <c>Small</c>, <c>Medium</c>, <c>Large</c>.</summary>
    public string? Size { get; init; }

    /// <summary>A width in pixels (<c>600px</c>); the image keeps its aspect ratio.</summary>
    public string? Width { get; init; }
}

public sealed class FactSet : CardElement
{
    public List<Fact> Facts { get; init; } = [];
}

public sealed record Fact(string Title, string Value);

public sealed class Container : CardElement
{
    public List<CardElement> Items { get; init; } = [];

    public string? Style { get; init; }

    public CardAction? SelectAction { get; init; }
}

public sealed class ColumnSet : CardElement
{
    public List<Column> Columns { get; init; } = [];
}

public sealed class Column
{
    [JsonPropertyName("type")]
    public string Type { get; init; } = "Column";

    public string? Width { get; init; }

    public List<CardElement> Items { get; init; } = [];

    public string? VerticalContentAlignment { get; init; }
}

public sealed class ActionSet : CardElement
{
    public List<CardAction> Actions { get; init; } = [];
}

/// <summary>The Table element (schema 1.5).</summary>
public sealed class CardTable : CardElement
{
    public List<TableColumnDefinition> Columns { get; init; } = [];

    public List<TableRow> Rows { get; init; } = [];

    public bool? FirstRowAsHeader { get; init; }

    public bool? ShowGridLines { get; init; }
}

public sealed class TableColumnDefinition
{
    public int Width { get; init; } = 1;
}

public sealed class TableRow
{
    [JsonPropertyName("type")]
    public string Type { get; init; } = "TableRow";

    public List<TableCell> Cells { get; init; } = [];

    public string? Style { get; init; }
}

public sealed class TableCell
{
    [JsonPropertyName("type")]
    public string Type { get; init; } = "TableCell";

    public List<CardElement> Items { get; init; } = [];
}

public abstract class InputElement : CardElement
{
    public string? Label { get; init; }

    public bool? IsRequired { get; init; }

    public string? ErrorMessage { get; init; }
}

public sealed class TextInput : InputElement
{
    public string? Placeholder { get; init; }

    public string? Value { get; init; }

    public bool? IsMultiline { get; init; }

    public int? MaxLength { get; init; }

    public string? Regex { get; init; }

    public string? Style { get; init; }
}

public sealed class DateInput : InputElement
{
    public string? Value { get; init; }

    public string? Min { get; init; }

    public string? Max { get; init; }
}

public sealed class ChoiceSetInput : InputElement
{
    public List<Choice> Choices { get; init; } = [];

    public string? Value { get; init; }

    public string? Style { get; init; }

    public bool? IsMultiSelect { get; init; }

    /// <summary>Choice titles wrap (schema 1.2): without it an expanded choice longer than the card is cut off.</summary>
    public bool? Wrap { get; init; } = true;
}

public sealed record Choice(string Title, string Value);

public sealed class ToggleInput : InputElement
{
    public required string Title { get; init; }

    public string? Value { get; init; }
}

[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(ExecuteAction), "Action.Execute")]
[JsonDerivedType(typeof(SubmitAction), "Action.Submit")]
[JsonDerivedType(typeof(OpenUrlAction), "Action.OpenUrl")]
[JsonDerivedType(typeof(ShowCardAction), "Action.ShowCard")]
public abstract class CardAction
{
    public string? Title { get; init; }

    public string? Id { get; init; }

    /// <summary>positive or destructive.</summary>
    public string? Style { get; init; }
}

/// <summary>Universal Action: arrives as an <c>adaptiveCard/action</c> invoke carrying <see cref="Verb"/> and <see cref="Data"/>.</summary>
public sealed class ExecuteAction : CardAction
{
    public required string Verb { get; init; }

    public JsonObject? Data { get; init; }

    /// <summary>Which inputs are checked before the action is sent (none for Cancel-style actions).</summary>
    public string? AssociatedInputs { get; init; }
}

/// <summary>Arrives as a message whose <c>value</c> is <see cref="Data"/> merged with the card's inputs.</summary>
public sealed class SubmitAction : CardAction
{
    public JsonObject? Data { get; init; }

    public string? AssociatedInputs { get; init; }
}

public sealed class OpenUrlAction : CardAction
{
    public required string Url { get; init; }
}

public sealed class ShowCardAction : CardAction
{
    public required AdaptiveCard Card { get; init; }
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(AdaptiveCard))]
internal sealed partial class CardJsonContext : JsonSerializerContext;
