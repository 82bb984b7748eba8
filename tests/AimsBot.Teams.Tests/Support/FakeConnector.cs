using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AimsBot.Teams.Tests.Support;

/// <summary>A request the fake connector received.</summary>
public sealed record RecordedRequest(
    string Method,
    string RawTarget,
    string Path,
    string Body,
    string? Authorization,
    TimeSpan ArrivedAt,
    int Status)
{
    public JsonNode? Json => string.IsNullOrEmpty(Body) ? null : JsonNode.Parse(Body);
}

/// <summary>A canned answer.</summary>
/// <param name="Location">A Location header (for redirects).</param>
/// <param name="Delay">How long to wait before answering (a slow server).</param>
public sealed record FakeResponse(int Status, string? Body = null, string? RetryAfter = null, string? Location = null, TimeSpan? Delay = null)
{
    public static FakeResponse Throttled(string retryAfter) => new(429, """{"error":{"code":"TooManyRequests","message":"Too many requests"}}""", retryAfter);

    public static FakeResponse Error(int status, string code, string message) =>
        new(status, JsonSerializer.Serialize(new { error = new { code, message } }));
}

/// <summary>
/// An in-process Bot Connector (Kestrel on 127.0.0.1, random port) serving the v3 endpoints the bot
/// uses, under a regional path like Teams' (<c>/emea/</c>). Records every request; answers with
/// scripted responses when given; can enforce the Teams rate limits on arrival (429 when exceeded).
/// </summary>
public sealed class FakeConnector : IAsyncDisposable
{
    private static readonly (int Limit, TimeSpan Length)[] ConversationWindows =
    [
        (7, TimeSpan.FromSeconds(1)),
        (8, TimeSpan.FromSeconds(2)),
        (60, TimeSpan.FromSeconds(30)),
        (1800, TimeSpan.FromSeconds(3600)),
    ];

    private readonly WebApplication app;
    private readonly ConcurrentQueue<RecordedRequest> requests = new();
    private readonly ConcurrentQueue<FakeResponse> scripted = new();
    private readonly Lock limitsGate = new();
    private readonly Dictionary<string, List<TimeSpan>> conversationArrivals = new(StringComparer.Ordinal);
    private readonly Queue<TimeSpan> globalArrivals = new();
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private int nextId;

    private FakeConnector(WebApplication app)
    {
        this.app = app;
        app.Run(HandleAsync);
    }

    /// <summary>The service url to give the client, e.g. <c>http://127.0.0.1:5123/emea/</c>.</summary>
    public string ServiceUrl { get; private set; } = "";

    public IReadOnlyCollection<RecordedRequest> Requests => requests;

    /// <summary>Answer 429 (Retry-After: 1) when a request exceeds the Teams limits on arrival.</summary>
    public bool EnforceTeamsLimits { get; set; }

    /// <summary>Global requests per second allowed when enforcing (Teams: 50 per app per tenant).</summary>
    public int GlobalLimitPerSecond { get; set; } = 50;

    /// <summary>When set, answers every request not answered by a scripted response.</summary>
    public Func<RecordedRequest, FakeResponse?>? Responder { get; set; }

    public int ThrottledCount => requests.Count(r => r.Status == 429);

    public static async Task<FakeConnector> StartAsync()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Test" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var fake = new FakeConnector(builder.Build());
        await fake.app.StartAsync();
        var address = fake.app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        fake.ServiceUrl = address.TrimEnd('/') + "/emea/";
        return fake;
    }

    /// <summary>Queues answers used, in order, before normal handling.</summary>
    public void Script(params FakeResponse[] responses)
    {
        foreach (var response in responses)
        {
            scripted.Enqueue(response);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var arrived = clock.Elapsed;
        var rawTarget = context.Features.GetRequiredFeature<IHttpRequestFeature>().RawTarget;
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync();
        var path = context.Request.Path.Value ?? "";
        var request = new RecordedRequest(context.Request.Method, rawTarget, path, body, context.Request.Headers.Authorization.FirstOrDefault(), arrived, 0);

        FakeResponse response;
        if (scripted.TryDequeue(out var next))
        {
            response = next;
        }
        else if (Responder?.Invoke(request) is { } custom)
        {
            response = custom;
        }
        else if (EnforceTeamsLimits && !Admit(path, arrived))
        {
            response = FakeResponse.Throttled("1");
        }
        else
        {
            response = Default(context.Request.Method, path);
        }

        requests.Enqueue(request with { Status = response.Status });
        if (response.Delay is { } delay)
        {
            try
            {
                await Task.Delay(delay, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return; // The client gave up waiting.
            }
        }

        context.Response.StatusCode = response.Status;
        if (response.Location is not null)
        {
            context.Response.Headers.Location = response.Location;
        }

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

    private FakeResponse Default(string method, string path)
    {
        // path: /emea/v3/conversations[/{id}/activities[/{activityId}] | /{id}/members/{userId}]
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var id = Interlocked.Increment(ref nextId);
        if (segments is [_, "v3", "conversations"] && method == "POST")
        {
            return new FakeResponse(201, $$"""{"id":"a:created-{{id}}","activityId":"1:{{id}}"}""");
        }

        if (segments is [_, "v3", "conversations", _, "activities"] && method == "POST")
        {
            return new FakeResponse(201, $$"""{"id":"1:sent-{{id}}"}""");
        }

        if (segments is [_, "v3", "conversations", _, "activities", var activityId])
        {
            return method switch
            {
                "POST" => new FakeResponse(201, $$"""{"id":"1:reply-{{id}}"}"""),
                "PUT" => new FakeResponse(200, JsonSerializer.Serialize(new { id = activityId })),
                _ => new FakeResponse(405),
            };
        }

        if (segments is [_, "v3", "conversations", _, "members", var userId] && method == "GET")
        {
            return new FakeResponse(200, JsonSerializer.Serialize(new
            {
                id = userId,
                name = "Ada Lovelace",
                aadObjectId = "6f1c3a4e-0000-4000-8000-000000000001",
                objectId = "6f1c3a4e-0000-4000-8000-000000000001",
                givenName = "Ada",
                surname = "Lovelace",
                email = "ada@contoso.example",
                userPrincipalName = "ada@contoso.example",
                tenantId = "72f988bf-86f1-41af-91ab-2d7cd011db47",
                userRole = "user",
            }));
        }

        return FakeResponse.Error((int)HttpStatusCode.NotFound, "NotFound", $"No route for {method} {path}");
    }

    /// <summary>Teams-like enforcement measured on arrival: per conversation windows and a global 1 s window.</summary>
    private bool Admit(string path, TimeSpan arrived)
    {
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var conversation = segments.Length > 3 ? segments[3].Split(';')[0] : null;
        lock (limitsGate)
        {
            while (globalArrivals.TryPeek(out var oldest) && arrived - oldest >= TimeSpan.FromSeconds(1))
            {
                globalArrivals.Dequeue();
            }

            if (globalArrivals.Count >= GlobalLimitPerSecond)
            {
                return false;
            }

            List<TimeSpan>? history = null;
            if (conversation is not null)
            {
                if (!conversationArrivals.TryGetValue(conversation, out history))
                {
                    conversationArrivals[conversation] = history = [];
                }

                foreach (var (limit, length) in ConversationWindows)
                {
                    if (history.Count(t => arrived - t < length) >= limit)
                    {
                        return false;
                    }
                }

                history.Add(arrived);
            }

            globalArrivals.Enqueue(arrived);
            return true;
        }
    }
}
