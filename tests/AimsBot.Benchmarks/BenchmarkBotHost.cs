using AimsBot.Hosting;
using AimsBot.Storage;
using AimsBot.Teams.Connector;
using AimsBot.Teams.Pacing;
using AimsBot.Teams.Tests.Support;
using AimsBot.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AimsBot.Benchmarks;

/// <summary>
/// The bot as production runs it, on Kestrel over loopback: a bot app id, real token validation against a local
/// OpenID provider, Azurite, replies to a fake connector. Outbound pacing is a pass-through (the figures are the
/// inbound pipeline's, not the Teams send limit's) and Graph is off (Entra is unreachable here).
/// </summary>
internal sealed class BenchmarkBotHost : IAsyncDisposable
{
    public const string Tenant = "11111111-2222-3333-4444-555555555555";

    private BenchmarkBotHost(LocalOpenIdProvider provider, FakeConnector connector, WebApplication app, string token, Uri baseAddress)
    {
        Provider = provider;
        Connector = connector;
        App = app;
        Token = token;
        BaseAddress = baseAddress;
    }

    /// <summary>Outbound calls per inbound request, when <c>AIMSBOT_BENCH_TRACE=1</c>.</summary>
    private static RoundTripTrace? _trace;

    public LocalOpenIdProvider Provider { get; }
    public FakeConnector Connector { get; }
    public WebApplication App { get; }
    public IServiceProvider Services => App.Services;
    /// <summary>A valid channel token for two hours.</summary>
    public string Token { get; }
    public Uri BaseAddress { get; }

    /// <param name="settings">Extra host settings (roles, say), applied over the defaults.</param>
    public static async Task<BenchmarkBotHost> StartAsync(IReadOnlyDictionary<string, string?>? settings = null)
    {
        _trace ??= RoundTripTrace.StartIfAsked();
        var provider = await LocalOpenIdProvider.StartAsync();
        var key = provider.AddKey(KeyMaterial.A, endorsements: ["msteams"]);
        var connector = await FakeConnector.StartAsync();
        var port = TestEnvironment.FreeLoopbackPort();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["urls"] = $"http://127.0.0.1:{port}",
            ["Bot:AppId"] = TestTokens.AppId,
            ["Bot:AppType"] = "MultiTenant",
            ["Bot:AppPassword"] = "unused",
            ["Bot:OpenIdMetadataUrl"] = provider.MetadataUrl,
            ["Bot:AllowedTenants:0"] = Tenant,
            ["Storage:ConnectionString"] = TestEnvironment.TableConnectionString,
            ["Storage:TablePrefix"] = TestEnvironment.UniqueTablePrefix(),
            ["Graph:Enabled"] = "false",
            ["Audit:ContinuationKey"] = TestEnvironment.ContinuationKey,
            ["Ledger:SigningKey"] = TestEnvironment.LedgerSigningKey,
            ["Ledger:SigningKeyId"] = TestEnvironment.LedgerSigningKeyId,
            ["Logging:LogLevel:Default"] = "Warning",
        });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        builder.Services.AddSingleton<IConnectorTokenProvider>(new FixedToken());
        builder.Services.AddSingleton<IOutboundRateLimiter>(new PassThroughLimiter());
        builder.AddAimsBot();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        app.MapAimsBot();
        await app.StartAsync();
        await app.Services.GetRequiredService<TableInitializer>().Ready.WaitAsync(TimeSpan.FromSeconds(30));
        var token = TestTokens.Create(key, app.Services.GetRequiredService<TimeProvider>().GetUtcNow(), serviceUrl: connector.ServiceUrl, expires: TimeSpan.FromHours(2));
        return new BenchmarkBotHost(provider, connector, app, token, new Uri($"http://127.0.0.1:{port}"));
    }

    public async ValueTask DisposeAsync()
    {
        _trace?.Print();
        _trace?.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        await Connector.DisposeAsync();
        await Provider.DisposeAsync();
    }

    private sealed class FixedToken : IConnectorTokenProvider
    {
        public bool IsAnonymous => false;

        public ValueTask<string?> GetTokenAsync(CancellationToken cancellationToken = default) => ValueTask.FromResult<string?>("bench-token");
    }

    private sealed class PassThroughLimiter : IOutboundRateLimiter
    {
        public ValueTask<IDisposable> WaitAsync(string? conversationKey, CancellationToken cancellationToken = default) => ValueTask.FromResult<IDisposable>(NoLease.Instance);

        private sealed class NoLease : IDisposable
        {
            public static readonly NoLease Instance = new();

            public void Dispose()
            {
            }
        }
    }
}
