using System.Net;
using System.Text.RegularExpressions;
using AimsBot.Digest.Chart;
using AimsBot.Domain.Digest;
using AimsBot.Host.Tests.Nudges;
using AimsBot.Storage.Digest;
using Microsoft.Extensions.DependencyInjection;
using SkiaSharp;

namespace AimsBot.Host.Tests.Digest.Chart;

/// <summary>
/// The chart behind the digest card's image, as Teams fetches it: <c>GET /digest/chart/{token}.png</c> without the
/// bot's authentication, drawn from the link's tenant's snapshot rows; a changed, expired or other tenant's link shows
/// nothing.
/// </summary>
public sealed partial class DigestChartEndpointTests : NudgeScanHost
{
    private const string OtherTenant = "99999999-8888-7777-6666-555555555555";
    private static readonly DateOnly ThisWeek = new(2026, 11, 23);

    public DigestChartEndpointTests()
        : base(new Dictionary<string, string?>
        {
            ["Roles:ComplianceLeads"] = Lead,
            ["Register:OrganizationTimeZone"] = "Europe/London",
            ["Digest:ScanCron"] = "0 0 1 1 *",
            ["Digest:ChartBaseUrl"] = "http://localhost",
        })
    {
    }

    private DigestChartLinks Links => Bot.Factory.Services.GetRequiredService<DigestChartLinks>();
    private DigestSnapshotStore Snapshots => Bot.Factory.Services.GetRequiredService<DigestSnapshotStore>();

    [Fact]
    public async Task The_card_of_digest_now_shows_a_chart_that_teams_can_fetch_without_the_bots_authentication()
    {
        await PersonAsync("aad-owner-1", "Olive Owner");
        await ControlAsync("A.2.2", "aad-owner-1", new DateOnly(2026, 11, 13));
        await SeedAsync(Tenant, ElevenWeeksBefore(ThisWeek));

        var card = Shown(await SayAsync("digest now", Lead));

        var url = ChartUrl().Match(card);
        Assert.True(url.Success, "the card has no chart link: " + card);
        // Teams refuses a card over 28 KB: with the chart as a link the digest stays well under it.
        Assert.True(System.Text.Encoding.UTF8.GetByteCount(card) < 28 * 1024, $"the card is {System.Text.Encoding.UTF8.GetByteCount(card)} bytes");
        using var anonymous = Bot.Factory.CreateClient();
        Assert.Null(anonymous.DefaultRequestHeaders.Authorization);
        var response = await anonymous.GetAsync(new Uri(url.Value).PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
        using var bitmap = SKBitmap.Decode(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal((DigestChart.Width, DigestChart.Height), (bitmap.Width, bitmap.Height));
        Assert.All(DigestChart.Series, s => Assert.True(DigestChartTests.CountNear(bitmap, SKColor.Parse(s.Colour)) > 100, s.Label + " is not drawn"));
    }

    [Fact]
    public async Task The_chart_is_drawn_from_the_links_tenants_rows_up_to_its_week()
    {
        var weeks = ElevenWeeksBefore(ThisWeek).Append(new DigestWeek(ThisWeek, 3, 9, 1)).ToList();
        await SeedAsync(Tenant, weeks);
        // A later week and another tenant's rows are not in this link's chart.
        await SeedAsync(Tenant, [new DigestWeek(ThisWeek.AddDays(7), 50, 50, 50)]);
        await SeedAsync(OtherTenant, [new DigestWeek(ThisWeek, 70, 70, 70)]);

        var png = await GetAsync(Links.Issue(Tenant, ThisWeek));

        Assert.Equal(HttpStatusCode.OK, png.Status);
        Assert.Equal(DigestChart.RenderPng(weeks), png.Body);
    }

    [Fact]
    public async Task Another_tenants_link_never_shows_this_tenants_chart()
    {
        await SeedAsync(Tenant, ElevenWeeksBefore(ThisWeek));
        var ours = await GetAsync(Links.Issue(Tenant, ThisWeek.AddDays(-7)));

        // A genuine link for a tenant with no rows: not found, rather than anyone's chart.
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync(Links.Issue(OtherTenant, ThisWeek.AddDays(-7)))).Status);

        // Once that tenant has rows, its link shows its own figures.
        IReadOnlyList<DigestWeek> theirWeeks = [new DigestWeek(ThisWeek.AddDays(-7), 70, 1, 70)];
        await SeedAsync(OtherTenant, theirWeeks);
        var theirs = await GetAsync(Links.Issue(OtherTenant, ThisWeek.AddDays(-7)));
        Assert.Equal(HttpStatusCode.OK, theirs.Status);
        Assert.Equal(DigestChart.RenderPng(theirWeeks), theirs.Body);
        Assert.NotEqual(ours.Body, theirs.Body);
    }

    [Fact]
    public async Task A_changed_or_made_up_link_is_not_found()
    {
        await SeedAsync(Tenant, ElevenWeeksBefore(ThisWeek));
        var token = Links.Issue(Tenant, ThisWeek.AddDays(-7));
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(token)).Status);

        var dot = token.IndexOf('.', StringComparison.Ordinal);
        foreach (var forged in new[] { token[..^2] + (token[^2] == 'x' ? "yz" : "xz"), token[..dot] + ".AAAA", token[..(dot - 1)] + (token[dot - 1] == 'A' ? 'B' : 'A') + token[dot..], "anything", new string('a', 5000) })
        {
            var response = await GetAsync(forged);
            Assert.Equal(HttpStatusCode.NotFound, response.Status);
            Assert.Empty(response.Body);
        }
    }

    [Fact]
    public async Task A_link_works_for_fourteen_days_and_then_is_gone()
    {
        await SeedAsync(Tenant, ElevenWeeksBefore(ThisWeek));
        var token = Links.Issue(Tenant, ThisWeek.AddDays(-7));

        Clock.Advance(TimeSpan.FromDays(14) - TimeSpan.FromMinutes(1));
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(token)).Status);

        Clock.Advance(TimeSpan.FromMinutes(1));
        var expired = await GetAsync(token);
        Assert.Equal(HttpStatusCode.Gone, expired.Status);
        Assert.Empty(expired.Body);
    }

    /// <summary>The eleven weeks before <paramref name="week"/>, oldest first, each figure moving.</summary>
    private static IReadOnlyList<DigestWeek> ElevenWeeksBefore(DateOnly week) =>
        Enumerable.Range(1, 11).Reverse().Select(i => new DigestWeek(week.AddDays(-7 * i), 5 + i, 20 - i, 2 + i % 3)).ToList();

    private async Task SeedAsync(string tenantId, IEnumerable<DigestWeek> weeks)
    {
        foreach (var week in weeks)
        {
            await Snapshots.SaveAsync(tenantId, week, Clock.GetUtcNow());
        }
    }

    /// <summary>GETs a chart as Teams does: no Authorization header.</summary>
    private async Task<(HttpStatusCode Status, byte[] Body)> GetAsync(string token)
    {
        using var anonymous = Bot.Factory.CreateClient();
        var response = await anonymous.GetAsync(DigestChartLinks.PathPrefix + token + ".png");
        return (response.StatusCode, await response.Content.ReadAsByteArrayAsync());
    }

    [GeneratedRegex(@"http://localhost/digest/chart/[A-Za-z0-9_.-]+\.png")]
    private static partial Regex ChartUrl();
}
