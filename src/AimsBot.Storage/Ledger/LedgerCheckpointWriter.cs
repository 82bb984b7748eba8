using System.Globalization;
using AimsBot.Domain.Ledger;
using Microsoft.Extensions.Logging;

namespace AimsBot.Storage.Ledger;

/// <summary>What writing one tenant's checkpoint came to.</summary>
public enum LedgerCheckpointResult
{
    /// <summary>A new checkpoint was written.</summary>
    Written,

    /// <summary>The chain since the previous checkpoint does not verify: nothing was signed.</summary>
    RefusedBrokenChain,

    /// <summary>The tenant's ledger holds no events yet: there is nothing to attest.</summary>
    NothingToCheckpoint,
}

/// <summary>
/// The outcome for one tenant: the checkpoint written (and its blob name), or why none was, with the check
/// that decided it and a sentence for people.
/// </summary>
public sealed record LedgerCheckpointOutcome(
    string TenantId,
    LedgerCheckpointResult Result,
    LedgerCheckpoint? Checkpoint,
    LedgerCheckpoint? Previous,
    string? Name,
    LedgerCheck Check,
    string Message);

/// <summary>
/// Writes signed checkpoints. Before signing it verifies the chain since the previous checkpoint — the
/// checkpointed event must still be there unchanged, and every event after it must link, hash, carry a valid
/// MAC and keep time in order, up to the head — and it never signs a broken chain: it logs an error and
/// reports the break instead. Each run writes a new checkpoint (also when nothing changed: it then attests
/// that the chain still stood at that point at that time); none is ever replaced.
/// </summary>
public sealed partial class LedgerCheckpointWriter
{
    private readonly TableLedgerStore _ledger;
    private readonly ILedgerCheckpointStore _checkpoints;
    private readonly TimeProvider _clock;
    private readonly ILogger<LedgerCheckpointWriter> _logger;

    public LedgerCheckpointWriter(TableLedgerStore ledger, ILedgerCheckpointStore checkpoints, TimeProvider clock, ILogger<LedgerCheckpointWriter> logger)
    {
        _ledger = ledger;
        _checkpoints = checkpoints;
        _clock = clock;
        _logger = logger;
    }

    public async Task<LedgerCheckpointOutcome> WriteAsync(string tenantId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tenantId);
        var previous = await _checkpoints.LatestAsync(tenantId, cancellationToken);
        if (previous is not null && !string.Equals(previous.TenantId, tenantId, StringComparison.Ordinal))
        {
            var none = LedgerCheck.Broken(new LedgerVerification(false, 0, LedgerHasher.GenesisHash, null), null, LedgerProblem.CheckpointNotSigned, previous.Sequence,
                "The latest checkpoint kept for this tenant names another tenant: it was not written by the bot.");
            return Refuse(tenantId, previous, none);
        }

        var check = await _ledger.VerifyChainAsync(tenantId, previous, fromCheckpoint: previous is not null, cancellationToken);
        if (!check.IsIntact)
        {
            return Refuse(tenantId, previous, check);
        }

        if (check.Chain.Last is not { } last)
        {
            return new LedgerCheckpointOutcome(tenantId, LedgerCheckpointResult.NothingToCheckpoint, null, previous, null, check,
                "The ledger holds no events yet: there is nothing to checkpoint.");
        }

        var checkpoint = LedgerMac.SignCheckpoint(tenantId, last.Sequence, check.LastHash, last.OccurredAt, _clock.GetUtcNow(), _ledger.Keys.Current);
        var name = await _checkpoints.AddAsync(checkpoint, cancellationToken);
        LogWritten(_logger, tenantId, checkpoint.Sequence, name);
        return new LedgerCheckpointOutcome(tenantId, LedgerCheckpointResult.Written, checkpoint, previous, name, check, previous is null
            ? Invariant($"Checkpoint written: the chain reached event {checkpoint.Sequence}, verified from its first event.")
            : Invariant($"Checkpoint written: the chain reached event {checkpoint.Sequence}, verified since the previous checkpoint at event {previous.Sequence}."));
    }

    private LedgerCheckpointOutcome Refuse(string tenantId, LedgerCheckpoint? previous, LedgerCheck check)
    {
        LogRefused(_logger, tenantId, check.BrokenSequence, check.Problem, check.Summary);
        return new LedgerCheckpointOutcome(tenantId, LedgerCheckpointResult.RefusedBrokenChain, null, previous, null, check,
            "No checkpoint was written: the ledger does not verify, and a broken chain is never signed. " + check.Summary);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    [LoggerMessage(Level = LogLevel.Information, Message = "Ledger checkpoint of tenant {Tenant} at event {Sequence} written as {Name}")]
    private static partial void LogWritten(ILogger logger, string tenant, long sequence, string name);

    [LoggerMessage(Level = LogLevel.Error, Message = "Ledger checkpoint of tenant {Tenant} refused: the chain does not verify at event {Sequence} ({Problem}): {Summary}")]
    private static partial void LogRefused(ILogger logger, string tenant, long? sequence, LedgerProblem? problem, string summary);
}
