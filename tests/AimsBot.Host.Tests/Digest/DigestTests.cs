using System.Net;
using System.Text.Json.Nodes;
using AimsBot.Digest;
using AimsBot.Host.Tests.Nudges;
using AimsBot.Storage;
using AimsBot.Storage.Digest;
using AimsBot.Storage.Ledger;
using AimsBot.Storage.Nonconformities;
using AimsBot.Storage.Outbox;
using AimsBot.Storage.Register;
using AimsBot.Teams.Tests.Support;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;

namespace AimsBot.Host.Tests.Digest;

/// <summary>
/// The weekly digest through the production host on a fake clock: each compliance lead's Monday 09:00 in their own
/// zone (London and Auckland, and the weeks their clocks change), once per lead and week however often the job runs,
/// a lead added mid-week, <c>digest off|on|now</c>, the figures and the week's snapshot row, and the card's buttons.
/// </summary>
public sealed class DigestTests : NudgeScanHost
{
    private const string AucklandLead = "aad-lead-akl";
    private const string Title = "Weekly digest";

    public DigestTests()
        : base(new Dictionary<string, string?>
        {
            ["Roles:ComplianceLeads"] = Lead + "," + AucklandLead,
            ["Digest:ScanCron"] = "0 0 1 1 *",
            ["Register:OrganizationTimeZone"] = "Europe/London",
        })
    {
    }

    private DigestDelivery Delivery => Bot.Factory.Services.GetRequiredService<DigestDelivery>();

    /// <summary>Runs the tenant's digest job as Hangfire would, then drains the outbox.</summary>
    private async Task<int> RunAsync()
    {
        var queued = await Delivery.RunAsync(Tenant, CancellationToken.None);
        await DrainAsync();
        return queued;
    }

    private IReadOnlyList<JsonNode> Digests(string aadId) => Received(aadId).Where(r => Shown(r).Contains(Title, StringComparison.Ordinal)).ToList();

    /// <summary>The digests of one ISO week a person received.</summary>
    private IReadOnlyList<JsonNode> Digests(string aadId, string weekId) => Digests(aadId).Where(r => Shown(r).Contains(weekId, StringComparison.Ordinal)).ToList();

    private void At(int year, int month, int day, int hour, int minute = 0) => Clock.SetUtcNow(new DateTimeOffset(year, month, day, hour, minute, 0, TimeSpan.Zero));

