using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using AimsBot.Storage;
using AimsBot.Storage.Users;
using AimsBot.Teams.Connector;
using AimsBot.Teams.Tests.Support;
using AimsBot.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace AimsBot.Host.Tests.Support;

/// <summary>
/// The host as production runs it — a bot app id, real token validation against a local OpenID provider,
/// an allowed tenant — with replies going to a fake connector. Only the outbound token (Entra, unreachable
/// here) is stubbed.
/// </summary>
public sealed class ProtocolHarness : IAsyncLifetime
{
    public const string Tenant = "11111111-2222-3333-4444-555555555555";
    public const string OutboundToken = "outbound-test-token";
    public const string ComplianceLeadId = "aad-lead-0001";
    public const string AuditorId = "aad-auditor-0001";

    public LocalOpenIdProvider Provider { get; private set; } = null!;
    public FakeConnector Connector { get; private set; } = null!;
    public TestSigningKey EndorsedKey { get; private set; } = null!;
    public TestSigningKey UnendorsedKey { get; private set; } = null!;
    public WebApplicationFactory<Program> Factory { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;
    public string ServiceUrl => Connector.ServiceUrl;

    /// <summary>Extra host settings for one test, applied over the defaults below (set before <see cref="InitializeAsync"/>).</summary>
    public IDictionary<string, string?> Settings { get; init; } = new Dictionary<string, string?>();

    /// <summary>
    /// The host's TimeProvider, set before <see cref="InitializeAsync"/> (a FakeTimeProvider or a
    /// <see cref="RunningClock"/> at a stated instant); null keeps the system clock. Tokens and activity
    /// timestamps follow the host's clock, whichever it is, since the host checks token lifetimes against it.
    /// </summary>
    public TimeProvider? Clock { get; init; }

    /// <summary>The clock the running host reads.</summary>
    public TimeProvider HostClock => Factory.Services.GetRequiredService<TimeProvider>();

    /// <summary>Extra service registrations for one test, applied after the harness's own (set before <see cref="InitializeAsync"/>).</summary>
    public Action<IServiceCollection>? ConfigureServices { get; init; }

    public async Task InitializeAsync()
    {
        Provider = await LocalOpenIdProvider.StartAsync();
        EndorsedKey = Provider.AddKey(KeyMaterial.A, endorsements: ["msteams"]);
        UnendorsedKey = Provider.AddKey(KeyMaterial.B, endorsements: []);
        Connector = await FakeConnector.StartAsync();
        var settings = new Dictionary<string, string?>
        {
            ["Bot:AppId"] = TestTokens.AppId,
            ["Bot:AppType"] = "MultiTenant",
            ["Bot:AppPassword"] = "unused-in-tests",
            ["Bot:OpenIdMetadataUrl"] = Provider.MetadataUrl,
            ["Bot:AllowedTenants:0"] = Tenant,
            ["Roles:ComplianceLeads"] = ComplianceLeadId,
            ["Roles:Auditors"] = AuditorId,
            ["Bot:Connector:RetryBaseDelay"] = "00:00:00.050",
            // Entra and Graph are unreachable here: tests that need Graph turn it on against a StubGraphServer.
            ["Graph:Enabled"] = "false",
        };
        foreach (var (key, value) in Settings)
        {
            settings[key] = value;
        }

        Factory = new BotHostFactory("Production", settings, Clock).WithWebHostBuilder(b => b.ConfigureTestServices(services =>
        {
            services.AddSingleton<IConnectorTokenProvider>(new FixedTokenProvider(OutboundToken));
            ConfigureServices?.Invoke(services);
        }));
        Client = Factory.CreateClient();
        await Factory.Services.GetRequiredService<TableInitializer>().Ready.WaitAsync(TimeSpan.FromSeconds(30));
    }

    public async Task DisposeAsync()
    {
        // Also after a host that refused to start: what did start is stopped.
        Client?.Dispose();
        if (Factory is not null)
        {
            await Factory.DisposeAsync();
        }

        if (Connector is not null)
        {
            await Connector.DisposeAsync();
        }

        if (Provider is not null)
        {
            await Provider.DisposeAsync();
        }
    }

    public UserDirectory Users => Factory.Services.GetRequiredService<UserDirectory>();

    public string Token(TestSigningKey? key = null, string? serviceUrl = null) =>
        TestTokens.Create(key ?? EndorsedKey, HostClock.GetUtcNow(), serviceUrl: serviceUrl ?? ServiceUrl);

    public Task<HttpResponseMessage> PostAsync(JsonObject activity, string? token = "default") =>
        PostRawAsync(activity.ToJsonString(), token);

    public async Task<HttpResponseMessage> PostRawAsync(string body, string? token = "default")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token == "default" ? Token() : token);
        }

        return await Client.SendAsync(request);
    }

    /// <summary>A Teams activity from a person in this tenant's 1:1 chat with the bot.</summary>
    public JsonObject Activity(string type, string? text = null, string? userAadId = "aad-user-0001", string tenant = Tenant, string? id = null, string conversationId = "a:personal-1")
    {
        var activity = new JsonObject
        {
            ["type"] = type,
            ["id"] = id ?? Guid.NewGuid().ToString("N"),
            ["timestamp"] = HostClock.GetUtcNow().ToString("O"),
            ["localTimezone"] = "Europe/Berlin",
            ["serviceUrl"] = ServiceUrl,
            ["channelId"] = "msteams",
            ["from"] = new JsonObject { ["id"] = "29:user-" + userAadId, ["name"] = "Dana Owner", ["aadObjectId"] = userAadId },
            ["conversation"] = new JsonObject { ["id"] = conversationId, ["conversationType"] = "personal", ["tenantId"] = tenant },
            ["recipient"] = new JsonObject { ["id"] = "28:" + TestTokens.AppId, ["name"] = "AimsBot" },
            ["channelData"] = new JsonObject { ["tenant"] = new JsonObject { ["id"] = tenant } },
        };
        if (text is not null)
        {
            activity["text"] = text;
        }

        return activity;
    }

    /// <summary>Waits until the fake connector has seen <paramref name="count"/> requests matching <paramref name="match"/>.</summary>
    public async Task<IReadOnlyList<RecordedRequest>> WaitForRequestsAsync(Func<RecordedRequest, bool> match, int count = 1, TimeSpan? timeout = null)
    {
        var found = new List<RecordedRequest>();
        await Eventually.TrueAsync(
            () =>
            {
                found = Connector.Requests.Where(match).ToList();
                return found.Count >= count;
            },
            timeout ?? TimeSpan.FromSeconds(10),
            TimeSpan.FromMilliseconds(50));
        return found;
    }

    private sealed class FixedTokenProvider(string token) : IConnectorTokenProvider
    {
        public bool IsAnonymous => false;

        public ValueTask<string?> GetTokenAsync(CancellationToken cancellationToken = default) => ValueTask.FromResult<string?>(token);
    }
}
