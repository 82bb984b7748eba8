using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using AimsBot.Domain.Ledger;
using AimsBot.Ledger;

namespace AimsBot.Nudges;

/// <summary>
/// Every ledger event the due scan appends, in one place: <c>nudge.escalated</c> per escalated period and one
/// <c>nudge.scan</c> per run that queued or escalated anything. Single reminders are not ledger events (thousands
/// per run would serialise on the tenant's chain); their trace is the Outbox row and the Nudges row.
/// </summary>
public sealed class DueScanLedger
{
    private readonly LedgerRecorder _ledger;

    public DueScanLedger(LedgerRecorder ledger)
    {
        _ledger = ledger;
    }

    /// <summary><c>nudge.escalated</c> on the control instance: the level before and after, the owner and the manager note.</summary>
    public Task EscalatedAsync(DueScanRun run, DuePeriod period, string owner, string managerNote, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(period);
        var after = JsonSerializer.Serialize(new JsonObject { ["level"] = period.Decision.EscalateTo, ["due"] = period.Due.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), ["owner"] = owner, ["manager"] = managerNote });
        var before = JsonSerializer.Serialize(new JsonObject { ["level"] = period.State.EscalationLevel });
        return _ledger.RecordAsync(run.TenantId, run.Actor, LedgerEvents.Escalated.About(period.Control.Instance.Ref, before, after), null, cancellationToken);
    }

    /// <summary><c>nudge.scan</c> on the tenant with the run's counts, when it queued or escalated anything.</summary>
    public async Task ScannedAsync(DueScanRun run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        var report = run.Report;
        if (report.Queued + report.Escalated == 0)
        {
            return;
        }

        var after = JsonSerializer.Serialize(new JsonObject
        {
            ["due"] = report.Due, ["overdue"] = report.Overdue, ["queued"] = report.Queued, ["unreachable"] = report.Unreachable,
            ["installing"] = report.Installing, ["noOwner"] = report.NoOwner, ["escalated"] = report.Escalated,
        });
        await _ledger.RecordAsync(run.TenantId, run.Actor, LedgerEvents.DueScanned.About(run.TenantId, null, after), null, cancellationToken);
    }
}
