using System.Globalization;
using System.Text.Json.Nodes;
using Azure;
using Azure.Data.Tables;
using AimsBot.Domain.Ledger;
using AimsBot.Host.Tests.Support;
using AimsBot.Ledger;
using AimsBot.Storage;
using AimsBot.Storage.Ledger;
using AimsBot.Storage.Register;
using AimsBot.Teams.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace AimsBot.Host.Tests.Ledger;

/// <summary>
/// Signed checkpoints and what <c>verify ledger</c> says about a tampered ledger, end to end: the host as
/// production runs it (signing key, allowed tenant), Azurite tables and blobs, a fake connector. Events and
/// checkpoints are dated by a fixed clock.
/// </summary>
public sealed class LedgerCheckpointTests : IAsyncLifetime
{
    private const string Tenant = ProtocolHarness.Tenant;
    private static readonly DateTimeOffset Start = new(2026, 11, 2, 8, 0, 0, TimeSpan.Zero);

    private readonly ProtocolHarness _bot = new();
    private readonly FakeTimeProvider _clock = new(Start);

    public Task InitializeAsync() => _bot.InitializeAsync();

    public Task DisposeAsync() => _bot.DisposeAsync();

    private IServiceProvider Services => _bot.Factory.Services;

    private TableClient RawLedger => Services.GetRequiredService<TableStore>().Table<TableEntity>(TableLedgerStore.TableName).Client;

    private ILedgerCheckpointStore Checkpoints => Services.GetRequiredService<ILedgerCheckpointStore>();

    /// <summary>The daily job as Hangfire runs it, with the fixed clock.</summary>
    private LedgerCheckpointJob Job() => new(
        new LedgerCheckpointWriter(Services.GetRequiredService<TableLedgerStore>(), Checkpoints, _clock, NullLogger<LedgerCheckpointWriter>.Instance),
        Services.GetRequiredService<IOptions<BotEndpointOptions>>(),
        NullLogger<LedgerCheckpointJob>.Instance);

    [Fact]
    public async Task An_untouched_ledger_verifies_and_the_card_shows_the_events_checked_first_last_and_the_checkpoint_matched()
    {
        await SeedAsync(6);
        _clock.SetUtcNow(Start.AddHours(18).AddMinutes(15)); // 02:15 UTC the next day: the daily run
        await Job().RunAsync(CancellationToken.None);

        var (text, card) = await AskAsync("verify ledger", ProtocolHarness.ComplianceLeadId);

        Assert.Equal("Ledger intact: 6 events", text);
        Assert.Contains("Ledger verified: intact", card, StringComparison.Ordinal);
        Assert.Contains("\"title\":\"Events checked\",\"value\":\"6\"", card, StringComparison.Ordinal);
        Assert.Contains("\"title\":\"First event\",\"value\":\"#1, 2026-11-02 09:00\"", card, StringComparison.Ordinal); // the caller's Europe/Berlin
        Assert.Contains("\"title\":\"Last event\",\"value\":\"#6, 2026-11-02 09:05\"", card, StringComparison.Ordinal);
        Assert.Contains("\"title\":\"Checkpoint\",\"value\":\"matched: event 6, written 2026-11-03 03:15\"", card, StringComparison.Ordinal);
        Assert.True(card!.Length < 28_000);

        var recorded = JsonNode.Parse((await ChainAsync())[^1].After!)!;
        Assert.Equal(6, (long)recorded["checkpoint"]!);
        Assert.Equal("Matched", (string?)recorded["checkpointStatus"]);
    }

