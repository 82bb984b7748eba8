using Azure.Data.Tables;
using AimsBot.Domain.Catalogue;
using AimsBot.Domain.Register;
using AimsBot.Storage.Register;

namespace AimsBot.Storage.Tests.Register;

/// <summary>The evidence index (EvidenceByControl): written with each record, read across scopes, repaired when a write went missing.</summary>
public sealed class EvidenceIndexTests : RegisterStorageTest
{
    private const string OtherTenant = "99999999-8888-7777-6666-555555555555";
    private static readonly ControlScope CreditScorer = ControlScope.ForSystem("credit-scorer");
    private static readonly ControlScope ChatHelper = ControlScope.ForSystem("chat-helper");
    private static readonly ControlId A626 = ControlId.Parse("A.6.2.6");

    [Fact]
    public async Task Recorded_evidence_is_in_the_index_across_scopes_newest_first_and_noted_as_indexed()
    {
        var added = new List<string>();
        foreach (var (scope, text) in new[] { (CreditScorer, "cs 1"), (ChatHelper, "ch 1"), (CreditScorer, "cs 2") })
        {
            added.Add((await Evidence.AddAsync(Tenant, NewEvidence(NewControl(scope, "A.6.2.6"), text), "Dana Owner", Guid.NewGuid())).Evidence.Id);
            Clock.Now = Clock.Now.AddMinutes(5);
        }

        await Evidence.AddAsync(Tenant, NewEvidence(NewControl(ControlScope.Organization, "A.2.2"), "policy"), "Dana Owner", Guid.NewGuid());

        var slice = await Evidence.QueryIndexAsync(Tenant, A626, EvidenceFilter.None, null, 10);
        Assert.Equal(["cs 2", "ch 1", "cs 1"], slice.Rows.Select(r => r.Evidence.Description));
        Assert.Equal([CreditScorer, ChatHelper, CreditScorer], slice.Rows.Select(r => r.Evidence.Scope));
        Assert.DoesNotContain(slice.Rows, r => r.Evidence.ControlId != A626);

        // Nothing is left for the repair: every record says it is indexed.
        Assert.Equal(0, await Evidence.RepairIndexAsync(Tenant));

        // Paging goes on after the last row shown.
        var first = await Evidence.QueryIndexAsync(Tenant, A626, EvidenceFilter.None, null, 2);
        Assert.True(first.HasMore);
        var second = await Evidence.QueryIndexAsync(Tenant, A626, EvidenceFilter.None, first.Rows[^1].RowKey, 2);
        Assert.Equal(["cs 1"], second.Rows.Select(r => r.Evidence.Description));
        Assert.False(second.HasMore);
    }

    [Fact]
    public async Task The_repair_fills_the_index_row_a_stopped_process_did_not_write_and_only_once()
    {
        var kept = await Evidence.AddAsync(Tenant, NewEvidence(NewControl(CreditScorer, "A.6.2.6"), "indexed"), "Dana Owner", Guid.NewGuid());
        Clock.Now = Clock.Now.AddMinutes(1);
        var lost = await Evidence.AddAsync(Tenant, NewEvidence(NewControl(ChatHelper, "A.6.2.6"), "index row lost"), "Dana Owner", Guid.NewGuid());

        // The process "stopped" after the record's transaction: no index row, no note on the record.
        var index = Store.Table<TableEntity>(EvidenceRepository.IndexTableName);
        var rowKey = RegisterKeys.EvidenceRowKey(lost.Evidence.SubmittedAt, lost.Evidence.Id);
        await index.DeleteAsync(RegisterKeys.EvidenceIndexPartition(Tenant, A626), rowKey);
        var evidence = Store.Table<TableEntity>(EvidenceRepository.TableName);
        var record = (await evidence.GetAsync(RegisterKeys.EvidencePartition(Tenant, ChatHelper, A626), rowKey))!;
        Assert.True(record.GetBoolean("Indexed"));
        record.Remove("Indexed");
        await evidence.Client.UpdateEntityAsync(record, Azure.ETag.All, TableUpdateMode.Replace);
        Assert.Equal(["indexed"], (await Evidence.QueryIndexAsync(Tenant, A626, EvidenceFilter.None, null, 10)).Rows.Select(r => r.Evidence.Description));

        // Another tenant's unindexed record is not this tenant's repair's business.
        await SeedUnindexedAsync(OtherTenant, CreditScorer, "other tenant's");

        Assert.Equal(1, await Evidence.RepairIndexAsync(Tenant));
        var repaired = (await Evidence.QueryIndexAsync(Tenant, A626, EvidenceFilter.None, null, 10)).Rows;
        Assert.Equal(["index row lost", "indexed"], repaired.Select(r => r.Evidence.Description));
        Assert.Equal(lost.Evidence, repaired[0].Evidence);
        Assert.Equal(kept.Evidence, repaired[1].Evidence);
        Assert.Equal(0, await Evidence.RepairIndexAsync(Tenant));
        Assert.Empty((await Evidence.QueryIndexAsync(OtherTenant, A626, EvidenceFilter.None, null, 10)).Rows);

        // The job's run covers every tenant.
        Assert.Equal(1, await Evidence.RepairIndexAsync(null));
        Assert.Equal(["other tenant's"], (await Evidence.QueryIndexAsync(OtherTenant, A626, EvidenceFilter.None, null, 10)).Rows.Select(r => r.Evidence.Description));
    }

