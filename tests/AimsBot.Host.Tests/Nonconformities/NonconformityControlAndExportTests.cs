using System.Text.Json.Nodes;
using AimsBot.Domain.Nonconformities;
using AimsBot.Teams.Tests.Support;

namespace AimsBot.Host.Tests.Nonconformities;

/// <summary>Open major nonconformities on the SoA and <c>control &lt;id&gt;</c>; <c>export ncs</c> through file consent.</summary>
public sealed class NonconformityControlAndExportTests : NonconformityFollowUpHost
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        // The fake connector stands in for OneDrive's upload session.
        Bot.Connector.Responder = r => r.Method == "PUT" && r.Path.StartsWith("/upload/", StringComparison.Ordinal) ? new FakeResponse(201, "{}") : null;
    }

    [Fact]
    public async Task An_open_major_nonconformity_shows_on_its_controls_SoA_row_and_card_until_it_closes()
    {
        var major = await RaiseAsync("Drift check skipped in March", NonconformitySeverity.Major, ["A.6.2.6", "A.6.2.4"]);
        await RaiseAsync("Minor slip in the monitoring log", NonconformitySeverity.Minor, ["A.6.2.6"]);
        await RaiseAsync("Policy review late", NonconformitySeverity.Major, ["A.2.4"], organisation: true);

        var soa = Text(await SayAsync("soa system Credit Scorer", Lead));
        Assert.Contains("**open major NC-1**", soa, StringComparison.Ordinal);
        Assert.DoesNotContain("NC-2", soa, StringComparison.Ordinal);
        // The organisation's major applies to the system's SoA too.
        Assert.Contains("**open major NC-3**", soa, StringComparison.Ordinal);

        var control = Text(await SayAsync("control A.6.2.6 system Credit Scorer", Lead));
        Assert.Contains("Open major nonconformities", control, StringComparison.Ordinal);
        Assert.Contains("**NC-1** Drift check skipped in March · Waiting for triage", control, StringComparison.Ordinal);
        // Someone who may not read it sees only its id.
        var stranger = Text(await SayAsync("control A.6.2.6 system Credit Scorer", Stranger));
        Assert.Contains("**NC-1** (say **nc NC-1** if you may see it)", stranger, StringComparison.Ordinal);
        Assert.DoesNotContain("Drift check skipped", stranger, StringComparison.Ordinal);
        Assert.DoesNotContain("Open major nonconformities", Text(await SayAsync("control A.7.4 system Credit Scorer", Lead)), StringComparison.Ordinal);

        var declined = await Service.DeclineAsync(LeadCaller, major, (await StoredAsync(major)).Revision, "A planned pause, agreed with the model owner.", null, CancellationToken.None);
        Assert.True(declined.IsSuccess, declined.IsSuccess ? "" : declined.ErrorMessage);
        Assert.DoesNotContain("NC-1", Text(await SayAsync("soa system Credit Scorer", Lead)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_lead_exports_every_nonconformity_with_its_steps_and_someone_without_rights_is_refused()
    {
        var id = await RaiseAsync("Drift check skipped in March");
        await TriageAsync(id);
        await CorrectAsync(id);
        await RootCauseAsync(id);
        await PlanAsync(id);
        await RaiseAsync("Supplier model card missing", NonconformitySeverity.Minor, ["A.10.3"], organisation: true);

        var offer = await OfferAsync("export ncs", Lead);
        Assert.Equal("ncs.csv", (string?)offer["name"]);
        Assert.Contains("Nonconformities: 2 nonconformities", (string?)offer["content"]!["description"], StringComparison.Ordinal);
        await Bot.PostAsync(Accept(offer, Lead), Token());

        var upload = Assert.Single(Bot.Connector.Requests, r => r.Method == "PUT");
        var lines = upload.Body.TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(
            "Nonconformity,Title,Severity,Source,System,Controls,Step,Step due,Owner,Raised by,Raised at (UTC),Correction,Cause category,Root cause,Similar elsewhere,Corrective actions,Implemented at (UTC),Review,Reviewed by,Closed at (UTC),Cycles,Evidence link",
            lines[0]);
        Assert.Equal(
            "NC-1,Drift check skipped in March,major,control-failure,Credit Scorer,A.6.2.6,implementation,2026-12-07,Nia Owner,Ravi Raiser,2026-11-23T10:00:00Z,Paused automated decisions and re-ran last month's drift check.,technology,The monthly drift check did not run in March. — The drift job failed silently after a library upgrade.,\"Same job in Fraud Detector, see NC-1\",\"1. Alert on a missed drift run (Arun Actionowner, due 2026-12-07, open)\",,,,,1,https://contoso.example/tickets/42",
            lines[1]);
        Assert.StartsWith("NC-2,Supplier model card missing,minor,control-failure,organisation,A.10.3,raised,,,Ravi Raiser,", lines[2], StringComparison.Ordinal);
        await Bot.WaitForRequestsAsync(r => r.Body.Contains("file.info", StringComparison.Ordinal));
        Assert.Equal("export.delivered", Assert.Single(await Ledger.ForEntityAsync(Tenant, "ncs")).Action);

        var refused = await SayAsync("export ncs", NcOwner);
        Assert.Contains("not available to you", Shown(refused), StringComparison.Ordinal);
        Assert.Contains("takes no more than a format", Shown(await SayAsync("export ncs open", Lead)), StringComparison.Ordinal);
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
}
