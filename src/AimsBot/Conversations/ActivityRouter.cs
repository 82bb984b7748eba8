using System.Text.Json;
using AimsBot.Access;
using AimsBot.Commands;
using AimsBot.Files;
using AimsBot.Onboarding;
using AimsBot.Storage;
using AimsBot.Storage.Users;
using AimsBot.Teams.Activities;
using AimsBot.Teams.Connector;
using AimsBot.Teams.Files;
using AimsBot.Teams.Hosting;
using AimsBot.Workflows;

namespace AimsBot.Conversations;

/// <summary>
/// Where every authenticated activity lands: records how to reach the sender, then routes — text to a chat
/// command, a card button to its verb's handler, install and uninstall to onboarding.
/// </summary>
public sealed partial class ActivityRouter : IActivityHandler
{
    private readonly CommandRouter _commands;
    private readonly WorkflowCatalog _catalog;
    private readonly IServiceProvider _handlers;
    private readonly IReadOnlyList<WelcomeLine> _welcomeLines;
    private readonly RoleDirectory _roles;
    private readonly UserDirectory _users;
    private readonly IConnectorClient _connector;
    private readonly FileExports _files;
    private readonly PersonalChats _personalChats;
    private readonly AimsBot.Ledger.LedgerAuditRecorder _auditTrail;
    private readonly TimeProvider _time;
    private readonly ILogger<ActivityRouter> _logger;

    public ActivityRouter(
        CommandRouter commands,
        WorkflowCatalog catalog,
        IServiceProvider handlers,
        IEnumerable<WelcomeLine> welcomeLines,
        RoleDirectory roles,
        UserDirectory users,
        IConnectorClient connector,
        FileExports files,
        PersonalChats personalChats,
        AimsBot.Ledger.LedgerAuditRecorder auditTrail,
        TimeProvider time,
        ILogger<ActivityRouter> logger)
    {
        _commands = commands;
        _catalog = catalog;
        _handlers = handlers;
        _welcomeLines = welcomeLines.ToList();
        _roles = roles;
        _users = users;
        _connector = connector;
        _files = files;
        _personalChats = personalChats;
        _auditTrail = auditTrail;
        _time = time;
        _logger = logger;
    }

    public async Task<TurnResult> HandleAsync(TurnContext turn, CancellationToken cancellationToken)
    {
        var activity = turn.Activity;
        var caller = await ResolveCallerAsync(turn, cancellationToken);
        if (caller is { IsIdentified: true })
        {
            // Only a person Teams names by their Entra object id is recorded: a Teams user id alone proves nothing.
            await RecordSightingAsync(turn, caller, installed: IsInstall(activity), cancellationToken);
        }

        switch (activity.Type?.ToLowerInvariant())
        {
            case "message" when caller is not null:
                await HandleMessageAsync(turn, caller, cancellationToken);
                return TurnResult.Ok;
            case "invoke" when caller is not null && string.Equals(activity.Name, "adaptiveCard/action", StringComparison.OrdinalIgnoreCase):
                return TurnResult.FromInvoke(await HandleExecuteAsync(turn, caller, cancellationToken));
            case "invoke" when caller is { IsIdentified: false } && string.Equals(activity.Name, FileConsent.InvokeName, StringComparison.OrdinalIgnoreCase):
                await ReplyAsync(turn, BotReply.FromText(EntryPointDeclaration.UnidentifiedRefusal), cancellationToken);
                return TurnResult.Ok;
            case "invoke" when caller is not null && string.Equals(activity.Name, FileConsent.InvokeName, StringComparison.OrdinalIgnoreCase):
                return await _files.HandleConsentAsync(turn, caller, cancellationToken);
            case "invoke":
                // Invokes this bot does not implement get the documented "not implemented" answer.
                return new TurnResult(501);
            case "installationupdate" when caller is not null:
                await HandleInstallationAsync(turn, caller, cancellationToken);
                return TurnResult.Ok;
            case "conversationupdate" when caller is not null:
                await HandleConversationUpdateAsync(turn, caller, cancellationToken);
                return TurnResult.Ok;
            default:
                // typing, reactions, events and the like: acknowledged, nothing to do.
                return TurnResult.Ok;
        }
    }

