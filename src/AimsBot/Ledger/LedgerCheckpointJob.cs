using AimsBot.Storage.Ledger;
using AimsBot.Teams.Hosting;
using Hangfire;
using Microsoft.Extensions.Options;

namespace AimsBot.Ledger;

/// <summary>
/// Daily (<c>ledger-checkpoint</c>, 02:15 UTC): writes a signed checkpoint of every served tenant's chain to the
/// append-only checkpoint store, after verifying the chain since the previous checkpoint. A tenant whose chain
/// does not verify gets no checkpoint: the error is logged and, once every tenant was tried, the run fails with
/// the reasons (it shows as failed in Hangfire; it is not retried, since a retry would find the same break).
/// </summary>
public sealed partial class LedgerCheckpointJob
{
    public const string RecurringJobId = "ledger-checkpoint";

    private readonly LedgerCheckpointWriter _writer;
    private readonly BotEndpointOptions _endpoint;
    private readonly ILogger<LedgerCheckpointJob> _logger;

    public LedgerCheckpointJob(LedgerCheckpointWriter writer, IOptions<BotEndpointOptions> endpoint, ILogger<LedgerCheckpointJob> logger)
    {
        _writer = writer;
        _endpoint = endpoint.Value;
        _logger = logger;
    }

    /// <summary>The tenants checkpointed: those the bot serves (<c>Bot:AllowedTenants</c>), or the local tenant in local anonymous mode.</summary>
    public IReadOnlyList<string> Tenants() =>
        _endpoint.AllowedTenants.Count > 0 ? _endpoint.AllowedTenants.Order(StringComparer.Ordinal).ToList() : [_endpoint.LocalTenantId];

    /// <summary>What Hangfire runs: every tenant, and a short line for the dashboard (outcomes stay out of job storage).</summary>
    [AutomaticRetry(Attempts = 0)]
    public async Task<string> RunScheduledAsync(CancellationToken cancellationToken)
    {
        var outcomes = await RunAsync(cancellationToken);
        return string.Join("; ", outcomes.Select(o => o.Checkpoint is { } c ? $"{o.TenantId}: event {c.Sequence}" : $"{o.TenantId}: {o.Result}"));
    }

    /// <summary>Writes each tenant's checkpoint; throws <see cref="LedgerCheckpointRefusedException"/> after trying all of them if any got none.</summary>
    public async Task<IReadOnlyList<LedgerCheckpointOutcome>> RunAsync(CancellationToken cancellationToken)
    {
        var outcomes = new List<LedgerCheckpointOutcome>();
        var failures = new List<string>();
        foreach (var tenant in Tenants())
        {
            try
            {
                var outcome = await _writer.WriteAsync(tenant, cancellationToken);
                outcomes.Add(outcome);
                if (outcome.Result == LedgerCheckpointResult.RefusedBrokenChain)
                {
                    failures.Add($"{tenant}: {outcome.Message}");
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogFailed(_logger, tenant, ex);
                failures.Add($"{tenant}: the checkpoint could not be written ({ex.Message})");
            }
        }

        if (failures.Count > 0)
        {
            throw new LedgerCheckpointRefusedException(failures);
        }

        return outcomes;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The ledger checkpoint of tenant {Tenant} could not be written")]
    private static partial void LogFailed(ILogger logger, string tenant, Exception exception);
}

/// <summary>At least one tenant got no checkpoint; the message names each and why.</summary>
public sealed class LedgerCheckpointRefusedException(IReadOnlyList<string> failures)
    : Exception("No ledger checkpoint was written for " + string.Join("; ", failures))
{
    public IReadOnlyList<string> Failures { get; } = failures;
}
