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

    private readonly ILedgerStore _ledger;
    private readonly TimeProvider _clock;

    public LedgerAuditRecorder(ILedgerStore ledger, TimeProvider clock)
    {
        _ledger = ledger;
        _clock = clock;
    }

    public static Actor ActorFor(Caller caller) => new(caller.UserKey, caller.Roles);

    /// <summary>Compliance leads, auditors and admins (the domain's rule for the audit trail).</summary>
    public static AccessDecision Access(Caller caller) => Permissions.Can(ActorFor(caller), DomainAction.ReadAuditTrail);

    public Task<LedgerEvent> RecordViewAsync(CommandContext context, string entityId, int shown, int total, CancellationToken cancellationToken) =>
        RecordAsync(context, ViewedAction, new JsonObject { ["entity"] = entityId, ["shown"] = shown, ["events"] = total }, cancellationToken);

    public Task<LedgerEvent> RecordVerificationAsync(CommandContext context, LedgerCheck check, CancellationToken cancellationToken)
    {
        var outcome = new JsonObject { ["intact"] = check.IsIntact, ["events"] = check.EventCount, ["lastHash"] = check.LastHash };
        if (!check.IsIntact)
        {
            outcome["brokenSequence"] = check.BrokenSequence;
            outcome["problem"] = check.Problem?.ToString();
        }

        return RecordAsync(context, VerifiedAction, outcome, cancellationToken);
    }

    private Task<LedgerEvent> RecordAsync(CommandContext context, string action, JsonObject after, CancellationToken cancellationToken)
    {
        var entry = LedgerEntry.For(
            context.Caller.TenantId,
            ActorFor(context.Caller),
            action,
            EntityType,
            EntityId,
            before: null,
            after: after.ToJsonString(),
            _clock,
            context.Turn.Activity.Id);
        return _ledger.AppendAsync(entry, cancellationToken);
    }
}