    [Fact]
    public async Task Each_lead_gets_the_digest_at_Monday_09_00_in_their_own_zone_once_however_often_the_job_runs()
    {
        await PersonAsync(AucklandLead, "Aroha Lead", "Pacific/Auckland");

        // Sunday 29 November 2026, 19:59 UTC: Monday 08:59 in Auckland, Sunday evening in London.
        At(2026, 11, 29, 19, 59);
        Assert.Equal(0, await RunAsync());
        Assert.Empty(Digests(AucklandLead));

        // 20:00 UTC is Monday 09:00 NZDT: Auckland's lead gets it; London's does not yet. The figures are the
        // organisation's week (London's): still week 48 there.
        At(2026, 11, 29, 20);
        Assert.Equal(1, await RunAsync());
        var auckland = Assert.Single(Digests(AucklandLead));
        Assert.Contains("2026-W48", Shown(auckland), StringComparison.Ordinal);
        Assert.Empty(Digests(Lead));

        // Every hour after that until London's 09:00 GMT: nothing more for Auckland, nothing yet for London.
        for (var hour = 21; hour <= 32; hour++)
        {
            Clock.SetUtcNow(new DateTimeOffset(2026, 11, 29, 0, 0, 0, TimeSpan.Zero).AddHours(hour));
            await RunAsync();
        }

        Assert.Single(Digests(AucklandLead));
        Assert.Empty(Digests(Lead));

        At(2026, 11, 30, 9);
        Assert.Equal(1, await RunAsync());
        Assert.Equal(0, await RunAsync());
        Assert.Contains("2026-W49", Shown(Assert.Single(Digests(Lead))), StringComparison.Ordinal);
        Assert.Single(Digests(AucklandLead));
        // One outbox row per lead and week.
        Assert.Equal(2, (await Outbox.InStateAsync(Tenant, OutboxStates.Sent)).Count(m => m.Purpose == DigestDelivery.Purpose));

        // The next Monday: one more each.
        At(2026, 12, 6, 20);
        await RunAsync();
        At(2026, 12, 7, 9);
        await RunAsync();
        Assert.Equal(2, Digests(Lead).Count);
        Assert.Equal(2, Digests(AucklandLead).Count);
        Assert.Contains("2026-W50", Shown(Digests(Lead)[^1]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task In_the_weeks_the_clocks_change_the_digest_comes_at_09_00_local_time_by_the_new_offset()
    {
        await PersonAsync(AucklandLead, "Aroha Lead", "Pacific/Auckland");

        // London goes forward on Sunday 28 March 2027: Monday 29 March 09:00 BST is 08:00 UTC.
        At(2027, 3, 29, 7, 59);
        await RunAsync();
        Assert.Empty(Digests(Lead, "2027-W13"));
        At(2027, 3, 29, 8);
        await RunAsync();
        Assert.Single(Digests(Lead, "2027-W13"));

        // Auckland goes back on Sunday 4 April 2027: Monday 5 April 09:00 NZST is 21:00 UTC on Sunday, not 20:00.
        At(2027, 4, 4, 20, 30);
        await RunAsync();
        var before = Digests(AucklandLead).Count;
        At(2027, 4, 4, 21);
        Assert.Equal(1, await RunAsync());
        Assert.Equal(before + 1, Digests(AucklandLead).Count);
    }

    [Fact]
    public async Task A_lead_added_mid_week_hears_first_the_next_Monday_and_can_ask_for_it_now()
    {
        // Wednesday 25 November 2026: the Auckland lead opens the chat for the first time.
        At(2026, 11, 25, 10);
        await PersonAsync(AucklandLead, "Aroha Lead", "Pacific/Auckland");
        Assert.Equal(0, await RunAsync());
        Assert.Empty(Digests(AucklandLead));

        var now = await SayAsync("digest now", AucklandLead);
        Assert.Contains(Title, Shown(now), StringComparison.Ordinal);
        Assert.Contains("2026-W48", Shown(now), StringComparison.Ordinal);
        await PersonAsync(AucklandLead, "Aroha Lead", "Pacific/Auckland");

        // Sunday 29 November, 19:00 UTC: Monday 08:00 in Auckland, not yet; 20:00 UTC is 09:00 there.
        At(2026, 11, 29, 19);
        Assert.Equal(0, await RunAsync());
        At(2026, 11, 29, 20);
        Assert.Equal(1, await RunAsync());
        Assert.Single(Digests(AucklandLead));
    }

    [Fact]
    public async Task An_empty_tenant_gets_a_short_digest_that_says_so()
    {
        At(2026, 11, 30, 9);
        await RunAsync();
        var digest = Shown(Assert.Single(Digests(Lead)));
        Assert.Contains("Nothing is registered yet", digest, StringComparison.Ordinal);
        Assert.DoesNotContain("Overdue", digest, StringComparison.Ordinal);
        Assert.DoesNotContain(DigestCards.OverdueVerb, digest, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Digest_off_skips_the_lead_on_Monday_and_digest_on_brings_it_back_each_change_in_the_ledger()
    {
        Assert.Contains("Your weekly digest is off", (string?)(await SayAsync("digest off", Lead))["text"], StringComparison.Ordinal);
        await PersonAsync(Lead, "Lee Lead", "Europe/London");
        At(2026, 11, 30, 9);
        Assert.Equal(0, await RunAsync());
        Assert.Empty(Digests(Lead));

        Assert.Contains("Your weekly digest is on", (string?)(await SayAsync("digest on", Lead))["text"], StringComparison.Ordinal);
        await PersonAsync(Lead, "Lee Lead", "Europe/London");
        Assert.Equal(1, await RunAsync());
        Assert.Single(Digests(Lead));

        Assert.Contains("I can't read 'sometimes'", (string?)(await SayAsync("digest sometimes", Lead))["text"], StringComparison.Ordinal);
        var events = await Bot.Factory.Services.GetRequiredService<ILedgerStore>().ForEntityAsync(Tenant, "digest/" + Lead);
        Assert.Equal(["digest.preference", "digest.preference"], events.Select(e => e.Action));
        Assert.Contains("\"off\":true", events[0].After, StringComparison.Ordinal);

        // Not a compliance lead: refused, nothing stored.
        var refused = await SayAsync("digest off", "aad-user-0001");
        Assert.Contains("not available to you", (string?)refused["text"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_digest_counts_overdue_newly_overdue_evidence_nonconformities_and_unreachable_owners_and_keeps_the_weeks_snapshot()
    {
        // Tuesday 24 November 2026: the week began on Monday 23.
        At(2026, 11, 24, 10);
        await PersonAsync("aad-owner-1", "Olive Owner");
        await ControlAsync("A.2.2", "aad-owner-1", new DateOnly(2026, 11, 20)); // overdue since Saturday: not newly
        await ControlAsync("A.2.3", "aad-owner-1", new DateOnly(2026, 11, 22)); // due Sunday: newly overdue on Monday
        await ControlAsync("A.2.4", "aad-ghost", new DateOnly(2026, 11, 24), ownerName: "Gus Ghost"); // due today: not overdue
        await ControlAsync("A.3.2", "aad-owner-1", new DateOnly(2026, 12, 23)); // its last evidence: Monday 23 November, noon
        // Evidence as the register stores it: the record in its instance's partition and its copy in the control's index
        // partition (the digest counts the index); one from Friday, before the week began, is not counted.
        var store = Bot.Factory.Services.GetRequiredService<TableStore>();
        var evidence = store.Table<TableEntity>(EvidenceRepository.TableName);
        var index = store.Table<TableEntity>(EvidenceRepository.IndexTableName);
        foreach (var (at, id) in new[] { (new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero), "e1"), (new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero), "e2"), (new DateTimeOffset(2026, 11, 20, 9, 0, 0, TimeSpan.Zero), "e0") })
        {
            await evidence.AddAsync(new TableEntity($"{Tenant}|org|A.3.2", RegisterKeys.EvidenceRowKey(at, id)) { ["EvidenceId"] = id, ["Indexed"] = true });
            await index.AddAsync(new TableEntity($"{Tenant}|A.3.2", RegisterKeys.EvidenceRowKey(at, id)) { ["EvidenceId"] = id, ["Scope"] = "org" });
        }

        var ncs = Bot.Factory.Services.GetRequiredService<NonconformityRepository>();
        await ncs.AddAsync(Tenant, new NonconformityRow { RowKey = "NC-0001", Title = "Logs not kept", Status = "open", RaisedAt = Clock.GetUtcNow().AddDays(-10) });
        await ncs.AddAsync(Tenant, new NonconformityRow { RowKey = "NC-0002", Title = "No review", Status = "open", RaisedAt = Clock.GetUtcNow().AddDays(-40) });
        await ncs.AddAsync(Tenant, new NonconformityRow { RowKey = "NC-0003", Title = "Closed one", Status = "closed", RaisedAt = Clock.GetUtcNow().AddDays(-50) });

        var card = Shown(await SayAsync("digest now", Lead));
        Assert.Contains("2 (1 newly this week)", card, StringComparison.Ordinal);
        Assert.Contains("\"title\":\"Evidence this week\",\"value\":\"2\"", card, StringComparison.Ordinal);
        Assert.Contains("0 of 38 applicable controls implemented (0%)", card, StringComparison.Ordinal);
        Assert.Contains("Open nonconformities: 2", card, StringComparison.Ordinal);
        Assert.Contains("Owners I can't reach: 1", card, StringComparison.Ordinal);
        Assert.Contains("Gus Ghost (1 control)", card, StringComparison.Ordinal);
        Assert.Contains("No signed checkpoint yet", card, StringComparison.Ordinal);

        var weeks = await Bot.Factory.Services.GetRequiredService<DigestSnapshotStore>().WeeksAsync(Tenant, new DateOnly(2026, 9, 1), new DateOnly(2026, 12, 31));
        Assert.Equal([new Domain.Digest.DigestWeek(new DateOnly(2026, 11, 23), 2, 2, 2)], weeks);
    }

    [Fact]
    public async Task The_buttons_show_the_overdue_controls_and_what_waits_for_approval_in_place_and_come_back_to_the_digest()
    {
        await PersonAsync("aad-owner-1", "Olive Owner");
        await ControlAsync("A.2.2", "aad-owner-1", new DateOnly(2026, 11, 13));
        await ControlAsync("A.2.3", "aad-owner-1", new DateOnly(2026, 11, 20));

        var overdue = Text(await PressAsync(DigestCards.OverdueVerb, Lead));
        Assert.Contains("Overdue controls: 2", overdue, StringComparison.Ordinal);
        Assert.True(overdue.IndexOf("A.2.2", StringComparison.Ordinal) < overdue.IndexOf("A.2.3", StringComparison.Ordinal), "most overdue first");
        Assert.Contains("10 days", overdue, StringComparison.Ordinal);
        Assert.Contains("Olive Owner", overdue, StringComparison.Ordinal);

        var waiting = Text(await PressAsync(DigestCards.WaitingVerb, Lead));
        Assert.Contains("Nothing waits for approval now.", waiting, StringComparison.Ordinal);

        var back = Text(await PressAsync(DigestCards.ShowVerb, Lead));
        Assert.Contains(Title, back, StringComparison.Ordinal);
        Assert.Contains("2 (0 newly this week)", back, StringComparison.Ordinal);

        // Someone who is not a compliance lead is refused, and sees nothing.
        var refused = await PressAsync(DigestCards.OverdueVerb, "aad-user-0001");
        Assert.DoesNotContain("A.2.2", refused.ToJsonString(), StringComparison.Ordinal);
    }

    private static string Text(JsonNode node) => node.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    /// <summary>Presses a digest button as <paramref name="aadId"/> in their 1:1 chat; returns the invoke answer.</summary>
    private async Task<JsonNode> PressAsync(string verb, string aadId)
    {
        var invoke = Bot.Activity("invoke", userAadId: aadId, conversationId: Conversation(aadId));
        invoke["localTimezone"] = "Europe/London";
        invoke["name"] = "adaptiveCard/action";
        invoke["value"] = new JsonObject { ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = verb, ["data"] = new JsonObject() }, ["trigger"] = "manual" };
        var response = await Bot.PostAsync(invoke, TestTokens.Create(Bot.EndorsedKey, Clock.GetUtcNow(), serviceUrl: Bot.ServiceUrl));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }
}
