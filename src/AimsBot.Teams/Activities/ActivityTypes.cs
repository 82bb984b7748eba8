namespace AimsBot.Teams.Activities;

/// <summary>Values of <see cref="Activity.Type"/> that Teams sends or accepts.</summary>
public static class ActivityTypes
{
    public const string Message = "message";
    public const string Invoke = "invoke";
    public const string ConversationUpdate = "conversationUpdate";
    public const string InstallationUpdate = "installationUpdate";
    public const string Event = "event";
    public const string Typing = "typing";
    public const string MessageReaction = "messageReaction";
    public const string MessageUpdate = "messageUpdate";
    public const string MessageDelete = "messageDelete";
    public const string EndOfConversation = "endOfConversation";
    public const string InvokeResponse = "invokeResponse";
}

/// <summary>Values of <see cref="ConversationAccount.ConversationType"/> in Teams.</summary>
public static class ConversationTypes
{
    public const string Personal = "personal";
    public const string GroupChat = "groupChat";
    public const string Channel = "channel";
}

/// <summary>Values of <see cref="Activity.Action"/> on an installationUpdate activity.</summary>
public static class InstallationUpdateActions
{
    public const string Add = "add";
    public const string Remove = "remove";
    public const string AddUpgrade = "add-upgrade";
    public const string RemoveUpgrade = "remove-upgrade";
}

/// <summary>Values of <see cref="Activity.TextFormat"/>.</summary>
public static class TextFormatTypes
{
    public const string Plain = "plain";
    public const string Markdown = "markdown";
    public const string Xml = "xml";
}

/// <summary>Well known <see cref="Activity.Name"/> values of invoke activities.</summary>
public static class InvokeNames
{
    public const string AdaptiveCardAction = "adaptiveCard/action";
}

/// <summary>Well known attachment and invoke response content types.</summary>
public static class ContentTypes
{
    public const string AdaptiveCard = "application/vnd.microsoft.card.adaptive";
    public const string ActivityMessage = "application/vnd.microsoft.activity.message";
    public const string Error = "application/vnd.microsoft.error";
}

/// <summary>Well known <see cref="Entity.Type"/> values.</summary>
public static class EntityTypes
{
    public const string Mention = "mention";
    public const string ClientInfo = "clientInfo";
}
