using AimsBot.Files;
using AimsBot.Host.Tests.Support;
using AimsBot.Retention;
using AimsBot.Storage;
using AimsBot.Testing;
using Hangfire;
using Hangfire.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace AimsBot.Host.Tests.Retention;

/// <summary>The daily retention sweep against Azurite, with a fake clock: rows past their window go, fresh rows stay.</summary>
public sealed class RetentionSweepTests : IAsyncLifetime
{
    private const string TenantA = "aaaaaaaa-0000-4000-8000-00000000000a";
    private const string TenantB = "bbbbbbbb-0000-4000-8000-00000000000b";
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 3, 45, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _clock = new(Now);
    private BotHostFactory _host = null!;

    public async Task InitializeAsync()
    {
        _host = new BotHostFactory(clock: _clock);
        _host.CreateClient().Dispose();
        await _host.Services.GetRequiredService<TableInitializer>().Ready.WaitAsync(TimeSpan.FromSeconds(30));
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private ProcessedActivityStore Activities => _host.Services.GetRequiredService<ProcessedActivityStore>();

    private ExportOfferStore Offers => _host.Services.GetRequiredService<ExportOfferStore>();

    [Fact]
    public async Task Processed_activities_older_than_two_days_and_offers_older_than_a_week_are_deleted_in_every_tenant_and_fresh_ones_stay()
    {
        // 250 old rows in one tenant: more than one transaction of 100 per partition.
        var oldInA = await ClaimAsync(TenantA, "old", 250, Now.AddDays(-3));
        var oldInB = await ClaimAsync(TenantB, "old", 3, Now.AddDays(-2).AddMinutes(-1));
        var freshInA = await ClaimAsync(TenantA, "fresh", 4, Now.AddDays(-2).AddMinutes(1));
        var freshInB = await ClaimAsync(TenantB, "fresh", 2, Now.AddHours(-1));
        await Activities.CompleteAsync(TenantA, oldInA[0], 200, null, Now.AddDays(-3));
        await Activities.CompleteAsync(TenantA, freshInA[0], 200, null, Now.AddDays(-1));
        var oldOffer = await OfferAsync(TenantA, Now.AddDays(-8), "delivered");
        var staleOffer = await OfferAsync(TenantB, Now.AddDays(-7).AddMinutes(-1), "offered");
        var freshOffer = await OfferAsync(TenantB, Now.AddDays(-6), "offered");

        var sweep = await _host.Services.GetRequiredService<RetentionSweepJob>().RunAsync(CancellationToken.None);

        Assert.Equal(new RetentionSweep(253, 2), sweep);
        foreach (var key in oldInA)
        {
            Assert.Null(await Activities.GetAsync(TenantA, key));
        }

        Assert.All(await Task.WhenAll(oldInB.Select(k => Activities.GetAsync(TenantB, k))), Assert.Null);
        Assert.All(await Task.WhenAll(freshInA.Select(k => Activities.GetAsync(TenantA, k))), Assert.NotNull);
        Assert.All(await Task.WhenAll(freshInB.Select(k => Activities.GetAsync(TenantB, k))), Assert.NotNull);
        Assert.Null(await Offers.GetAsync(TenantA, oldOffer, CancellationToken.None));
        Assert.Null(await Offers.GetAsync(TenantB, staleOffer, CancellationToken.None));
        Assert.NotNull(await Offers.GetAsync(TenantB, freshOffer, CancellationToken.None));
    }

    [Fact]
    public async Task Nudge_now_runs_older_than_a_week_are_deleted_and_recent_ones_stay()
    {
        var runs = _host.Services.GetRequiredService<AimsBot.Storage.Nudges.NudgeScanRunStore>();
        await runs.AddAsync(new AimsBot.Storage.Nudges.NudgeScanRunRow { PartitionKey = TenantA, RowKey = "old-run", RequestedBy = "aad-lead", RequestedAt = Now.AddDays(-7).AddMinutes(-1), FinishedAt = Now.AddDays(-7) });
        await runs.AddAsync(new AimsBot.Storage.Nudges.NudgeScanRunRow { PartitionKey = TenantB, RowKey = "recent-run", RequestedBy = "aad-lead", RequestedAt = Now.AddDays(-6) });

        var sweep = await _host.Services.GetRequiredService<RetentionSweepJob>().RunAsync(CancellationToken.None);

        Assert.Equal(new RetentionSweep(0, 0, 1), sweep);
        Assert.Null(await runs.GetAsync(TenantA, "old-run"));
        Assert.NotNull(await runs.GetAsync(TenantB, "recent-run"));
    }

    [Fact]
    public async Task A_second_run_finds_nothing_and_a_day_later_the_next_rows_have_aged_out()
    {
        await ClaimAsync(TenantA, "old", 2, Now.AddDays(-3));
        var ageing = await ClaimAsync(TenantA, "ageing", 2, Now.AddDays(-1).AddHours(-12));
        var job = _host.Services.GetRequiredService<RetentionSweepJob>();

        Assert.Equal(new RetentionSweep(2, 0), await job.RunAsync(CancellationToken.None));
        Assert.Equal(new RetentionSweep(0, 0), await job.RunAsync(CancellationToken.None));
        Assert.NotNull(await Activities.GetAsync(TenantA, ageing[0]));

        _clock.Advance(TimeSpan.FromDays(1));

        Assert.Equal(new RetentionSweep(2, 0), await job.RunAsync(CancellationToken.None));
        Assert.Null(await Activities.GetAsync(TenantA, ageing[0]));
    }

    [Fact]
    public async Task The_sweep_is_a_daily_recurring_job()
    {
        using var connection = _host.Services.GetRequiredService<JobStorage>().GetConnection();
        RecurringJobDto? job = null;
        Assert.True(
            await Eventually.TrueAsync(() => (job = connection.GetRecurringJobs().SingleOrDefault(j => j.Id == RetentionSweepJob.RecurringJobId)) is not null, TimeSpan.FromSeconds(10)),
            "the recurring job was not declared");

        // Its time comes from Retention:SweepCron (the test host sets one that never fires on the wall clock).
        Assert.Equal(_host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<RetentionOptions>>().Value.SweepCron, job!.Cron);
        Assert.Equal(typeof(RetentionSweepJob), job.Job.Type);
    }

    private async Task<List<string>> ClaimAsync(string tenant, string prefix, int count, DateTimeOffset receivedAt)
    {
        var keys = Enumerable.Range(0, count).Select(i => ProcessedActivityStore.RowKeyFor("msteams", $"a:{prefix}", $"{prefix}-{i}")).ToList();
        foreach (var key in keys)
        {
            Assert.True((await Activities.ClaimAsync(tenant, key, receivedAt)).IsFirstDelivery);
        }

        return keys;
    }

    private async Task<string> OfferAsync(string tenant, DateTimeOffset createdAt, string state)
    {
        var row = await Offers.AddAsync(
            new ExportOfferRow { PartitionKey = tenant, RowKey = Guid.NewGuid().ToString("N"), Kind = "soa", Format = "csv", RequestedBy = "aad-user-0001", FileName = "soa.csv", CreatedAt = createdAt, State = state },
            CancellationToken.None);
        return row.RowKey;
    }
}
