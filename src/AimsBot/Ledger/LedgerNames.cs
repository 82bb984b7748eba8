using System.Text.Json;
using System.Text.Json.Nodes;
using AimsBot.Domain.Ledger;
using AimsBot.Storage.Register;

namespace AimsBot.Ledger;

/// <summary>
/// The names of the people a page of ledger events mentions — who acted, and the ids in their before/after states
/// that carry no stored name — from the users the bot knows (the <c>Users</c> table). An id the bot has never seen
/// stays an id.
/// </summary>
public sealed class LedgerNames
{
    /// <summary>Fields that hold a person's id in the events' states.</summary>
    private static readonly HashSet<string> PersonFields = new(StringComparer.Ordinal)
    {
        "ownerUserId", "owner", "decidedBy", "submittedBy", "requestedBy", "reassignTo",
    };

    private readonly UserLookup _users;

    public LedgerNames(UserLookup users) => _users = users;

    /// <summary>A look-up of the names of everyone <paramref name="events"/> mention (null for an id the bot does not know).</summary>
    public async Task<Func<string, string?>> ForAsync(string tenantId, IEnumerable<LedgerEvent> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        var ids = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var e in events)
        {
            ids.Add(e.ActorId);
            Collect(e.Before, ids);
            Collect(e.After, ids);
        }

        var names = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var id in ids)
        {
            if (id.StartsWith("system:", StringComparison.Ordinal))
            {
                names[id] = "the bot (" + id["system:".Length..] + ")";
                continue;
            }

            var user = await _users.GetAsync(tenantId, id, cancellationToken);
            if (user?.Name is { Length: > 0 } name)
            {
                names[id] = name;
            }
        }

        return id => names.GetValueOrDefault(id);
    }

    private static void Collect(string? json, HashSet<string> ids)
    {
        if (string.IsNullOrWhiteSpace(json) || json[0] != '{')
        {
            return;
        }

        try
        {
            Walk(JsonNode.Parse(json), ids, depth: 0);
        }
        catch (JsonException)
        {
            // Not JSON: nothing to name.
        }
    }

    private static void Walk(JsonNode? node, HashSet<string> ids, int depth)
    {
        if (node is not JsonObject state || depth > 4)
        {
            return;
        }

        foreach (var (key, value) in state)
        {
            if (value is JsonObject)
            {
                Walk(value, ids, depth + 1);
            }
            else if (PersonFields.Contains(key) && value is JsonValue v && v.GetValueKind() == JsonValueKind.String && v.GetValue<string>() is { Length: > 0 and <= 200 } id)
            {
                ids.Add(id);
            }
        }
    }
}
