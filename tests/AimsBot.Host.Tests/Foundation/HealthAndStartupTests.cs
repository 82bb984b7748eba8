using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using AimsBot.Host.Tests.Support;
using AimsBot.Testing;
using static AimsBot.Host.Tests.Support.ExceptionMessages;

namespace AimsBot.Host.Tests.Foundation;

public sealed class HealthAndStartupTests
{
    [Fact]
    public async Task Healthz_is_healthy_with_azurite_up_and_shows_the_heartbeat_on_loopback()
    {
        using var factory = new BotHostFactory();
        using var client = factory.CreateClient();

        var health = await HealthProbe.WaitForAsync(() => HealthProbe.FromLoopbackAsync(factory), h => h.Status == "healthy", TimeSpan.FromSeconds(30));

        Assert.Equal("healthy", health.Checks["tableStorage"].Status);
        Assert.Equal("healthy", health.Checks["hangfire"].Status);
        Assert.Equal("healthy", health.Checks["heartbeat"].Status);
        Assert.True(health.Checks["heartbeat"].Data!.ContainsKey("lastHeartbeat"));
        Assert.True(health.Checks["heartbeat"].Data!.ContainsKey("host"));
        Assert.Equal(HttpStatusCode.OK, health.HttpStatus);

        // Anyone else learns the status and nothing more.
        var (status, body) = await HealthProbe.FromOutsideAsync(client);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("""{"status":"healthy"}""", body);
    }

    [Fact]
    public async Task Healthz_is_unhealthy_with_a_clear_reason_on_loopback_and_only_the_status_elsewhere_when_table_storage_is_down()
    {
        // A port nothing listens on: storage is "down".
        var deadPort = TestEnvironment.FreeLoopbackPort();
        using var factory = new BotHostFactory(settings: new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = TestEnvironment.AzuriteConnectionString(deadPort),
            ["Storage:MaxRetries"] = "0",
        });
        using var client = factory.CreateClient();

        var (status, body) = await HealthProbe.FromOutsideAsync(client);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("""{"status":"unhealthy"}""", body);

        var health = await HealthProbe.FromLoopbackAsync(factory, IPAddress.Parse("::ffff:127.0.0.1"));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.HttpStatus);
        Assert.Equal("unhealthy", health.Status);
        Assert.Equal("unhealthy", health.Checks["tableStorage"].Status);
        Assert.Contains("Table Storage is unreachable", health.Checks["tableStorage"].Description, StringComparison.Ordinal);
        Assert.Contains("Storage:ConnectionString", health.Checks["tableStorage"].Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Healthz_gives_no_details_to_a_caller_on_another_address()
    {
        using var factory = new BotHostFactory();
        using var client = factory.CreateClient();
        await HealthProbe.WaitForAsync(() => HealthProbe.FromLoopbackAsync(factory), h => h.Status == "healthy", TimeSpan.FromSeconds(30));

        var context = await factory.Server.SendAsync(c =>
        {
            c.Request.Method = HttpMethods.Get;
            c.Request.Path = "/healthz";
            c.Connection.RemoteIpAddress = IPAddress.Parse("10.1.2.3");
        });

        Assert.Equal(StatusCodes.Status200OK, context.Response.StatusCode);
        Assert.Equal("""{"status":"healthy"}""", await new StreamReader(context.Response.Body).ReadToEndAsync());
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

}

internal sealed record HealthSnapshot(HttpStatusCode HttpStatus, string Status, Dictionary<string, HealthCheckSnapshot> Checks);

internal sealed record HealthCheckSnapshot(string Status, string? Description, Dictionary<string, string>? Data);

internal static class HealthProbe
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>GET /healthz as any client does (the in-memory server gives no remote address: not loopback).</summary>
    public static async Task<(HttpStatusCode Status, string Body)> FromOutsideAsync(HttpClient client)
    {
        using var response = await client.GetAsync(new Uri("/healthz", UriKind.Relative));
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>GET /healthz from a loopback address (an operator on the machine), with every check's details.</summary>
    public static async Task<HealthSnapshot> FromLoopbackAsync(BotHostFactory factory, IPAddress? address = null)
    {
        var context = await factory.Server.SendAsync(c =>
        {
            c.Request.Method = HttpMethods.Get;
            c.Request.Path = "/healthz";
            c.Connection.RemoteIpAddress = address ?? IPAddress.Loopback;
        });
        var body = await new StreamReader(context.Response.Body).ReadToEndAsync();
        using var doc = JsonDocument.Parse(body);
        var checks = doc.RootElement.GetProperty("checks").Deserialize<Dictionary<string, HealthCheckSnapshot>>(Json)!;
        return new HealthSnapshot((HttpStatusCode)context.Response.StatusCode, doc.RootElement.GetProperty("status").GetString()!, checks);
    }

    public static async Task<HealthSnapshot> WaitForAsync(Func<Task<HealthSnapshot>> probe, Func<HealthSnapshot, bool> condition, TimeSpan timeout)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        HealthSnapshot last;
        do
        {
            last = await probe();
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
