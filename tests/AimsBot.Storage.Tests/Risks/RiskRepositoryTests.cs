using Azure.Data.Tables;
using AimsBot.Domain.Risks;
using AimsBot.Storage.Risks;
using AimsBot.Testing;
using Microsoft.Extensions.Options;

namespace AimsBot.Storage.Tests.Risks;

public sealed class RiskRepositoryTests : IAsyncLifetime
{
    private const string Tenant = "11111111-2222-3333-4444-555555555555";
    private const string OtherTenant = "22222222-2222-3333-4444-555555555555";
    private const string Owner = "aaaaaaaa-0000-0000-0000-000000000001";
    private const string Approver = "aaaaaaaa-0000-0000-0000-000000000002";
    private static readonly DateTimeOffset Created = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
    private readonly TableStore _store = new(Options.Create(new StorageOptions
    {
        ConnectionString = TestEnvironment.TableConnectionString,
        TablePrefix = TestEnvironment.UniqueTablePrefix(),
    }));

    private RiskRepository Risks => new(_store);

    public Task InitializeAsync() => _store.Table<TableEntity>(RiskRepository.TableName).CreateIfNotExistsAsync();

    public Task DisposeAsync() => _store.Table<TableEntity>(RiskRepository.TableName).Client.DeleteAsync();

