using AimsBot.Commands;
using AimsBot.Domain.Scheduling;
using AimsBot.Storage.Ledger;

namespace AimsBot.Ledger;

/// <summary>
/// <c>verify ledger</c>: recomputes the tenant's whole chain — links, hashes, MACs, time order — and compares it
/// with the latest checkpoint, the head and (when empty) the register; answers "intact" with the events checked,
/// the first and last, and the checkpoint matched, or the first broken link or missing range. For compliance leads, auditors and admins;
/// each use is itself recorded (<c>ledger.verified</c>, with the outcome).
/// </summary>
public sealed class VerifyLedgerCommand : IChatCommand
{
    private readonly ILedgerAudit _audit;
    private readonly LedgerAuditRecorder _recorder;
    private readonly TimeProvider _clock;

    public VerifyLedgerCommand(ILedgerAudit audit, LedgerAuditRecorder recorder, TimeProvider clock)
    {
        _audit = audit;
        _recorder = recorder;
        _clock = clock;
    }

    public async Task<BotReply> ExecuteAsync(CommandContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Arguments.Length > 0)
        {
            return BotReply.FromText("**verify ledger** takes nothing after it: it always checks the whole ledger. Nothing was checked.");
        }

        var check = await _audit.VerifyAsync(context.Caller.TenantId, cancellationToken);
        await _recorder.RecordVerificationAsync(context, check, cancellationToken);
        var zone = TimeZones.FindOrUtc(context.Turn.Activity.LocalTimezone);
        var card = LedgerCards.Verification(check, _clock.GetUtcNow(), zone);
        return BotReply.FromCard(card, check.IsIntact ? $"Ledger intact: {check.EventCount} events" : check.Problem switch
        {
            LedgerProblem.CheckpointUnreadable => "Ledger not fully verified: the latest checkpoint could not be read",
            LedgerProblem.EmptyWhileRegisterHasData => "Ledger broken: its events are missing",
            LedgerProblem.CheckpointNotSigned => "Ledger broken: its latest checkpoint is not validly signed",
            _ => $"Ledger broken at event {check.BrokenSequence}",
        });
    }
}
