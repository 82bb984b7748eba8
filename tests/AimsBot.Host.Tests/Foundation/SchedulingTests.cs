using AimsBot.Host.Tests.Support;
using AimsBot.Storage;
using AimsBot.Testing;
using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace AimsBot.Host.Tests.Foundation;

/// <summary>Hangfire against its real storages: in-memory, and PostgreSQL for scale-out.</summary>
public sealed class SchedulingTests
{
    [Fact]
    public async Task With_in_memory_storage_the_heartbeat_job_runs_and_records_its_run()
    {
        var clock = new RunningClock(TestClock.Default);
        using var factory = new BotHostFactory(clock: clock);
        _ = factory.CreateClient();

        // Recorded at the host's time, since it started.
        var beat = await WaitForHeartbeatAsync(factory);
        Assert.InRange(beat, TestClock.Default, clock.GetUtcNow());
    }

    [Fact]
    public async Task With_postgresql_storage_the_schema_is_created_and_jobs_run_through_it()
    {
        var connection = TestEnvironment.PostgresConnectionString
            ?? throw new InvalidOperationException("AIMSBOT_TEST_POSTGRES is not set: run the suite with `./aims test`, which starts PostgreSQL.");
        var schema = "hf_" + Guid.NewGuid().ToString("N")[..10];
        using var factory = new BotHostFactory(settings: new Dictionary<string, string?>
        {
            ["Hangfire:Storage"] = "PostgreSql",
            ["Hangfire:Schema"] = schema,
            ["ConnectionStrings:Hangfire"] = connection,
        });
        _ = factory.CreateClient();

        // The heartbeat job was triggered through PostgreSQL storage and ran.
        await WaitForHeartbeatAsync(factory);

        // A job enqueued now is picked up from PostgreSQL and succeeds.
        var jobs = factory.Services.GetRequiredService<IBackgroundJobClient>();
        var jobId = jobs.Enqueue<ProbeJob>(j => j.Run("probe"));
        await using var db = new NpgsqlConnection(connection);
        await db.OpenAsync();
        string? state = null;
        await Eventually.TrueAsync(
            async () =>
            {
                await using var cmd = new NpgsqlCommand($"select statename from \"{schema}\".job where id = @id", db);
                cmd.Parameters.AddWithValue("id", long.Parse(jobId, System.Globalization.CultureInfo.InvariantCulture));
                state = (string?)await cmd.ExecuteScalarAsync();
                return state == "Succeeded";
            },
            TimeSpan.FromSeconds(30),
            TimeSpan.FromMilliseconds(250));

        Assert.Equal("Succeeded", state);
        await using var tables = new NpgsqlCommand("select count(*) from information_schema.tables where table_schema = @s and table_name in ('job','server','set','hash','state')", db);
        tables.Parameters.AddWithValue("s", schema);
        Assert.Equal(5L, (long)(await tables.ExecuteScalarAsync())!);
    }

    private static async Task<DateTimeOffset> WaitForHeartbeatAsync(BotHostFactory factory)
    {
        var state = factory.Services.GetRequiredService<SystemStateStore>();
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (watch.Elapsed < TimeSpan.FromSeconds(30))
        {
            try
            {
                if (await state.GetHeartbeatAsync() is { } beat)
                {
                    return beat.At;
                }
            }
            catch (Azure.RequestFailedException)
            {
                // The table may not exist for the first moments after start-up.
            }

            await Task.Delay(200);
        }

        throw new Xunit.Sdk.XunitException("The heartbeat job did not run within 30 s.");
    }
}
