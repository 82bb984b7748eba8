using AimsBot.Host.Tests.Support;
using AimsBot.Nudges;
using AimsBot.Proactive;
using AimsBot.Scheduling;
using Hangfire;
using Hangfire.Storage;
using Microsoft.Extensions.DependencyInjection;
using static AimsBot.Host.Tests.Support.ExceptionMessages;

namespace AimsBot.Host.Tests.Foundation;

/// <summary>
/// Every options section is read when first used and checked at start-up: one bad value refuses start-up with a
/// message that names the setting and the environment variable to set.
/// </summary>
public sealed class OptionsStartupTests
{
    public static TheoryData<string, string, string> BadValues => new()
    {
        // Section Bot (inbound authentication).
        { "Bot:OpenIdMetadataUrl", "not a url", "'not a url'" },
        { "Bot:ClockSkew", "-00:00:01", "must not be negative" },
        // Section Bot:Connector (outbound connector).
        { "Bot:Connector:MaxRetries", "-1", "'-1' must be between 0 and 10" },
        // Section Teams (pacing).
        { "Teams:GlobalRatePerSecond", "0", "'0' must be a positive number" },
        // Section Storage.
        { "Storage:NetworkTimeout", "00:00:00", "must be positive" },
        // Section Hangfire.
        { "Hangfire:WorkerCount", "0", "'0' must be between 1 and 100" },
        { "Hangfire:HeartbeatCron", "every minute", "'every minute' is not a valid cron expression" },
        // Section Proactive.
        { "Proactive:DrainCron", "0 61 * * *", "'0 61 * * *' is not a valid cron expression" },
        // Section Nudges.
        { "Nudges:ScanCron", "0 61 * * *", "'0 61 * * *' is not a valid cron expression: set Nudges__ScanCron to a 5-field cron" },
        { "Nudges:WorkdayStart", "nine", "'nine' is not a time of day" },
        { "Nudges:NudgeNowWait", "00:01:00", "'00:01:00' must be between 00:00:00 and 00:00:10" },
        // Section Register.
        { "Register:OrganizationTimeZone", "Mars/Olympus_Mons", "'Mars/Olympus_Mons' is not a time zone I know" },
        // Section Audit.
        { "Audit:PageSize", "3", "'3' must be between 5 and 25" },
        { "Audit:ClaimSweepCron", "30 25 * * *", "'30 25 * * *' is not a valid cron expression" },
        { "Audit:EvidenceIndexRepairCron", "61 * * * *", "'61 * * * *' is not a valid cron expression" },
        // Section Ledger.
        { "Ledger:CheckpointContainer", "Not_A_Container", "'Not_A_Container' is not a blob container name" },
        { "Ledger:CheckpointCron", "daily", "'daily' is not a valid cron expression" },
        // Section Import.
        { "Import:MaxRows", "0", "'0' must be at least 1" },
        // Section Retention.
        { "Retention:ExportOffers", "00:01:00", "'00:01:00' must be between 01:00:00 and 365.00:00:00" },
        { "Retention:SweepCron", "45 3 * *", "'45 3 * *' is not a valid cron expression" },
        { "Retention:NudgeScanRuns", "00:10:00", "'00:10:00' must be between 1.00:00:00 and 365.00:00:00" },
        // Section Graph (its values are checked even while Graph is off, as it is here).
        { "Graph:MaxGroupPages", "0", "'0' must be at least 1" },
        // Section Roles.
        { "Roles:Auditors", "a/b/c", "'a/b/c' is not an object id" },
    };

    [Theory]
    [MemberData(nameof(BadValues))]
    public void Startup_is_refused_with_a_bad_value_naming_the_setting_and_what_to_set(string key, string value, string expected)
    {
        using var factory = new BotHostFactory(settings: new Dictionary<string, string?> { [key] = value });

        var message = Flatten(Assert.ThrowsAny<Exception>(() => factory.CreateClient()));

        Assert.Contains(key, message, StringComparison.Ordinal);
        Assert.Contains(expected, message, StringComparison.Ordinal);
        // The environment variable to set (`__` for `:`), e.g. Nudges__ScanCron.
        Assert.Contains(key.Replace(":", "__", StringComparison.Ordinal), message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_postgresql_hangfire_without_its_connection_string_is_refused_naming_it()
    {
        using var factory = new BotHostFactory(settings: new Dictionary<string, string?> { ["Hangfire:Storage"] = "postgresql", ["ConnectionStrings:Hangfire"] = "" });

        var message = Flatten(Assert.ThrowsAny<Exception>(() => factory.CreateClient()));

        Assert.Contains("ConnectionStrings__Hangfire", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Recurring_jobs_take_their_crons_from_the_validated_options_when_the_host_starts()
    {
        using var factory = new BotHostFactory(settings: new Dictionary<string, string?>
        {
            // Crons that never come (30 February), each distinct: the jobs must not fire on the wall clock mid-test.
            ["Nudges:ScanCron"] = "1 0 30 2 *",
            ["Proactive:DrainCron"] = "2 0 30 2 *",
            ["Hangfire:HeartbeatCron"] = "3 0 30 2 *",
        });
        using var client = factory.CreateClient();

        using var connection = factory.Services.GetRequiredService<JobStorage>().GetConnection();
        var crons = connection.GetRecurringJobs().ToDictionary(j => j.Id, j => j.Cron, StringComparer.Ordinal);

        Assert.Equal("1 0 30 2 *", crons[DueScanJob.RecurringJobId]);
        Assert.Equal("2 0 30 2 *", crons[OutboxDrainJob.RecurringJobId]);
        Assert.Equal("3 0 30 2 *", crons[HeartbeatJob.RecurringJobId]);
    }

    [Fact]
    public void Startup_succeeds_with_the_development_defaults()
    {
        // What `./aims run` starts with: Development, no keys (the development ledger key and a per-process
        // continuation key), every other setting at its default. Only the tables point at the tests' Azurite, and the
        // due scan keeps the test factory's cron that never fires (tests run the scan themselves).
        using var factory = new BotHostFactory(settings: new Dictionary<string, string?>
        {
            ["Audit:ContinuationKey"] = "",
            ["Ledger:SigningKey"] = "",
            ["Ledger:SigningKeyId"] = "",
        });

        using var client = factory.CreateClient();

        using var connection = factory.Services.GetRequiredService<JobStorage>().GetConnection();
        var crons = connection.GetRecurringJobs().ToDictionary(j => j.Id, j => j.Cron, StringComparer.Ordinal);
        Assert.Equal(new ProactiveOptions().DrainCron, crons[OutboxDrainJob.RecurringJobId]);
        Assert.Equal(new SchedulingOptions().HeartbeatCron, crons[HeartbeatJob.RecurringJobId]);
    }

    [Fact]
    public void Startup_succeeds_with_the_test_defaults_and_declares_every_recurring_job()
    {
        using var factory = new BotHostFactory();

        using var client = factory.CreateClient();

        using var connection = factory.Services.GetRequiredService<JobStorage>().GetConnection();
        var ids = connection.GetRecurringJobs().Select(j => j.Id).ToHashSet(StringComparer.Ordinal);
        Assert.Superset(
            new HashSet<string>(StringComparer.Ordinal)
            {
                HeartbeatJob.RecurringJobId, DueScanJob.RecurringJobId, OutboxDrainJob.RecurringJobId, "ledger-checkpoint",
                "retention-sweep", "continuation-claims-sweep", "evidence-index-repair",
            },
            ids);
    }
}