    [Fact]
    public async Task A_repeated_submission_puts_back_an_index_row_the_first_copy_did_not_write()
    {
        var control = NewControl(CreditScorer, "A.6.2.6");
        var submission = Guid.NewGuid();
        var first = await Evidence.AddAsync(Tenant, NewEvidence(control, "first click"), "Dana Owner", submission);
        var rowKey = RegisterKeys.EvidenceRowKey(first.Evidence.SubmittedAt, first.Evidence.Id);
        await Store.Table<TableEntity>(EvidenceRepository.IndexTableName).DeleteAsync(RegisterKeys.EvidenceIndexPartition(Tenant, A626), rowKey);
        var evidence = Store.Table<TableEntity>(EvidenceRepository.TableName);
        var record = (await evidence.GetAsync(RegisterKeys.EvidencePartition(Tenant, CreditScorer, A626), rowKey))!;
        record.Remove("Indexed");
        await evidence.Client.UpdateEntityAsync(record, Azure.ETag.All, TableUpdateMode.Replace);

        Clock.Now = Clock.Now.AddSeconds(2);
        var again = await Evidence.AddAsync(Tenant, NewEvidence(control, "second click"), "Dana Owner", submission);

        Assert.True(again.AlreadyRecorded);
        Assert.Equal(["first click"], (await Evidence.QueryIndexAsync(Tenant, A626, EvidenceFilter.None, null, 10)).Rows.Select(r => r.Evidence.Description));
        Assert.Equal(0, await Evidence.RepairIndexAsync(Tenant));
    }

    [Fact]
    public async Task The_period_covered_filter_keeps_periods_that_overlap_the_days_asked_about_including_the_edge_days()
    {
        // Asked about 2025-07-01 to 2025-09-30, on 2026-01-15 (a period may not end after the day it is submitted).
        Clock.Now = new DateTimeOffset(2026, 1, 15, 9, 0, 0, TimeSpan.Zero);
        var periods = new (string Name, DateOnly From, DateOnly To)[]
        {
            ("ends on the first day", new(2025, 6, 1), new(2025, 7, 1)),
            ("starts on the last day", new(2025, 9, 30), new(2025, 10, 31)),
            ("straddles", new(2025, 1, 1), new(2025, 12, 31)),
            ("inside", new(2025, 8, 1), new(2025, 8, 31)),
            ("ends the day before", new(2025, 6, 1), new(2025, 6, 30)),
            ("starts the day after", new(2025, 10, 1), new(2025, 10, 31)),
        };
        foreach (var (name, from, to) in periods)
        {
            var record = EvidenceRecord.Submit(new EvidenceDraft(EvidenceKind.Note, null, name, from, to), NewControl(CreditScorer, "A.6.2.6"), Lead, TimeZoneInfo.Utc, Clock).Value!;
            await Evidence.AddAsync(Tenant, record, "Dana Owner", Guid.NewGuid());
            Clock.Now = Clock.Now.AddMinutes(1);
        }

        var filter = new EvidenceFilter(CoversFrom: new DateOnly(2025, 7, 1), CoversTo: new DateOnly(2025, 9, 30));
        string[] expected = ["inside", "straddles", "starts on the last day", "ends on the first day"];
        Assert.Equal(expected, (await Evidence.QueryIndexAsync(Tenant, A626, filter, null, 10)).Rows.Select(r => r.Evidence.Description));
        Assert.Equal(expected, (await Evidence.QueryAsync(Tenant, CreditScorer, A626, filter, null, 10)).Rows.Select(r => r.Evidence.Description));
        var whole = await Evidence.IndexPageAsync(Tenant, A626, filter, null);
        Assert.Equal(expected, whole.Items.Select(e => e.Description));
    }

    private async Task SeedUnindexedAsync(string tenant, ControlScope scope, string description)
    {
        var at = Clock.Now;
        var id = Guid.CreateVersion7(at).ToString("N");
        await Store.Table<EvidenceRow>(EvidenceRepository.TableName).AddAsync(new EvidenceRow
        {
            PartitionKey = RegisterKeys.EvidencePartition(tenant, scope, A626),
            RowKey = RegisterKeys.EvidenceRowKey(at, id),
            EvidenceId = id,
            Scope = scope.Key,
            ControlId = A626.Value,
            Kind = "Note",
            Description = description,
            PeriodFrom = "2025-01-01",
            PeriodTo = "2025-03-31",
            SubmittedBy = "owner-1",
            SubmittedAt = at,
        });
    }
}
