using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using AimsBot.Domain.Ledger;
using AimsBot.Storage;
using AimsBot.Storage.Ledger;
using AimsBot.Storage.Register;
using AimsBot.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace AimsBot.Storage.Tests.Ledger;

/// <summary>
/// What someone with write access to the Ledger table can do, against real Azurite tables and blobs, and what
/// <c>verify ledger</c> (the <see cref="LedgerAuditor"/>) and the checkpoint writer make of it. The clock is fixed.
/// </summary>
public sealed class LedgerTamperingTests : IAsyncLifetime
{
    private const string Tenant = "cccccccc-0000-0000-0000-000000000003";
    private static readonly DateTimeOffset Start = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly LedgerSigningKey PreviousKey = new("k1", SHA256.HashData(Encoding.UTF8.GetBytes("tampering tests: previous key")));
    private static readonly LedgerSigningKey CurrentKey = new("k2", SHA256.HashData(Encoding.UTF8.GetBytes("tampering tests: current key")));

    private readonly string _prefix = TestEnvironment.UniqueTablePrefix();
    private readonly string _container = TestEnvironment.UniqueContainerName();
    private readonly FakeTimeProvider _clock = new(Start);
    private TableStore _tables = null!;
    private BlobLedgerCheckpointStore _checkpoints = null!;

    public async Task InitializeAsync()
    {
        _tables = new TableStore(Options.Create(new StorageOptions { ConnectionString = TestEnvironment.TableConnectionString, TablePrefix = _prefix }));
        _tables.Register(TableLedgerStore.TableName);
        _tables.Register(AiSystemRepository.TableName);
        _tables.Register(ControlInstanceRepository.TableName);
        await _tables.EnsureTablesAsync();
        _checkpoints = NewCheckpointStore(TestEnvironment.TableConnectionString);
    }

    public async Task DisposeAsync()
    {
        foreach (var table in new[] { TableLedgerStore.TableName, AiSystemRepository.TableName, ControlInstanceRepository.TableName })
        {
            await _tables.Table<TableEntity>(table).Client.DeleteAsync();
        }

        await _checkpoints.Container.DeleteIfExistsAsync();
    }

    private TableClient RawLedger => _tables.Table<TableEntity>(TableLedgerStore.TableName).Client;

