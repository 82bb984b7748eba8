using AimsBot.Domain.Access;
using AimsBot.Graph;
using AimsBot.Proactive;
using AimsBot.Register;
using AimsBot.Storage.Register;

namespace AimsBot.Nonconformities;

/// <summary>
/// People on nonconformity cards and forms (<see cref="PeopleOnCards"/>; an unknown person is
/// <c>nc.person.unknown</c>), and the 1:1 chat a card is sent to.
/// </summary>
public sealed class NonconformityPeople(UserLookup users, OwnerResolver resolver, IDirectory directory)
    : PeopleOnCards(users, resolver, directory, "nc.person.unknown")
{
    /// <summary>The person's 1:1 chat with the bot, or null when the bot cannot write to them.</summary>
    public async Task<ProactiveRecipient?> ChatOfAsync(string tenantId, string? userId, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(userId) || OwnerIds.IsPending(userId))
        {
            return null;
        }

        var record = await Users.GetAsync(tenantId, userId!, cancellationToken);
        return record is { Reachable: true, ConversationId: { Length: > 0 } conversation, ServiceUrl: { Length: > 0 } serviceUrl }
            ? new ProactiveRecipient(record.RowKey, serviceUrl, conversation)
            : null;
    }
}
