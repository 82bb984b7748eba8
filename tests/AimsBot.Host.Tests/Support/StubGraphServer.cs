using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AimsBot.Host.Tests.Support;

/// <summary>A request the stub Graph received.</summary>
public sealed record GraphRequest(string Method, string Path, string RawTarget, IReadOnlyDictionary<string, string> Query, string Body, string? Authorization, int Status)
{
    /// <summary>The ConsistencyLevel header (Graph's advanced queries need <c>eventual</c>).</summary>
    public string? ConsistencyLevel { get; init; }

    public JsonNode? Json => string.IsNullOrEmpty(Body) ? null : JsonNode.Parse(Body);
}

/// <summary>A canned answer (with an optional delay before it is sent).</summary>
public sealed record StubGraphResponse(int Status, string? Body = null, string? RetryAfter = null, TimeSpan Delay = default)
{
    public static StubGraphResponse Error(int status, string code, string message, string? retryAfter = null) =>
        new(status, JsonSerializer.Serialize(new { error = new { code, message } }), retryAfter);
}

/// <summary>A person the stub directory knows.</summary>
public sealed record StubUser(string Id, string DisplayName, string UserPrincipalName, string? Mail = null);

/// <summary>
/// An in-process Microsoft Graph (Kestrel on 127.0.0.1, random port, under <c>/v1.0</c>) serving the endpoints
/// the bot uses with canned directory data: transitive group membership (paged), managers, user search by
/// UPN/mail, Teams app installation (409 when already installed) and calendar events with Teams meetings.
/// Records every request; scripted answers take precedence, in order.
/// </summary>
public sealed class StubGraphServer : IAsyncDisposable
{
    private static readonly Regex Literal = new("'((?:[^']|'')*)'", RegexOptions.Compiled);
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<GraphRequest> _requests = new();
    private readonly ConcurrentQueue<StubGraphResponse> _scripted = new();
    private readonly ConcurrentDictionary<string, StubUser> _users = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, string[]> _groups = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, string> _managers = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, byte> _installed = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, JsonObject> _eventsByTransaction = new(StringComparer.Ordinal);
    private int _nextEvent;

    private StubGraphServer(WebApplication app)
    {
        _app = app;
        app.Run(HandleAsync);
    }

    /// <summary>The value for <c>Graph:BaseUrl</c>, e.g. <c>http://127.0.0.1:5123/v1.0</c>.</summary>
    public string BaseUrl { get; private set; } = "";

    public IReadOnlyCollection<GraphRequest> Requests => _requests;

    /// <summary>Groups per page of transitiveMemberOf (Graph's default is 100; small here so paging shows).</summary>
    public int GroupPageSize { get; set; } = 2;

    /// <summary>When set, answers any request not answered by a scripted response (null: normal handling).</summary>
    public Func<GraphRequest, StubGraphResponse?>? Responder { get; set; }

    /// <summary>Events created, in order (one per transaction id).</summary>
    public IReadOnlyCollection<JsonObject> CreatedEvents => _eventsByTransaction.Values.ToArray();

