using Azure.Data.Tables;
using AimsBot.Domain.Access;
using AimsBot.Domain.Nonconformities;
using AimsBot.Storage.Nonconformities;
using AimsBot.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace AimsBot.Storage.Tests.Nonconformities;

public sealed class NonconformityRepositoryTests : IAsyncLifetime
{
    private const string Tenant = "11111111-2222-3333-4444-555555555555";
    private const string OtherTenant = "22222222-2222-3333-4444-555555555555";
    private static readonly Actor Lead = Actor.Create("lead-1", Role.ComplianceLead);
    private static readonly DateOnly Today = new(2026, 11, 23);
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero));
    private readonly TableStore _store = new(Options.Create(new StorageOptions
    {
        ConnectionString = TestEnvironment.TableConnectionString,
        TablePrefix = TestEnvironment.UniqueTablePrefix(),
    }));

    private NonconformityRepository Ncs => new(_store);

    public Task InitializeAsync() => _store.Table<TableEntity>(NonconformityRepository.TableName).CreateIfNotExistsAsync();

    public Task DisposeAsync() => _store.Table<TableEntity>(NonconformityRepository.TableName).Client.DeleteAsync();

    [Fact]
    public async Task Ids_count_on_from_rows_written_before_the_counter_and_twenty_parallel_callers_get_twenty_ids()
    {
        await Ncs.AddAsync(Tenant, new NonconformityRow { RowKey = "NC-0003", Title = "An older finding", Status = NonconformityRepository.Open, RaisedBy = "x" });

        Assert.Equal("NC-4", (await Ncs.NextIdAsync(Tenant)).ToString());
        Assert.Equal("NC-1", (await Ncs.NextIdAsync(OtherTenant)).ToString());
        var parallel = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => Ncs.NextIdAsync(Tenant))));

        Assert.Equal(Enumerable.Range(5, 20), parallel.Select(id => id.Number).Order());
    }

    [Fact]
    public async Task A_nonconformity_reads_back_whole_its_columns_list_it_and_an_older_card_loses()
    {
        var nc = Planned(7);
        var added = await Ncs.AddAsync(Tenant, NonconformityRepository.RowOf(nc));

        var read = (await Ncs.GetAsync(Tenant, new NonconformityId(7)))!;
        Assert.Equal("NC-000007", read.RowKey);
        var state = NonconformityRepository.StateOf(read);
        Assert.Equal((nc.Title, nc.Stage, nc.Revision, nc.OwnerUserId, nc.RaisedAt, nc.Steps.Due), (state.Title, state.Stage, state.Revision, state.OwnerUserId, state.RaisedAt, state.Steps.Due));
        Assert.Equal(nc.Cycle.Actions, state.Steps.Current.Actions);
        var (root, readRoot) = (nc.Cycle.RootCause!, state.Steps.Current.RootCause!);
        Assert.Equal((root.WhatHappened, root.Why, root.Category, root.SimilarElsewhere, root.By, root.At), (readRoot.WhatHappened, readRoot.Why, readRoot.Category, readRoot.SimilarElsewhere, readRoot.By, readRoot.At));
        Assert.Equal(["NC-3"], state.Steps.Current.RootCause!.SimilarLinks);
        Assert.Equal(("implementation", "major", "2026-12-07", "owner-1,fixer-1", "A.2.2,A.6.2.6"), (read.Stage, read.Severity, read.StageDueOn, read.ActionOwnerIds, read.ControlIds));

        var listed = (await Ncs.ListAsync(Tenant, NonconformityFilter.Open, "owner-1", 10)).Items.Single();
        Assert.Null(listed.Steps);
        Assert.Equal(("NC-000007", "open", "2026-12-07"), (listed.RowKey, listed.Status, listed.DueOn));
        Assert.Single(await Ncs.ListForScanAsync(Tenant, new DateOnly(2026, 12, 7)));
        Assert.Empty(await Ncs.ListForScanAsync(Tenant, new DateOnly(2026, 12, 6)));

        await Ncs.ReplaceAsync(Tenant, NonconformityRepository.RowOf(Ok(nc.CompleteAction(1, "Done and shown.", Lead, _clock))), added.ETag);
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => Ncs.ReplaceAsync(Tenant, NonconformityRepository.RowOf(nc), added.ETag));
    }

    [Fact]
    public async Task A_row_from_before_the_workflow_reads_by_its_old_key_as_it_was_listed()
    {
        await Ncs.AddAsync(Tenant, new NonconformityRow { RowKey = "NC-0001", Title = "Drift monitoring skipped", ControlId = "A.6.2.6", Scope = "credit-scorer", Status = NonconformityRepository.Open, RaisedBy = "lead-1", OwnerUserId = "owner-1", DueOn = "2026-04-30" });

        var state = NonconformityRepository.StateOf((await Ncs.GetAsync(Tenant, new NonconformityId(1)))!);

        Assert.Equal((1, NonconformityStage.Correction, "credit-scorer", "owner-1", new DateOnly(2026, 4, 30)), (state.Number, state.Stage, state.SystemId, state.OwnerUserId, state.Steps.Due.Correction));
        Assert.Equal(["A.6.2.6"], state.ControlIds);
        Assert.True(Nonconformity.Restore(state).IsSuccess);
    }

    private Nonconformity Planned(int number)
    {
        var nc = Ok(Nonconformity.Raise(new NonconformityId(number), new NonconformityDetails("Drift check skipped in March", "The monthly drift check was not run.", NonconformitySource.InternalAudit, "credit-scorer", ["A.6.2.6", "A.2.2"], NonconformitySeverity.Major, null), Lead, _clock));
        nc = Ok(nc.Triage(new NonconformityTriage(NonconformitySeverity.Major, "owner-1", Today, Today.AddDays(1), Today.AddDays(2)), Lead, TimeZoneInfo.Utc, _clock));
        nc = Ok(nc.RecordCorrection("Ran the check by hand.", "", Lead, _clock));
        nc = Ok(nc.RecordRootCause("The job failed silently.", "No alert on failures.", CauseCategory.Technology, "See NC-3", Lead, _clock));
        return Ok(nc.PlanActions([new(null, "Alert on failures", "owner-1", Today.AddDays(14)), new(null, "Name a deputy", "fixer-1", Today.AddDays(10))], Lead, TimeZoneInfo.Utc, _clock));
    }

    private static T Ok<T>(Domain.Result<T> result)
    {
        Assert.True(result.IsSuccess, result.IsSuccess ? "" : result.ErrorMessage);
        return result.Value!;
    }
}
