using AimsBot.Audit;
using AimsBot.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace AimsBot.Host.Tests.Audit;

/// <summary>
/// <c>evidence &lt;id&gt; all systems</c>, the <c>covering</c> filter and <c>export evidence all</c> through the real host.
/// The host's clock starts at 2026-10-15 09:00 UTC (after the third quarter asked about) and runs on.
/// </summary>
public sealed class EvidenceAllSystemsTests : AuditHostTest
{
    private static readonly DateTimeOffset Now = new(2026, 10, 15, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Start = new(2026, 7, 1, 8, 0, 0, TimeSpan.Zero);

    public EvidenceAllSystemsTests()
        : base(new RunningClock(Now))
    {
    }

    [Fact]
    public async Task All_systems_lists_one_control_across_the_organisation_and_every_system_newest_first_paged_with_More()
    {
        await AddSystemAsync("Credit Scorer");
        await AddSystemAsync("Chat Helper");
        // Interleaved in time: the organisation every 3 hours from 08:00, the systems an hour and two hours later.
        var org = await SeedEvidenceAsync(Tenant, "org", "A.6.2.6", 15, Start, TimeSpan.FromHours(3));
        var credit = await SeedEvidenceAsync(Tenant, "credit-scorer", "A.6.2.6", 15, Start.AddHours(1), TimeSpan.FromHours(3));
        var chat = await SeedEvidenceAsync(Tenant, "chat-helper", "A.6.2.6", 15, Start.AddHours(2), TimeSpan.FromHours(3));
        await SeedEvidenceAsync(Tenant, "credit-scorer", "A.6.2.8", 4, Start, TimeSpan.FromHours(1));
        Assert.Equal(49, await IndexSeededEvidenceAsync());

        var first = await SayAsync("evidence A.6.2.6 all systems", userAadId: Auditor);
        Assert.Contains("Across the organisation and every AI system.", first.Shown, StringComparison.Ordinal);
        Assert.Contains("Rows 1–20, newest first. All dates", first.Shown, StringComparison.Ordinal);
        var table = first.Card!["body"]!.AsArray().Single(e => (string?)e!["type"] == "Table")!;
        var rows = table["rows"]!.AsArray();
        Assert.Equal("Scope", (string?)rows[0]!["cells"]![1]!["items"]![0]!["text"]);
        // Newest first: the last record of Chat Helper (hour 44), then Credit Scorer's (43), then the organisation's (42).
        Assert.Equal(["Chat Helper", "Credit Scorer", "Organisation"], rows.Skip(1).Take(3).Select(r => (string)r!["cells"]![1]!["items"]![0]!["text"]!));

        var pages = await AllPagesAsync("evidence A.6.2.6 all systems", Auditor);
        var expected = org.Zip(credit, chat).SelectMany(t => new[] { t.Third, t.Second, t.First }).ToList();
        Assert.Equal(expected, pages.SelectMany(p => p).ToList());
        Assert.Equal([20, 20, 5], pages.Select(p => p.Count));
        // Each page an auditor saw is in the ledger, naming the query and the rows shown: the first card, then three pages.
        var recorded = Ledger.Events.Where(e => e.Action == "audit.query" && e.After!.Contains("\"scope\":\"all\"", StringComparison.Ordinal)).ToList();
        Assert.Equal(4, recorded.Count);
        Assert.Contains(expected[^1], recorded[^1].After, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Evidence_recorded_on_the_form_is_in_the_list_across_systems_at_once_without_a_repair()
    {
        await AddSystemAsync("Credit Scorer");
        var form = await SayAsync("evidence add A.6.2.6 system Credit Scorer");
        var answer = await InvokeAsync("register.evidence.add", Submit(form.Card!,
            ("kind", "Link"), ("url", "https://intranet.example/monitoring/q3"), ("description", "Q3 monitoring report"),
            ("periodFrom", "2026-07-01"), ("periodTo", "2026-09-30")));
        Assert.Equal(200, answer.StatusCode);

        var reply = await SayAsync("evidence A.6.2.6 all systems covering 2026-07-01 2026-09-30", userAadId: Auditor);
        var id = Assert.Single(Ids(reply.Card));
        Assert.Contains("Credit Scorer", reply.Shown, StringComparison.Ordinal);
        Assert.Contains("Q3 monitoring report", reply.Shown, StringComparison.Ordinal);
        Assert.Equal(0, await IndexSeededEvidenceAsync());
        Assert.Equal([id], Ids((await SayAsync("evidence A.6.2.6 system Credit Scorer", userAadId: Auditor)).Card));
    }

    [Fact]
    public async Task A_system_added_after_a_list_across_systems_is_named_on_the_next_one()
    {
        await AddSystemAsync("Credit Scorer");
        await SeedEvidenceAsync(Tenant, "credit-scorer", "A.6.2.6", 1, Start, TimeSpan.Zero);
        await IndexSeededEvidenceAsync();
        Assert.Contains("Credit Scorer", (await SayAsync("evidence A.6.2.6 all systems", userAadId: Auditor)).Shown, StringComparison.Ordinal);

        await AddSystemAsync("Chat Helper");
        await SeedEvidenceAsync(Tenant, "chat-helper", "A.6.2.6", 1, Start.AddDays(1), TimeSpan.Zero);
        await IndexSeededEvidenceAsync();
        var table = (await SayAsync("evidence A.6.2.6 all systems", userAadId: Auditor)).Card!["body"]!.AsArray().Single(e => (string?)e!["type"] == "Table")!;
        Assert.Equal(["Chat Helper", "Credit Scorer"], table["rows"]!.AsArray().Skip(1).Select(r => (string)r!["cells"]![1]!["items"]![0]!["text"]!));
    }

    [Fact]
    public async Task The_hourly_repair_job_brings_evidence_recorded_before_the_index_into_the_list_across_systems()
    {
        await AddSystemAsync("Credit Scorer");
        var before = await SeedEvidenceAsync(Tenant, "credit-scorer", "A.6.2.6", 3, Start, TimeSpan.FromDays(1));
        Assert.Equal("No evidence has been recorded for A.6.2.6 AI system operation and monitoring in the organisation or any AI system.", (await SayAsync("evidence A.6.2.6 all systems", userAadId: Auditor)).Text);

        var job = Bot.Factory.Services.GetRequiredService<EvidenceIndexRepairJob>();
        Assert.Equal(3, await job.RunAsync(CancellationToken.None));

        Assert.Equal(before, Ids((await SayAsync("evidence A.6.2.6 all systems", userAadId: Auditor)).Card));
        Assert.Equal(0, await job.RunAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Covering_keeps_evidence_whose_period_overlaps_the_days_asked_about_including_both_edge_days()
    {
        await AddSystemAsync("Credit Scorer");
        // One record per period, a day apart in submission; the third quarter of 2026 is asked about.
        var endsOnFrom = await SeedEvidenceAsync(Tenant, "credit-scorer", "A.6.2.6", 1, Start, TimeSpan.Zero, periodFrom: "2026-06-01", periodTo: "2026-07-01");
        var startsOnTo = await SeedEvidenceAsync(Tenant, "credit-scorer", "A.6.2.6", 1, Start.AddDays(1), TimeSpan.Zero, periodFrom: "2026-09-30", periodTo: "2026-10-14");
        var straddles = await SeedEvidenceAsync(Tenant, "org", "A.6.2.6", 1, Start.AddDays(2), TimeSpan.Zero, periodFrom: "2026-01-01", periodTo: "2026-10-14");
        await SeedEvidenceAsync(Tenant, "credit-scorer", "A.6.2.6", 1, Start.AddDays(3), TimeSpan.Zero, periodFrom: "2026-06-01", periodTo: "2026-06-30");
        await SeedEvidenceAsync(Tenant, "org", "A.6.2.6", 1, Start.AddDays(4), TimeSpan.Zero, periodFrom: "2026-10-01", periodTo: "2026-10-14");
        await IndexSeededEvidenceAsync();

        const string quarter = " covering 2026-07-01 2026-09-30";
        var all = await SayAsync("evidence A.6.2.6 all systems" + quarter, userAadId: Auditor);
        Assert.Equal([.. straddles, .. startsOnTo, .. endsOnFrom], Ids(all.Card));
        Assert.Contains("Covering any day of 2026-07-01 to 2026-09-30", all.Shown, StringComparison.Ordinal);
        Assert.Contains("export evidence A.6.2.6 all systems covering 2026-07-01 2026-09-30", all.Shown, StringComparison.Ordinal);

        // With a system, and with the submission dates too (both filters hold).
        Assert.Equal([.. startsOnTo, .. endsOnFrom], Ids((await SayAsync("evidence A.6.2.6 system Credit Scorer" + quarter, userAadId: Auditor)).Card));
        Assert.Equal(startsOnTo, Ids((await SayAsync("evidence A.6.2.6 all systems since 2026-07-02 until 2026-07-02" + quarter, userAadId: Auditor)).Card));
        Assert.Equal(straddles, Ids((await SayAsync("evidence A.6.2.6" + quarter, userAadId: Auditor)).Card));

        // One day: only periods that include it.
        Assert.Equal([.. straddles, .. endsOnFrom], Ids((await SayAsync("evidence A.6.2.6 all systems covering 2026-07-01 2026-07-01", userAadId: Auditor)).Card));
        Assert.Equal("No evidence has been recorded for A.6.2.6 AI system operation and monitoring in the organisation or any AI system in those dates.",
            (await SayAsync("evidence A.6.2.6 all systems covering 2025-01-01 2025-12-31", userAadId: Auditor)).Text);
    }

    [Theory]
    [InlineData("evidence A.6.2.6 all systems covering 2026-07-01", "Give the first and the last day of the period after 'covering'")]
    [InlineData("evidence A.6.2.6 all systems covering", "Give the first and the last day of the period after 'covering'")]
    [InlineData("evidence A.6.2.6 covering 2026-07-01 since 2026-01-01", "Give the first and the last day of the period after 'covering'")]
    [InlineData("evidence A.6.2.6 all systems covering 2026-07-01 2026-09-31", "'2026-09-31' after 'covering' is not a date I can read")]
    [InlineData("evidence A.6.2.6 all systems covering Q3 2026", "'Q3' after 'covering' is not a date I can read")]
    [InlineData("evidence A.6.2.6 all systems covering 2026-09-30 2026-07-01", "The period after 'covering' ends (2026-07-01) before it starts (2026-09-30)")]
    [InlineData("evidence A.6.2.6 covering 1999-12-31 2026-01-01", "should be between 2000-01-01 and 2099-12-31")]
    [InlineData("evidence A.6.2.6 covering 2026-01-01 2026-01-31 covering 2026-02-01 2026-02-28", "Say 'covering' once.")]
    [InlineData("evidence A.6.2.6 system Credit Scorer all systems", "Say either 'system' with a name or 'all systems', not both.")]
    [InlineData("evidence all systems", "Which control?")]
    public async Task Bad_dates_and_mixed_scopes_get_a_clear_message_and_no_rows(string text, string words)
    {
        await SeedEvidenceAsync(Tenant, "org", "A.6.2.6", 2, Start, TimeSpan.FromDays(1));
        await IndexSeededEvidenceAsync();
        var reply = await SayAsync(text, userAadId: Auditor);
        Assert.Null(reply.Card);
        Assert.Contains(words, reply.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_empty_control_across_systems_says_so_plainly()
    {
        await AddSystemAsync("Credit Scorer");
        await SeedEvidenceAsync(Tenant, "credit-scorer", "A.6.2.6", 2, Start, TimeSpan.FromDays(1));
        await IndexSeededEvidenceAsync();
        Assert.Equal("No evidence has been recorded for A.2.2 AI policy in the organisation or any AI system.", (await SayAsync("evidence A.2.2 all systems", userAadId: Auditor)).Text);
        Assert.Equal(
            "No evidence has been recorded for A.6.2.6 AI system operation and monitoring in the organisation or any AI system in those dates.",
            (await SayAsync("evidence A.6.2.6 all systems since 2026-10-01", userAadId: Auditor)).Text);
    }

    [Fact]
    public async Task A_control_owner_or_someone_with_no_role_is_refused_the_list_across_systems_and_told_what_they_can_ask()
    {
        await AddSystemAsync("Credit Scorer", owner: Owner);
        await SeedOwnedControlAsync("A.6.2.6", Owner);
        await SeedEvidenceAsync(Tenant, "org", "A.6.2.6", 2, Start, TimeSpan.FromDays(1));
        await IndexSeededEvidenceAsync();

        foreach (var user in new[] { Owner, Stranger })
        {
            var reply = await SayAsync("evidence A.6.2.6 all systems", userAadId: user);
            Assert.Null(reply.Card);
            Assert.StartsWith("Evidence across every AI system is for compliance leads, auditors and admins.", reply.Text, StringComparison.Ordinal);
            Assert.Contains("evidence A.6.2.6 system &lt;name&gt;", reply.Text, StringComparison.Ordinal);
        }

        // The owner still reads their own control's evidence.
        Assert.Equal(2, Ids((await SayAsync("evidence A.6.2.6", userAadId: Owner)).Card).Count);

        // Nor may they export the whole index.
        await Bot.PostAsync(Bot.Activity("message", "export evidence all", userAadId: Owner));
        Assert.Single(await Bot.WaitForRequestsAsync(r => r.Method == "POST" && r.Body.Contains("export is not available to you", StringComparison.Ordinal)));
        Assert.DoesNotContain(Bot.Connector.Requests, r => r.Body.Contains("file.consent", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Export_evidence_all_holds_every_control_and_scope_of_the_tenant_with_its_filters()
    {
        await AddSystemAsync("Credit Scorer");
        await AddSystemAsync("Chat Helper");
        await SeedEvidenceAsync(Tenant, "org", "A.2.2", 3, Start, TimeSpan.FromDays(1), periodFrom: "2026-04-01", periodTo: "2026-06-30");
        await SeedEvidenceAsync(Tenant, "credit-scorer", "A.6.2.6", 4, Start.AddHours(1), TimeSpan.FromDays(1), periodFrom: "2026-07-01", periodTo: "2026-09-30");
        await SeedEvidenceAsync(Tenant, "chat-helper", "A.6.2.6", 2, Start.AddHours(2), TimeSpan.FromDays(1), periodFrom: "2026-07-01", periodTo: "2026-09-30");
        await SeedEvidenceAsync(Tenant, "org", "A.10.4", 1, Start.AddHours(3), TimeSpan.FromDays(1), periodFrom: "2026-04-01", periodTo: "2026-06-30");
        await SeedEvidenceAsync(OtherTenant, "org", "A.2.2", 5, Start, TimeSpan.FromDays(1));
        await IndexSeededEvidenceAsync();
        await Evidence.RepairIndexAsync(OtherTenant);

        var (name, csv) = await ExportAsync("export evidence all", Auditor);
        Assert.Equal("evidence-all.csv", name);
        var lines = Lines(csv);
        Assert.Equal("Submitted at (UTC),Evidence id,Control,Scope,System,Submitter,Submitter id,Kind,Link,Description,Period from,Period to,Valid until", lines[0]);
        var rows = lines.Skip(1).Select(l => l.Split(',')).ToList();
        Assert.Equal(10, rows.Count);
        // Control by control in the catalogue's order (A.2.2, A.6.2.6, then A.10.4 — not text order), newest first within each.
        Assert.Equal(["A.2.2", "A.2.2", "A.2.2", "A.6.2.6", "A.6.2.6", "A.6.2.6", "A.6.2.6", "A.6.2.6", "A.6.2.6", "A.10.4"], rows.Select(r => r[2]));
        Assert.Equal(["2026-07-03T08:00:00Z", "2026-07-02T08:00:00Z", "2026-07-01T08:00:00Z"], rows.Take(3).Select(r => r[0]));
        Assert.Equal(["Credit Scorer", "Credit Scorer", "Chat Helper", "Credit Scorer", "Chat Helper", "Credit Scorer"], rows.Skip(3).Take(6).Select(r => r[4]));
        Assert.All(rows.Take(3), r => Assert.Equal(["org", "Organisation"], r[3..5]));
        Assert.Equal(["credit-scorer", "credit-scorer", "chat-helper", "credit-scorer", "chat-helper", "credit-scorer"], rows.Skip(3).Take(6).Select(r => r[3]));
        Assert.Equal("Dana Owner", rows[0][5]);
        Assert.All(rows.Skip(3).Take(6), r => Assert.Equal(["2026-07-01", "2026-09-30"], r[10..12]));

        // Filters: the third quarter by period covered; submitted on 2026-07-02 only.
        var quarter = Lines((await ExportAsync("export evidence all covering 2026-07-01 2026-09-30", Auditor)).Content).Skip(1).ToList();
        Assert.Equal(6, quarter.Count);
        Assert.All(quarter, l => Assert.Contains(",A.6.2.6,", l, StringComparison.Ordinal));
        var oneDay = Lines((await ExportAsync("export evidence all since 2026-07-02 until 2026-07-02", Lead)).Content).Skip(1).Select(l => l.Split(',')[0][..10]).ToList();
        Assert.Equal(["2026-07-02", "2026-07-02", "2026-07-02"], oneDay);

        // One control across every scope, as the list's last page offers it: what the pages show, in their order.
        var shown = (await AllPagesAsync("evidence A.6.2.6 all systems covering 2026-07-01 2026-09-30", Auditor)).SelectMany(p => p).ToList();
        var (controlName, controlCsv) = await ExportAsync("export evidence A.6.2.6 all systems covering 2026-07-01 2026-09-30", Auditor);
        Assert.Equal("evidence-A.6.2.6-all-systems.csv", controlName);
        var controlRows = Lines(controlCsv).Skip(1).Select(l => l.Split(',')).ToList();
        Assert.Equal(shown, controlRows.Select(r => r[1]));
        Assert.Equal(6, shown.Count);
        Assert.Equal(["Credit Scorer", "Credit Scorer", "Chat Helper", "Credit Scorer", "Chat Helper", "Credit Scorer"], controlRows.Select(r => r[4]));
    }

    [Fact]
    public async Task Export_evidence_all_with_bad_words_or_dates_sends_nothing()
    {
        await SeedEvidenceAsync(Tenant, "org", "A.2.2", 1, Start, TimeSpan.FromDays(1));
        await IndexSeededEvidenceAsync();
        await Bot.PostAsync(Bot.Activity("message", "export evidence all covering 2026-09-30 2026-07-01", userAadId: Auditor));
        Assert.Single(await Bot.WaitForRequestsAsync(r => r.Method == "POST" && r.Body.Contains("ends (2026-07-01) before it starts (2026-09-30)", StringComparison.Ordinal) && r.Body.Contains("Nothing was sent.", StringComparison.Ordinal)));
        await Bot.PostAsync(Bot.Activity("message", "export evidence all of it please", userAadId: Auditor));
        Assert.Single(await Bot.WaitForRequestsAsync(r => r.Method == "POST" && ((string?)r.Json?["text"])?.StartsWith("I don't know what 'of it please' means here.", StringComparison.Ordinal) == true));
        Assert.DoesNotContain(Bot.Connector.Requests, r => r.Body.Contains("file.consent", StringComparison.Ordinal));
    }

    private static List<string> Lines(string csv) => csv.TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries).ToList();
}