    [Fact]
    public async Task An_untouched_ledger_verifies_with_its_checkpoint_matched_and_its_first_and_last_events()
    {
        var ledger = Ledger();
        await AppendAsync(ledger, 6);
        var written = await Writer(ledger).WriteAsync(Tenant);
        await AppendAsync(ledger, 2, fromMinute: 6);

        var check = await Auditor(ledger).VerifyAsync(Tenant);

        Assert.True(check.IsIntact, check.Summary);
        Assert.Equal(8, check.EventCount);
        Assert.Equal(new LedgerPoint(1, Start), check.Chain.First);
        Assert.Equal(new LedgerPoint(8, Start.AddMinutes(7)), check.Chain.Last);
        Assert.Equal(LedgerCheckpointStatus.Matched, check.Chain.CheckpointStatus);
        Assert.Equal(written.Checkpoint, check.Checkpoint);
        Assert.Equal(6, check.Checkpoint!.Sequence);
        Assert.Contains("holds the latest checkpoint's event 6 unchanged", check.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cutting_the_last_three_events_and_rewriting_the_head_is_reported_as_a_missing_range_naming_the_checkpoint()
    {
        var ledger = Ledger();
        var events = await AppendAsync(ledger, 10);
        _clock.SetUtcNow(Start.AddHours(17)); // the daily checkpoint, next morning
        await Writer(ledger).WriteAsync(Tenant);

        for (var sequence = 8; sequence <= 10; sequence++)
        {
            await RawLedger.DeleteEntityAsync(Tenant, LedgerKeys.Sequence(sequence));
        }

        await RewriteHeadAsync(events[6]);

        var check = await Auditor(ledger).VerifyAsync(Tenant);

        Assert.False(check.IsIntact);
        Assert.Equal(LedgerProblem.ShorterThanCheckpoint, check.Problem);
        Assert.Equal(8, check.BrokenSequence);
        Assert.Equal("Events 8 to 10 are missing: the checkpoint of 2026-11-03 02:00:00 UTC says the chain reached event 10, but it ends at event 7.", check.Summary);
        Assert.Equal(LedgerCheckpointStatus.Missing, check.Chain.CheckpointStatus);
        Assert.Equal(7, check.EventCount);
    }

    [Fact]
    public async Task Editing_one_event_and_recomputing_every_later_hash_and_the_head_with_plain_sha256_names_the_edited_event()
    {
        var ledger = Ledger();
        await AppendAsync(ledger, 8);

        // An attacker without the key: edit event 4, then re-hash 4..8 and point the head at the new end.
        var chain = await ReadChainAsync(ledger);
        chain[3] = chain[3] with { After = "{\"status\":\"Implemented\",\"approvedBy\":\"nobody\"}" };
        for (var i = 3; i < chain.Count; i++)
        {
            var relinked = chain[i] with { PreviousHash = i == 0 ? LedgerHasher.GenesisHash : chain[i - 1].Hash };
            chain[i] = relinked with { Hash = LedgerHasher.ComputeHash(relinked.PreviousHash, relinked) };
            await ReplaceRowAsync(chain[i]);
        }

        await RewriteHeadAsync(chain[^1]);

        var check = await Auditor(ledger).VerifyAsync(Tenant);

        Assert.False(check.IsIntact);
        Assert.Equal(LedgerProblem.BrokenLink, check.Problem);
        Assert.Equal(4, check.BrokenSequence);
        Assert.Equal(LedgerBreakReason.MacMismatch, check.Chain.FirstBreak!.Reason);
        Assert.StartsWith("Event 4 was changed after it was signed", check.Summary, StringComparison.Ordinal);
        Assert.Equal(new LedgerPoint(3, Start.AddMinutes(2)), check.Chain.Last);
    }

    [Fact]
    public async Task Deleting_the_tenants_whole_partition_is_reported_against_the_checkpoint()
    {
        var ledger = Ledger();
        await AppendAsync(ledger, 5);
        await SeedRegisterAsync();
        _clock.SetUtcNow(Start.AddHours(17));
        await Writer(ledger).WriteAsync(Tenant);

        await DeletePartitionAsync();

        var check = await Auditor(ledger).VerifyAsync(Tenant);

        Assert.False(check.IsIntact);
        Assert.Equal(LedgerProblem.ShorterThanCheckpoint, check.Problem);
        Assert.Equal("Events 1 to 5 are missing: the checkpoint of 2026-11-03 02:00:00 UTC says the chain reached event 5, but it holds no events at all.", check.Summary);
    }

    [Fact]
    public async Task Deleting_the_whole_partition_before_any_checkpoint_is_reported_because_the_register_has_data()
    {
        var ledger = Ledger();
        await AppendAsync(ledger, 5);
        await SeedRegisterAsync(systems: false);

        await DeletePartitionAsync();

        var check = await Auditor(ledger).VerifyAsync(Tenant);

        Assert.False(check.IsIntact);
        Assert.Equal(LedgerProblem.EmptyWhileRegisterHasData, check.Problem);
        Assert.StartsWith("The ledger holds no events, yet the register holds AI systems or controls", check.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_empty_ledger_with_an_empty_register_is_intact()
    {
        var check = await Auditor(Ledger()).VerifyAsync(Tenant);

        Assert.True(check.IsIntact, check.Summary);
        Assert.Equal(0, check.EventCount);
        Assert.Null(check.Checkpoint);
    }

    [Fact]
    public async Task Time_going_backwards_is_reported_even_when_every_event_is_signed()
    {
        var ledger = Ledger();
        await AppendAsync(ledger, 5);

        // Someone holding the key re-dates event 3 and re-signs from there on: links and MACs are fine.
        var chain = await ReadChainAsync(ledger);
        chain[2] = chain[2] with { OccurredAt = Start.AddMinutes(-90) };
        for (var i = 2; i < chain.Count; i++)
        {
            var relinked = chain[i] with { PreviousHash = chain[i - 1].Hash };
            chain[i] = LedgerMac.Sign(relinked with { Hash = LedgerHasher.ComputeHash(relinked.PreviousHash, relinked) }, CurrentKey);
            await ReplaceRowAsync(chain[i]);
        }

        await RewriteHeadAsync(chain[^1]);

        var check = await Auditor(ledger).VerifyAsync(Tenant);

        Assert.Equal((3L, LedgerBreakReason.TimeWentBackwards), (check.BrokenSequence, check.Chain.FirstBreak!.Reason));
        Assert.Contains("Time went backwards at event 3", check.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task After_a_key_rotation_events_of_the_previous_key_verify_and_an_unknown_key_id_fails()
    {
        // Before the rotation the deployment signed with k1; after it, with k2, keeping k1 to verify.
        await AppendAsync(Ledger(new LedgerKeyRing(PreviousKey)), 3);
        var rotated = Ledger(new LedgerKeyRing(CurrentKey, [PreviousKey]));
        await AppendAsync(rotated, 3, fromMinute: 3);

        var check = await Auditor(rotated).VerifyAsync(Tenant);
        Assert.True(check.IsIntact, check.Summary);
        Assert.Equal(["k1", "k1", "k1", "k2", "k2", "k2"], (await ReadChainAsync(rotated)).Select(e => e.KeyId));

        // A row whose key id names a key the deployment never had.
        var row = (await RawLedger.GetEntityAsync<TableEntity>(Tenant, LedgerKeys.Sequence(5))).Value;
        row["KeyId"] = "k9";
        await RawLedger.UpdateEntityAsync(row, ETag.All, TableUpdateMode.Replace);

        var unknown = await Auditor(rotated).VerifyAsync(Tenant);
        Assert.Equal((5L, LedgerBreakReason.UnknownKey), (unknown.BrokenSequence, unknown.Chain.FirstBreak!.Reason));
        Assert.Contains("key 'k9'", unknown.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_event_without_a_mac_is_reported()
    {
        var ledger = Ledger();
        await AppendAsync(ledger, 3);
        var row = (await RawLedger.GetEntityAsync<TableEntity>(Tenant, LedgerKeys.Sequence(2))).Value;
        row.Remove("Mac");
        row.Remove("KeyId");
        await RawLedger.UpdateEntityAsync(row, ETag.All, TableUpdateMode.Replace);

        var check = await Auditor(ledger).VerifyAsync(Tenant);

        Assert.Equal((2L, LedgerBreakReason.MacMissing), (check.BrokenSequence, check.Chain.FirstBreak!.Reason));
    }

    [Fact]
    public async Task The_checkpoint_writer_writes_one_new_blob_per_run_and_verifies_only_what_is_new()
    {
        var ledger = Ledger();
        await AppendAsync(ledger, 4);
        var first = await Writer(ledger).WriteAsync(Tenant);

        _clock.Advance(TimeSpan.FromDays(1));
        await AppendAsync(ledger, 3, fromMinute: 4);
        var second = await Writer(ledger).WriteAsync(Tenant);

        _clock.Advance(TimeSpan.FromDays(1));
        var third = await Writer(ledger).WriteAsync(Tenant); // nothing new: it still attests the chain stood there

        Assert.All(new[] { first, second, third }, o => Assert.Equal(LedgerCheckpointResult.Written, o.Result));
        Assert.Equal(4, first.Checkpoint!.Sequence);
        Assert.Equal(7, second.Checkpoint!.Sequence);
        Assert.Equal(first.Checkpoint, second.Previous);
        Assert.Equal(4, second.Check.EventCount); // event 4 (the checkpointed one) and the three after it
        Assert.Equal(7, third.Checkpoint!.Sequence);

        var names = await BlobNamesAsync();
        Assert.Equal(
            [
                Tenant + "/0000000000000000004-" + Start.UtcTicks.ToString("D19", CultureInfo.InvariantCulture) + ".json",
                Tenant + "/0000000000000000007-" + Start.AddDays(1).UtcTicks.ToString("D19", CultureInfo.InvariantCulture) + ".json",
                Tenant + "/0000000000000000007-" + Start.AddDays(2).UtcTicks.ToString("D19", CultureInfo.InvariantCulture) + ".json",
            ],
            names);
        Assert.Equal(third.Checkpoint, await _checkpoints.LatestAsync(Tenant));
        Assert.Equal(LedgerMacCheck.Valid, LedgerMac.Check(third.Checkpoint, ledger.Keys));
    }

    [Fact]
    public async Task A_checkpoint_is_never_overwritten()
    {
        var ledger = Ledger();
        await AppendAsync(ledger, 2);
        var written = await Writer(ledger).WriteAsync(Tenant);
        var name = Assert.Single(await BlobNamesAsync());
        var original = (await _checkpoints.Container.GetBlobClient(name).DownloadContentAsync()).Value.Content.ToString();

        // Same name (same sequence, same instant), other content: refused, the original stays.
        var impostor = LedgerMac.SignCheckpoint(Tenant, 2, new string('f', 64), Start, written.Checkpoint!.CreatedAt, CurrentKey);
        var refused = await Assert.ThrowsAsync<LedgerCheckpointExistsException>(() => _checkpoints.AddAsync(impostor));

        Assert.Equal(name, refused.Name);
        Assert.Equal(original, (await _checkpoints.Container.GetBlobClient(name).DownloadContentAsync()).Value.Content.ToString());
        Assert.Equal(written.Checkpoint, await _checkpoints.LatestAsync(Tenant));
    }

    [Fact]
    public async Task The_checkpoint_writer_refuses_to_sign_a_broken_chain_and_writes_nothing()
    {
        var ledger = Ledger();
        await AppendAsync(ledger, 5);
        await Writer(ledger).WriteAsync(Tenant);
        await AppendAsync(ledger, 3, fromMinute: 5);
        var row = (await RawLedger.GetEntityAsync<TableEntity>(Tenant, LedgerKeys.Sequence(7))).Value;
        row["ActorId"] = "someone-else";
        await RawLedger.UpdateEntityAsync(row, ETag.All, TableUpdateMode.Replace);
        _clock.Advance(TimeSpan.FromDays(1));

        var refused = await Writer(ledger).WriteAsync(Tenant);

        Assert.Equal(LedgerCheckpointResult.RefusedBrokenChain, refused.Result);
        Assert.Null(refused.Checkpoint);
        Assert.Equal(7, refused.Check.BrokenSequence);
        Assert.Contains("a broken chain is never signed", refused.Message, StringComparison.Ordinal);
        Assert.Single(await BlobNamesAsync());
        Assert.Equal(5, (await _checkpoints.LatestAsync(Tenant))!.Sequence);
    }

    [Fact]
    public async Task A_checkpoint_forged_without_the_key_is_reported()
    {
        var ledger = Ledger();
        await AppendAsync(ledger, 3);
        var forged = LedgerMac.SignCheckpoint(Tenant, 3, (await ReadChainAsync(ledger))[^1].Hash, Start.AddMinutes(2), Start.AddHours(1), new LedgerSigningKey("k2", new byte[32]));
        await _checkpoints.AddAsync(forged);

        var check = await Auditor(ledger).VerifyAsync(Tenant);

        Assert.Equal(LedgerProblem.CheckpointNotSigned, check.Problem);
        Assert.Contains("not validly signed", check.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_checkpoint_store_that_cannot_be_reached_leaves_the_ledger_not_fully_verified()
    {
        var ledger = Ledger();
        await AppendAsync(ledger, 2);
        var deadPort = TestEnvironment.FreeLoopbackPort();
        var unreachable = new BlobLedgerCheckpointStore(
            Options.Create(new StorageOptions { ConnectionString = TestEnvironment.AzuriteConnectionString(deadPort), MaxRetries = 0, NetworkTimeout = TimeSpan.FromSeconds(2) }),
            Options.Create(new LedgerCheckpointStoreOptions { ContainerName = _container }));

        var check = await Auditor(ledger, unreachable).VerifyAsync(Tenant);

        Assert.False(check.IsIntact);
        Assert.Equal(LedgerProblem.CheckpointUnreadable, check.Problem);
        Assert.StartsWith("Every event links up and is signed, but the latest checkpoint could not be read", check.Summary, StringComparison.Ordinal);
    }

    private TableLedgerStore Ledger(LedgerKeyRing? keys = null) =>
        new(_tables, keys ?? new LedgerKeyRing(CurrentKey, [PreviousKey]), NullLogger<TableLedgerStore>.Instance);

    private LedgerAuditor Auditor(TableLedgerStore ledger, ILedgerCheckpointStore? checkpoints = null) =>
        new(ledger, checkpoints ?? _checkpoints, new AiSystemRepository(_tables), new ControlInstanceRepository(_tables), NullLogger<LedgerAuditor>.Instance);

    private LedgerCheckpointWriter Writer(TableLedgerStore ledger) =>
        new(ledger, _checkpoints, _clock, NullLogger<LedgerCheckpointWriter>.Instance);

    private BlobLedgerCheckpointStore NewCheckpointStore(string connectionString) => new(
        Options.Create(new StorageOptions { ConnectionString = connectionString }),
        Options.Create(new LedgerCheckpointStoreOptions { ContainerName = _container }));

    private static async Task<List<LedgerEvent>> AppendAsync(TableLedgerStore ledger, int count, int fromMinute = 0)
    {
        var events = new List<LedgerEvent>();
        for (var i = fromMinute; i < fromMinute + count; i++)
        {
            events.Add(await ledger.AppendAsync(new LedgerEntry(
                Tenant, "aad-lead-1", "ComplianceLead", "control.update", "ControlInstance", "org/A.6.2." + (i % 5).ToString(CultureInfo.InvariantCulture),
                null, "{\"n\":" + i.ToString(CultureInfo.InvariantCulture) + "}", Start.AddMinutes(i), "activity-" + i.ToString(CultureInfo.InvariantCulture))));
        }

        return events;
    }

    private static async Task<List<LedgerEvent>> ReadChainAsync(TableLedgerStore ledger)
    {
        var events = new List<LedgerEvent>();
        await foreach (var e in ledger.ReadChainAsync(Tenant))
        {
            events.Add(e);
        }

        return events;
    }

    /// <summary>Overwrites an event's row with the given (forged) event, keeping the key id and MAC it carries.</summary>
    private async Task ReplaceRowAsync(LedgerEvent forged)
    {
        var row = (await RawLedger.GetEntityAsync<TableEntity>(Tenant, LedgerKeys.Sequence(forged.Sequence))).Value;
        row["After"] = forged.After;
        row["OccurredAt"] = LedgerKeys.FormatInstant(forged.OccurredAt);
        row["PreviousHash"] = forged.PreviousHash;
        row["Hash"] = forged.Hash;
        row["Mac"] = forged.Mac;
        row["KeyId"] = forged.KeyId;
        await RawLedger.UpdateEntityAsync(row, ETag.All, TableUpdateMode.Replace);
    }

    private async Task RewriteHeadAsync(LedgerEvent last)
    {
        var head = (await RawLedger.GetEntityAsync<TableEntity>(Tenant, LedgerKeys.HeadKey)).Value;
        head["LastSequence"] = last.Sequence;
        head["LastHash"] = last.Hash;
        head["LastOccurredAt"] = LedgerKeys.FormatInstant(last.OccurredAt);
        await RawLedger.UpdateEntityAsync(head, ETag.All, TableUpdateMode.Replace);
    }

    private async Task DeletePartitionAsync()
    {
        await foreach (var row in RawLedger.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {Tenant}"), select: ["PartitionKey", "RowKey"]))
        {
            await RawLedger.DeleteEntityAsync(row.PartitionKey, row.RowKey);
        }

        Assert.Empty(await ReadChainAsync(Ledger()));
    }

    /// <summary>Register rows for the tenant, as the register keeps them (only their presence matters here).</summary>
    private async Task SeedRegisterAsync(bool systems = true)
    {
        if (systems)
        {
            await _tables.Table<TableEntity>(AiSystemRepository.TableName).Client.AddEntityAsync(new TableEntity(Tenant, "credit-scorer"));
        }

        await _tables.Table<TableEntity>(ControlInstanceRepository.TableName).Client.AddEntityAsync(new TableEntity(Tenant + "|org", "A.6.2.6"));
    }

    private async Task<List<string>> BlobNamesAsync()
    {
        var names = new List<string>();
        await foreach (var blob in _checkpoints.Container.GetBlobsAsync(new Azure.Storage.Blobs.Models.GetBlobsOptions { Prefix = Tenant + "/" }))
        {
            names.Add(blob.Name);
        }

        return names;
    }
}
