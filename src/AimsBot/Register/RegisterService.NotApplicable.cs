using AimsBot.Commands;
using AimsBot.Domain;
using AimsBot.Domain.Catalogue;
using AimsBot.Domain.Ledger;
using AimsBot.Domain.Register;
using AimsBot.Storage.Register;

namespace AimsBot.Register;

public sealed partial class RegisterService
{
    /// <summary>
    /// Closes the control's period due on <paramref name="due"/> as "not applicable this period" with a reason
    /// (the owner or a compliance lead): the next due date moves one period on, the last evidence stays as it
    /// was, and the ledger records the reason against the control instance.
    /// </summary>
    public async Task<Result<ControlChange>> DeclarePeriodNotApplicableAsync(
        Caller caller,
        ControlScope scope,
        ControlId controlId,
        DateOnly due,
        string? reason,
        string? sourceActivityId,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var actor = caller.Actor;
        var result = await _controls.ModifyAsync(
            caller.TenantId,
            scope,
            controlId,
            stored => stored is null
                ? Result.Failure<ControlUpdate>(new DomainError("control.unknown", $"{controlId} has no owner or schedule for {scope} yet, so nothing is due."))
                : stored.Instance.DeclarePeriodNotApplicable(due, reason, actor).Map(i => new ControlUpdate(i, stored.OwnerName)),
            cancellationToken);
        if (result.TryGetValue(out var change))
        {
            await RecordControlChangeAsync(caller, LedgerEvents.PeriodNotApplicable, scope, controlId, change, sourceActivityId, cancellationToken);
        }

        return result;
    }
}
