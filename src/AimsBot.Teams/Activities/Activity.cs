using System.Text.Json;
using System.Text.Json.Serialization;

namespace AimsBot.Teams.Activities;

/// <summary>
/// A Bot Framework activity as Teams sends and accepts it. Tolerant: every field is optional and
/// fields this model does not know are kept in <see cref="Extra"/> so they survive a round trip.
/// Serialize with <see cref="BotJsonContext"/>.
/// </summary>
public sealed class Activity
{
    /// <summary>See <see cref="ActivityTypes"/>.</summary>
    public string? Type { get; set; }

    public string? Id { get; set; }

    [JsonConverter(typeof(TolerantDateTimeOffsetConverter))]
    public DateTimeOffset? Timestamp { get; set; }

    [JsonConverter(typeof(TolerantDateTimeOffsetConverter))]
    public DateTimeOffset? LocalTimestamp { get; set; }

    /// <summary>IANA time zone of the user, e.g. <c>Europe/Berlin</c>.</summary>
    public string? LocalTimezone { get; set; }

    public string? ServiceUrl { get; set; }

    public string? ChannelId { get; set; }

    public ChannelAccount? From { get; set; }

    public ConversationAccount? Conversation { get; set; }

    public ChannelAccount? Recipient { get; set; }

    public string? TextFormat { get; set; }

    public string? AttachmentLayout { get; set; }

    public List<ChannelAccount>? MembersAdded { get; set; }

    public List<ChannelAccount>? MembersRemoved { get; set; }

    /// <summary>For installationUpdate: <c>add</c> or <c>remove</c> (see <see cref="InstallationUpdateActions"/>).</summary>
    public string? Action { get; set; }

    public string? Locale { get; set; }

    public string? Text { get; set; }

    public string? Summary { get; set; }

    public SuggestedActions? SuggestedActions { get; set; }

    public List<Attachment>? Attachments { get; set; }

    public List<Entity>? Entities { get; set; }

    public TeamsChannelData? ChannelData { get; set; }

    public string? ReplyToId { get; set; }

    /// <summary>Invoke name, e.g. <c>adaptiveCard/action</c>, or event name.</summary>
    public string? Name { get; set; }

    /// <summary>Invoke value, or the data of an Action.Submit message.</summary>
    public JsonElement? Value { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }

    /// <summary>True when the activity comes from a channel or a group chat rather than a 1:1 chat.</summary>
    [JsonIgnore]
    public bool IsFromChannelOrGroup =>
        Conversation is { } c
        && (c.IsGroup == true
            || string.Equals(c.ConversationType, ConversationTypes.Channel, StringComparison.OrdinalIgnoreCase)
            || string.Equals(c.ConversationType, ConversationTypes.GroupChat, StringComparison.OrdinalIgnoreCase));

    /// <summary>A new message activity with <paramref name="text"/>.</summary>
    public static Activity CreateMessage(string? text = null) => new()
    {
        Type = ActivityTypes.Message,
        Text = text,
    };

    /// <summary>
    /// A message replying to this activity: from and recipient swapped, same conversation,
    /// service url, channel and locale, <see cref="ReplyToId"/> set to this activity's id.
    /// </summary>
    public Activity CreateReply(string? text = null) => new()
    {
        Type = ActivityTypes.Message,
        From = Recipient?.CloneIdentity(),
        Recipient = From?.CloneIdentity(),
        Conversation = Conversation?.CloneIdentity(),
        ReplyToId = Id,
        ServiceUrl = ServiceUrl,
        ChannelId = ChannelId,
        Locale = Locale,
        Text = text,
    };

    /// <summary>The tenant: <c>channelData.tenant.id</c>, else <c>conversation.tenantId</c>.</summary>
    public string? GetTenantId() => ChannelData?.Tenant?.Id ?? Conversation?.TenantId;

    /// <summary>What is needed to reach this conversation later.</summary>
    public ConversationReference GetConversationReference() => new()
    {
        ActivityId = Id,
        User = From?.CloneIdentity(),
        Bot = Recipient?.CloneIdentity(),
        Conversation = Conversation?.CloneIdentity(),
        ChannelId = ChannelId,
        ServiceUrl = ServiceUrl,
        Locale = Locale,
    };

    /// <summary>The mention entities of this activity.</summary>
    public IEnumerable<Entity> GetMentions() =>
        Entities?.Where(e => string.Equals(e.Type, EntityTypes.Mention, StringComparison.OrdinalIgnoreCase)) ?? [];

    /// <summary>
    /// The text with the mentions of <paramref name="botId"/> (default: the recipient, i.e. the bot)
    /// removed and trimmed. Does not change the activity.
    /// </summary>
    public string? GetTextWithoutMentions(string? botId = null)
    {
        botId ??= Recipient?.Id;
        return botId is null ? Text?.Trim() : MentionText.Strip(Text, GetMentions(), botId);
    }

    /// <summary>Removes the mentions of <paramref name="botId"/> from <see cref="Text"/> and returns the new text.</summary>
    public string? RemoveMentionOf(string botId)
    {
        ArgumentException.ThrowIfNullOrEmpty(botId);
        Text = MentionText.Strip(Text, GetMentions(), botId);
        return Text;
    }

    /// <summary>The value of an <c>adaptiveCard/action</c> invoke, or null when there is none or it is not an object.</summary>
    public AdaptiveCardInvokeValue? GetAdaptiveCardInvokeValue()
    {
        if (Value is not { ValueKind: JsonValueKind.Object } value)
        {
            return null;
        }

        try
        {
            return value.Deserialize(BotJsonContext.Default.AdaptiveCardInvokeValue);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
