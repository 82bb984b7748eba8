using System.Globalization;
using System.Text.Json.Nodes;
using Azure;
using Azure.Data.Tables;
using AimsBot.Domain.Ledger;
using AimsBot.Host.Tests.Support;
using AimsBot.Ledger;
using AimsBot.Storage;
using AimsBot.Storage.Ledger;
using AimsBot.Teams.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace AimsBot.Host.Tests.Ledger;

/// <summary><c>ledger &lt;entity id&gt;</c> and <c>verify ledger</c> end to end: host, Azurite, fake connector.</summary>
public sealed class LedgerCommandsTests : IAsyncLifetime
{
    private const string Tenant = ProtocolHarness.Tenant;
    private static readonly DateTimeOffset Start = new(2025, 3, 10, 8, 0, 0, TimeSpan.Zero);

    private readonly ProtocolHarness _bot = new();

    public Task InitializeAsync() => _bot.InitializeAsync();

    public Task DisposeAsync() => _bot.DisposeAsync();

    private ILedgerStore Ledger => _bot.Factory.Services.GetRequiredService<ILedgerStore>();

    private TableClient RawLedgerTable =>
        _bot.Factory.Services.GetRequiredService<TableStore>().Table<TableEntity>(TableLedgerStore.TableName).Client;

    [Fact]
    public async Task Verify_ledger_by_a_compliance_lead_answers_intact_with_the_count_and_last_hash_and_is_recorded()
    {
        var seeded = await SeedAsync("A.6.2.6", 3);

        var (text, card) = await AskAsync("verify ledger", ProtocolHarness.ComplianceLeadId);

        Assert.Equal("Ledger intact: 3 events", text);
        Assert.Contains("Ledger verified: intact", card, StringComparison.Ordinal);
        Assert.Contains(seeded[^1].Hash, card, StringComparison.Ordinal);

        var recorded = (await ChainAsync())[^1];
        Assert.Equal(4, recorded.Sequence);
        Assert.Equal(LedgerEvents.LedgerVerified.Name, recorded.Action);
        Assert.Equal(ProtocolHarness.ComplianceLeadId, recorded.ActorId);
        Assert.Equal("ComplianceLead", recorded.ActorRole);
        var after = JsonNode.Parse(recorded.After!)!;
        Assert.True((bool)after["intact"]!);
        Assert.Equal(3, (long)after["events"]!);
    }

    [Fact]
    public async Task Verify_ledger_after_someone_edits_an_event_in_the_table_names_that_event()
    {
        await SeedAsync("A.6.2.6", 5);
        var row = (await RawLedgerTable.GetEntityAsync<TableEntity>(Tenant, LedgerKeys.Sequence(3))).Value;
        row["ActorId"] = "someone-else";
        await RawLedgerTable.UpdateEntityAsync(row, ETag.All, TableUpdateMode.Replace);

        var (text, card) = await AskAsync("verify ledger", ProtocolHarness.AuditorId);

        Assert.Equal("Ledger broken at event 3", text);
        Assert.Contains("Ledger verification failed", card, StringComparison.Ordinal);
        Assert.Contains("event 3", card, StringComparison.Ordinal);
        Assert.Contains("edited after it was written", card, StringComparison.Ordinal);

        // The auditor's check is on record, with what it found.
        var recorded = (await ChainAsync())[^1];
        Assert.Equal(LedgerEvents.LedgerVerified.Name, recorded.Action);
        Assert.Equal(ProtocolHarness.AuditorId, recorded.ActorId);
        Assert.Equal(3, (long)JsonNode.Parse(recorded.After!)!["brokenSequence"]!);
    }