    private async Task HandleMessageAsync(TurnContext turn, Caller caller, CancellationToken cancellationToken)
    {
        var activity = turn.Activity;
        var text = (activity.GetTextWithoutMentions() ?? "").Trim();
        BotReply reply;
        if (text.Length == 0 && activity.Value is { ValueKind: JsonValueKind.Object })
        {
            // An Action.Submit button: none of the bot's cards has one (they use Action.Execute), so this is an old
            // or foreign card. Nothing in it is acted on.
            reply = BotReply.FromText("This card is out of date or not supported any more. Say **help** to start again.");
        }
        else if (text.Length == 0 && AimsBot.Teams.Files.FileDownloads.Of(activity).Count > 0)
        {
            reply = BotReply.FromText("I got a file but no command with it. To import the register from a CSV file, send it again with the message **import**.");
        }
        else if (text.Length == 0)
        {
            reply = BotReply.FromText("Say **help** to see what I can do for you.");
        }
        else if (text.Length > CommandRouter.MaxCommandLength)
        {
            reply = BotReply.FromText($"That message is too long for a command (at most {CommandRouter.MaxCommandLength} characters). Nothing was changed.");
        }
        else
        {
            reply = await RunCommandAsync(turn, caller, text, cancellationToken);
        }

        if (!reply.IsEmpty)
        {
            await ReplyAsync(turn, reply, cancellationToken);
        }
    }

    private async Task<BotReply> RunCommandAsync(TurnContext turn, Caller caller, string text, CancellationToken cancellationToken)
    {
        var match = _commands.Match(text);
        if (match.Command is null)
        {
            var word = text.Split(' ', 2)[0];
            return BotReply.FromText(match.Suggestion is null
                ? $"I don't know the command '{Shorten(word)}'. Say **help** to see what you can ask me."
                : $"I don't know the command '{Shorten(word)}'. Did you mean **{match.Suggestion}**? Say **help** for the full list.");
        }

        // The one permission check of a command: what its workflow declared it needs. A caller without an identity
        // hears why (the declaration's own refusal); anyone else, that the command is not theirs.
        if (match.Command.DecideFor(caller) is { IsAllowed: false } refused)
        {
            return BotReply.FromText(caller.IsIdentified || match.Command.OpenToUnidentifiedCallers
                ? $"Sorry, **{match.Command.Name}** is not available to you. Say **help** to see what you can do, or ask a compliance lead for access."
                : refused.Reason!);
        }

        LogCommand(_logger, match.Command.Name, caller.UserKey);
        if (match.Command.PersonalChatOnly && turn.Activity.IsFromChannelOrGroup)
        {
            return await AnswerInPersonalChatAsync(turn, caller, match, cancellationToken);
        }

        return await ExecuteAsync(turn, caller, match, cancellationToken);
    }

    private async Task<BotReply> ExecuteAsync(TurnContext turn, Caller caller, CommandMatch match, CancellationToken cancellationToken)
    {
        var command = match.Command!;
        if (command.AuditedQuery)
        {
            // Before it runs, so the answer (or a file offer the command sends itself) never precedes the record.
            await _auditTrail.RecordAuditorQueryAsync(caller, turn.Activity.Id, command.Name, new System.Text.Json.Nodes.JsonObject { ["arguments"] = match.Arguments }, cancellationToken);
        }

        var handler = (IChatCommand)_handlers.GetRequiredService(command.HandlerType);
        return await handler.ExecuteAsync(new CommandContext(caller, match.Arguments, turn, command), cancellationToken);
    }

    /// <summary>
    /// A role-restricted answer asked for where others read along: it is given in the caller's 1:1 chat, and the
    /// channel hears only where it went. The 1:1 chat is found (or opened) first, so when it cannot be reached the
    /// command does not run at all and nothing restricted exists to leak.
    /// </summary>
    private async Task<BotReply> AnswerInPersonalChatAsync(TurnContext turn, Caller caller, CommandMatch match, CancellationToken cancellationToken)
    {
        var name = match.Command!.Name;
        var chat = await _personalChats.OpenAsync(turn, caller, cancellationToken);
        if (chat is null)
        {
            return BotReply.FromText(PersonalChatUnreachable(name));
        }

        var answer = await ExecuteAsync(chat.Turn, caller, match, cancellationToken);
        if (!answer.IsEmpty && !await _personalChats.SendAsync(chat, caller, ToActivity(chat.Turn.Activity.CreateReply(answer.Text), answer), cancellationToken))
        {
            return BotReply.FromText(PersonalChatUnreachable(name));
        }

        return BotReply.FromText($"I answered **{name}** in our 1:1 chat, so that only you can read it.");
    }

    private static string PersonalChatUnreachable(string command) =>
        $"I answer **{command}** only in our 1:1 chat, and I can't reach you there yet. Open a chat with me (search for the bot in Teams chat), then ask me there. Nothing was shown here.";

