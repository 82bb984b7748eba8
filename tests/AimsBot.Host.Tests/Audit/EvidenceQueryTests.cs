using System.Text;
using System.Text.Json.Nodes;
using AimsBot.Audit;
using AimsBot.Commands;
using AimsBot.Domain.Access;
using AimsBot.Storage.Audit;
using AimsBot.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace AimsBot.Host.Tests.Audit;

/// <summary><c>evidence &lt;id&gt;</c> through the real host: paging, continuations, filters, parsing, exports.</summary>
public sealed class EvidenceQueryTests : AuditHostTest
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 8, 0, 0, TimeSpan.Zero);
    private readonly RunningClock _clock;

    /// <summary>The host's clock starts at <see cref="TestClock.Default"/> and runs on.</summary>
    public EvidenceQueryTests()
        : this(new RunningClock(TestClock.Default))
    {
    }

    private EvidenceQueryTests(RunningClock clock)
        : base(clock) => _clock = clock;

    [Fact]
    public async Task Paging_over_250_rows_shows_each_exactly_once_newest_first_and_each_card_fits_Teams()
    {
        var expected = await SeedEvidenceAsync(Tenant, "org", "A.6.2.6", 250, Start, TimeSpan.FromMinutes(37));

        var first = await SayAsync("evidence A.6.2.6", userAadId: Auditor);
        Assert.InRange(first.CardBytes, 1, 28 * 1024 - 1);
        Assert.Contains("Rows 1–20, newest first", first.Shown, StringComparison.Ordinal);
        var pages = await AllPagesAsync("evidence A.6.2.6", Auditor);

        var shown = pages.SelectMany(p => p).ToList();
        Assert.Equal(expected, shown);
        Assert.Equal(250, shown.Distinct().Count());
        Assert.All(pages.SkipLast(1), p => Assert.Equal(20, p.Count));
        Assert.Equal(13, pages.Count);
    }

    [Fact]
    public async Task The_last_page_says_the_list_ended_and_an_empty_control_says_so_plainly()
    {
        await SeedEvidenceAsync(Tenant, "org", "A.6.2.6", 3, Start, TimeSpan.FromDays(1));
        var reply = await SayAsync("evidence A.6.2.6");
        Assert.Null(More(reply.Card));
        Assert.Contains("End of the list: 3 records", reply.Shown, StringComparison.Ordinal);
        Assert.Contains("\"type\":\"Table\"", reply.Card!.ToJsonString(), StringComparison.Ordinal);

        var empty = await SayAsync("evidence A.2.2");
        Assert.Equal("No evidence has been recorded for A.2.2 AI policy.", empty.Text);
    }

    [Fact]
    public async Task Since_and_until_are_inclusive_UTC_submission_days()
    {
        // One record an hour from 2026-01-01 08:00 for 5 days.
        var all = await SeedEvidenceAsync(Tenant, "org", "A.6.2.6", 120, Start, TimeSpan.FromHours(1));
        var pages = await AllPagesAsync("evidence A.6.2.6 since 2026-01-02 until 2026-01-03");
        var shown = pages.SelectMany(p => p).ToList();

        // 2026-01-02 00:00 is hour 16; 2026-01-03 23:00 is hour 63 → 48 records.
        var expected = all.AsEnumerable().Reverse().Skip(16).Take(48).Reverse().ToList();
        Assert.Equal(expected, shown);

        var since = (await AllPagesAsync("evidence A.6.2.6 since 2026-01-05")).SelectMany(p => p).ToList();
        Assert.Equal(all.Take(120 - 88), since);
        var until = (await AllPagesAsync("evidence A.6.2.6 until 2026-01-01")).SelectMany(p => p).ToList();
        Assert.Equal(all.TakeLast(16), until);
    }

    [Theory]
    [MemberData(nameof(TestClock.CriticalDays), MemberType = typeof(TestClock))]
    public async Task Since_and_until_are_inclusive_UTC_submission_days_across_critical_days(string day)
    {
        // One record an hour from 08:00 the day before the critical day, for 3 days; asked on the day after.
        var critical = DateOnly.FromDateTime(TestClock.At(day).UtcDateTime);
        var first = new DateTimeOffset(critical.AddDays(-1).ToDateTime(new TimeOnly(8, 0)), TimeSpan.Zero);
        _clock.SetUtcNow(first.AddDays(4));
        var all = await SeedEvidenceAsync(Tenant, "org", "A.6.2.6", 72, first, TimeSpan.FromHours(1));
        var oldestFirst = all.AsEnumerable().Reverse().ToList();

        // The critical day alone: hours 16 to 39 of the run (00:00 to 23:00 UTC) → 24 records.
        var onTheDay = (await AllPagesAsync($"evidence A.6.2.6 since {TestClock.Iso(critical)} until {TestClock.Iso(critical)}")).SelectMany(p => p).ToList();
        Assert.Equal(oldestFirst.Skip(16).Take(24).Reverse(), onTheDay);

        // Since the day after: hours 40 to 71 → 32 records; until the day before: hours 0 to 15 → 16 records.
        var since = (await AllPagesAsync($"evidence A.6.2.6 since {TestClock.Iso(critical.AddDays(1))}")).SelectMany(p => p).ToList();
        Assert.Equal(all.Take(32), since);
        var until = (await AllPagesAsync($"evidence A.6.2.6 until {TestClock.Iso(critical.AddDays(-1))}")).SelectMany(p => p).ToList();
        Assert.Equal(all.TakeLast(16), until);
    }

    [Theory]
    [InlineData("evidence a6.2.6")]
    [InlineData("evidence A.6.2.6")]
    [InlineData("evidence A 6.2.6")]
    [InlineData("EVIDENCE for A.6.2.6 since 2026-01-01")]
    [InlineData("evidence of a.6.2.6 until 2099-12-31 since 2025-12-31")]
    public async Task Forgiving_spellings_find_the_control(string text)
    {
        var ids = await SeedEvidenceAsync(Tenant, "org", "A.6.2.6", 2, Start, TimeSpan.FromDays(1));
        var reply = await SayAsync(text);
        Assert.Equal(ids, Ids(reply.Card));
    }

    [Fact]
    public async Task The_usage_hint_keeps_its_placeholders_in_a_text_reply_teams_reads_as_markdown_with_html()
    {
        // Teams (and the Agents Playground) would take <id> or <yyyy-mm-dd> for HTML tags and drop them.
        var reply = (await SayAsync("evidence A.6.2.6 since 2026-13-01")).Text!;
        Assert.EndsWith("Use: **evidence &lt;id&gt; [system &lt;name&gt;|all systems] [since &lt;yyyy-mm-dd&gt;] [until &lt;yyyy-mm-dd&gt;] [covering &lt;from&gt; &lt;to&gt;]**", reply, StringComparison.Ordinal);
        Assert.DoesNotContain('<', reply);
        Assert.DoesNotContain('>', reply);
    }

    [Fact]
    public async Task Unknown_controls_and_bad_dates_get_clear_messages_and_evidence_add_still_opens_its_form()
    {
        Assert.Contains("Did you mean A.6.2.8", (await SayAsync("evidence A.6.2.9")).Text, StringComparison.Ordinal);
        Assert.Contains("'2026-13-01' after 'since' is not a date I can read", (await SayAsync("evidence A.6.2.6 since 2026-13-01")).Text, StringComparison.Ordinal);
        Assert.Contains("Give a date after 'until'", (await SayAsync("evidence A.6.2.6 until")).Text, StringComparison.Ordinal);
        Assert.Contains("is before 'since'", (await SayAsync("evidence A.6.2.6 since 2026-02-01 until 2026-01-01")).Text, StringComparison.Ordinal);
        Assert.Contains("Which control?", (await SayAsync("evidence")).Text, StringComparison.Ordinal);

        var form = await SayAsync("evidence add A.2.2");
        Assert.Contains("register.evidence.add", form.Shown, StringComparison.Ordinal);
        var router = Bot.Factory.Services.GetRequiredService<CommandRouter>();
        Assert.Equal("evidence add", router.Match("evidence add A.2.2").Command!.Name);
        Assert.Equal("evidence", router.Match("evidence A.2.2").Command!.Name);
        Assert.Equal("evidence", router.Match("evidence  addendum").Command!.Name);
    }

    [Fact]
    public async Task A_forged_tampered_expired_someone_elses_or_replayed_continuation_is_refused_with_no_rows()
    {
        await SeedEvidenceAsync(Tenant, "org", "A.6.2.6", 45, Start, TimeSpan.FromHours(1));
        var first = await SayAsync("evidence A.6.2.6", userAadId: Auditor);
        var more = More(first.Card)!;
        var token = (string)more["continuation"]!;

        // Tampered: the payload says "start after another row", the signature is the original.
        var parts = token.Split('.');
        var payload = JsonNode.Parse(Encoding.UTF8.GetString(FromBase64Url(parts[0])))!;
        payload["a"] = "0";
        var tampered = Base64Url(Encoding.UTF8.GetBytes(payload.ToJsonString())) + "." + parts[1];
        await AssertRefusedAsync(tampered, Auditor, 400, "not one I issued");

        // Forged: well-formed and signed, but with a key that is not the bot's.
        var caller = new Caller(Tenant, Auditor, "29:user-" + Auditor, "Auditor", new HashSet<Role> { Role.Auditor });
        var forger = Signer(Convert.ToBase64String(Encoding.UTF8.GetBytes("a-key-that-is-not-the-bots-key-at-all!")), _clock);
        await AssertRefusedAsync(forger.Issue(caller, "evidence", Parameters(), "0", 1, 20), Auditor, 400, "not one I issued");
        await AssertRefusedAsync("not-a-token", Auditor, 400, "not one I issued");

        // Expired: signed with the bot's key two hours ago (continuations last one hour).
        var past = new FakeTimeProvider(_clock.GetUtcNow().AddHours(-2));
        await AssertRefusedAsync(Signer(ContinuationKey, past).Issue(caller, "evidence", Parameters(), "0", 1, 20), Auditor, 400, "too old");

        // Someone else's: the lead presses the auditor's button.
        await AssertRefusedAsync(token, Lead, 403, "someone else's");

        // The real one works once; the replay is refused.
        var page = await InvokeAsync("audit.evidence.more", more, Auditor);
        Assert.Equal(20, Ids(page.Card).Count);
        await AssertRefusedAsync(token, Auditor, 400, "already shown");
    }

    [Fact]
    public async Task The_export_holds_exactly_what_the_pages_show_in_the_same_order()
    {
        await AddSystemAsync("Credit Scorer");
        await SeedEvidenceAsync(Tenant, "credit-scorer", "A.6.2.6", 70, Start, TimeSpan.FromHours(5));
        await SeedEvidenceAsync(Tenant, "org", "A.6.2.6", 5, Start, TimeSpan.FromHours(5));
        const string query = "evidence A.6.2.6 system Credit Scorer since 2026-01-03 until 2026-01-12";

        var shown = (await AllPagesAsync(query, Auditor)).SelectMany(p => p).ToList();
        var (name, csv) = await ExportAsync("export " + query, Auditor);

        Assert.Equal("evidence-A.6.2.6-credit-scorer.csv", name);
        var lines = csv.TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("Submitted at (UTC),Evidence id,Control,Scope", lines[0], StringComparison.Ordinal);
        Assert.Equal(shown, lines.Skip(1).Select(l => l.Split(',')[1]).ToList());
        Assert.InRange(shown.Count, 40, 50);

        await Bot.PostAsync(Bot.Activity("message", "export " + query + " as xlsx", userAadId: Auditor));
        Assert.Single(await Bot.WaitForRequestsAsync(r => r.Body.Contains("evidence-A.6.2.6-credit-scorer.xlsx", StringComparison.Ordinal) && r.Body.Contains("file.consent", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Declining_an_evidence_export_is_answered_politely_and_uploads_nothing()
    {
        await SeedEvidenceAsync(Tenant, "org", "A.6.2.6", 3, Start, TimeSpan.FromHours(5));
        await Bot.PostAsync(Bot.Activity("message", "export evidence A.6.2.6", userAadId: Lead));
        var offer = Assert.Single(await Bot.WaitForRequestsAsync(r => r.Body.Contains("file.consent", StringComparison.Ordinal)));
        var decline = Bot.Activity("invoke", userAadId: Lead);
        decline["name"] = "fileConsent/invoke";
        decline["value"] = new JsonObject { ["type"] = "fileUpload", ["action"] = "decline", ["context"] = offer.Json!["attachments"]![0]!["content"]!["declineContext"]!.DeepClone() };
        await Bot.PostAsync(decline);

        Assert.Single(await Bot.WaitForRequestsAsync(r => r.Body.Contains("No problem", StringComparison.Ordinal) && r.Body.Contains("evidence-A.6.2.6-organisation.csv", StringComparison.Ordinal)));
        Assert.DoesNotContain(Bot.Connector.Requests, r => r.Method == "PUT");
    }

    private async Task AssertRefusedAsync(string token, string user, int status, string words)
    {
        var answer = await InvokeAsync("audit.evidence.more", new JsonObject { ["continuation"] = token }, user);
        Assert.Equal(status, answer.StatusCode);
        Assert.Null(answer.Card);
        Assert.Contains(words, answer.ErrorMessage, StringComparison.Ordinal);
    }

    private ContinuationSigner Signer(string key, TimeProvider clock) => new(
        Options.Create(new AuditOptions { ContinuationKey = key }),
        Bot.Factory.Services.GetRequiredService<ContinuationClaimStore>(),
        clock,
        NullLogger<ContinuationSigner>.Instance);

    private static Dictionary<string, string?> Parameters() => new(StringComparer.Ordinal)
    {
        ["control"] = "A.6.2.6", ["scope"] = "org", ["instance"] = "org", ["since"] = null, ["until"] = null,
    };

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[] FromBase64Url(string text)
    {
        var padded = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(padded + (padded.Length % 4) switch { 2 => "==", 3 => "=", _ => "" });
    }
}
