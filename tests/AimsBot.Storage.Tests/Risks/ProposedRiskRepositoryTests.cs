using AimsBot.Storage.Risks;
using AimsBot.Testing;
using Microsoft.Extensions.Options;

namespace AimsBot.Storage.Tests.Risks;

public sealed class ProposedRiskRepositoryTests : IAsyncLifetime
{
    private const string Tenant = "11111111-2222-3333-4444-555555555555";
    private static readonly DateTimeOffset Approved = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
    private readonly TableStore _store = new(Options.Create(new StorageOptions
    {
        ConnectionString = TestEnvironment.TableConnectionString,
        TablePrefix = TestEnvironment.UniqueTablePrefix(),
    }));

    private ProposedRiskRepository Risks => new(_store);

    public Task InitializeAsync() => _store.Table<ProposedRiskRow>(ProposedRiskRepository.TableName).CreateIfNotExistsAsync();

    public Task DisposeAsync() => _store.Table<ProposedRiskRow>(ProposedRiskRepository.TableName).Client.DeleteAsync();

    [Fact]
    public async Task A_proposal_is_stored_once_under_system_version_and_item_and_listed_by_tenant_and_by_system()
    {
        var (first, inserted) = await Risks.AddIfMissingAsync(Tenant, Proposal("credit-scorer", 2, 3, "Applicants refused unfairly"));
        var (again, insertedAgain) = await Risks.AddIfMissingAsync(Tenant, Proposal("credit-scorer", 2, 3, "A second attempt with other words"));
        await Risks.AddIfMissingAsync(Tenant, Proposal("credit-scorer", 10, 1, "Later version"));
        await Risks.AddIfMissingAsync(Tenant, Proposal("credit-scorer-eu", 1, 1, "Another system whose id starts alike"));
        await Risks.AddIfMissingAsync("22222222-2222-3333-4444-555555555555", Proposal("credit-scorer", 1, 1, "Another tenant"));

        Assert.True(inserted);
        Assert.False(insertedAgain);
        Assert.Equal("credit-scorer|0002|03", first.RowKey);
        Assert.Equal("Applicants refused unfairly", again.Title);
        Assert.Equal(
            ["credit-scorer|0002|03", "credit-scorer|0010|01"],
            (await Risks.ListForSystemAsync(Tenant, "credit-scorer")).Select(r => r.RowKey));
        Assert.Equal(3, (await Risks.ListAsync(Tenant)).Count);
        var stored = (await Risks.ListForSystemAsync(Tenant, "credit-scorer"))[0];
        Assert.Equal(("fairness", "Applicants", 4, 3, "high", "impact-assessment", "proposed"), (stored.Area, stored.AffectedParties, stored.Severity, stored.Likelihood, stored.Level, stored.Source, stored.Status));
    }

    [Fact]
    public async Task A_system_id_that_would_break_the_key_is_refused()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Risks.AddIfMissingAsync(Tenant, Proposal("credit|scorer", 1, 1, "x")));
        await Assert.ThrowsAsync<ArgumentException>(() => Risks.ListForSystemAsync(Tenant, "a/b"));
    }

    private static ProposedRiskRow Proposal(string systemId, int version, int item, string title) => new()
    {
        SystemId = systemId,
        AssessmentVersion = version,
        Item = item,
        Title = title,
        Area = "fairness",
        AffectedParties = "Applicants",
        Severity = 4,
        Likelihood = 3,
        Level = "high",
        ExistingMeasures = "Monthly bias review",
        ProposedBy = "aad-approver-1",
        ProposedAt = Approved,
    };
}