    [Fact]
    public async Task Verify_ledger_after_the_newest_event_was_deleted_names_the_missing_event()
    {
        await SeedAsync("A.6.2.6", 4);
        await RawLedgerTable.DeleteEntityAsync(Tenant, LedgerKeys.Sequence(4));

        var (text, card) = await AskAsync("verify ledger", ProtocolHarness.ComplianceLeadId);

        Assert.Equal("Ledger broken at event 4", text);
        Assert.Contains("the newest events were deleted", card, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ledger_shows_an_entitys_history_oldest_first_with_who_role_action_and_the_change_in_words()
    {
        await Ledger.AppendAsync(Entry("A.6.2.6", "control.created", null, "{\"status\":\"NotStarted\",\"owner\":null}", 0));
        await Ledger.AppendAsync(Entry("chatbot", "system.added", null, "{\"name\":\"Chatbot\"}", 1));
        await Ledger.AppendAsync(Entry("A.6.2.6", "control.status", "{\"status\":\"NotStarted\",\"owner\":null}", "{\"status\":\"Implemented\",\"owner\":null}", 2));

        // A forgiving spelling of the control id finds it.
        var (text, card) = await AskAsync("ledger a6.2.6", ProtocolHarness.ComplianceLeadId);

        Assert.Equal("History of A.6.2.6", text);
        Assert.Contains("History of A.6.2.6", card, StringComparison.Ordinal);
        Assert.Contains("**Status**: Not started → Implemented", card, StringComparison.Ordinal);
        Assert.Contains("**Status**: Not started", card, StringComparison.Ordinal);
        Assert.DoesNotContain("**Owner**: none → none", card, StringComparison.Ordinal);
        Assert.Contains("by Dana Owner (compliance lead)", card, StringComparison.Ordinal);
        Assert.Contains("2025-03-10 09:00", card, StringComparison.Ordinal); // 08:00 UTC in the caller's Europe/Berlin
        Assert.DoesNotContain("system.added", card, StringComparison.Ordinal);
        Assert.Contains("End of the history: 2 events", card, StringComparison.Ordinal);
        Assert.True(
            card!.IndexOf("control.created", StringComparison.Ordinal) < card.IndexOf("control.status", StringComparison.Ordinal),
            "the oldest event comes first");

        var viewed = (await ChainAsync())[^1];
        Assert.Equal(LedgerEvents.LedgerViewed.Name, viewed.Action);
        Assert.Equal("A.6.2.6", (string?)JsonNode.Parse(viewed.After!)!["entity"]);
        Assert.Equal(2, (int)JsonNode.Parse(viewed.After!)!["shown"]!);
    }

    [Fact]
    public async Task Ledger_of_an_entity_with_no_events_says_so_kindly()
    {
        var (text, card) = await AskAsync("ledger no-such-system", ProtocolHarness.AuditorId);

        Assert.Null(card);
        Assert.Contains("no events for **no-such-system**", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ledger_without_an_id_explains_how_to_ask()
    {
        var (text, _) = await AskAsync("ledger", ProtocolHarness.AuditorId);
        Assert.Contains("Which entity?", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_long_history_comes_in_pages_that_each_fit_a_teams_message()
    {
        var big = "{\"note\":\"" + new string('x', 2_000) + "\"}";
        for (var i = 0; i < 40; i++)
        {
            await Ledger.AppendAsync(Entry("chatbot", "system.updated", big, "{\"step\":" + i.ToString(CultureInfo.InvariantCulture) + "}", i));
        }

        var (text, card) = await AskAsync("ledger chatbot", ProtocolHarness.ComplianceLeadId);

        Assert.Equal("History of chatbot", text);
        Assert.Contains("oldest first", card, StringComparison.Ordinal);
        Assert.Contains("**Step**: none → 0", card, StringComparison.Ordinal);
        Assert.DoesNotContain("**Step**: none → 39", card, StringComparison.Ordinal);
        Assert.Contains("\"verb\":\"ledger.more\"", card, StringComparison.Ordinal);
        Assert.True(System.Text.Encoding.UTF8.GetByteCount(card!) < 28_000, "the card fits a Teams message");
    }

    [Fact]
    public async Task Auditors_see_who_looked_at_the_audit_trail()
    {
        await AskAsync("verify ledger", ProtocolHarness.ComplianceLeadId);

        var (_, card) = await AskAsync("ledger ledger", ProtocolHarness.AuditorId);

        Assert.Contains(LedgerEvents.LedgerVerified.Name, card, StringComparison.Ordinal); // in the raw event
        Assert.Contains("**Ledger verified** by Dana Owner", card, StringComparison.Ordinal);
        Assert.Contains("**Intact**: yes", card, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("verify ledger")]
    [InlineData("ledger A.6.2.6")]
    public async Task A_caller_without_a_role_is_refused_and_nothing_is_appended(string command)
    {
        await SeedAsync("A.6.2.6", 2);

        var (text, card) = await AskAsync(command, "aad-user-0001");

        Assert.Null(card);
        Assert.Contains("is not available to you", text, StringComparison.Ordinal);
        Assert.Equal(2, (await ChainAsync()).Count);
    }

    [Fact]
    public async Task Help_lists_the_ledger_commands_only_for_those_who_may_use_them()
    {
        var (_, forAuditor) = await AskAsync("help", ProtocolHarness.AuditorId);
        Assert.Contains("verify ledger", forAuditor, StringComparison.Ordinal);
        Assert.Contains("ledger ‹entity id›", forAuditor, StringComparison.Ordinal);

        var (_, forOthers) = await AskAsync("help", "aad-user-0001");
        Assert.DoesNotContain("ledger", forOthers, StringComparison.Ordinal);
    }

    private static LedgerEntry Entry(string entityId, string action, string? before, string? after, int minute) =>
        new(Tenant, ProtocolHarness.ComplianceLeadId, "ComplianceLead", action, "ControlInstance", entityId, before, after, Start.AddMinutes(minute), "seed-" + minute.ToString(CultureInfo.InvariantCulture));

    private async Task<List<LedgerEvent>> SeedAsync(string entityId, int count)
    {
        var events = new List<LedgerEvent>();
        for (var i = 0; i < count; i++)
        {
            events.Add(await Ledger.AppendAsync(Entry(entityId, "control.updated", "{\"n\":" + i.ToString(CultureInfo.InvariantCulture) + "}", "{\"n\":" + (i + 1).ToString(CultureInfo.InvariantCulture) + "}", i)));
        }

        return events;
    }

    private async Task<List<LedgerEvent>> ChainAsync()
    {
        var events = new List<LedgerEvent>();
        await foreach (var e in Ledger.ReadChainAsync(Tenant))
        {
            events.Add(e);
        }

        return events;
    }

    /// <summary>Sends a message and returns the bot's reply: its text (or card summary) and the card's JSON, if any.</summary>
    private async Task<(string? Text, string? Card)> AskAsync(string text, string userAadId)
    {
        var before = _bot.Connector.Requests.Count(r => r.Method == "POST");
        await _bot.PostAsync(_bot.Activity("message", text, userAadId: userAadId));
        var replies = await _bot.WaitForRequestsAsync(r => r.Method == "POST", count: before + 1);
        var reply = replies[before].Json!;
        var card = reply["attachments"]?[0]?["content"]?.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        return ((string?)(reply["text"] ?? reply["summary"]), card);
    }
}
