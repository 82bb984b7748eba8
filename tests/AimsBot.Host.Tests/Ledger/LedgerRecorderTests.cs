using AimsBot.Commands;
using AimsBot.Domain.Access;
using AimsBot.Domain.Catalogue;
using AimsBot.Domain.Ledger;
using AimsBot.Domain.Register;
using AimsBot.Host.Tests.Support;
using AimsBot.Ledger;
using AimsBot.Storage.Ledger;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace AimsBot.Host.Tests.Ledger;

/// <summary>
/// The ledger seam against the real store (Azurite, the host's signing key): what <see cref="LedgerRecorder"/>
/// records carries the definition's name, entity type and id, the actor as <see cref="Caller.Actor"/> makes it
/// (or a job's actor), the clock's time and the activity; and the chain it builds verifies.
/// </summary>
public sealed class LedgerRecorderTests : IAsyncLifetime
{
    private const string Tenant = ProtocolHarness.Tenant;
    private const string TestEnvironmentKeyId = AimsBot.Testing.TestEnvironment.LedgerSigningKeyId;
    private static readonly DateTimeOffset Start = new(2026, 5, 4, 7, 30, 0, TimeSpan.Zero);

    private readonly ProtocolHarness _bot = new();
    private readonly FakeTimeProvider _clock = new(Start);

    public Task InitializeAsync() => _bot.InitializeAsync();

    public Task DisposeAsync() => _bot.DisposeAsync();

    private ILedgerStore Store => _bot.Factory.Services.GetRequiredService<ILedgerStore>();

    /// <summary>The recorder over the host's store, stamping with the fixed clock.</summary>
    private LedgerRecorder Recorder() => new(Store, _clock);

    /// <summary>A compliance lead as the router sees them (the object id padded as a client might send it).</summary>
    private static Caller Lead => new(Tenant, " " + ProtocolHarness.ComplianceLeadId + " ", "29:lead", "Lee Lead", new HashSet<Role> { Role.ComplianceLead, Role.Admin });

    [Fact]
    public async Task A_persons_change_is_recorded_with_the_definitions_name_entity_and_id_and_the_callers_user_id_roles_time_and_activity()
    {
        var control = new ControlInstanceRef(ControlScope.ForSystem("credit-scorer"), ControlId.Parse("A.6.2.6"));

        var recorded = await Recorder().RecordAsync(
            Lead, LedgerEvents.OwnerAssigned.About(control, "{\"owner\":null}", "{\"owner\":\"aad-owner-1\"}"), "activity-17", CancellationToken.None);

        var stored = Assert.Single(await Store.ForEntityAsync(Tenant, "credit-scorer/A.6.2.6"));
        Assert.Equal(recorded.Hash, stored.Hash);
        Assert.Equal("register.control.owner", stored.Action);
        Assert.Equal("ControlInstance", stored.EntityType);
        Assert.Equal(ProtocolHarness.ComplianceLeadId, stored.ActorId);
        Assert.Equal("ComplianceLead,Admin", stored.ActorRole);
        Assert.Equal(Start, stored.OccurredAt);
        Assert.Equal("activity-17", stored.SourceActivityId);
        Assert.Equal(("{\"owner\":null}", "{\"owner\":\"aad-owner-1\"}"), (stored.Before, stored.After));
        Assert.Equal(TestEnvironmentKeyId, stored.KeyId);
        Assert.NotNull(stored.Mac);
    }

    [Fact]
    public async Task A_job_records_as_its_system_actor_holding_no_role()
    {
        _clock.Advance(TimeSpan.FromHours(1));

        await Recorder().RecordAsync(Tenant, LedgerRecorder.SystemActor("nudge-scan"), LedgerEvents.DueScanned.About(Tenant, null, "{\"queued\":3}"), null, CancellationToken.None);

        var stored = Assert.Single(await Store.ForEntityAsync(Tenant, Tenant));
        Assert.Equal(("nudge.scan", "NudgeScan"), (stored.Action, stored.EntityType));
        Assert.Equal(("system:nudge-scan", "none"), (stored.ActorId, stored.ActorRole));
        Assert.Equal(Start.AddHours(1), stored.OccurredAt);
        Assert.Null(stored.SourceActivityId);
    }

