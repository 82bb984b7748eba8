using System.Diagnostics;
using Activity = AimsBot.Teams.Activities.Activity;
using System.Text.Json;
using System.Text.Json.Nodes;
using AimsBot.Teams.Activities;
using AimsBot.Teams.Authentication;
using AimsBot.Teams.Connector;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AimsBot.Teams.Hosting;

/// <summary>
/// <c>POST /api/messages</c>, in the order the protocol demands: size limit, authentication, channel check (Teams
/// only), service URL check, tenant check, de-duplication, then the application. Nothing is read from or written to
/// state, and no service URL is trusted, before the request has passed all of these.
/// </summary>
public static partial class BotMessageEndpoint
{
    public const string DefaultPath = "/api/messages";

    /// <summary>The only channel served: Microsoft Teams. Web Chat and Direct Line (on for every Azure Bot) let the client choose <c>from.id</c>.</summary>
    public const string TeamsChannelId = "msteams";

    public static IEndpointConventionBuilder MapBotMessages(this IEndpointRouteBuilder endpoints, string path = DefaultPath) =>
        endpoints.MapPost(path, HandleAsync).DisableAntiforgery();

    internal static async Task HandleAsync(HttpContext http)
    {
        var services = http.RequestServices;
        var options = services.GetRequiredService<IOptions<BotEndpointOptions>>().Value;
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("AimsBot.Teams.Messages");
        var authenticator = services.GetRequiredService<IInboundRequestAuthenticator>();
        var cancellationToken = http.RequestAborted;
        var authorization = http.Request.Headers.Authorization.ToString();
        if (string.IsNullOrEmpty(authorization))
        {
            authorization = null;
        }

        // No credentials at all: refuse before reading the body (unless local anonymous mode lets it through).
        if (authorization is null)
        {
            var early = await authenticator.AuthenticateAsync(null, null, null, cancellationToken);
            if (!early.Succeeded)
            {
                LogRefused(logger, early.HttpStatusCode, early.FailureReason ?? "no credentials");
                await WriteErrorAsync(http, early.HttpStatusCode, "Unauthorized", "Authentication is required.");
                return;
            }
        }

        if (http.Request.ContentLength > options.MaxBodyBytes)
        {
            await WriteErrorAsync(http, StatusCodes.Status413PayloadTooLarge, "PayloadTooLarge", $"Activities are limited to {options.MaxBodyBytes / 1024} KB.");
            return;
        }

        var body = await ReadBodyAsync(http.Request, options.MaxBodyBytes, cancellationToken);
        if (body is null)
        {
            await WriteErrorAsync(http, StatusCodes.Status413PayloadTooLarge, "PayloadTooLarge", $"Activities are limited to {options.MaxBodyBytes / 1024} KB.");
            return;
        }

        Activity? activity;
        try
        {
            activity = JsonSerializer.Deserialize(body, BotJsonContext.Default.Activity);
        }
        catch (JsonException)
        {
            activity = null;
        }

        if (activity is null || string.IsNullOrWhiteSpace(activity.Type))
        {
            // Nothing was read or written; the body cannot even be routed to authenticate it fully.
            await WriteErrorAsync(http, StatusCodes.Status400BadRequest, "BadRequest", "The body is not a valid activity.");
            return;
        }

        var auth = await authenticator.AuthenticateAsync(authorization, activity.ChannelId, activity.ServiceUrl, cancellationToken);
        if (!auth.Succeeded)
        {
            LogRefused(logger, auth.HttpStatusCode, auth.FailureReason ?? "invalid credentials");
            await WriteErrorAsync(http, auth.HttpStatusCode, auth.HttpStatusCode == 403 ? "Forbidden" : "Unauthorized", "Authentication failed.");
            return;
        }

        var isAnonymous = auth.Status == InboundAuthenticationStatus.Anonymous;

        // Local anonymous mode takes whatever channel id the Agents Playground sends; a real bot serves Teams only.
        if (!isAnonymous && !string.Equals(activity.ChannelId, TeamsChannelId, StringComparison.Ordinal))
        {
            LogRefused(logger, StatusCodes.Status403Forbidden, "the activity's channel is not msteams");
            await WriteErrorAsync(http, StatusCodes.Status403Forbidden, "ChannelNotSupported", "This bot works in Microsoft Teams only.");
            return;
        }

        // The service URL is where the bot later sends its own token, and the router stores it on the sender's row:
        // it must be one the Bot Framework signed into this very token (whatever authenticator is registered).
        if (!isAnonymous && !ServiceUrlIsSigned(auth, activity.ServiceUrl))
        {
            LogRefused(logger, StatusCodes.Status401Unauthorized, "the activity's serviceUrl is not the one the token was issued for");
            await WriteErrorAsync(http, StatusCodes.Status401Unauthorized, "Unauthorized", "Authentication failed.");
            return;
        }

        var tenantId = activity.GetTenantId();
        if (string.IsNullOrWhiteSpace(tenantId) && isAnonymous)
        {
            tenantId = options.LocalTenantId;
        }

        if (string.IsNullOrWhiteSpace(tenantId) || (options.AllowedTenants.Count > 0 && !options.AllowedTenants.Contains(tenantId)) || (options.AllowedTenants.Count == 0 && !isAnonymous))
        {
            LogTenantRefused(logger, tenantId ?? "(none)");
            await WriteErrorAsync(http, StatusCodes.Status403Forbidden, "TenantNotAllowed", "This bot does not serve your organisation.");
            return;
        }

        // The only place a service URL is learnt: signed into the token (checked above), or local anonymous mode.
        if (!string.IsNullOrWhiteSpace(activity.ServiceUrl))
        {
            services.GetRequiredService<ITrustedServiceUrlRegistry>().Learn(activity.ServiceUrl);
        }

        var deduplicator = services.GetRequiredService<IActivityDeduplicator>();
        var hasId = !string.IsNullOrWhiteSpace(activity.Id);
        if (hasId)
        {
            TurnResult? earlier;
            try
            {
                earlier = await deduplicator.TryClaimAsync(tenantId, activity, cancellationToken);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                // State is unreachable: nothing was done; the channel retries later.
                LogStateUnavailable(logger, ex);
                http.Response.Headers.RetryAfter = "5";
                await WriteErrorAsync(http, StatusCodes.Status503ServiceUnavailable, "Unavailable", "The bot cannot reach its state right now. Please try again shortly.");
                return;
            }

            if (earlier is not null)
            {
                LogDuplicate(logger, activity.Type!, earlier.Status);
                await WriteResultAsync(http, earlier);
                return;
            }
        }

        using var span = Telemetry.Source.StartActivity("bot.turn", ActivityKind.Server);
        span?.SetTag("bot.activity.type", activity.Type);
        span?.SetTag("bot.activity.name", activity.Name);
        // Once a turn starts it runs to its end even if the channel stops waiting (Teams gives up after about
        // 15 s): its changes and its reply belong to the person, and a turn cut off half-way could lose them.
        // Only the host shutting down stops it.
        var turnToken = services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        TurnResult result;
        try
        {
            var handler = services.GetRequiredService<IActivityHandler>();
            result = await handler.HandleAsync(new TurnContext(activity, tenantId, auth.Identity, isAnonymous), turnToken);
        }
        catch (Exception ex) when (!turnToken.IsCancellationRequested)
        {
            LogHandlerFailed(logger, ex, activity.Type!, activity.Name);
            if (hasId)
            {
                try
                {
                    await deduplicator.AbandonAsync(tenantId, activity, CancellationToken.None);
                }
                catch (Exception abandonFailure)
                {
                    LogStateUnavailable(logger, abandonFailure);
                }
            }

            if (string.Equals(activity.Type, ActivityTypes.Invoke, StringComparison.OrdinalIgnoreCase))
            {
                await WriteResultAsync(http, TurnResult.FromInvoke(AdaptiveCardInvokeResponse.Error(500, "HandlerError", "Something went wrong on our side. Please try again in a moment.")));
            }
            else
            {
                await WriteErrorAsync(http, StatusCodes.Status500InternalServerError, "HandlerError", "The bot could not handle this activity.");
            }

            return;
        }

        // The turn is done (its reply was sent, its changes written): the channel gets its answer now, and the memo
        // of that answer for redeliveries is written after it. A redelivery arriving in between finds the claim
        // still "processing" and waits for the memo, as it waits for any turn in progress; a process that dies in
        // between leaves the claim "processing", so a redelivery is acknowledged without acting twice.
        try
        {
            await WriteResultAsync(http, result);
            if (hasId)
            {
                await http.Response.CompleteAsync();
            }
        }
        finally
        {
            if (hasId)
            {
                try
                {
                    await deduplicator.CompleteAsync(tenantId, activity, result, CancellationToken.None);
                }
                catch (Exception ex)
                {
                    // The turn's effects happened; only the memo of its answer is missing.
                    LogStateUnavailable(logger, ex);
                }
            }
        }
    }

