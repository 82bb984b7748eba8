using System.Text.Json.Nodes;
using AimsBot.Storage;
using AimsBot.Teams.Activities;
using AimsBot.Teams.Hosting;

namespace AimsBot.Conversations;

/// <summary>
/// De-duplication on the <c>ProcessedActivities</c> table. A redelivery while the first is still being handled
/// waits briefly for its answer, so both get the same status.
/// </summary>
public sealed class TableActivityDeduplicator : IActivityDeduplicator
{
    private static readonly TimeSpan WaitForFirst = TimeSpan.FromSeconds(3);
    private readonly ProcessedActivityStore _store;
    private readonly TimeProvider _time;

    public TableActivityDeduplicator(ProcessedActivityStore store, TimeProvider time)
    {
        _store = store;
        _time = time;
    }

    public async Task<TurnResult?> TryClaimAsync(string tenantId, Activity activity, CancellationToken cancellationToken)
    {
        var key = Key(activity);
        var claim = await _store.ClaimAsync(tenantId, key, _time.GetUtcNow(), cancellationToken);
        if (claim.IsFirstDelivery)
        {
            return null;
        }

        var started = _time.GetTimestamp();
        while (claim.State == ProcessedActivityStore.Processing && _time.GetElapsedTime(started) < WaitForFirst)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100), _time, cancellationToken);
            var latest = await _store.GetAsync(tenantId, key, cancellationToken);
            if (latest is null)
            {
                // The first attempt failed and released its claim: this delivery handles it afresh.
                var again = await _store.ClaimAsync(tenantId, key, _time.GetUtcNow(), cancellationToken);
                if (again.IsFirstDelivery)
                {
                    return null;
                }

                latest = again;
            }

            claim = latest;
        }

        if (claim.State == ProcessedActivityStore.Processing)
        {
            // Still being handled: acknowledge without a second effect.
            return TurnResult.Ok;
        }

        return new TurnResult(claim.HttpStatus, claim.ResponseBody is null ? null : JsonNode.Parse(claim.ResponseBody));
    }

    public Task CompleteAsync(string tenantId, Activity activity, TurnResult result, CancellationToken cancellationToken) =>
        _store.CompleteAsync(tenantId, Key(activity), result.Status, result.Body?.ToJsonString(), _time.GetUtcNow(), cancellationToken);

    public Task AbandonAsync(string tenantId, Activity activity, CancellationToken cancellationToken) =>
        _store.ReleaseAsync(tenantId, Key(activity), cancellationToken);

    private static string Key(Activity activity) =>
        ProcessedActivityStore.RowKeyFor(activity.ChannelId ?? "", activity.Conversation?.Id ?? "", activity.Id ?? "");
}
