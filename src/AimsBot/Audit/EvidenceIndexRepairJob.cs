using AimsBot.Storage.Register;
using Hangfire;

namespace AimsBot.Audit;

/// <summary>
/// Hourly (<c>evidence-index-repair</c>, <c>Audit:EvidenceIndexRepairCron</c>): puts into the evidence index
/// (<c>EvidenceByControl</c>) every evidence record not yet noted as indexed — records from before the index existed,
/// and any whose process stopped between writing the record and its index row. Re-entrant: the index rows are
/// upserts of the same content, so a second run, or a run racing a submission, writes nothing different.
/// </summary>
public sealed partial class EvidenceIndexRepairJob
{
    public const string RecurringJobId = "evidence-index-repair";

    private readonly EvidenceRepository _evidence;
    private readonly ILogger<EvidenceIndexRepairJob> _logger;

    public EvidenceIndexRepairJob(EvidenceRepository evidence, ILogger<EvidenceIndexRepairJob> logger)
    {
        _evidence = evidence;
        _logger = logger;
    }

    [AutomaticRetry(Attempts = 1)]
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var repaired = await _evidence.RepairIndexAsync(tenantId: null, cancellationToken);
        if (repaired > 0)
        {
            LogRepaired(_logger, repaired);
        }

        return repaired;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "The evidence index was missing {Count} records; they are in it now")]
    private static partial void LogRepaired(ILogger logger, int count);
}
