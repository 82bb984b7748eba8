using System.Buffers.Text;
using System.Text;
using AimsBot.Digest.Chart;
using AimsBot.Domain.Digest;
using AimsBot.Ledger;
using AimsBot.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace AimsBot.Host.Tests.Digest.Chart;

/// <summary>
/// The chart link the digest card carries: it names the tenant and week, cannot be changed or made up without the key,
/// expires after <c>Digest:ChartLinkLifetime</c>, and the card gets the chart inline only when it is small enough.
/// </summary>
public sealed class DigestChartLinksTests
{
    private const string Tenant = "11111111-2222-3333-4444-555555555555";
    private static readonly DateOnly Week = new(2026, 11, 23);
    private static readonly string LedgerKey = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());

    private readonly FakeTimeProvider _clock = new(TestClock.Default);

    [Fact]
    public void A_link_reads_back_as_its_tenant_and_week_until_it_expires_fourteen_days_on()
    {
        var links = Links();
        var token = links.Issue(Tenant, Week);

        var (link, problem) = links.Read(token);
        Assert.Equal(DigestChartLinkProblem.None, problem);
        Assert.Equal((Tenant, Week, TestClock.Default.AddDays(14)), (link!.TenantId, link.WeekStarting, link.ExpiresAt));

        _clock.Advance(TimeSpan.FromDays(14) - TimeSpan.FromSeconds(1));
        Assert.Equal(DigestChartLinkProblem.None, links.Read(token).Problem);
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal((null, DigestChartLinkProblem.Expired), links.Read(token));
    }

    [Fact]
    public void The_lifetime_is_the_configured_one()
    {
        var links = Links(new DigestChartOptions { ChartLinkLifetime = TimeSpan.FromDays(2) });
        var token = links.Issue(Tenant, Week);

        _clock.Advance(TimeSpan.FromDays(2));

        Assert.Equal(DigestChartLinkProblem.Expired, links.Read(token).Problem);
    }

    [Fact]
    public void A_changed_or_made_up_link_is_refused()
    {
        var links = Links();
        var token = links.Issue(Tenant, Week);
        var dot = token.IndexOf('.', StringComparison.Ordinal);
        var signature = token[(dot + 1)..];
        string Payload(string text) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(text));
        var expiry = TestClock.Default.AddDays(14).ToUnixTimeSeconds();

        string[] forged =
        [
            // Another tenant, another week, a later expiry, each with the genuine signature.
            Payload($"99999999-2222-3333-4444-555555555555|2026-11-23|{expiry}") + "." + signature,
            Payload($"{Tenant}|2026-11-16|{expiry}") + "." + signature,
            Payload($"{Tenant}|2026-11-23|{expiry + 86_400 * 365}") + "." + signature,
            // One character of the signature changed; the signature left off; not a token at all.
            token[..^1] + (token[^1] == 'A' ? 'B' : 'A'),
            token[..dot],
            token[..dot] + ".",
            "not-a-token",
            "",
            new string('A', 600) + "." + signature,
        ];

        Assert.All(forged, f => Assert.Equal((null, DigestChartLinkProblem.Forged), links.Read(f)));
    }

    [Fact]
    public void A_link_signed_with_another_deployments_key_is_refused()
    {
        var otherKey = Convert.ToBase64String(Enumerable.Range(101, 32).Select(i => (byte)i).ToArray());
        var theirs = Links(ledgerKey: otherKey).Issue(Tenant, Week);

        Assert.Equal(DigestChartLinkProblem.Forged, Links().Read(theirs).Problem);
    }

    [Fact]
    public void The_card_gets_a_signed_https_link_under_the_configured_address()
    {
        var links = Links(new DigestChartOptions { ChartBaseUrl = "https://aimsbot.example.com/" });

        var url = links.ForCard(Tenant, Week, DigestChartTests.TwelveWeeks());

        Assert.StartsWith("https://aimsbot.example.com/digest/chart/", url, StringComparison.Ordinal);
        Assert.EndsWith(".png", url, StringComparison.Ordinal);
        var token = url!["https://aimsbot.example.com/digest/chart/".Length..^".png".Length];
        Assert.Equal((Tenant, Week), (links.Read(token).Link!.TenantId, links.Read(token).Link!.WeekStarting));
    }

    [Fact]
    public void On_app_service_the_link_uses_the_sites_host_name()
    {
        var links = Links(configuration: new Dictionary<string, string?> { ["WEBSITE_HOSTNAME"] = "aimsbot-abc.azurewebsites.net" });

        Assert.StartsWith("https://aimsbot-abc.azurewebsites.net/digest/chart/", links.ForCard(Tenant, Week, DigestChartTests.TwelveWeeks()), StringComparison.Ordinal);
    }

    [Fact]
    public void Twelve_weeks_are_too_large_to_go_inline_so_the_card_links_to_them()
    {
        // 12 weeks draw to about 22 KB of PNG, 29 KB as a data: URI: more than a whole card may be.
        var links = Links(new DigestChartOptions { ChartBaseUrl = "https://aimsbot.example.com", ChartInlineMaxChars = DigestChartOptionsValidator.MaxInlineChars });

        var url = links.ForCard(Tenant, Week, DigestChartTests.TwelveWeeks());

        Assert.StartsWith("https://", url, StringComparison.Ordinal);
        Assert.True(DigestChartLinks.DataUri(DigestChart.RenderPng(DigestChartTests.TwelveWeeks())).Length > DigestChartOptionsValidator.MaxInlineChars);
    }

    [Fact]
    public void A_chart_within_the_inline_size_goes_in_the_card_as_a_data_uri()
    {
        var links = Links(new DigestChartOptions { ChartBaseUrl = "https://aimsbot.example.com", ChartInlineMaxChars = DigestChartOptionsValidator.MaxInlineChars });
        IReadOnlyList<DigestWeek> oneQuietWeek = [new DigestWeek(Week, 0, 0, 0)];

        var url = links.ForCard(Tenant, Week, oneQuietWeek);

        Assert.StartsWith("data:image/png;base64,", url, StringComparison.Ordinal);
        Assert.True(url!.Length <= DigestChartOptionsValidator.MaxInlineChars);
        Assert.Equal(DigestChart.RenderPng(oneQuietWeek), Convert.FromBase64String(url["data:image/png;base64,".Length..]));
    }

    [Fact]
    public void Without_a_known_address_outside_development_the_chart_is_left_out()
    {
        var links = Links(new DigestChartOptions { ChartInlineMaxChars = 0 });

        Assert.Null(links.ForCard(Tenant, Week, DigestChartTests.TwelveWeeks()));
    }

    [Fact]
    public async Task No_weeks_leave_the_chart_out_and_the_newest_week_names_the_link()
    {
        var links = Links(new DigestChartOptions { ChartBaseUrl = "https://aimsbot.example.com", ChartInlineMaxChars = 0 });
        var weeks = DigestChartTests.TwelveWeeks();

        Assert.Null(await links.ImageUrlAsync(Tenant, [], CancellationToken.None));
        var url = await links.ImageUrlAsync(Tenant, weeks, CancellationToken.None);
        var token = url!["https://aimsbot.example.com/digest/chart/".Length..^".png".Length];
        Assert.Equal(new DateOnly(2026, 11, 23), links.Read(token).Link!.WeekStarting);
    }

    [Theory]
    [InlineData("ChartLinkLifetime", "00:00:00")]
    [InlineData("ChartLinkLifetime", "91.00:00:00")]
    [InlineData("ChartBaseUrl", "aimsbot.example.com")]
    [InlineData("ChartBaseUrl", "ftp://aimsbot.example.com")]
    [InlineData("ChartInlineMaxChars", "30000")]
    public void A_setting_the_chart_could_not_use_is_refused_naming_it(string key, string value)
    {
        var options = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [key] = value }).Build().Get<DigestChartOptions>()!;

        var result = new DigestChartOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains("Digest__" + key, result.FailureMessage, StringComparison.Ordinal);
    }

    private DigestChartLinks Links(DigestChartOptions? options = null, string? ledgerKey = null, IDictionary<string, string?>? configuration = null)
    {
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(configuration ?? new Dictionary<string, string?>()).Build())
            .AddSingleton<IHostEnvironment>(new HostingEnvironment { EnvironmentName = Environments.Production })
            .BuildServiceProvider();
        return new DigestChartLinks(
            Options.Create(options ?? new DigestChartOptions()),
            Options.Create(new LedgerOptions { SigningKey = ledgerKey ?? LedgerKey, SigningKeyId = "k1" }),
            _clock,
            services,
            NullLogger<DigestChartLinks>.Instance);
    }
}
