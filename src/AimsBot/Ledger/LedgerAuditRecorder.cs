using System.Text.Json.Nodes;
using AimsBot.Commands;
using AimsBot.Domain.Access;
using AimsBot.Domain.Ledger;
using AimsBot.Storage.Ledger;

namespace AimsBot.Ledger;

/// <summary>
/// Who may read the audit trail, and the record that they did: every use of <c>ledger</c>, <c>verify ledger</c>
/// and <c>ledger checkpoint</c> is itself a ledger event (<see cref="LedgerEvents.LedgerViewed"/>,
/// <see cref="LedgerEvents.LedgerVerified"/>, <see cref="LedgerEvents.LedgerCheckpointed"/>: entity id <c>ledger</c>),
/// so <c>ledger ledger</c> shows who looked at the ledger and what they found; auditors' queries are
/// <see cref="LedgerEvents.AuditorQuery"/>. Appended through the <see cref="LedgerRecorder"/>.
/// </summary>
public sealed class LedgerAuditRecorder
{
    private readonly LedgerRecorder _ledger;

    public LedgerAuditRecorder(LedgerRecorder ledger)
    {
        _ledger = ledger;
    }

    public Task<LedgerEvent> RecordViewAsync(CommandContext context, string entityId, int shown, int total, CancellationToken cancellationToken) =>
        RecordAsync(context, LedgerEvents.LedgerViewed, new JsonObject { ["entity"] = entityId, ["shown"] = shown, ["events"] = total }, cancellationToken);

    public Task<LedgerEvent> RecordVerificationAsync(CommandContext context, LedgerCheck check, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(check);
        var outcome = new JsonObject { ["intact"] = check.IsIntact, ["events"] = check.EventCount, ["lastHash"] = check.LastHash };
        if (check.Checkpoint is { } checkpoint)
        {
            outcome["checkpoint"] = checkpoint.Sequence;
            outcome["checkpointStatus"] = check.Chain.CheckpointStatus.ToString();
        }

        if (!check.IsIntact)
        {
            outcome["brokenSequence"] = check.BrokenSequence;
            outcome["problem"] = check.Problem?.ToString();
        }

        return RecordAsync(context, LedgerEvents.LedgerVerified, outcome, cancellationToken);
    }

    /// <summary>Records a <c>ledger checkpoint</c> request and what came of it.</summary>
    public Task<LedgerEvent> RecordCheckpointAsync(CommandContext context, LedgerCheckpointOutcome outcome, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var after = new JsonObject { ["result"] = outcome.Result.ToString() };
        if (outcome.Checkpoint is { } checkpoint)
        {
            after["sequence"] = checkpoint.Sequence;
            after["headHash"] = checkpoint.HeadHash;
            after["keyId"] = checkpoint.KeyId;
            after["name"] = outcome.Name;
        }
        else if (outcome.Check.BrokenSequence is { } broken)
        {
            after["brokenSequence"] = broken;
            after["problem"] = outcome.Check.Problem?.ToString();
        }

        return RecordAsync(context, LedgerEvents.LedgerCheckpointed, after, cancellationToken);
    }

    /// <summary>
    /// Records what an auditor looked at: the command, its filters and what was shown. Only callers holding the
    /// Auditor role are recorded (everyone's reads would drown the trail); the record is written before the
    /// answer goes out, so an auditor never sees what the ledger does not know they saw.
    /// </summary>
    public async Task RecordAuditorQueryAsync(Caller caller, string? activityId, string command, JsonObject details, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(details);
        if (!caller.Has(Role.Auditor))
        {
            return;
        }

        var after = new JsonObject { ["command"] = command };
        foreach (var (key, value) in details)
        {
            after[key] = value?.DeepClone();
        }

        await _ledger.RecordAsync(caller, LedgerEvents.AuditorQuery.With(before: null, after.ToJsonString()), activityId, cancellationToken);
    }

    private Task<LedgerEvent> RecordAsync(CommandContext context, FixedEntityLedgerEventDefinition definition, JsonObject after, CancellationToken cancellationToken) =>
        _ledger.RecordAsync(context.Caller, definition.With(before: null, after.ToJsonString()), context.Turn.Activity.Id, cancellationToken);
}
