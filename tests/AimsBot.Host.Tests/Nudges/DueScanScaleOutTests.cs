using AimsBot.Domain.Catalogue;
using AimsBot.Domain.Register;
using AimsBot.Host.Tests.Support;
using AimsBot.Nudges;
using AimsBot.Proactive;
using AimsBot.Storage;
using AimsBot.Storage.Outbox;
using AimsBot.Storage.Register;
using AimsBot.Storage.Users;
using AimsBot.Teams.Connector;
using AimsBot.Teams.Pacing;
using AimsBot.Teams.Tests.Support;
using AimsBot.Testing;
using Hangfire;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace AimsBot.Host.Tests.Nudges;

/// <summary>Two hosts on one Azurite and one PostgreSQL (Hangfire) scan the same controls at the same moment.</summary>
public sealed class DueScanScaleOutTests
{
    private const string Tenant = "local";

    [Fact]
    public async Task Two_hosts_scanning_the_same_occurrence_queue_and_deliver_each_owners_card_once()
    {
        var postgres = TestEnvironment.PostgresConnectionString
            ?? throw new InvalidOperationException("AIMSBOT_TEST_POSTGRES is not set: run the suite with `./aims test`, which starts PostgreSQL.");
        await using var connector = await FakeConnector.StartAsync();
        var clock = new FakeTimeProvider(TestClock.Default);
        var shared = new Dictionary<string, string?>
        {
            ["Storage:TablePrefix"] = TestEnvironment.UniqueTablePrefix(),
            ["Hangfire:Storage"] = "PostgreSql",
            ["Hangfire:Schema"] = "hf_" + Guid.NewGuid().ToString("N")[..10],
            ["ConnectionStrings:Hangfire"] = postgres,
            // The test triggers the scan and the drain.
            ["Nudges:ScanCron"] = "0 0 1 1 *",
            ["Proactive:DrainCron"] = "0 0 1 1 *",
        };
        using var baseA = new BotHostFactory(settings: shared);
        using var baseB = new BotHostFactory(settings: shared);
        void FakeClock(IServiceCollection services)
        {
            services.AddSingleton<TimeProvider>(clock);
            services.AddSingleton(sp => new OutboundRateLimiter(sp.GetRequiredService<IOptions<PacingOptions>>(), TimeProvider.System));
        }

        using var hostA = baseA.WithWebHostBuilder(b => b.ConfigureTestServices(FakeClock));
        using var hostB = baseB.WithWebHostBuilder(b => b.ConfigureTestServices(FakeClock));
        foreach (var host in new[] { hostA, hostB })
        {
            _ = host.CreateClient();
            await host.Services.GetRequiredService<TableInitializer>().Ready.WaitAsync(TimeSpan.FromSeconds(30));
            host.Services.GetRequiredService<ITrustedServiceUrlRegistry>().Trust(connector.ServiceUrl);
        }

        // Six owners with two controls each, due in two days.
        const int owners = 6;
        var users = hostA.Services.GetRequiredService<UserDirectory>();
        var controls = hostA.Services.GetRequiredService<ControlInstanceRepository>();
        var due = new DateOnly(2026, 11, 25);
        for (var i = 0; i < owners * 2; i++)
        {
            var owner = $"aad-owner-{i % owners}";
            var id = AnnexA.Controls[i].ControlId;
            var lastEvidence = new DateTimeOffset(2026, 10, 25, 12, 0, 0, TimeSpan.Zero);
            var instance = ControlInstance.Restore(new ControlInstanceState("org", id.Value, AnnexA.Get(id).DefaultLayer, ApplicabilityStatus.Applicable, null, null, null,
                ImplementationStatus.Partial, owner, "monthly", "Europe/London", lastEvidence.AddMonths(-3), lastEvidence.AddMonths(-3), lastEvidence)).Value!;
            Assert.Equal(due, instance.NextDue);
            await controls.ModifyAsync(Tenant, ControlScope.Organization, id, _ => Domain.Result.Success(new ControlUpdate(instance, "Owner " + (i % owners))));
        }

        for (var o = 0; o < owners; o++)
        {
            await users.RecordSightingAsync(new UserSighting(Tenant, $"aad-owner-{o}", $"29:owner-{o}", $"Owner {o}", null, "28:bot", $"a:owner-{o}", connector.ServiceUrl, "Europe/London", clock.GetUtcNow()), installed: true);
        }

        // The same occurrence, run by both hosts at once: directly, and as the recurring job through Hangfire.
        var jobIds = new[] { hostA, hostB, hostA, hostB }
            .Select(h => h.Services.GetRequiredService<IBackgroundJobClient>().Enqueue<DueScanJob>(j => j.RunAsync(CancellationToken.None)))
            .ToList();
        var reports = await Task.WhenAll(
            hostA.Services.GetRequiredService<DueScan>().RunAsync(),
            hostB.Services.GetRequiredService<DueScan>().RunAsync());
        var storage = hostA.Services.GetRequiredService<JobStorage>();
        await Eventually.TrueAsync(() => jobIds.All(id => Finished(storage, id)), TimeSpan.FromSeconds(60));

        Assert.All(jobIds, id => Assert.True(Finished(storage, id), $"scan job {id} did not finish"));
        // Whichever run came first queued the cards; every other run of the occurrence found them queued already.
        Assert.InRange(reports.Sum(r => r.Queued), 0, owners);
        var outbox = hostA.Services.GetRequiredService<OutboxStore>();
        var queued = await outbox.InStateAsync(Tenant, OutboxStates.Pending);
        Assert.Equal(owners, queued.Count);
        Assert.Equal(owners, queued.Select(m => m.RecipientUserKey).Distinct().Count());

        foreach (var host in new[] { hostA, hostB })
        {
            host.Services.GetRequiredService<IBackgroundJobClient>().Enqueue<OutboxDrainJob>(j => j.RunAsync(CancellationToken.None));
        }

        await Eventually.TrueAsync(async () => (await outbox.InStateAsync(Tenant, OutboxStates.Sent)).Count >= owners, TimeSpan.FromSeconds(60));

        var delivered = connector.Requests.Where(r => r.Method == "POST" && r.Status is >= 200 and < 300).GroupBy(r => r.Path).ToList();
        Assert.Equal(owners, delivered.Count);
        Assert.All(delivered, g => Assert.Single(g));
    }

    private static bool Finished(JobStorage storage, string jobId)
    {
        using var connection = storage.GetConnection();
        return connection.GetStateData(jobId)?.Name is "Succeeded" or "Failed" or "Deleted";
    }
}
