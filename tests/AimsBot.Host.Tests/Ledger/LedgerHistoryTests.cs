using System.Globalization;
using System.Text.Json.Nodes;
using AimsBot.Domain.Ledger;
using AimsBot.Host.Tests.Register;
using AimsBot.Ledger;
using AimsBot.Storage.Ledger;
using AimsBot.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace AimsBot.Host.Tests.Ledger;

/// <summary>
/// <c>ledger &lt;entity id&gt;</c> and <c>ledger soa</c> through the real host and the real ledger (Azurite): changes in
/// words with names, the raw event a click away, paging with signed single-use continuations, the SoA decision history.
/// </summary>
public sealed class LedgerHistoryTests : RegisterHostTest
{
    private const string Dana = "aad-dana-0001";
    private const string Lee = "aad-lee-0001";
    private const string Justification = "We develop no AI of our own; every system is bought in and assessed.";
    private readonly RunningClock _clock;

    public LedgerHistoryTests()
        : this(new RunningClock(TestClock.Default))
    {
    }

    private LedgerHistoryTests(RunningClock clock)
        : base(
            new Dictionary<string, string?> { ["Audit:ContinuationKey"] = Audit.AuditHostTest.ContinuationKey },
            // The real ledger, not the register tests' recording one: these tests read it back through the bot.
            services => services.AddSingleton<ILedgerStore>(sp => sp.GetRequiredService<TableLedgerStore>()),
            clock) =>
        _clock = clock;

    private TableLedgerStore Store => Bot.Factory.Services.GetRequiredService<TableLedgerStore>();

