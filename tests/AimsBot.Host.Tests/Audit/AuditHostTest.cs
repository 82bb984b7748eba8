using System.Globalization;
using System.Text.Json.Nodes;
using AimsBot.Domain.Access;
using AimsBot.Domain.Catalogue;
using AimsBot.Domain.Register;
using AimsBot.Domain.Scheduling;
using AimsBot.Host.Tests.Register;
using AimsBot.Storage;
using AimsBot.Storage.Register;
using AimsBot.Teams.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace AimsBot.Host.Tests.Audit;

/// <summary>The register's host with a known continuation key, evidence seeded straight into the table, and card readers.</summary>
public abstract class AuditHostTest : RegisterHostTest
{
    public const string ContinuationKey = "c2lnbmluZy1rZXktZm9yLXRlc3RzLW9ubHktMzItYnl0ZXMhIQ==";
    protected const string Stranger = "aad-stranger-0001";
    protected const string OtherTenant = "99999999-8888-7777-6666-555555555555";

    protected AuditHostTest()
        : this(null)
    {
    }

    /// <summary>With the host on <paramref name="clock"/> (null: the system clock).</summary>
    protected AuditHostTest(TimeProvider? clock)
        : base(new Dictionary<string, string?>
          {
              ["Audit:ContinuationKey"] = ContinuationKey,
              // The fake connector stands in for OneDrive's upload session: plain http on loopback, allowed like a test stub.
              ["Import:AllowHttpDownloadHosts:0"] = "127.0.0.1",
          }, null, clock)
    {
    }

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Bot.Connector.Responder = r => r.Method == "PUT" && r.Path.StartsWith("/upload/", StringComparison.Ordinal) ? new FakeResponse(201, "{}") : null;
    }

    /// <summary>
    /// Writes <paramref name="count"/> evidence records into one partition, the first submitted at
    /// <paramref name="first"/> and each next one <paramref name="step"/> later; returns their ids newest first.
    /// </summary>
    protected async Task<List<string>> SeedEvidenceAsync(string tenant, string scope, string control, int count, DateTimeOffset first, TimeSpan step, string linkPrefix = "https://evidence.example/", string periodFrom = "2025-01-01", string periodTo = "2025-03-31")
    {
        var table = Bot.Factory.Services.GetRequiredService<TableStore>().Table<EvidenceRow>(EvidenceRepository.TableName);
        var partition = RegisterKeys.EvidencePartition(tenant, ControlScope.FromKey(scope), ControlId.Parse(control));
        var rows = Enumerable.Range(0, count).Select(i =>
        {
            var at = first + (step * i);
            var id = Guid.CreateVersion7(at).ToString("N");
            return new EvidenceRow
            {
                PartitionKey = partition,
                RowKey = RegisterKeys.EvidenceRowKey(at, id),
                EvidenceId = id,
                Scope = scope,
                ControlId = control,
                Kind = i % 3 == 0 ? "Note" : "Link",
                Url = i % 3 == 0 ? null : $"{linkPrefix}{scope}/{i}",
                Description = $"Record {i} of {scope}",
                PeriodFrom = periodFrom,
                PeriodTo = periodTo,
                SubmittedBy = Owner,
                SubmittedByName = "Dana Owner",
                SubmittedAt = at,
                SubmissionId = Guid.NewGuid().ToString("N"),
            };
        }).ToList();
        await table.SubmitInBatchesAsync(rows.Select(r => new Azure.Data.Tables.TableTransactionAction(Azure.Data.Tables.TableTransactionActionType.Add, r)));
        return rows.OrderByDescending(r => r.SubmittedAt).Select(r => r.EvidenceId).ToList();
    }

    protected async Task SeedOwnedControlAsync(string controlId, string owner, string scope = "org")
    {
        var lead = Actor.Create(Lead, Role.ComplianceLead);
        var instance = ControlInstance.Create(ControlScope.FromKey(scope), ControlId.Parse(controlId), lead, Bot.HostClock, TimeZoneInfo.Utc, EvidenceCadence.Quarterly)
            .Bind(i => i.AssignOwner(owner, TimeZoneInfo.Utc, lead)).Value!;
        await Controls.AddMissingAsync(Tenant, [new ControlUpdate(instance, "Dana Owner")]);
    }

    /// <summary>
    /// What the evidence index repair does for evidence recorded before the index existed: the seeded rows above go
    /// straight into the Evidence table, as older records did, so a list across every scope needs this first.
    /// </summary>
    protected Task<int> IndexSeededEvidenceAsync() => Evidence.RepairIndexAsync(Tenant);

    /// <summary>The evidence ids on an evidence page card, top to bottom.</summary>
    protected static List<string> Ids(JsonNode? card)
    {
        Assert.NotNull(card);
        var table = card["body"]!.AsArray().Single(e => (string?)e!["type"] == "Table")!;
        return table["rows"]!.AsArray().Skip(1).Select(r => (string)r!["cells"]![0]!["items"]![1]!["text"]!).ToList();
    }

    /// <summary>The "More" button's data, or null on the last page.</summary>
    protected static JsonObject? More(JsonNode? card) =>
        card?["actions"]?.AsArray().SingleOrDefault(a => (string?)a!["verb"] == "audit.evidence.more")?["data"]?.AsObject();

    /// <summary>Asks for the first page, then presses More until the list ends; every page's ids in order.</summary>
    protected async Task<List<List<string>>> AllPagesAsync(string command, string user = Lead)
    {
        var first = await SayAsync(command, userAadId: user);
        var pages = new List<List<string>> { Ids(first.Card) };
        var more = More(first.Card);
        while (more is not null)
        {
            var answer = await InvokeAsync("audit.evidence.more", more, user);
            Assert.Equal(200, answer.StatusCode);
            pages.Add(Ids(answer.Card));
            more = More(answer.Card);
            Assert.True(pages.Count < 100, "paging does not end");
        }

        return pages;
    }

    /// <summary>Asks for an export, accepts the consent card, and returns the uploaded file (as text: use CSV).</summary>
    protected async Task<(string FileName, string Content)> ExportAsync(string command, string user = Lead)
    {
        await Bot.PostAsync(Bot.Activity("message", command, userAadId: user));
        var offer = (await Bot.WaitForRequestsAsync(r => r.Method == "POST" && r.Body.Contains("file.consent", StringComparison.Ordinal)))[^1];
        var attachment = offer.Json!["attachments"]![0]!;
        var name = (string)attachment["name"]!;
        var uploads = Bot.Connector.Requests.Count(r => r.Method == "PUT");
        var accept = Bot.Activity("invoke", userAadId: user);
        accept["name"] = "fileConsent/invoke";
        accept["value"] = new JsonObject
        {
            ["type"] = "fileUpload",
            ["action"] = "accept",
            ["context"] = attachment["content"]!["acceptContext"]!.DeepClone(),
            ["uploadInfo"] = new JsonObject
            {
                ["name"] = name,
                ["uploadUrl"] = Bot.ServiceUrl.Replace("/emea/", "/upload/" + Guid.NewGuid().ToString("N"), StringComparison.Ordinal),
                ["contentUrl"] = "https://contoso-my.sharepoint.com/" + name,
                ["uniqueId"] = Guid.NewGuid().ToString(),
                ["fileType"] = Path.GetExtension(name).TrimStart('.'),
            },
        };
        await Bot.PostAsync(accept);
        var upload = Bot.Connector.Requests.Where(r => r.Method == "PUT").Skip(uploads).Single();
        return (name, upload.Body);
    }

    protected static string Day(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
