using System.Net;
using System.Text.Json;
using AimsBot.Commands;
using AimsBot.Storage.Users;
using AimsBot.Teams.Activities;
using AimsBot.Teams.Connector;
using AimsBot.Teams.Hosting;

namespace AimsBot.Conversations;

/// <summary>A person's 1:1 chat with the bot: where to send, and a turn that answers there.</summary>
/// <param name="Turn">The original turn moved to the 1:1 chat (same activity id, tenant and identity).</param>
/// <param name="FromUsersTable">True when the conversation id came from the Users table (it may be stale).</param>
public sealed record PersonalChat(TurnContext Turn, string ServiceUrl, string ConversationId, bool FromUsersTable);

/// <summary>
/// Finds or opens the caller's 1:1 chat with the bot, so that role-restricted answers asked for in a channel or
/// group chat are given where only the caller reads them: the conversation stored in the Users table, else one
/// created with the connector (<c>POST v3/conversations</c>, which Teams allows only when the app is installed for
/// the person).
/// </summary>
public sealed partial class PersonalChats
{
    private readonly UserDirectory _users;
    private readonly IConnectorClient _connector;
    private readonly TimeProvider _time;
    private readonly ILogger<PersonalChats> _logger;

    public PersonalChats(UserDirectory users, IConnectorClient connector, TimeProvider time, ILogger<PersonalChats> logger)
    {
        _users = users;
        _connector = connector;
        _time = time;
        _logger = logger;
    }

    /// <summary>The caller's 1:1 chat, or null when the bot cannot reach them there (the app is not installed for them).</summary>
    public async Task<PersonalChat?> OpenAsync(TurnContext turn, Caller caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turn);
        ArgumentNullException.ThrowIfNull(caller);
        if (!caller.IsIdentified)
        {
            return null;
        }

        var stored = await _users.GetAsync(caller.TenantId, caller.UserKey, cancellationToken);
        if (stored is { Reachable: true, ConversationId.Length: > 0, ServiceUrl.Length: > 0 })
        {
            return new PersonalChat(MoveTo(turn, stored.ServiceUrl, stored.ConversationId), stored.ServiceUrl, stored.ConversationId, FromUsersTable: true);
        }

        return await CreateAsync(turn, caller, cancellationToken);
    }

    /// <summary>
    /// Sends <paramref name="message"/> to the 1:1 chat. When a stored conversation is gone, the person is recorded as
    /// unreachable there and a new conversation is tried once. False when the message could not be delivered.
    /// </summary>
    public async Task<bool> SendAsync(PersonalChat chat, Caller caller, Activity message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(chat);
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(message);
        if (await TrySendAsync(chat, message, cancellationToken))
        {
            return true;
        }

        if (!chat.FromUsersTable)
        {
            return false;
        }

        await _users.MarkUnreachableAsync(caller.TenantId, caller.UserKey, "conversation-gone", cancellationToken);
        var fresh = await CreateAsync(chat.Turn, caller, cancellationToken);
        return fresh is not null && await TrySendAsync(fresh, message, cancellationToken);
    }

    private async Task<bool> TrySendAsync(PersonalChat chat, Activity message, CancellationToken cancellationToken)
    {
        message.Conversation = chat.Turn.Activity.Conversation;
        message.ReplyToId = null;
        try
        {
            await _connector.SendAsync(chat.ServiceUrl, chat.ConversationId, message, cancellationToken);
            return true;
        }
        catch (Exception ex) when (IsUnreachable(ex))
        {
            LogUnreachable(_logger, ex.Message);
            return false;
        }
    }

    private async Task<PersonalChat?> CreateAsync(TurnContext turn, Caller caller, CancellationToken cancellationToken)
    {
        var activity = turn.Activity;
        if (string.IsNullOrWhiteSpace(activity.ServiceUrl) || activity.Recipient?.Id is not { Length: > 0 } botId)
        {
            return null;
        }

        ConversationResourceResponse created;
        try
        {
            created = await _connector.CreateConversationAsync(
                activity.ServiceUrl,
                ConversationParameters.PersonalChat(botId, caller.TeamsUserId, caller.TenantId),
                cancellationToken);
        }
        catch (Exception ex) when (IsUnreachable(ex))
        {
            LogUnreachable(_logger, ex.Message);
            return null;
        }

        if (created.Id is not { Length: > 0 } conversationId)
        {
            return null;
        }

        // Remembered, so the next restricted answer and every proactive message find the chat without creating it again.
        await _users.RecordSightingAsync(
            new UserSighting(caller.TenantId, caller.UserKey, caller.TeamsUserId, caller.Name, null, botId, conversationId, activity.ServiceUrl, null, _time.GetUtcNow()),
            installed: false,
            cancellationToken);
        return new PersonalChat(MoveTo(turn, activity.ServiceUrl, conversationId), activity.ServiceUrl, conversationId, FromUsersTable: false);
    }

    /// <summary>The same turn as if asked in the 1:1 chat: commands that send on their own (file offers) send there too.</summary>
    private static TurnContext MoveTo(TurnContext turn, string serviceUrl, string conversationId)
    {
        var copy = JsonSerializer.Deserialize(JsonSerializer.SerializeToUtf8Bytes(turn.Activity, BotJsonContext.Default.Activity), BotJsonContext.Default.Activity)!;
        copy.ServiceUrl = serviceUrl;
        copy.Conversation = new ConversationAccount { Id = conversationId, ConversationType = ConversationTypes.Personal, IsGroup = false, TenantId = turn.TenantId };
        return new TurnContext(copy, turn.TenantId, turn.Identity, turn.IsAnonymous);
    }

    /// <summary>Teams' answers when the bot may not write to the person: blocked, not installed, or no such chat.</summary>
    private static bool IsUnreachable(Exception ex) => ex switch
    {
        ConversationUnreachableException => true,
        UntrustedServiceUrlException => true, // never sent anywhere: nothing leaks, the person is asked to open the chat
        ConnectorRequestException { StatusCode: HttpStatusCode.Forbidden or HttpStatusCode.NotFound or HttpStatusCode.BadRequest } => true,
        _ => false,
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "The caller's 1:1 chat cannot be reached: {Reason}")]
    private static partial void LogUnreachable(ILogger logger, string reason);
}
