using AimsBot.Storage.Audit;
using Hangfire;

namespace AimsBot.Audit;

/// <summary>
/// Daily (<c>continuation-claims-sweep</c>, 03:30 UTC): deletes the claims of expired "More" continuations, so the
/// ContinuationClaims table holds about a day of paging, not every page ever turned. Re-entrant: a second run finds
/// nothing left to delete.
/// </summary>
public sealed class ContinuationClaimSweepJob
{
    public const string RecurringJobId = "continuation-claims-sweep";

    private readonly ContinuationClaimStore _claims;
    private readonly TimeProvider _clock;

    public ContinuationClaimSweepJob(ContinuationClaimStore claims, TimeProvider clock)
    {
        _claims = claims;
        _clock = clock;
    }

    [AutomaticRetry(Attempts = 2)]
    public Task<int> RunAsync(CancellationToken cancellationToken) => _claims.DeleteExpiredAsync(_clock.GetUtcNow(), cancellationToken);
}
