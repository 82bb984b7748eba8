using System.Globalization;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using AimsBot.Audit;
using AimsBot.Domain.Access;
using AimsBot.Domain.Catalogue;
using AimsBot.Domain.Register;
using AimsBot.Storage;
using AimsBot.Storage.Nonconformities;
using AimsBot.Storage.Register;
using AimsBot.Teams.Cards;
using Microsoft.Extensions.DependencyInjection;

namespace AimsBot.Host.Tests.Packaging;

/// <summary>The auditor's cards: a page of evidence (the first, and the one "More" brings), and the nonconformities.</summary>
public static class AuditCardSamples
{
    public static IReadOnlyList<CardSample> All { get; } =
    [
        new("audit-evidence-first-page", ["command:evidence"], async h =>
        {
            await SeedLongEvidenceAsync(h);
            return await h.RunCommandAsync("evidence for a.6.2.2 since 2025-01-01", h.Person(Role.Auditor));
        }),
        new("audit-evidence-more", ["verb:" + EvidenceQueryCards.MoreVerb], async h =>
        {
            await SeedLongEvidenceAsync(h);
            var first = await h.RunCommandAsync("evidence A.6.2.2", h.Person(Role.Auditor));
            var more = first.Actions!.OfType<ExecuteAction>().Single(a => a.Verb == EvidenceQueryCards.MoreVerb);
            return await h.PressAsync(EvidenceQueryCards.MoreVerb, h.Person(Role.Auditor), more.Data!.DeepClone().AsObject());
        }),
        new("audit-evidence-all-systems", ["command:evidence"], async h =>
        {
            await SeedLongEvidenceAsync(h);
            await h.Services.GetRequiredService<EvidenceRepository>().RepairIndexAsync(CardSampleHost.Tenant);
            return await h.RunCommandAsync("evidence A.6.2.2 all systems covering 2025-10-01 2025-12-31", h.Person(Role.Auditor));
        }),
        new("audit-ncs", ["command:ncs", "NcsCards.List"], async h =>
        {
            var ncs = h.Services.GetRequiredService<NonconformityRepository>();
            var at = new DateTimeOffset(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);
            await ncs.AddAsync(CardSampleHost.Tenant, new NonconformityRow { RowKey = "NC-0001", Title = "Drift monitoring of Credit Scorer skipped in March", ControlId = "A.6.2.6", Scope = "credit-scorer", Status = NonconformityRepository.Open, RaisedBy = "aad-sample-0001", RaisedAt = at, OwnerName = "Dana Owner", DueOn = "2026-04-30" });
            await ncs.AddAsync(CardSampleHost.Tenant, new NonconformityRow { RowKey = "NC-0002", Title = "AI policy review overdue", ControlId = "A.2.4", Scope = "org", Status = NonconformityRepository.Closed, RaisedBy = "aad-sample-0001", RaisedAt = at, OwnerName = "Sam Lead", ClosedAt = at.AddDays(9) });
            return await h.RunCommandAsync("ncs", h.Person(Role.Auditor));
        }),
    ];

    /// <summary>
    /// 40 records of A.6.2.2 with addresses and descriptions of the longest allowed length, once: the cards
    /// must leave rows for the next page rather than outgrow a Teams message.
    /// </summary>
    private static async Task SeedLongEvidenceAsync(CardSampleHost host)
    {
        var table = host.Services.GetRequiredService<TableStore>().Table<EvidenceRow>(EvidenceRepository.TableName);
        var partition = RegisterKeys.EvidencePartition(CardSampleHost.Tenant, ControlScope.Organization, ControlId.Parse("A.6.2.2"));
        if ((await table.QueryPageAsync(TableClient.CreateQueryFilter($"PartitionKey eq {partition}"), 1)).Items.Count > 0)
        {
            return;
        }

        var start = new DateTimeOffset(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);
        var rows = Enumerable.Range(0, 40).Select(i =>
        {
            var at = start.AddDays(i);
            var id = Guid.CreateVersion7(at).ToString("N");
            var url = "https://wiki.example/ai/requirements/" + string.Concat(Enumerable.Repeat("section-", 240)) + i.ToString(CultureInfo.InvariantCulture);
            return new EvidenceRow
            {
                PartitionKey = partition,
                RowKey = RegisterKeys.EvidenceRowKey(at, id),
                EvidenceId = id,
                Scope = "org",
                ControlId = "A.6.2.2",
                Kind = i % 4 == 0 ? "Attestation" : "Link",
                Url = i % 4 == 0 ? null : url[..Math.Min(url.Length, EvidenceRecord.UrlMax)],
                Description = "Requirements review minutes: " + new string('r', EvidenceRecord.DescriptionMax - 40),
                PeriodFrom = "2025-10-01",
                PeriodTo = "2025-12-31",
                SubmittedBy = "aad-sample-0002",
                SubmittedByName = "Dana Owner with a rather long display name for the table",
                SubmittedAt = at,
                SubmissionId = Guid.NewGuid().ToString("N"),
            };
        });
        await table.SubmitInBatchesAsync(rows.Select(r => new TableTransactionAction(TableTransactionActionType.Add, r)));
    }
}
