using System.Net;
using System.Text.Json;
using AimsBot.Host.Tests.Support;
using AimsBot.Testing;

namespace AimsBot.Host.Tests.Foundation;

public sealed class HealthAndStartupTests
{
    [Fact]
    public async Task Healthz_is_healthy_with_azurite_up_and_shows_the_heartbeat()
    {
        using var factory = new BotHostFactory();
        using var client = factory.CreateClient();

        var health = await HealthProbe.WaitForAsync(client, h => h.Status == "Healthy", TimeSpan.FromSeconds(30));

        Assert.Equal("Healthy", health.Checks["tableStorage"].Status);
        Assert.Equal("Healthy", health.Checks["hangfire"].Status);
        Assert.Equal("Healthy", health.Checks["heartbeat"].Status);
        Assert.True(health.Checks["heartbeat"].Data!.ContainsKey("lastHeartbeat"));
        Assert.Equal(HttpStatusCode.OK, health.HttpStatus);
    }

    [Fact]
    public async Task Healthz_is_unhealthy_with_a_clear_reason_when_table_storage_is_down()
    {
        // A port nothing listens on: storage is "down".
        var deadPort = TestEnvironment.FreeLoopbackPort();
        using var factory = new BotHostFactory(settings: new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = TestEnvironment.AzuriteConnectionString(deadPort),
            ["Storage:MaxRetries"] = "0",
        });
        using var client = factory.CreateClient();

        var health = await HealthProbe.GetAsync(client);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.HttpStatus);
        Assert.Equal("Unhealthy", health.Status);
        Assert.Equal("Unhealthy", health.Checks["tableStorage"].Status);
        Assert.Contains("Table Storage is unreachable", health.Checks["tableStorage"].Description, StringComparison.Ordinal);
        Assert.Contains("Storage:ConnectionString", health.Checks["tableStorage"].Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Startup_is_refused_in_production_without_a_bot_app_id_and_says_what_to_set()
    {
        using var factory = new BotHostFactory(environment: "Production");
        var ex = Assert.ThrowsAny<Exception>(() => factory.CreateClient());
        var message = Flatten(ex);
        Assert.Contains("Bot:AppId is required", message, StringComparison.Ordinal);
        Assert.Contains("Bot__AppId", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Startup_is_refused_in_production_without_a_shared_continuation_key_and_says_what_to_set()
    {
        using var factory = new BotHostFactory(environment: "Production", settings: new Dictionary<string, string?>
        {
            ["Bot:AppId"] = "00000000-0000-0000-0000-0000000000b0",
            ["Bot:AppType"] = "SingleTenant",
            ["Bot:TenantId"] = "00000000-0000-0000-0000-000000000001",
            ["Bot:AppPassword"] = "not-a-real-secret",
            ["Audit:ContinuationKey"] = "",
        });
        var message = Flatten(Assert.ThrowsAny<Exception>(() => factory.CreateClient()));
        Assert.Contains("Audit:ContinuationKey is required in the Production environment", message, StringComparison.Ordinal);
        Assert.Contains("Audit__ContinuationKey", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Startup_is_refused_for_a_single_tenant_bot_without_tenant_or_secret()
    {
        using var factory = new BotHostFactory(environment: "Production", settings: new Dictionary<string, string?>
        {
            ["Bot:AppId"] = "00000000-0000-0000-0000-0000000000b0",
            ["Bot:AppType"] = "SingleTenant",
        });
        var message = Flatten(Assert.ThrowsAny<Exception>(() => factory.CreateClient()));
        Assert.Contains("Bot:TenantId is required", message, StringComparison.Ordinal);
        Assert.Contains("Bot:AppPassword is required", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Startup_is_refused_for_an_unknown_hangfire_storage()
    {
        using var factory = new BotHostFactory(settings: new Dictionary<string, string?> { ["Hangfire:Storage"] = "Redis" });
        var message = Flatten(Assert.ThrowsAny<Exception>(() => factory.CreateClient()));
        Assert.Contains("Hangfire:Storage 'Redis' is not known", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_hangfire_dashboard_exists_only_in_development_and_refuses_requests_not_from_loopback()
    {
        using (var dev = new BotHostFactory())
        {
            using var client = dev.CreateClient();
            var response = await client.GetAsync(new Uri("/hangfire", UriKind.Relative));
            // The in-memory test server gives no loopback address: the dashboard is there but refuses.
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        using var prod = new BotHostFactory(environment: "Production", settings: new Dictionary<string, string?>
        {
            ["Bot:AppId"] = "00000000-0000-0000-0000-0000000000b0",
            ["Bot:AppType"] = "SingleTenant",
            ["Bot:TenantId"] = "00000000-0000-0000-0000-000000000001",
            ["Bot:AppPassword"] = "not-a-real-secret",
        });
        using var prodClient = prod.CreateClient();
        Assert.Equal(HttpStatusCode.NotFound, (await prodClient.GetAsync(new Uri("/hangfire", UriKind.Relative))).StatusCode);
    }

    private static string Flatten(Exception ex)
    {
        var parts = new List<string>();
        for (Exception? e = ex; e is not null; e = e.InnerException)
        {
            parts.Add(e.Message);
            if (e is AggregateException agg)
            {
                parts.AddRange(agg.InnerExceptions.Select(i => i.Message));
            }
        }

        return string.Join(" | ", parts);
    }
}

internal sealed record HealthSnapshot(HttpStatusCode HttpStatus, string Status, Dictionary<string, HealthCheckSnapshot> Checks);

internal sealed record HealthCheckSnapshot(string Status, string? Description, Dictionary<string, string>? Data);

internal static class HealthProbe
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task<HealthSnapshot> GetAsync(HttpClient client)
    {
        using var response = await client.GetAsync(new Uri("/healthz", UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();
        using var doc = JsonDocument.Parse(body);
        var checks = doc.RootElement.GetProperty("checks").Deserialize<Dictionary<string, HealthCheckSnapshot>>(Json)!;
        return new HealthSnapshot(response.StatusCode, doc.RootElement.GetProperty("status").GetString()!, checks);
    }

    public static async Task<HealthSnapshot> WaitForAsync(HttpClient client, Func<HealthSnapshot, bool> condition, TimeSpan timeout)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        HealthSnapshot last;
        do
        {
            last = await GetAsync(client);
            if (condition(last))
            {
                return last;
            }

            await Task.Delay(250);
        }
        while (watch.Elapsed < timeout);

        throw new Xunit.Sdk.XunitException($"Health never reached the expected state; last: {JsonSerializer.Serialize(last, Json)}");
    }
}
