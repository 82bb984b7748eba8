using System.Text.Json.Nodes;
using AimsBot.Commands;
using AimsBot.Domain.Access;
using AimsBot.Domain.Ledger;
using AimsBot.Storage.Ledger;

namespace AimsBot.Ledger;

/// <summary>
/// Who may read the audit trail, and the record that they did: every use of <c>ledger</c> and
/// <c>verify ledger</c> is itself a ledger event (entity type <see cref="EntityType"/>, entity id
/// <see cref="EntityId"/>), so <c>ledger ledger</c> shows who looked at the ledger and what they found.
/// </summary>
public sealed class LedgerAuditRecorder
{
    public const string EntityType = "AuditTrail";
    public const string EntityId = "ledger";
    public const string ViewedAction = "ledger.viewed";
    public const string VerifiedAction = "ledger.verified";
    public const string CheckpointAction = "ledger.checkpoint";

    /// <summary>An auditor's query or export (<c>evidence</c>, <c>control</c>, <c>soa</c>, <c>ncs</c>, <c>export …</c>).</summary>
    public const string QueryAction = "audit.query";

    /// <summary>The entity auditor queries are recorded under: <c>ledger auditor-queries</c> lists them.</summary>
    public const string QueriesEntityId = "auditor-queries";

    private readonly ILedgerStore _ledger;
    private readonly TimeProvider _clock;

    public LedgerAuditRecorder(ILedgerStore ledger, TimeProvider clock)
    {
        _ledger = ledger;
        _clock = clock;
    }

    public Task<LedgerEvent> RecordViewAsync(CommandContext context, string entityId, int shown, int total, CancellationToken cancellationToken) =>
        RecordAsync(context, ViewedAction, new JsonObject { ["entity"] = entityId, ["shown"] = shown, ["events"] = total }, cancellationToken);

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

        return RecordAsync(context, VerifiedAction, outcome, cancellationToken);
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

        return RecordAsync(context, CheckpointAction, after, cancellationToken);
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

        await AppendAsync(caller, QueryAction, QueriesEntityId, after, activityId, cancellationToken);
    }

    private Task<LedgerEvent> RecordAsync(CommandContext context, string action, JsonObject after, CancellationToken cancellationToken) =>
        AppendAsync(context.Caller, action, EntityId, after, context.Turn.Activity.Id, cancellationToken);

    private Task<LedgerEvent> AppendAsync(Caller caller, string action, string entityId, JsonObject after, string? activityId, CancellationToken cancellationToken)
    {
        var entry = LedgerEntry.For(
            caller.TenantId,
            caller.Actor,
            action,
            EntityType,
            entityId,
            before: null,
            after: after.ToJsonString(),
            _clock,
            activityId);
        return _ledger.AppendAsync(entry, cancellationToken);
    }
}