    [Fact]
    public async Task Changes_recorded_together_become_consecutive_events_in_their_order_across_transactions()
    {
        await Recorder().RecordAsync(Lead, LedgerEvents.LedgerViewed.With(null, "{\"entity\":\"ledger\"}"), "activity-1", CancellationToken.None);
        var controls = AnnexA.Controls.Take(38).Select(c => new ControlInstanceRef(ControlScope.Organization, c.ControlId)).ToList();
        var records = controls.Select((c, i) => LedgerEvents.ControlUpdated.About(c, null, "{\"row\":" + i + "}"))
            .Concat(controls.Take(22).Select((c, i) => LedgerEvents.ControlUpdated.About(c, "{\"row\":" + i + "}", "{\"row\":" + (i + 100) + "}")))
            .ToList(); // 60 events: more than one transaction of 49

        var recorded = await Recorder().RecordAllAsync(Lead, records, "import-activity", CancellationToken.None);

        var chain = await ChainAsync();
        Assert.Equal(61, chain.Count);
        Assert.Equal(Enumerable.Range(2, 60).Select(n => (long)n), recorded.Select(e => e.Sequence));
        Assert.Equal(records.Select(r => (r.Action, r.EntityId, r.After)), chain.Skip(1).Select(e => (e.Action, e.EntityId, e.After)));
        Assert.All(chain.Skip(1), e => Assert.Equal((ProtocolHarness.ComplianceLeadId, "ComplianceLead,Admin", "import-activity"), (e.ActorId, e.ActorRole, e.SourceActivityId)));
        Assert.Equal("org/" + controls[0].ControlId.Value, chain[1].EntityId);
    }

    [Fact]
    public async Task What_the_recorder_wrote_verifies_intact_with_verify_ledger()
    {
        var recorder = Recorder();
        await recorder.RecordAsync(Lead, LedgerEvents.SystemAdded.About(CreditScorer(), null, "{\"id\":\"credit-scorer\"}"), "a-1", CancellationToken.None);
        _clock.Advance(TimeSpan.FromMinutes(5));
        await recorder.RecordAsync(Lead, LedgerEvents.EvidenceAdded.About("0193f0c1a2b34c5d8e9f0a1b2c3d4e5f", null, "{\"kind\":\"Link\"}"), "a-2", CancellationToken.None);
        await recorder.RecordAsync(Tenant, LedgerRecorder.SystemActor("nudge-scan"), LedgerEvents.Escalated.About(new ControlInstanceRef(ControlScope.Organization, ControlId.Parse("A.2.2")), "{\"level\":0}", "{\"level\":1}"), null, CancellationToken.None);
        await recorder.RecordAllAsync(Lead, [LedgerEvents.RegisterImported.About("0193f0c1a2b34c5d8e9f0a1b2c3d4e60", null, "{\"rows\":2}"), LedgerEvents.ExportDelivered.About("soa", null, "{\"file\":\"soa.csv\"}")], "a-3", CancellationToken.None);

        var before = _bot.Connector.Requests.Count(r => r.Method == "POST");
        await _bot.PostAsync(_bot.Activity("message", "verify ledger", userAadId: ProtocolHarness.AuditorId));
        var reply = (await _bot.WaitForRequestsAsync(r => r.Method == "POST", count: before + 1))[before].Json!;

        Assert.Equal("Ledger intact: 5 events", (string?)(reply["text"] ?? reply["summary"]));
        var chain = await ChainAsync();
        Assert.Equal(
            ["register.system.add", "register.evidence.add", "nudge.escalated", "register.import", "export.delivered", "ledger.verified"],
            chain.Select(e => e.Action));
        Assert.Equal(["credit-scorer", "0193f0c1a2b34c5d8e9f0a1b2c3d4e5f", "org/A.2.2", "0193f0c1a2b34c5d8e9f0a1b2c3d4e60", "soa", "ledger"], chain.Select(e => e.EntityId));
        Assert.Equal(ProtocolHarness.AuditorId, chain[^1].ActorId);
    }

    private AiSystem CreditScorer()
    {
        var details = new AiSystemDetails("Credit Scorer", "Scores credit applications.", "Advisory scores for loan officers.", [OrganizationRole.Developer], LifecycleStage.Operation, ProtocolHarness.ComplianceLeadId, RiskTier.High);
        var created = AiSystem.Create(details, Lead.Actor, _clock);
        Assert.True(created.IsSuccess, created.ErrorMessage);
        return created.Value!;
    }

    private async Task<List<LedgerEvent>> ChainAsync()
    {
        var events = new List<LedgerEvent>();
        await foreach (var e in Store.ReadChainAsync(Tenant))
        {
            events.Add(e);
        }

        return events;
    }
}