    [Fact]
    public async Task Ids_count_up_from_R_1_per_tenant_and_twenty_parallel_callers_get_twenty_different_ids()
    {
        Assert.Equal("R-1", (await Risks.NextIdAsync(Tenant)).ToString());
        Assert.Equal("R-2", (await Risks.NextIdAsync(Tenant)).ToString());
        Assert.Equal("R-1", (await Risks.NextIdAsync(OtherTenant)).ToString());

        var parallel = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => Risks.NextIdAsync(Tenant))));

        Assert.Equal(Enumerable.Range(3, 20), parallel.Select(id => id.Number).Order());
        Assert.Equal("R-23", (await Risks.NextIdAsync(Tenant)).ToString());
    }

    [Fact]
    public async Task A_risk_reads_back_whole_and_lists_from_its_columns_in_id_order()
    {
        var full = Full(12);
        var added = await Risks.AddAsync(Tenant, full);
        await Risks.AddAsync(Tenant, Draft(2, "A second, organisation-wide risk"));
        await Risks.AddAsync(OtherTenant, Draft(1, "Another tenant's risk"));
        await Risks.NextIdAsync(Tenant); // the counter row is not a risk

        var read = await Risks.GetAsync(Tenant, new RiskId(12));

        Assert.NotNull(read);
        Assert.Equal(added.ETag, read.ETag);
        Assert.Equal(full with { Controls = read.State.Controls, Actions = read.State.Actions, Decisions = read.State.Decisions, ProposedBy = read.State.ProposedBy }, read.State);
        Assert.Equal(full.Controls, read.State.Controls);
        Assert.Equal(full.Actions, read.State.Actions);
        Assert.Equal(full.ProposedBy, read.State.ProposedBy);
        var decision = Assert.Single(read.State.Decisions);
        Assert.Equal((RiskDecisionKind.Approved, RiskApproverKind.OwnersManagerOrRiskApprover, RiskLevel.Low, 2), (decision.Kind, decision.Route, decision.ResidualLevel, decision.PlanRevision));
        Assert.Equal(full.Decisions[0].ProposedBy, decision.ProposedBy);
        Assert.Null(await Risks.GetAsync(Tenant, new RiskId(13)));

        var row = await _store.Table<TableEntity>(RiskRepository.TableName).GetAsync(Tenant, "R-000012");
        Assert.NotNull(row);
        Assert.Equal("approved", row.GetString("Status"));

        var list = await Risks.ListAsync(Tenant);
        Assert.Equal(["R-2", "R-12"], list.Select(r => r.Id.ToString()));
        var summary = list[1];
        Assert.Equal(
            ("credit-scorer", "Applicants refused credit unfairly", RiskStatus.Approved, Owner, RiskLevel.High, RiskLevel.Low),
            (summary.SystemId, summary.Title, summary.Status, summary.OwnerUserId, summary.InherentLevel, summary.ResidualLevel));
        Assert.Equal(new DateOnly(2027, 11, 23), summary.AcceptedUntil);
        Assert.Equal(new DateOnly(2027, 2, 1), summary.NextActionDue); // the earliest action not done (the done one was due earlier)
        Assert.Null(NextDueOf(full with { Status = RiskStatus.Draft, AcceptedUntil = null })); // a plan never approved is nudged for nothing
        Assert.Equal(new DateOnly(2027, 2, 1), NextDueOf(full with { Status = RiskStatus.AwaitingApproval })); // approved before, waiting again: still under way
        Assert.Equal(["A.6.2.6", "A.7.4"], summary.Controls);
        Assert.Equal((2, 5), (summary.PlanRevision, summary.Revision));
        Assert.Equal((null, null, null, null, RiskStatus.Draft), (list[0].SystemId, list[0].InherentLevel, list[0].AcceptedUntil, list[0].NextActionDue, list[0].Status));
        Assert.Empty(list[0].Controls);
    }

    [Fact]
    public async Task A_replace_with_an_old_etag_is_a_conflict_and_a_second_insert_of_an_id_is_refused_leaving_the_stored_risk()
    {
        var added = await Risks.AddAsync(Tenant, Draft(1, "The first title of the risk"));
        var changed = await Risks.ReplaceAsync(Tenant, added.State with { Title = "A changed title", Revision = 2 }, added.ETag);

        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => Risks.ReplaceAsync(Tenant, added.State with { Title = "A late writer's title", Revision = 2 }, added.ETag));
        await Assert.ThrowsAsync<EntityAlreadyExistsException>(() => Risks.AddAsync(Tenant, Draft(1, "Someone else's risk with the same id")));

        var stored = await Risks.GetAsync(Tenant, new RiskId(1));
        Assert.Equal(("A changed title", 2, changed.ETag), (stored!.State.Title, stored.State.Revision, stored.ETag));
    }

    [Fact]
    public async Task A_long_risk_is_split_over_several_properties_and_reads_back_whole()
    {
        var description = string.Concat(Enumerable.Repeat("Applicants 😀 from some postcodes are refused. ", 2_000));
        await Risks.AddAsync(Tenant, Draft(3, "A risk with a very long description") with { Description = description });

        var row = await _store.Table<TableEntity>(RiskRepository.TableName).GetAsync(Tenant, "R-000003");
        Assert.True(row!.GetInt32("StateParts") > 1);
        Assert.Equal(description, (await Risks.GetAsync(Tenant, new RiskId(3)))!.State.Description);
    }

    private static DateOnly? NextDueOf(RiskState state) => RiskRepository.NextActionDueOf(state);

    private static RiskState Draft(int number, string title) => new(
        number, null, title, "", RiskSourceKind.Manual, null, Owner, null, null, [], [], null, RiskStatus.Draft,
        1, 0, 1, [], null, [], null, Owner, Created, null, null, null);

    private static RiskState Full(int number) => new(
        number,
        "credit-scorer",
        "Applicants refused credit unfairly",
        "The model may refuse applicants from some postcodes more often.",
        RiskSourceKind.ImpactAssessment,
        "credit-scorer/v2/3",
        Owner,
        new RiskRating(4, 4, RiskLevel.High, "1"),
        TreatmentOption.Reduce,
        ["A.6.2.6", "A.7.4"],
        [
            new TreatmentAction(1, "Retrain on balanced data", Owner, new DateOnly(2027, 1, 15), Created.AddDays(10), Owner),
            new TreatmentAction(2, "Add a fairness test to the release gate", Owner, new DateOnly(2027, 2, 1)),
            new TreatmentAction(3, "Review refusals monthly", Approver, new DateOnly(2027, 3, 1)),
        ],
        new RiskRating(2, 2, RiskLevel.Low, "1"),
        RiskStatus.Approved,
        5,
        2,
        4,
        [Owner],
        null,
        [new RiskDecision(RiskDecisionKind.Approved, Approver, Created.AddHours(2), "Fine", 2, RiskApproverKind.OwnersManagerOrRiskApprover, RiskLevel.Low, [Owner])],
        new DateOnly(2027, 11, 23),
        Owner,
        Created,
        Created.AddHours(1),
        null,
        null);
}
