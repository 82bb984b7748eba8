using System.Collections.Concurrent;
using AimsBot.Graph;
using AimsBot.Host.Tests.Support;
using AimsBot.Testing;
using Azure.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Moq;

namespace AimsBot.Host.Tests.Graph;

/// <summary>
/// The Graph adapter as the host wires it (<c>AddGraph</c>), pointed at a <see cref="StubGraphServer"/>. Only the
/// token credential is a mock: Entra cannot be reached here.
/// </summary>
public sealed class GraphTestHost : IAsyncDisposable
{
    public const string Token = "graph-test-token";
    public const string Tenant = "11111111-2222-3333-4444-555555555555";

    private GraphTestHost(StubGraphServer stub, Mock<TokenCredential> credential, ServiceProvider services, ListLoggerProvider logs)
    {
        Stub = stub;
        Credential = credential;
        Services = services;
        Logs = logs;
    }

    public StubGraphServer Stub { get; }
    public Mock<TokenCredential> Credential { get; }
    public ServiceProvider Services { get; }
    public ListLoggerProvider Logs { get; }

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    public static async Task<GraphTestHost> StartAsync(IDictionary<string, string?>? settings = null)
    {
        var stub = await StubGraphServer.StartAsync();
        var values = new Dictionary<string, string?>
        {
            ["Bot:AppId"] = "00000000-0000-0000-0000-0000000000b0",
            ["Bot:AppType"] = "SingleTenant",
            ["Bot:TenantId"] = Tenant,
            ["Bot:AppPassword"] = "not-used-the-credential-is-mocked",
            ["Graph:BaseUrl"] = stub.BaseUrl,
            ["Graph:RetryBaseDelay"] = "00:00:00.050",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var credential = new Mock<TokenCredential>();
        credential.Setup(c => c.GetTokenAsync(It.IsAny<TokenRequestContext>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new AccessToken(Token, TestClock.FarFuture));
        var logs = new ListLoggerProvider();
        var services = new ServiceCollection()
            .AddLogging(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Debug))
            .AddGraph(configuration)
            .AddKeyedSingleton(GraphClientProvider.CredentialKey, credential.Object)
            .BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        return new GraphTestHost(stub, credential, services, logs);
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await Stub.DisposeAsync();
    }
}

/// <summary>Keeps what was logged, to check that a degraded answer still left a trace for operators.</summary>
public sealed class ListLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<(LogLevel Level, string Category, string Message, Exception? Exception)> _entries = new();

    public IReadOnlyCollection<(LogLevel Level, string Category, string Message, Exception? Exception)> Entries => _entries;

    public ILogger CreateLogger(string categoryName) => new ListLogger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class ListLogger(ListLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner._entries.Enqueue((logLevel, category, formatter(state, exception), exception));
    }
}