    [Fact]
    public async Task Cutting_the_last_three_events_and_rewriting_the_head_is_answered_with_the_missing_range_and_the_checkpoint()
    {
        var events = await SeedAsync(10);
        _clock.SetUtcNow(Start.AddHours(18).AddMinutes(15));
        await Job().RunAsync(CancellationToken.None);

        for (var sequence = 8; sequence <= 10; sequence++)
        {
            await RawLedger.DeleteEntityAsync(Tenant, LedgerKeys.Sequence(sequence));
        }

        await RewriteHeadAsync(events[6]);

        var (text, card) = await AskAsync("verify ledger", ProtocolHarness.AuditorId);

        Assert.Equal("Ledger broken at event 8", text);
        Assert.Contains("Ledger verification failed", card, StringComparison.Ordinal);
        Assert.Contains("Events 8 to 10 are missing: the checkpoint of 2026-11-03 02:15:00 UTC says the chain reached event 10, but it ends at event 7.", card, StringComparison.Ordinal);
        Assert.Contains("\"title\":\"Checkpoint\",\"value\":\"the chain ends before it: event 10, written 2026-11-03 03:15\"", card, StringComparison.Ordinal);
        Assert.Contains("\"title\":\"Last intact event\",\"value\":\"#7, 2026-11-02 09:06\"", card, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Editing_an_event_and_rehashing_everything_after_it_without_the_key_is_answered_with_that_event()
    {
        await SeedAsync(6);
        var chain = await ChainAsync();
        chain[2] = chain[2] with { After = "{\"n\":\"approved\"}" };
        for (var i = 2; i < chain.Count; i++)
        {
            var relinked = chain[i] with { PreviousHash = chain[i - 1].Hash };
            chain[i] = relinked with { Hash = LedgerHasher.ComputeHash(relinked.PreviousHash, relinked) };
            var row = (await RawLedger.GetEntityAsync<TableEntity>(Tenant, LedgerKeys.Sequence(chain[i].Sequence))).Value;
            row["After"] = chain[i].After;
            row["PreviousHash"] = chain[i].PreviousHash;
            row["Hash"] = chain[i].Hash;
            await RawLedger.UpdateEntityAsync(row, ETag.All, TableUpdateMode.Replace);
        }

        await RewriteHeadAsync(chain[^1]);

        var (text, card) = await AskAsync("verify ledger", ProtocolHarness.ComplianceLeadId);

        Assert.Equal("Ledger broken at event 3", text);
        Assert.Contains("event 3: changed after it was signed (MAC does not match)", card, StringComparison.Ordinal);
        Assert.Contains("Event 3 was changed after it was signed", card, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deleting_the_tenants_partition_is_answered_as_tampering()
    {
        await SeedAsync(4);
        await Services.GetRequiredService<TableStore>().Table<TableEntity>(AiSystemRepository.TableName).Client.AddEntityAsync(new TableEntity(Tenant, "credit-scorer"));
        _clock.SetUtcNow(Start.AddHours(18).AddMinutes(15));
        await Job().RunAsync(CancellationToken.None);

        await foreach (var row in RawLedger.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {Tenant}"), select: ["PartitionKey", "RowKey"]))
        {
            await RawLedger.DeleteEntityAsync(row.PartitionKey, row.RowKey);
        }

        var (text, card) = await AskAsync("verify ledger", ProtocolHarness.AuditorId);

        Assert.Equal("Ledger broken at event 1", text);
        Assert.Contains("Events 1 to 4 are missing: the checkpoint of 2026-11-03 02:15:00 UTC says the chain reached event 4, but it holds no events at all.", card, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deleting_the_partition_before_any_checkpoint_is_answered_as_tampering_because_the_register_has_data()
    {
        await SeedAsync(3);
        await Services.GetRequiredService<TableStore>().Table<TableEntity>(ControlInstanceRepository.TableName).Client.AddEntityAsync(new TableEntity(Tenant + "|org", "A.6.2.6"));
        await foreach (var row in RawLedger.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {Tenant}"), select: ["PartitionKey", "RowKey"]))
        {
            await RawLedger.DeleteEntityAsync(row.PartitionKey, row.RowKey);
        }

        var (text, card) = await AskAsync("verify ledger", ProtocolHarness.ComplianceLeadId);

        Assert.Equal("Ledger broken: its events are missing", text);
        Assert.Contains("The ledger holds no events, yet the register holds AI systems or controls for this tenant", card, StringComparison.Ordinal);
        Assert.Contains("\"title\":\"First problem\",\"value\":\"the ledger is empty while the register has data\"", card, StringComparison.Ordinal);
        Assert.Contains("none written yet", card, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_daily_job_writes_one_checkpoint_per_run_and_refuses_to_sign_a_broken_chain()
    {
        await SeedAsync(3);
        var first = Assert.Single(await Job().RunAsync(CancellationToken.None));
        _clock.Advance(TimeSpan.FromDays(1));
        var second = Assert.Single(await Job().RunAsync(CancellationToken.None));

        Assert.Equal(LedgerCheckpointResult.Written, first.Result);
        Assert.Equal(LedgerCheckpointResult.Written, second.Result);
        Assert.NotEqual(first.Name, second.Name);
        Assert.Equal(second.Checkpoint, await Checkpoints.LatestAsync(Tenant));

        var row = (await RawLedger.GetEntityAsync<TableEntity>(Tenant, LedgerKeys.Sequence(3))).Value;
        row["ActorId"] = "someone-else";
        await RawLedger.UpdateEntityAsync(row, ETag.All, TableUpdateMode.Replace);
        _clock.Advance(TimeSpan.FromDays(1));

        var refused = await Assert.ThrowsAsync<LedgerCheckpointRefusedException>(() => Job().RunAsync(CancellationToken.None));

        Assert.Contains(Tenant, refused.Message, StringComparison.Ordinal);
        Assert.Contains("a broken chain is never signed", refused.Message, StringComparison.Ordinal);
        Assert.Equal(second.Checkpoint, await Checkpoints.LatestAsync(Tenant));
    }

    [Fact]
    public async Task A_compliance_lead_writes_a_checkpoint_on_demand_and_it_is_recorded()
    {
        await SeedAsync(5);

        var (text, card) = await AskAsync("ledger checkpoint", ProtocolHarness.ComplianceLeadId);

        Assert.Null(card);
        Assert.StartsWith("Checkpoint written: the ledger reached event 5 (dated 2026-11-02 09:04), verified from its first event.", text, StringComparison.Ordinal);
        Assert.Contains("signed with key " + AimsBot.Testing.TestEnvironment.LedgerSigningKeyId, text, StringComparison.Ordinal);
        Assert.Equal(5, (await Checkpoints.LatestAsync(Tenant))!.Sequence);

        var recorded = (await ChainAsync())[^1];
        Assert.Equal(LedgerEvents.LedgerCheckpointed.Name, recorded.Action);
        Assert.Equal(ProtocolHarness.ComplianceLeadId, recorded.ActorId);
        Assert.Equal(5, (long)JsonNode.Parse(recorded.After!)!["sequence"]!);
    }

    [Fact]
    public async Task An_auditor_cannot_write_a_checkpoint_and_nothing_is_written()
    {
        await SeedAsync(2);

        var (text, _) = await AskAsync("ledger checkpoint", ProtocolHarness.AuditorId);

        Assert.DoesNotContain("Checkpoint written", text, StringComparison.Ordinal);
        Assert.Null(await Checkpoints.LatestAsync(Tenant));
        Assert.Equal(2, (await ChainAsync()).Count);
    }

    private async Task<List<LedgerEvent>> SeedAsync(int count)
    {
        var ledger = Services.GetRequiredService<ILedgerStore>();
        var events = new List<LedgerEvent>();
        for (var i = 0; i < count; i++)
        {
            events.Add(await ledger.AppendAsync(new LedgerEntry(
                Tenant, ProtocolHarness.ComplianceLeadId, "ComplianceLead", "control.updated", "ControlInstance", "org/A.6.2.6",
                null, "{\"n\":" + i.ToString(CultureInfo.InvariantCulture) + "}", Start.AddMinutes(i), "seed-" + i.ToString(CultureInfo.InvariantCulture))));
        }

        return events;
    }

    private async Task RewriteHeadAsync(LedgerEvent last)
    {
        var head = (await RawLedger.GetEntityAsync<TableEntity>(Tenant, LedgerKeys.HeadKey)).Value;
        head["LastSequence"] = last.Sequence;
        head["LastHash"] = last.Hash;
        head["LastOccurredAt"] = LedgerKeys.FormatInstant(last.OccurredAt);
        await RawLedger.UpdateEntityAsync(head, ETag.All, TableUpdateMode.Replace);
    }

    private async Task<List<LedgerEvent>> ChainAsync()
    {
        var events = new List<LedgerEvent>();
        await foreach (var e in Services.GetRequiredService<ILedgerStore>().ReadChainAsync(Tenant))
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
