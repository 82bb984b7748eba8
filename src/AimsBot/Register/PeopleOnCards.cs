using AimsBot.Domain;
using AimsBot.Domain.Access;
using AimsBot.Graph;
using AimsBot.Storage.Register;
using AimsBot.Teams.Hosting;

namespace AimsBot.Register;

/// <summary>
/// People on a workflow's cards and forms: names for object ids (the Users table), the sign-in name a form is
/// pre-filled with, and who a typed sign-in name is (the Users table, the conversation, then Microsoft Graph for someone
/// the bot has not met). One way for every workflow whose forms name people (risks, nonconformities); each names the
/// refusal's error code.
/// </summary>
public abstract class PeopleOnCards
{
    private readonly OwnerResolver _resolver;
    private readonly IDirectory _directory;
    private readonly string _unknownPersonCode;

    protected PeopleOnCards(UserLookup users, OwnerResolver resolver, IDirectory directory, string unknownPersonCode)
    {
        Users = users;
        _resolver = resolver;
        _directory = directory;
        _unknownPersonCode = unknownPersonCode;
    }

    protected UserLookup Users { get; }

    /// <summary>A name per user id (the id itself when unknown), looked up once each.</summary>
    public async Task<Func<string?, string>> NamesAsync(string tenantId, IEnumerable<string?> userIds, CancellationToken cancellationToken)
    {
        var names = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var id in userIds.OfType<string>().Where(i => i.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).Take(50))
        {
            var known = OwnerIds.IsPending(id) ? null : await Users.GetAsync(tenantId, id, cancellationToken);
            names[id] = OwnerIds.Display(id, known?.Name);
        }

        return id => id is null ? "nobody" : names.GetValueOrDefault(id) ?? OwnerIds.Display(id, null);
    }

    /// <summary>What a form shows for a person: their sign-in name when known, else their object id.</summary>
    public async Task<string?> TypedFormOfAsync(string tenantId, string? userId, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(userId) || OwnerIds.IsPending(userId))
        {
            return userId;
        }

        var known = await Users.GetAsync(tenantId, userId, cancellationToken);
        return known?.UserPrincipalName is { Length: > 0 } upn ? upn : userId;
    }

    /// <summary>Who <paramref name="typed"/> is (a sign-in name or object id); someone the bot cannot identify is refused, naming them.</summary>
    public async Task<Result<OwnerCandidate>> ResolveAsync(string tenantId, string typed, string field, TurnContext turn, CancellationToken cancellationToken)
    {
        var text = typed.TrimStart('@').Trim();
        var resolved = await _resolver.ResolveAsync(tenantId, OwnerReference.Typed(text), turn, cancellationToken);
        if (!resolved.TryGetValue(out var person))
        {
            return Result.Failure<OwnerCandidate>(resolved.Errors.Select(e => e with { Field = field }));
        }

        if (person.Pending)
        {
            try
            {
                if (await _directory.FindUserAsync(text, cancellationToken) is { } user)
                {
                    return Result.Success(new OwnerCandidate(user.Id, user.DisplayName, null));
                }
            }
            catch (DirectoryException)
            {
                // Graph off or failing: the person stays unknown, and the form says so.
            }

            return Result.Failure<OwnerCandidate>(new DomainError(
                _unknownPersonCode,
                $"I don't know {(text.Length > 60 ? text[..60] + "…" : text)} yet: check the spelling, or ask them to say hello to AimsBot in Teams first.",
                field));
        }

        return Result.Success(person);
    }
}
