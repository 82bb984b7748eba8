using System.Text;
using System.Text.Json.Nodes;
using AimsBot.Commands;
using AimsBot.Domain.Access;
using AimsBot.Files;
using AimsBot.Teams.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace AimsBot.Host.Tests.Risks.FollowUp;

/// <summary><c>export risks [as csv|xlsx]</c>: the register offered through file consent, uploaded and recorded.</summary>
public sealed class RiskExportTests : RiskFollowUpHost
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        // The fake connector stands in for OneDrive's upload session.
        Bot.Connector.Responder = r => r.Method == "PUT" && r.Path.StartsWith("/upload/", StringComparison.Ordinal) ? new FakeResponse(201, "{}") : null;
    }

    private async Task<JsonNode> OfferAsync(string text, string user)
    {
        var before = Bot.Connector.Requests.Count(r => r.Body.Contains("file.consent", StringComparison.Ordinal));
        await Bot.PostAsync(Bot.Activity("message", text, userAadId: user), Token());
        var offers = await Bot.WaitForRequestsAsync(r => r.Method == "POST" && r.Body.Contains("file.consent", StringComparison.Ordinal), count: before + 1);
        return offers[^1].Json!["attachments"]![0]!;
    }

    private string Token() => TestTokens.Create(Bot.EndorsedKey, Clock.GetUtcNow(), serviceUrl: Bot.ServiceUrl);

    private JsonObject Accept(JsonNode attachment, string user)
    {
        var accept = Bot.Activity("invoke", userAadId: user);
        accept["name"] = "fileConsent/invoke";
        accept["value"] = new JsonObject
        {
            ["type"] = "fileUpload",
            ["action"] = "accept",
            ["context"] = attachment["content"]!["acceptContext"]!.DeepClone(),
            ["uploadInfo"] = new JsonObject
            {
                ["name"] = (string)attachment["name"]!,
                ["uploadUrl"] = Bot.ServiceUrl.Replace("/emea/", "/upload/" + Guid.NewGuid().ToString("N"), StringComparison.Ordinal),
                ["contentUrl"] = "https://contoso-my.sharepoint.com/" + (string)attachment["name"]!,
                ["uniqueId"] = Guid.NewGuid().ToString(),
                ["fileType"] = "csv",
            },
        };
        return accept;
    }

    [Fact]
    public async Task A_lead_is_offered_the_register_which_on_accepting_is_uploaded_and_recorded()
    {
        var risk = await ApprovedRiskAsync("Thin-file applicants refused", [Today.AddDays(3), Today.AddDays(30)], ["A.6.2.6", "A.7.4"]);

        var offer = await OfferAsync("export risks", Lead);
        Assert.Equal("application/vnd.microsoft.teams.card.file.consent", (string?)offer["contentType"]);
        Assert.Equal("risks.csv", (string?)offer["name"]);
        Assert.Contains("Risk register: 1 risk", (string?)offer["content"]!["description"], StringComparison.Ordinal);

        await Bot.PostAsync(Accept(offer, Lead), Token());

        var upload = Assert.Single(Bot.Connector.Requests, r => r.Method == "PUT");
        var lines = upload.Body.TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(
            "Risk,Title,System,Source,Owner,Likelihood,Consequence,Inherent level,Option,Controls,Actions,Residual level,Status,Approved by,Approved at (UTC),Acceptance valid until,Criteria version",
            lines[0]);
        Assert.Equal(
            $"R-1,Thin-file applicants refused,Credit Scorer,manual,Rita Riskowner,4,4,high,reduce,\"A.6.2.6, A.7.4\",2 open / 0 done,low,approved,Alex Approver,2026-11-23T10:00:00Z,{risk.AcceptedUntil:yyyy-MM-dd},{risk.Inherent!.CriteriaVersion}",
            lines[1]);
        await Bot.WaitForRequestsAsync(r => r.Body.Contains("file.info", StringComparison.Ordinal));
        var delivered = Assert.Single(await Ledger.ForEntityAsync(Tenant, "risks"));
        Assert.Equal("export.delivered", delivered.Action);
        Assert.Equal(Lead, delivered.ActorId);
    }

    [Fact]
    public async Task An_auditor_may_take_it_as_xlsx_and_someone_without_rights_is_refused()
    {
        await ApprovedRiskAsync("Thin-file applicants refused", [Today.AddDays(3)]);

        var offer = await OfferAsync("export risks as xlsx", Auditor);
        Assert.Equal("risks.xlsx", (string?)offer["name"]);

        var file = await Bot.Factory.Services.GetServices<IExportSource>().Single(s => s.Kind == "risks")
            .BuildAsync(new ExportRequest("risks", "xlsx", ""), new Caller(Tenant, Auditor, "29:" + Auditor, null, new HashSet<Role> { Role.Auditor }), CancellationToken.None);
        Assert.Equal("PK", Encoding.ASCII.GetString(file.Content, 0, 2));

        await Bot.PostAsync(Bot.Activity("message", "export risks", userAadId: Colleague), Token());
        var refusal = (await Bot.WaitForRequestsAsync(r => r.Method == "POST" && r.Body.Contains("export is not available", StringComparison.Ordinal)))[^1];
        Assert.Equal("Sorry, the risks export is not available to you.", (string?)refusal.Json!["text"]);
        Assert.Single(Bot.Connector.Requests, r => r.Body.Contains("file.consent", StringComparison.Ordinal));
        Assert.DoesNotContain(Bot.Connector.Requests, r => r.Method == "PUT");
    }
}
