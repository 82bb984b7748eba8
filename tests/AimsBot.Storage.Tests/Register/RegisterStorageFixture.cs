using AimsBot.Domain.Access;
using AimsBot.Domain.Catalogue;
using AimsBot.Domain.Register;
using AimsBot.Domain.Scheduling;
using AimsBot.Storage.Register;
using AimsBot.Testing;
using Microsoft.Extensions.Options;

namespace AimsBot.Storage.Tests.Register;

/// <summary>A clock the test moves by hand.</summary>
public sealed class ManualClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}

/// <summary>The register's tables in real Azurite, under a prefix of their own, and domain values to put in them.</summary>
public abstract class RegisterStorageTest : IAsyncLifetime
{
    protected const string Tenant = "11111111-2222-3333-4444-555555555555";
    protected static readonly Actor Lead = Actor.Create("lead-1", Role.ComplianceLead);

    protected RegisterStorageTest()
    {
        Store = new TableStore(Options.Create(new StorageOptions
        {
            ConnectionString = TestEnvironment.TableConnectionString,
            TablePrefix = TestEnvironment.UniqueTablePrefix(),
        }));
        Systems = new AiSystemRepository(Store);
        Controls = new ControlInstanceRepository(Store);
        Evidence = new EvidenceRepository(Store);
    }

    protected ManualClock Clock { get; } = new(new DateTimeOffset(2025, 6, 16, 9, 0, 0, TimeSpan.Zero));
    protected TableStore Store { get; }
    protected AiSystemRepository Systems { get; }
    protected ControlInstanceRepository Controls { get; }
    protected EvidenceRepository Evidence { get; }

    public async Task InitializeAsync()
    {
        Store.Register(AiSystemRepository.TableName);
        Store.Register(ControlInstanceRepository.TableName);
        Store.Register(EvidenceRepository.TableName);
        Store.Register(EvidenceRepository.IndexTableName);
        await Store.EnsureTablesAsync();
    }

    public async Task DisposeAsync()
    {
        foreach (var table in Store.RegisteredTables)
        {
            await Store.Table<Azure.Data.Tables.TableEntity>(table).Client.DeleteAsync();
        }
    }

    protected AiSystem NewSystem(string name, string owner = "owner-1") =>
        AiSystem.Create(
            new AiSystemDetails(name, "Scores loan applications.", "Decision support for credit officers.", [OrganizationRole.Developer, OrganizationRole.DeployerUser], LifecycleStage.Operation, owner, RiskTier.High),
            Lead,
            Clock).Value!;

    protected ControlInstance NewControl(ControlScope scope, string controlId, EvidenceCadence? cadence = null) =>
        ControlInstance.Create(scope, ControlId.Parse(controlId), Lead, Clock, TimeZoneInfo.Utc, cadence ?? EvidenceCadence.Quarterly).Value!;

    protected EvidenceRecord NewEvidence(ControlInstance control, string description = "Monitoring dashboard for May") =>
        EvidenceRecord.Submit(
            new EvidenceDraft(EvidenceKind.Link, "https://intranet.example/monitoring/2025-05", description, new DateOnly(2025, 5, 1), new DateOnly(2025, 5, 31)),
            control,
            Lead,
            TimeZoneInfo.Utc,
            Clock).Value!;
}
