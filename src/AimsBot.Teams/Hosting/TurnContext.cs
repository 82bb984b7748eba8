using System.Security.Claims;
using System.Text.Json.Nodes;
using AimsBot.Teams.Activities;

namespace AimsBot.Teams.Hosting;

/// <summary>One authenticated, tenant-checked inbound activity, as handed to the application.</summary>
public sealed class TurnContext
{
    public TurnContext(Activity activity, string tenantId, ClaimsIdentity? identity, bool isAnonymous)
    {
        Activity = activity;
        TenantId = tenantId;
        Identity = identity;
        IsAnonymous = isAnonymous;
    }

    public Activity Activity { get; }

    /// <summary>The tenant the activity comes from (checked against the allowed tenants).</summary>
    public string TenantId { get; }

    /// <summary>The validated token's identity (the channel's, not the user's); null in local anonymous mode.</summary>
    public ClaimsIdentity? Identity { get; }

    public bool IsAnonymous { get; }
}

/// <summary>What the endpoint answers: an HTTP status and, for invokes, a JSON body.</summary>
public sealed record TurnResult(int Status, JsonNode? Body = null)
{
    public static TurnResult Ok { get; } = new(200);

    public static TurnResult FromInvoke(InvokeResponse response) => new(response.Status, response.Body);

    public static TurnResult FromInvoke(AdaptiveCardInvokeResponse response) => FromInvoke(InvokeResponse.From(response));
}

/// <summary>The application behind <c>/api/messages</c>: everything after authentication and de-duplication.</summary>
public interface IActivityHandler
{
    Task<TurnResult> HandleAsync(TurnContext turn, CancellationToken cancellationToken);
}

/// <summary>Remembers which activities were handled so a redelivery causes no second effect.</summary>
public interface IActivityDeduplicator
{
    /// <summary>Claims the activity. Null when this is the first delivery; otherwise the answer the first one got.</summary>
    Task<TurnResult?> TryClaimAsync(string tenantId, Activity activity, CancellationToken cancellationToken);

    /// <summary>Records the answer, for later redeliveries.</summary>
    Task CompleteAsync(string tenantId, Activity activity, TurnResult result, CancellationToken cancellationToken);

    /// <summary>Handling failed: forget the claim so a redelivery is handled afresh.</summary>
    Task AbandonAsync(string tenantId, Activity activity, CancellationToken cancellationToken);
}
