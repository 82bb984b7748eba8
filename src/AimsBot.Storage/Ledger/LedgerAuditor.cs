using System.Globalization;
using Azure;
using AimsBot.Domain.Ledger;
using AimsBot.Storage.Register;
using Microsoft.Extensions.Logging;

namespace AimsBot.Storage.Ledger;

/// <summary>
/// What auditors ask of the ledger. Verification reads the tenant's latest checkpoint from the checkpoint store,
/// checks the chain against it and the head (<see cref="TableLedgerStore.VerifyChainAsync"/>), and — when the
/// ledger is empty and nothing was ever checkpointed — asks the register whether it holds anything, since every
/// register change is recorded in the ledger.
/// </summary>
public sealed partial class LedgerAuditor : ILedgerAudit
{
    private readonly TableLedgerStore _ledger;
    private readonly ILedgerCheckpointStore _checkpoints;
    private readonly AiSystemRepository _systems;
    private readonly ControlInstanceRepository _controls;
    private readonly ILogger<LedgerAuditor> _logger;

    public LedgerAuditor(TableLedgerStore ledger, ILedgerCheckpointStore checkpoints, AiSystemRepository systems, ControlInstanceRepository controls, ILogger<LedgerAuditor> logger)
    {
        _ledger = ledger;
        _checkpoints = checkpoints;
        _systems = systems;
        _controls = controls;
        _logger = logger;
    }

    public Task<EntityHistory> RecentForEntityAsync(string tenantId, string entityId, int max, CancellationToken cancellationToken = default) =>
        _ledger.RecentForEntityAsync(tenantId, entityId, max, cancellationToken);

    public Task<LedgerPage> EntityPageAsync(string tenantId, string entityId, long afterSequence, int max, CancellationToken cancellationToken = default) =>
        _ledger.EntityPageAsync(tenantId, entityId, afterSequence, max, cancellationToken);

    public Task<LedgerPage> KindPageAsync(string tenantId, IReadOnlyCollection<string> actions, DateTimeOffset? since, long afterSequence, int max, CancellationToken cancellationToken = default) =>
        _ledger.KindPageAsync(tenantId, actions, since, afterSequence, max, cancellationToken);

    public async Task<LedgerCheck> VerifyAsync(string tenantId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tenantId);
        LedgerCheckpoint? checkpoint = null;
        string? unreadable = null;
        try
        {
            checkpoint = await _checkpoints.LatestAsync(tenantId, cancellationToken);
        }
        catch (Exception ex) when (ex is RequestFailedException or InvalidDataException or InvalidOperationException or HttpRequestException or AggregateException)
        {
            LogCheckpointUnreadable(_logger, tenantId, ex);
            unreadable = ex.Message;
        }

        if (checkpoint is not null && !string.Equals(checkpoint.TenantId, tenantId, StringComparison.Ordinal))
        {
            var empty = new LedgerVerification(false, 0, LedgerHasher.GenesisHash, null);
            return LedgerCheck.Broken(empty, null, LedgerProblem.CheckpointNotSigned, checkpoint.Sequence, Invariant(
                $"The latest checkpoint kept for this tenant names another tenant: it was not written by the bot."));
        }

        var check = await _ledger.VerifyChainAsync(tenantId, checkpoint, cancellationToken: cancellationToken);
        if (!check.IsIntact)
        {
            return check;
        }

        if (check.EventCount == 0 && checkpoint is null && await RegisterHasDataAsync(tenantId, cancellationToken))
        {
            _logger.LogWarning("Ledger of tenant {Tenant} is empty while the register holds data", tenantId);
            return LedgerCheck.Broken(check.Chain, check.Head, LedgerProblem.EmptyWhileRegisterHasData, LedgerChain.FirstSequence,
                "The ledger holds no events, yet the register holds AI systems or controls for this tenant: every register change is recorded in the ledger, so its events were deleted.");
        }

        if (unreadable is not null)
        {
            return LedgerCheck.Broken(check.Chain, check.Head, LedgerProblem.CheckpointUnreadable, check.Chain.Last?.Sequence ?? 0, Invariant(
                $"Every event links up and is signed, but the latest checkpoint could not be read ({unreadable}), so it cannot be shown that no newest events were removed. Try again later; if it persists, tell your administrator."));
        }

        return check;
    }

    private async Task<bool> RegisterHasDataAsync(string tenantId, CancellationToken cancellationToken) =>
        await _systems.AnyAsync(tenantId, cancellationToken) || await _controls.AnyAsync(tenantId, cancellationToken);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    [LoggerMessage(Level = LogLevel.Error, Message = "The latest ledger checkpoint of tenant {Tenant} could not be read")]
    private static partial void LogCheckpointUnreadable(ILogger logger, string tenant, Exception exception);
}