    private async Task<AdaptiveCardInvokeResponse> HandleExecuteAsync(TurnContext turn, Caller caller, CancellationToken cancellationToken)
    {
        var action = turn.Activity.GetAdaptiveCardInvokeValue()?.Action;
        if (action?.Verb is not { Length: > 0 } verb)
        {
            return AdaptiveCardInvokeResponse.Error(400, "BadRequest", "This card action carries no verb.");
        }

        if (_catalog.FindVerb(verb) is not { } declaration)
        {
            return AdaptiveCardInvokeResponse.Error(400, "UnknownVerb", "This card is out of date or not supported any more. Say **help** to start again.");
        }

        if (CardActionRefusal(turn, caller, declaration) is { } refusal)
        {
            return AdaptiveCardInvokeResponse.Error(403, "Forbidden", refusal);
        }

        var handler = (ICardActionHandler)_handlers.GetRequiredService(declaration.HandlerType);
        var data = action.Data is { ValueKind: JsonValueKind.Object } d ? d : EmptyObject();
        var outcome = await handler.HandleAsync(new CardActionContext(caller, verb, data, turn), cancellationToken);
        if (outcome.ErrorCode is not null)
        {
            return AdaptiveCardInvokeResponse.Error(outcome.ErrorCode == "Forbidden" ? 403 : 400, outcome.ErrorCode, outcome.Message ?? "That did not work.");
        }

        return outcome.Card is not null
            ? AdaptiveCardInvokeResponse.Card(outcome.Card.ToJsonNode())
            : AdaptiveCardInvokeResponse.Message(outcome.Message ?? "Done.");
    }

    /// <summary>
    /// The one permission check of a card button, from its declaration: a caller without an identity presses nothing
    /// (card data is theirs to forge), the declared action must be theirs to attempt, and a restricted answer is never
    /// drawn into a channel or group chat.
    /// </summary>
    private static string? CardActionRefusal(TurnContext turn, Caller caller, CardVerbDeclaration declaration)
    {
        if (declaration.DecideFor(caller) is { IsAllowed: false } refused)
        {
            return caller.IsIdentified || declaration.OpenToUnidentifiedCallers ? refused.Reason + " I changed nothing." : refused.Reason;
        }

        return declaration.PersonalChatOnly && turn.Activity.IsFromChannelOrGroup
            ? "I show this only in our 1:1 chat: ask me there again. Nothing was shown here."
            : null;
    }

    private async Task HandleInstallationAsync(TurnContext turn, Caller caller, CancellationToken cancellationToken)
    {
        var activity = turn.Activity;
        if (string.Equals(activity.Action, "remove", StringComparison.OrdinalIgnoreCase))
        {
            if (!activity.IsFromChannelOrGroup && caller.IsIdentified)
            {
                await _users.MarkUnreachableAsync(caller.TenantId, caller.UserKey, "uninstalled", cancellationToken);
            }

            return;
        }

        if (string.Equals(activity.Action, "add", StringComparison.OrdinalIgnoreCase))
        {
            await WelcomeOnceAsync(turn, caller, cancellationToken);
        }
    }

    private async Task HandleConversationUpdateAsync(TurnContext turn, Caller caller, CancellationToken cancellationToken)
    {
        var activity = turn.Activity;
        var botId = activity.Recipient?.Id;
        if (botId is not null && activity.MembersAdded?.Any(m => string.Equals(m.Id, botId, StringComparison.OrdinalIgnoreCase)) == true)
        {
            await WelcomeOnceAsync(turn, caller, cancellationToken);
        }
    }

    /// <summary>
    /// Teams (and the Playground) send both installationUpdate and conversationUpdate on install: the welcome
    /// goes out once, claimed with the user row's ETag in personal chats.
    /// </summary>
    private async Task WelcomeOnceAsync(TurnContext turn, Caller caller, CancellationToken cancellationToken)
    {
        if (!turn.Activity.IsFromChannelOrGroup && (!caller.IsIdentified || !await _users.TryClaimWelcomeAsync(caller.TenantId, caller.UserKey, cancellationToken)))
        {
            return;
        }

        var card = WelcomeCard.Build(caller, _welcomeLines, _commands.AvailableTo(caller));
        await SendToConversationAsync(turn, BotReply.FromCard(card, "Welcome to AimsBot"), cancellationToken);
    }