    public static async Task<StubGraphServer> StartAsync()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Test" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var stub = new StubGraphServer(builder.Build());
        await stub._app.StartAsync();
        var address = stub._app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        stub.BaseUrl = address.TrimEnd('/') + "/v1.0";
        return stub;
    }

    public StubUser AddUser(StubUser user)
    {
        _users[user.Id] = user;
        return user;
    }

    /// <summary>The groups (direct and nested) the user is in.</summary>
    public void SetGroups(string userId, params string[] groupIds) => _groups[userId] = groupIds;

    public void SetManager(string userId, string managerId) => _managers[userId] = managerId;

    public void MarkInstalled(string userId, string teamsAppId) => _installed[userId + "|" + teamsAppId] = 0;

    /// <summary>Queues answers used, in order, before normal handling.</summary>
    public void Script(params StubGraphResponse[] responses)
    {
        foreach (var response in responses)
        {
            _scripted.Enqueue(response);
        }
    }

    public void ClearRequests() => _requests.Clear();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var rawTarget = context.Features.GetRequiredFeature<IHttpRequestFeature>().RawTarget;
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync();
        var query = context.Request.Query.ToDictionary(q => q.Key, q => q.Value.ToString(), StringComparer.Ordinal);
        var request = new GraphRequest(context.Request.Method, context.Request.Path.Value ?? "", rawTarget, query, body, context.Request.Headers.Authorization.FirstOrDefault(), 0)
        {
            ConsistencyLevel = context.Request.Headers["ConsistencyLevel"].FirstOrDefault(),
        };

        var response = _scripted.TryDequeue(out var next) ? next : Responder?.Invoke(request) ?? Handle(request);
        _requests.Enqueue(request with { Status = response.Status });
        if (response.Delay > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(response.Delay, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

        context.Response.StatusCode = response.Status;
        if (response.RetryAfter is not null)
        {
            context.Response.Headers.RetryAfter = response.RetryAfter;
        }

        if (response.Body is not null)
        {
            context.Response.ContentType = "application/json; charset=utf-8";
            await context.Response.WriteAsync(response.Body);
        }
    }

    private StubGraphResponse Handle(GraphRequest request)
    {
        var segments = request.Path.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.UnescapeDataString).ToArray();
        if (segments.Length < 2 || segments[0] != "v1.0" || segments[1] != "users")
        {
            return NotFound("Resource not found for the segment.");
        }

        return (request.Method, segments.Length) switch
        {
            ("GET", 2) => SearchUsers(request),
            ("GET", 5) when segments[3] == "transitiveMemberOf" && segments[4] is "microsoft.graph.group" or "graph.group" => Groups(segments[2], request),
            ("GET", 4) when segments[3] == "manager" => Manager(segments[2]),
            ("POST", 5) when segments[3] == "teamwork" && segments[4] == "installedApps" => Install(segments[2], request),
            ("POST", 4) when segments[3] == "events" => CreateEvent(segments[2], request),
            _ => NotFound("Resource not found for the segment."),
        };
    }

    private StubGraphResponse Groups(string userId, GraphRequest request)
    {
        if (!_users.ContainsKey(userId) && !_groups.ContainsKey(userId))
        {
            return NotFound($"Resource '{userId}' does not exist or one of its queried reference-property objects are not present.");
        }

        var all = _groups.TryGetValue(userId, out var ids) ? ids : [];
        var skip = request.Query.TryGetValue("$skiptoken", out var token) && int.TryParse(token, out var n) ? n : 0;
        var page = new JsonObject
        {
            ["@odata.context"] = $"{BaseUrl}/$metadata#groups(id)",
            ["@odata.count"] = all.Length,
            ["value"] = new JsonArray(all.Skip(skip).Take(GroupPageSize)
                .Select(id => (JsonNode)new JsonObject { ["@odata.type"] = "#microsoft.graph.group", ["id"] = id }).ToArray()),
        };
        if (skip + GroupPageSize < all.Length)
        {
            page["@odata.nextLink"] = $"{BaseUrl}/users/{userId}/transitiveMemberOf/microsoft.graph.group?$select=id&$count=true&$skiptoken={skip + GroupPageSize}";
        }

        return new StubGraphResponse(200, page.ToJsonString());
    }

    private StubGraphResponse Manager(string userId)
    {
        if (!_managers.TryGetValue(userId, out var managerId) || !_users.TryGetValue(managerId, out var manager))
        {
            return NotFound($"Resource 'manager' does not exist or one of its queried reference-property objects are not present.");
        }

        var json = UserJson(manager);
        json["@odata.type"] = "#microsoft.graph.user";
        return new StubGraphResponse(200, json.ToJsonString());
    }

    private StubGraphResponse SearchUsers(GraphRequest request)
    {
        if (!request.Query.TryGetValue("$filter", out var filter))
        {
            return new StubGraphResponse(200, new JsonObject { ["value"] = new JsonArray(_users.Values.Select(u => (JsonNode)UserJson(u)).ToArray()) }.ToJsonString());
        }

        // Supports "userPrincipalName eq '…' or mail eq '…'" — the literals, unescaped, are what is searched for.
        var wanted = Literal.Matches(filter).Select(m => m.Groups[1].Value.Replace("''", "'", StringComparison.Ordinal)).ToHashSet(StringComparer.OrdinalIgnoreCase);
        if (wanted.Count == 0)
        {
            return StubGraphResponse.Error(400, "Request_UnsupportedQuery", "Unsupported query.");
        }

        var found = _users.Values.Where(u => wanted.Contains(u.UserPrincipalName) || (u.Mail is not null && wanted.Contains(u.Mail)));
        return new StubGraphResponse(200, new JsonObject { ["value"] = new JsonArray(found.Select(u => (JsonNode)UserJson(u)).ToArray()) }.ToJsonString());
    }

    private StubGraphResponse Install(string userId, GraphRequest request)
    {
        if (!_users.ContainsKey(userId))
        {
            return NotFound($"User '{userId}' not found.");
        }

        var bind = (string?)request.Json?["teamsApp@odata.bind"];
        var appId = bind?.Split('/').LastOrDefault();
        if (string.IsNullOrEmpty(appId))
        {
            return StubGraphResponse.Error(400, "BadRequest", "teamsApp@odata.bind is required.");
        }

        return _installed.TryAdd(userId + "|" + appId, 0)
            ? new StubGraphResponse(201, new JsonObject { ["id"] = Guid.NewGuid().ToString("N") }.ToJsonString())
            : StubGraphResponse.Error(409, "Conflict", "App is already installed.");
    }

    private StubGraphResponse CreateEvent(string organizerId, GraphRequest request)
    {
        if (!_users.ContainsKey(organizerId))
        {
            return NotFound($"User '{organizerId}' not found.");
        }

        var posted = request.Json?.AsObject();
        if (posted is null || (string?)posted["subject"] is null)
        {
            return StubGraphResponse.Error(400, "ErrorInvalidRequest", "Your request can't be completed.");
        }

        var transaction = (string?)posted["transactionId"] ?? Guid.NewGuid().ToString();
        var created = _eventsByTransaction.GetOrAdd(transaction, _ =>
        {
            var id = "AAMkEvent" + Interlocked.Increment(ref _nextEvent);
            var json = (JsonObject)posted.DeepClone();
            json["id"] = id;
            json["onlineMeeting"] = new JsonObject { ["joinUrl"] = $"https://teams.example.test/l/meetup-join/{id}" };
            return json;
        });
        return new StubGraphResponse(201, created.ToJsonString());
    }

    private static JsonObject UserJson(StubUser user) => new()
    {
        ["id"] = user.Id,
        ["displayName"] = user.DisplayName,
        ["userPrincipalName"] = user.UserPrincipalName,
        ["mail"] = user.Mail,
    };

    private static StubGraphResponse NotFound(string message) => StubGraphResponse.Error(404, "Request_ResourceNotFound", message);
}
