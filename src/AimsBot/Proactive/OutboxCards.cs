using System.Text.Json;
using AimsBot.Storage.Outbox;
using AimsBot.Teams.Activities;
using AimsBot.Teams.Cards;

namespace AimsBot.Proactive;

/// <summary>Someone the bot can write to first: their user key and their 1:1 conversation.</summary>
public sealed record ProactiveRecipient(string UserKey, string ServiceUrl, string ConversationId);

/// <summary>The outbox row that sends a card to one person's 1:1 chat: what every proactive workflow queues.</summary>
public static class OutboxCards
{
    /// <param name="messageId">The deterministic id (<see cref="OutboxStore.MessageId"/>): queuing the same message again is a no-op.</param>
    /// <param name="text">The notification text Teams shows with the card.</param>
    /// <param name="notBefore">When it may go (working hours).</param>
    public static OutboxMessage Message(string tenantId, string messageId, string purpose, ProactiveRecipient to, string text, AdaptiveCard card, DateTimeOffset notBefore, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(to);
        ArgumentNullException.ThrowIfNull(card);
        var activity = Activity.CreateMessage(text);
        activity.Attachments = [Attachment.AdaptiveCard(card.ToJsonNode())];
        return new OutboxMessage
        {
            PartitionKey = tenantId,
            RowKey = messageId,
            Purpose = purpose,
            RecipientUserKey = to.UserKey,
            ServiceUrl = to.ServiceUrl,
            ConversationId = to.ConversationId,
            ActivityJson = JsonSerializer.Serialize(activity, BotJsonContext.Default.Activity),
            NotBefore = notBefore,
            CreatedAt = now,
        };
    }
}