    [Fact]
    public async Task An_owner_change_reads_owner_dana_to_lee_by_name_and_an_exclusion_shows_its_justification_with_the_raw_event_a_click_away()
    {
        await RecordUserAsync(Dana, "Dana Owner", "dana@contoso.example");
        await RecordUserAsync(Lee, "Lee Sun", "lee@contoso.example");
        Assert.Contains("Dana Owner", (await AsLeadAsync("owner A.6.2.6 dana@contoso.example")).Shown, StringComparison.Ordinal);
        Assert.Contains("Lee Sun", (await AsLeadAsync("owner A.6.2.6 lee@contoso.example")).Shown, StringComparison.Ordinal);
        Assert.StartsWith("Excluded A.2.2", (await AsLeadAsync("soa exclude A.2.2 because " + Justification)).Text, StringComparison.Ordinal);

        var owners = await SayAsync("ledger org/A.6.2.6", Auditor);

        Assert.Contains("**Owner assigned** by Lena Lead (compliance lead)", owners.Shown, StringComparison.Ordinal);
        Assert.Contains("**Owner**: Dana Owner → Lee Sun", owners.Shown, StringComparison.Ordinal);
        Assert.DoesNotContain("**Owner**: " + Dana, owners.Shown, StringComparison.Ordinal);
        var events = await ChainAsync();
        var ownerChange = events.Last(e => e.Action == LedgerEvents.OwnerAssigned.Name);
        var raw = RawEventCards(owners.Card).Last();
        Assert.Contains($"**Sequence**: {ownerChange.Sequence}", raw, StringComparison.Ordinal);
        Assert.Contains($"**Hash**: {ownerChange.Hash}", raw, StringComparison.Ordinal);
        Assert.Contains($"**Previous hash**: {ownerChange.PreviousHash}", raw, StringComparison.Ordinal);
        Assert.Contains(Lee, raw, StringComparison.Ordinal); // the before/after JSON as stored
        Assert.All(Texts(owners.Card), t => Assert.True((bool?)t["wrap"] ?? false, "every text wraps: " + t["text"]));
        Assert.InRange(owners.CardBytes, 1, 28 * 1024 - 1);

        var exclusion = await SayAsync("ledger org/A.2.2", Auditor);

        Assert.Contains("**Excluded from the SoA** by Lena Lead", exclusion.Shown, StringComparison.Ordinal);
        // The organisation had no instance of A.2.2 yet: the exclusion created it, so each field shows as set.
        Assert.Contains("**Applicability**: Excluded", exclusion.Shown, StringComparison.Ordinal);
        Assert.Contains("**Justification**: " + Justification, exclusion.Shown, StringComparison.Ordinal);
        Assert.Contains("**Decided by**: Lena Lead", exclusion.Shown, StringComparison.Ordinal);
        Assert.Contains("**Implementation**: Not started", exclusion.Shown, StringComparison.Ordinal);
        Assert.Contains("Action.ShowCard", exclusion.Shown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task More_pages_through_a_long_history_and_its_continuation_is_refused_for_another_user_and_when_reused()
    {
        var seeded = new List<LedgerEvent>();
        for (var i = 0; i < 25; i++)
        {
            seeded.Add(await Store.AppendAsync(new LedgerEntry(Tenant, Lead, "ComplianceLead", LedgerEvents.SystemUpdated.Name, "AiSystem", "chatbot",
                null, "{\"step\":" + i.ToString(CultureInfo.InvariantCulture) + "}", _clock.GetUtcNow(), "seed")));
        }

        var first = await SayAsync("ledger chatbot", Auditor);
        Assert.Contains("Events 1–10, oldest first", first.Shown, StringComparison.Ordinal);
        Assert.Equal(seeded.Take(10).Select(e => e.Sequence), Sequences(first.Card));
        var more = More(first.Card, LedgerCards.MoreVerb)!;

        // Someone else's button: the lead may read the ledger too, but not page on the auditor's query.
        var stolen = await InvokeAsync(LedgerCards.MoreVerb, more, Lead);
        Assert.Equal(403, stolen.StatusCode);
        Assert.Contains("someone else's", stolen.ErrorMessage, StringComparison.Ordinal);

        var second = await InvokeAsync(LedgerCards.MoreVerb, more, Auditor);
        Assert.Equal(200, second.StatusCode);
        Assert.Contains("Events 11–20, oldest first", second.Shown, StringComparison.Ordinal);
        Assert.Equal(seeded.Skip(10).Take(10).Select(e => e.Sequence), Sequences(second.Card));

        var replayed = await InvokeAsync(LedgerCards.MoreVerb, more, Auditor);
        Assert.Equal(400, replayed.StatusCode);
        Assert.Contains("already shown", replayed.ErrorMessage, StringComparison.Ordinal);

        var third = await InvokeAsync(LedgerCards.MoreVerb, More(second.Card, LedgerCards.MoreVerb)!, Auditor);
        Assert.Equal(seeded.Skip(20).Select(e => e.Sequence), Sequences(third.Card));
        Assert.Null(More(third.Card, LedgerCards.MoreVerb));
        Assert.Contains("End of the history: 25 events", third.Shown, StringComparison.Ordinal);

        // Each page the auditor saw is on record, with the events it showed; the refused presses showed nothing.
        var viewed = (await ChainAsync()).Where(e => e.Action == LedgerEvents.LedgerViewed.Name && e.ActorId == Auditor).Select(e => JsonNode.Parse(e.After!)!).ToList();
        Assert.Equal([1, 2, 3], viewed.Select(v => (int)v["page"]!));
        Assert.Equal(seeded.Select(e => e.Sequence), viewed.SelectMany(v => v["sequences"]!.AsArray().Select(s => (long)s!)));
    }

    [Fact]
    public async Task Ledger_soa_lists_every_decision_across_scopes_with_who_and_when_and_since_filters_them()
    {
        await AddSystemAsync("Credit Scorer");
        await AsLeadAsync("soa exclude A.2.2 because " + Justification);
        _clock.Advance(TimeSpan.FromDays(10));
        await AsLeadAsync("soa exclude A.6.2.6 system Credit Scorer because The vendor runs verification; we only consume scores.");
        await AsLeadAsync("owner A.6.2.6 system Credit Scorer lead@contoso.example"); // not a decision: left out

        var all = await SayAsync("ledger soa", Auditor);

        Assert.Contains("SoA decisions", all.Shown, StringComparison.Ordinal);
        Assert.Contains("**A.2.2** AI policy · the organisation", all.Shown, StringComparison.Ordinal);
        Assert.Contains("**Excluded** by Lena Lead: " + Justification, all.Shown, StringComparison.Ordinal);
        Assert.Contains("**A.6.2.6**", all.Shown, StringComparison.Ordinal);
        Assert.Contains("· Credit Scorer", all.Shown, StringComparison.Ordinal);
        Assert.Contains("**Excluded** by Lena Lead: The vendor runs verification", all.Shown, StringComparison.Ordinal);
        Assert.Contains("2026-11-23 11:0", all.Shown, StringComparison.Ordinal); // 10:00 UTC in the caller's Europe/Berlin
        Assert.Contains("2026-12-03 11:0", all.Shown, StringComparison.Ordinal);
        Assert.Contains("End of the list: 2 decisions", all.Shown, StringComparison.Ordinal);

        var since = await SayAsync("ledger soa since 2026-12-01", Auditor);
        Assert.DoesNotContain("**A.2.2**", since.Shown, StringComparison.Ordinal);
        Assert.Contains("**A.6.2.6**", since.Shown, StringComparison.Ordinal);
        Assert.Contains("Decided on or after 2026-12-01 (UTC)", since.Shown, StringComparison.Ordinal);

        _clock.Advance(TimeSpan.FromDays(1));
        var none = await SayAsync("ledger soa since 2026-12-04", Auditor);
        Assert.Equal("No control was included or excluded since 2026-12-04 (UTC). Say **ledger soa** for every decision ever recorded.", none.Text);
    }

    [Fact]
    public async Task Ledger_soa_pages_with_more_and_its_continuation_works_once()
    {
        foreach (var control in new[] { "A.2.2", "A.2.3", "A.2.4", "A.3.2", "A.3.3", "A.4.2", "A.4.3", "A.4.4", "A.4.5", "A.4.6", "A.5.2", "A.5.3" })
        {
            await AsLeadAsync($"soa exclude {control} because Not relevant to how we operate today.");
        }

        var first = await SayAsync("ledger soa", Auditor);
        Assert.Contains("Decisions 1–10, oldest first", first.Shown, StringComparison.Ordinal);
        var more = More(first.Card, LedgerCards.SoaMoreVerb)!;
        Assert.Equal(403, (await InvokeAsync(LedgerCards.SoaMoreVerb, more, Lead)).StatusCode);

        var second = await InvokeAsync(LedgerCards.SoaMoreVerb, more, Auditor);
        Assert.Contains("Decisions 11–12, oldest first", second.Shown, StringComparison.Ordinal);
        Assert.Contains("**A.5.3**", second.Shown, StringComparison.Ordinal);
        Assert.DoesNotContain("**A.2.2**", second.Shown, StringComparison.Ordinal);
        Assert.Null(More(second.Card, LedgerCards.SoaMoreVerb));
        Assert.Contains("already shown", (await InvokeAsync(LedgerCards.SoaMoreVerb, more, Auditor)).ErrorMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ledger soa since 2026-13-01", "'2026-13-01' is not a date I can read: write it as yyyy-mm-dd")]
    [InlineData("ledger soa since yesterday", "'yesterday' is not a date I can read")]
    [InlineData("ledger soa since", "Since when? Write the date as yyyy-mm-dd")]
    [InlineData("ledger soa until 2026-01-01", "I did not understand 'until 2026-01-01'")]
    [InlineData("ledger soa since 2026-11-24", "2026-11-24 is in the future (today is 2026-11-23 UTC)")]
    public async Task Ledger_soa_with_a_bad_or_future_date_says_what_to_write_and_looks_nothing_up(string command, string expected)
    {
        await AsLeadAsync("soa exclude A.2.2 because " + Justification);
        var before = (await ChainAsync()).Count;

        var reply = await SayAsync(command, Auditor);

        Assert.Null(reply.Card);
        Assert.Contains(expected, reply.Text, StringComparison.Ordinal);
        Assert.Equal(before, (await ChainAsync()).Count);
    }

    [Fact]
    public async Task Ledger_soa_on_a_register_without_decisions_says_every_control_is_included_and_is_only_for_leads_and_auditors()
    {
        var empty = await SayAsync("ledger soa", Auditor);
        Assert.Equal("No applicability decision is recorded yet: every control is included by default until a compliance lead excludes one (**soa exclude**).", empty.Text);

        var refused = await SayAsync("ledger soa", Owner);
        Assert.Contains("is not available to you", refused.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_quoted_soa_is_the_history_of_the_entity_soa_who_exported_the_soa_not_the_decisions()
    {
        await Store.AppendAsync(new LedgerEntry(Tenant, Auditor, "Auditor", LedgerEvents.ExportDelivered.Name, "Export", "soa",
            null, "{\"kind\":\"soa\",\"format\":\"csv\",\"file\":\"soa-organisation.csv\"}", _clock.GetUtcNow(), "seed"));

        var exports = await SayAsync("ledger \"soa\"", Auditor);
        var decisions = await SayAsync("ledger soa", Auditor);

        Assert.Contains("**Export delivered** by", exports.Shown, StringComparison.Ordinal);
        Assert.Contains("**File**: soa-organisation.csv", exports.Shown, StringComparison.Ordinal);
        Assert.StartsWith("No applicability decision is recorded yet", decisions.Text, StringComparison.Ordinal);
    }

    /// <summary>A command from the compliance lead, whose name Teams sends as Lena Lead.</summary>
    private Task<Reply> AsLeadAsync(string text) =>
        SayAsync(text, Lead, activity => activity["from"]!["name"] = "Lena Lead");

    private async Task<List<LedgerEvent>> ChainAsync()
    {
        var events = new List<LedgerEvent>();
        await foreach (var e in Store.ReadChainAsync(Tenant))
        {
            events.Add(e);
        }

        return events;
    }

    private static JsonObject? More(JsonNode? card, string verb) =>
        card?["actions"]?.AsArray().SingleOrDefault(a => (string?)a!["verb"] == verb)?["data"]?.AsObject();

    /// <summary>The raw events behind the "Raw event" buttons, as their JSON.</summary>
    private static List<string> RawEventCards(JsonNode? card) =>
        Descendants(card).Where(n => (string?)n["type"] == "Action.ShowCard").Select(n => n["card"]!.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping })).ToList();

    /// <summary>The sequences of the events on a history card, from their raw events.</summary>
    private static List<long> Sequences(JsonNode? card) =>
        Descendants(card).Where(n => (string?)n["type"] == "Action.ShowCard").Select(n => long.Parse(((string)n["title"]!)["Raw event #".Length..], CultureInfo.InvariantCulture)).ToList();

    private static IEnumerable<JsonObject> Texts(JsonNode? card) => Descendants(card).Where(n => (string?)n["type"] == "TextBlock");

    private static IEnumerable<JsonObject> Descendants(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                yield return o;
                foreach (var (_, child) in o)
                {
                    foreach (var d in Descendants(child))
                    {
                        yield return d;
                    }
                }

                break;
            case JsonArray a:
                foreach (var child in a)
                {
                    foreach (var d in Descendants(child))
                    {
                        yield return d;
                    }
                }

                break;
        }
    }
}