    private async Task<Caller?> ResolveCallerAsync(TurnContext turn, CancellationToken cancellationToken)
    {
        var from = turn.Activity.From;
        if (from?.Id is not { Length: > 0 } teamsUserId)
        {
            return null;
        }

        // Roles hold only in their own tenant, and only for a person Teams names by their Entra object id.
        var roles = await _roles.GetRolesAsync(turn.TenantId, from.AadObjectId, cancellationToken);
        return new Caller(turn.TenantId, from.AadObjectId, teamsUserId, from.Name, roles);
    }

    private Task RecordSightingAsync(TurnContext turn, Caller caller, bool installed, CancellationToken cancellationToken)
    {
        var activity = turn.Activity;
        if (string.IsNullOrWhiteSpace(activity.ServiceUrl))
        {
            return Task.CompletedTask;
        }

        var personal = !activity.IsFromChannelOrGroup ? activity.Conversation?.Id : null;
        return _users.RecordSightingAsync(
            new UserSighting(caller.TenantId, caller.UserKey, caller.TeamsUserId, caller.Name, null, activity.Recipient?.Id, personal, activity.ServiceUrl, activity.LocalTimezone, _time.GetUtcNow()),
            installed,
            cancellationToken);
    }

    private static bool IsInstall(Activity activity) =>
        string.Equals(activity.Type, ActivityTypes.InstallationUpdate, StringComparison.OrdinalIgnoreCase)
        && string.Equals(activity.Action, "add", StringComparison.OrdinalIgnoreCase);

    private Task ReplyAsync(TurnContext turn, BotReply reply, CancellationToken cancellationToken)
    {
        var activity = turn.Activity;
        var message = ToActivity(activity.CreateReply(reply.Text), reply);
        return string.IsNullOrEmpty(activity.Id)
            ? DeliverAsync(turn, () => _connector.SendAsync(activity.ServiceUrl!, activity.Conversation!.Id!, message, cancellationToken), cancellationToken)
            : DeliverAsync(turn, () => _connector.ReplyAsync(activity.ServiceUrl!, activity.Conversation!.Id!, activity.Id, message, cancellationToken), cancellationToken);
    }

    private Task SendToConversationAsync(TurnContext turn, BotReply reply, CancellationToken cancellationToken)
    {
        var activity = turn.Activity;
        var message = ToActivity(activity.CreateReply(reply.Text), reply);
        message.ReplyToId = null;
        return DeliverAsync(turn, () => _connector.SendAsync(activity.ServiceUrl!, activity.Conversation!.Id!, message, cancellationToken), cancellationToken);
    }

    /// <summary>
    /// Sends, and when Teams says the person blocked or removed the bot, records that instead of failing the
    /// turn (a retry would only be refused again).
    /// </summary>
    private async Task DeliverAsync(TurnContext turn, Func<Task> send, CancellationToken cancellationToken)
    {
        try
        {
            await send();
        }
        catch (ConversationUnreachableException ex)
        {
            LogUnreachable(_logger, ex.Reason);
            if (!turn.Activity.IsFromChannelOrGroup && turn.Activity.From?.AadObjectId is { Length: > 0 } userKey)
            {
                var reason = ex.Reason == UnreachableReason.BlockedByUser ? "blocked" : "conversation-gone";
                await _users.MarkUnreachableAsync(turn.TenantId, userKey.Trim(), reason, cancellationToken);
            }
        }
    }

    private static Activity ToActivity(Activity message, BotReply reply)
    {
        message.TextFormat = "markdown";
        if (reply.Card is not null)
        {
            message.Attachments = [Attachment.AdaptiveCard(reply.Card.ToJsonNode())];
            message.Summary = reply.Text;
            message.Text = null;
        }
        else if (message.Text is { } text)
        {
            // Teams reads markdown text with HTML in it: "<id>" or "<yyyy-mm-dd>" in a usage hint would be taken for
            // a tag and dropped. The bot never writes HTML into a text reply, so every angle bracket is text.
            message.Text = text.Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);
        }

        return message;
    }

    private static JsonElement EmptyObject()
    {
        using var doc = JsonDocument.Parse("{}");
        return doc.RootElement.Clone();
    }

    private static string Shorten(string word) => word.Length > 40 ? word[..40] + "…" : word;

    [LoggerMessage(Level = LogLevel.Warning, Message = "The reply could not be delivered: {Reason}; the person is recorded as unreachable")]
    private static partial void LogUnreachable(ILogger logger, UnreachableReason reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Command {Command} from {User}")]
    private static partial void LogCommand(ILogger logger, string command, string user);
}
