using System.Runtime.CompilerServices;
using AimsBot.Commands;
using AimsBot.Domain.Access;
using AimsBot.Domain.Ledger;
using AimsBot.Domain.Risks;
using AimsBot.Risks;
using AimsBot.Storage.Ledger;
using Microsoft.Extensions.DependencyInjection;

namespace AimsBot.Host.Tests.Risks.Register;

/// <summary>
/// A new risk's ledger events survive a crash between the row and the ledger: the row is written with a marker of
/// the events it owes, and the due scan (or the same form sent again) records them — exactly once.
/// </summary>
public sealed class RiskLedgerRepairTests : RiskRegisterHost
{
    private readonly CrashSwitch _crash;

    public RiskLedgerRepairTests()
        : this(new CrashSwitch())
    {
    }

    private RiskLedgerRepairTests(CrashSwitch crash)
        : base(services: s => s.AddSingleton<ILedgerStore>(sp => new CrashingLedger(sp.GetRequiredService<TableLedgerStore>(), crash)))
    {
        _crash = crash;
    }

    private static readonly string[] AddedEvents = [LedgerEvents.RiskAdded.Name, LedgerEvents.RiskRated.Name, LedgerEvents.RiskPlanChanged.Name];

    [Fact]
    public async Task A_crash_between_the_row_and_the_ledger_is_repaired_by_the_due_scan_and_the_events_are_recorded_once()
    {
        _crash.Armed = true;
        await Assert.ThrowsAsync<ProcessCrashed>(() => AddRiskAsync("submission|crashed"));

        // The risk is in the register; the ledger knows nothing of it yet.
        Assert.Equal("Applicants refused credit unfairly", (await StoredRiskAsync(1)).State.Title);
        Assert.Empty(await Ledger.ForEntityAsync(Tenant, "R-1"));

        // Within the grace the request may still be recording: the scan leaves it.
        await Scan.RunAsync();
        Assert.Empty(await Ledger.ForEntityAsync(Tenant, "R-1"));

        Clock.Advance(RiskService.LedgerRepairGrace + TimeSpan.FromSeconds(1));
        await Scan.RunAsync();
        var events = await Ledger.ForEntityAsync(Tenant, "R-1");
        Assert.Equal(AddedEvents, events.Select(e => e.Action));
        Assert.All(events, e => Assert.Equal(Owner, e.ActorId));
        Assert.Contains("Applicants refused credit unfairly", events[0].After, StringComparison.Ordinal);

        // Repaired once: later scans, and the same form sent again, record nothing more.
        Clock.Advance(TimeSpan.FromHours(1));
        await Scan.RunAsync();
        Assert.True((await AddRiskAsync("submission|crashed")).AlreadyDone);
        Assert.Equal(AddedEvents, (await Ledger.ForEntityAsync(Tenant, "R-1")).Select(e => e.Action));
        Assert.Empty(await Register.ListOwedLedgerAsync(Tenant));
    }

    [Fact]
    public async Task The_same_form_sent_again_after_a_crash_records_the_missing_events_once_and_the_scan_adds_nothing()
    {
        _crash.Armed = true;
        await Assert.ThrowsAsync<ProcessCrashed>(() => AddRiskAsync("submission|retried"));

        Clock.Advance(RiskService.LedgerRepairGrace + TimeSpan.FromSeconds(1));
        var retried = await AddRiskAsync("submission|retried");
        Assert.True(retried.AlreadyDone);
        Assert.Equal(new RiskId(1), retried.Risk.Risk.Id);
        Assert.Equal(AddedEvents, (await Ledger.ForEntityAsync(Tenant, "R-1")).Select(e => e.Action));

        Clock.Advance(RiskService.LedgerRepairGrace * 2);
        await Scan.RunAsync();
        Assert.Equal(AddedEvents, (await Ledger.ForEntityAsync(Tenant, "R-1")).Select(e => e.Action));
    }

    [Fact]
    public async Task A_risk_added_without_a_crash_leaves_no_marker_and_the_scan_records_nothing_twice()
    {
        await AddRiskAsync("submission|fine");
        Assert.Empty(await Register.ListOwedLedgerAsync(Tenant));

        Clock.Advance(RiskService.LedgerRepairGrace * 2);
        await Scan.RunAsync();
        Assert.Equal(AddedEvents, (await Ledger.ForEntityAsync(Tenant, "R-1")).Select(e => e.Action));
    }

    private Caller OwnerCaller => new(Tenant, Owner, "29:" + Owner, "Olive Owner", new HashSet<Role>());

    private static RiskInput Input(string title) => new(
        new RiskDetails(title, "Applicants from thin-file groups may be refused more often.", Owner),
        RiskSource.Manual,
        (4, 4),
        new TreatmentPlanDraft(TreatmentOption.Reduce, ["A.6.2.6"], [new TreatmentActionDraft(null, "Retrain the model on balanced data", Owner, new DateOnly(2027, 1, 29))], 2, 2));

    private async Task<RiskChange> AddRiskAsync(string claimKey)
    {
        var system = await Systems.GetAsync(Tenant, SystemId);
        var added = await Service.AddAsync(OwnerCaller, system, Input("Applicants refused credit unfairly"), claimKey, null, CancellationToken.None);
        Assert.True(added.IsSuccess, added.IsSuccess ? "" : added.ErrorMessage);
        return added.Value!;
    }

    /// <summary>The process stopping mid-request, as seen by the code after it: the append never happens.</summary>
    private sealed class ProcessCrashed() : Exception("The process stopped between the risk row and its ledger events (test).");

    private sealed class CrashSwitch
    {
        public bool Armed { get; set; }
    }

    /// <summary>The real ledger store, except that the next append while armed dies before writing anything.</summary>
    private sealed class CrashingLedger(ILedgerStore inner, CrashSwitch crash) : ILedgerStore
    {
        public Task<LedgerEvent> AppendAsync(LedgerEntry entry, CancellationToken cancellationToken = default)
        {
            Trip();
            return inner.AppendAsync(entry, cancellationToken);
        }

        public Task<IReadOnlyList<LedgerEvent>> AppendManyAsync(IReadOnlyList<LedgerEntry> entries, CancellationToken cancellationToken = default)
        {
            Trip();
            return inner.AppendManyAsync(entries, cancellationToken);
        }

        public Task<IReadOnlyList<LedgerEvent>> ForEntityAsync(string tenantId, string entityId, CancellationToken cancellationToken = default) =>
            inner.ForEntityAsync(tenantId, entityId, cancellationToken);

        public IAsyncEnumerable<LedgerEvent> ReadChainAsync(string tenantId, CancellationToken cancellationToken = default) =>
            inner.ReadChainAsync(tenantId, cancellationToken);

        private void Trip()
        {
            if (crash.Armed)
            {
                crash.Armed = false;
                throw new ProcessCrashed();
            }
        }
    }
}
