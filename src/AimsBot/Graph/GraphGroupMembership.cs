using AimsBot.Access;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Microsoft.Kiota.Abstractions;

namespace AimsBot.Graph;

/// <summary>
/// A person's groups, direct and nested, from Graph (<c>/users/{id}/transitiveMemberOf/microsoft.graph.group?$select=id</c>,
/// every page), remembered per person for <see cref="GraphOptions.GroupCacheDuration"/>. When Graph fails or is
/// slow the answer is "no groups" for that one call — roles fall back to direct object ids, the person gets an
/// answer, and the failure is logged, not cached.
/// </summary>
public sealed class GraphGroupMembership : IGroupMembership
{
    private static readonly IReadOnlySet<string> None = new HashSet<string>();
    private readonly GraphClientProvider _clients;
    private readonly IMemoryCache _cache;
    private readonly GraphOptions _options;
    private readonly ILogger<GraphGroupMembership> _logger;

    public GraphGroupMembership(GraphClientProvider clients, IMemoryCache cache, IOptions<GraphOptions> options, ILogger<GraphGroupMembership> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _clients = clients;
        _cache = cache;
        _options = options.Value;
        _logger = logger;
    }

    public async Task<IReadOnlySet<string>> GetGroupIdsAsync(string aadObjectId, CancellationToken cancellationToken)
    {
        // Entra object ids are GUIDs; anything else cannot be in the directory and is never put in a URL.
        if (!Guid.TryParse(aadObjectId, out var userId))
        {
            return None;
        }

        var key = new CacheKey(userId);
        if (_cache.TryGetValue(key, out IReadOnlySet<string>? cached) && cached is not null)
        {
            return cached;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.GroupLookupTimeout);
        IReadOnlySet<string> groups;
        bool complete;
        try
        {
            (groups, complete) = await LoadAsync(userId, timeout.Token);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (ApiException ex) when (ex.ResponseStatusCode == 404)
        {
            // Not in this directory (a guest of another allowed tenant, or deleted): a definite answer, remembered.
            _logger.LogInformation("{UserId} is not in the directory Microsoft Graph reads; their roles come from direct object ids", userId);
            (groups, complete) = (None, true);
        }
        catch (Exception ex)
        {
            _logger.LogWarning(ex, "Could not read the groups of {UserId} from Microsoft Graph ({Problem}); their roles come from direct object ids for now",
                userId, GraphErrors.Translate(ex, "read their groups", "User.Read.All").Message);
            return None;
        }

        if (complete && _options.GroupCacheDuration > TimeSpan.Zero)
        {
            _cache.Set(key, groups, new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = _options.GroupCacheDuration, Size = 1 });
        }

        return groups;
    }

    private async Task<(IReadOnlySet<string> Groups, bool Complete)> LoadAsync(Guid userId, CancellationToken cancellationToken)
    {
        using var graph = _clients.Create();
        var groups = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var request = graph.Users[userId.ToString()].TransitiveMemberOf.GraphGroup;
        // The documented form of the cast (the SDK's own template says "graph.group"); only the ids are needed.
        // Graph documents an OData cast on memberships as an advanced query: ConsistencyLevel: eventual and $count.
        var first = $"{_clients.BaseUrl}/users/{userId:D}/transitiveMemberOf/microsoft.graph.group?$select=id&$count=true";
        var page = await request.WithUrl(first).GetAsync(AdvancedQuery, cancellationToken);
        for (var pages = 1; page is not null; pages++)
        {
            foreach (var group in page.Value ?? [])
            {
                if (!string.IsNullOrWhiteSpace(group.Id))
                {
                    groups.Add(group.Id);
                }
            }

            if (string.IsNullOrEmpty(page.OdataNextLink))
            {
                return (groups, true);
            }

            if (pages >= _options.MaxGroupPages || !_clients.IsOwnLink(page.OdataNextLink))
            {
                _logger.LogWarning(
                    "Stopped reading the groups of {UserId} after {Pages} pages (Graph:MaxGroupPages {MaxPages}, or a next link outside Graph:BaseUrl); their roles use the groups read so far",
                    userId, pages, _options.MaxGroupPages);
                return (groups, false);
            }

            page = await request.WithUrl(page.OdataNextLink).GetAsync(AdvancedQuery, cancellationToken);
        }

        return (groups, true);
    }

    private static void AdvancedQuery(Microsoft.Kiota.Abstractions.RequestConfiguration<Microsoft.Graph.Users.Item.TransitiveMemberOf.GraphGroup.GraphGroupRequestBuilder.GraphGroupRequestBuilderGetQueryParameters> request) =>
        request.Headers.Add("ConsistencyLevel", "eventual");

    private sealed record CacheKey(Guid UserId);
}
