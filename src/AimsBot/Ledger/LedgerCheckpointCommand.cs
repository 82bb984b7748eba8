using System.Globalization;
using Azure;
using AimsBot.Commands;
using AimsBot.Domain.Access;
using AimsBot.Domain.Ledger;
using AimsBot.Domain.Scheduling;
using AimsBot.Storage.Ledger;

namespace AimsBot.Ledger;

/// <summary>
/// <c>ledger checkpoint</c>: writes a signed checkpoint of the caller's tenant's chain now (the daily job does the
/// same), after verifying the chain since the previous one; a broken chain is not signed, and the answer says
/// where it broke. For compliance leads and admins (a checkpoint is a write, if a harmless one: auditors only
/// read). Each use is recorded (<c>ledger.checkpoint</c>, with the outcome).
/// </summary>
public sealed class LedgerCheckpointCommand : IChatCommand
{
    private readonly LedgerCheckpointWriter _writer;
    private readonly LedgerAuditRecorder _recorder;

    public LedgerCheckpointCommand(LedgerCheckpointWriter writer, LedgerAuditRecorder recorder)
    {
        _writer = writer;
        _recorder = recorder;
    }

    public async Task<BotReply> ExecuteAsync(CommandContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Arguments.Length > 0)
        {
            return BotReply.FromText("**ledger checkpoint** takes nothing after it: it checkpoints the whole ledger. Nothing was written.");
        }

        LedgerCheckpointOutcome outcome;
        try
        {
            outcome = await _writer.WriteAsync(context.Caller.TenantId, cancellationToken);
        }
        catch (Exception ex) when (ex is RequestFailedException or InvalidDataException or InvalidOperationException or LedgerCheckpointExistsException)
        {
            return BotReply.FromText($"The checkpoint store could not be used ({ex.Message}). Nothing was written; try again later, and tell your administrator if it persists.");
        }

        await _recorder.RecordCheckpointAsync(context, outcome, cancellationToken);
        var zone = TimeZones.FindOrUtc(context.Turn.Activity.LocalTimezone);
        return outcome.Result switch
        {
            LedgerCheckpointResult.Written => BotReply.FromText(string.Create(CultureInfo.InvariantCulture,
                $"Checkpoint written: the ledger reached event {outcome.Checkpoint!.Sequence} (dated {LedgerCards.Local(outcome.Checkpoint.HeadOccurredAt, zone)}), verified {(outcome.Previous is null ? "from its first event" : $"since the checkpoint at event {outcome.Previous.Sequence}")}. It is signed with key {outcome.Checkpoint.KeyId} and kept as {outcome.Name}.")),
            LedgerCheckpointResult.NothingToCheckpoint => BotReply.FromText("The ledger holds no events yet: there is nothing to checkpoint."),
            _ => BotReply.FromText("No checkpoint was written: the ledger does not verify, and a broken chain is never signed. " + outcome.Check.Summary + " Say **verify ledger** for the details."),
        };
    }
}