    /// <summary>True when the token's <c>serviceurl</c> claim names the activity's service URL.</summary>
    private static bool ServiceUrlIsSigned(InboundAuthenticationResult auth, string? serviceUrl) =>
        auth.Identity?.FindFirst(BotFrameworkAuthenticator.ServiceUrlClaimType)?.Value is { } signed
        && BotFrameworkAuthenticator.ServiceUrlsMatch(signed, serviceUrl);

    /// <summary>Reads at most <paramref name="limit"/> bytes; null when the body is longer (chunked bodies have no Content-Length).</summary>
    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, int limit, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static async Task WriteResultAsync(HttpContext http, TurnResult result)
    {
        http.Response.StatusCode = result.Status;
        if (result.Body is not null)
        {
            http.Response.ContentType = "application/json; charset=utf-8";
            await http.Response.WriteAsync(result.Body.ToJsonString(), http.RequestAborted);
        }
    }

    private static Task WriteErrorAsync(HttpContext http, int status, string code, string message)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json; charset=utf-8";
        var body = new JsonObject { ["error"] = new JsonObject { ["code"] = code, ["message"] = message } };
        return http.Response.WriteAsync(body.ToJsonString(), http.RequestAborted);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused an inbound request with {Status}: {Reason}")]
    private static partial void LogRefused(ILogger logger, int status, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused an activity from tenant {TenantId}: not in Bot:AllowedTenants")]
    private static partial void LogTenantRefused(ILogger logger, string tenantId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Redelivered {Type} activity answered with its first status {Status}")]
    private static partial void LogDuplicate(ILogger logger, string type, int status);

    [LoggerMessage(Level = LogLevel.Error, Message = "De-duplication state is unreachable; answered 503")]
    private static partial void LogStateUnavailable(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Handling a {Type} activity ({Name}) failed")]
    private static partial void LogHandlerFailed(ILogger logger, Exception exception, string type, string? name);
}
