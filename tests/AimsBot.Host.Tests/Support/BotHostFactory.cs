using AimsBot.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace AimsBot.Host.Tests.Support;

/// <summary>
/// The real host in memory (WebApplicationFactory) against real Azurite, with settings per test.
/// Each factory gets its own table prefix so tests never see each other's rows.
/// </summary>
public sealed class BotHostFactory : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings;
    private readonly string _environment;
    private readonly TimeProvider? _clock;

    /// <param name="clock">The host's TimeProvider (e.g. a <see cref="RunningClock"/> at a stated instant); null keeps the system clock.</param>
    public BotHostFactory(string environment = "Development", IDictionary<string, string?>? settings = null, TimeProvider? clock = null)
    {
        _environment = environment;
        _clock = clock;
        TablePrefix = TestEnvironment.UniqueTablePrefix();
        _settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["Storage:ConnectionString"] = TestEnvironment.TableConnectionString,
            ["Storage:TablePrefix"] = TablePrefix,
            ["Hangfire:Storage"] = "InMemory",
            ["Audit:ContinuationKey"] = TestEnvironment.ContinuationKey,
            ["Ledger:SigningKey"] = TestEnvironment.LedgerSigningKey,
            ["Ledger:SigningKeyId"] = TestEnvironment.LedgerSigningKeyId,
            ["Ledger:CheckpointContainer"] = TestEnvironment.UniqueContainerName(),
            // Hangfire fires recurring jobs on the real clock: a due scan firing at :15 of the wall clock in the middle
            // of a test that stated its own instant made the outcome depend on the time of day. Tests run the scan
            // themselves; 31 February never comes.
            ["Nudges:ScanCron"] = NeverCron,
        };
        if (settings is not null)
        {
            foreach (var (key, value) in settings)
            {
                _settings[key] = value;
            }
        }
    }

    /// <summary>A cron expression with no occurrence (31 February), for recurring jobs a test must not see fire.</summary>
    public const string NeverCron = "0 0 31 2 *";

    public string TablePrefix { get; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(_environment);
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        if (_clock is not null)
        {
            builder.ConfigureTestServices(services => services.AddSingleton(_clock));
        }
    }
}
