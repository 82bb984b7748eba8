using System.Text.Json.Nodes;
using AimsBot.Host.Tests.Support;
using AimsBot.Teams.Tests.Support;

namespace AimsBot.Host.Tests.Files;

/// <summary><c>export soa</c> end to end: the file offered, accepted, uploaded holds the live SoA.</summary>
public sealed class SoaExportTests : IAsyncLifetime
{
    private readonly ProtocolHarness _bot = new()
    {
        // The fake connector stands in for OneDrive's upload session: plain http on loopback, allowed like a test stub.
        Settings = new Dictionary<string, string?> { ["Import:AllowHttpDownloadHosts:0"] = "127.0.0.1" },
    };

    public async Task InitializeAsync()
    {
        await _bot.InitializeAsync();
        _bot.Connector.Responder = r => r.Method == "PUT" && r.Path.StartsWith("/upload/", StringComparison.Ordinal) ? new FakeResponse(201, "{}") : null;
    }

    public Task DisposeAsync() => _bot.DisposeAsync();

    private async Task<JsonNode> OfferAsync(string text)
    {
        await _bot.PostAsync(_bot.Activity("message", text, userAadId: ProtocolHarness.ComplianceLeadId));
        var offer = Assert.Single(await _bot.WaitForRequestsAsync(r => r.Method == "POST" && r.Body.Contains("file.consent", StringComparison.Ordinal)));
        return offer.Json!["attachments"]![0]!;
    }

    [Fact]
    public async Task The_soa_csv_holds_every_annex_a_control_once_and_reaches_the_upload_url()
    {
        var attachment = await OfferAsync("export soa");
        Assert.Equal("soa-organisation.csv", (string?)attachment["name"]);

        var accept = _bot.Activity("invoke", userAadId: ProtocolHarness.ComplianceLeadId);
        accept["name"] = "fileConsent/invoke";
        accept["value"] = new JsonObject
        {
            ["type"] = "fileUpload",
            ["action"] = "accept",
            ["context"] = attachment["content"]!["acceptContext"]!.DeepClone(),
            ["uploadInfo"] = new JsonObject
            {
                ["name"] = "soa-organisation.csv",
                ["uploadUrl"] = _bot.ServiceUrl.Replace("/emea/", "/upload/soa", StringComparison.Ordinal),
                ["contentUrl"] = "https://contoso-my.sharepoint.com/soa-organisation.csv",
                ["uniqueId"] = "u-1",
                ["fileType"] = "csv",
            },
        };
        await _bot.PostAsync(accept);

        var upload = Assert.Single(_bot.Connector.Requests, r => r.Method == "PUT");
        var lines = upload.Body.TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("Objective,Control,Title", lines[0], StringComparison.Ordinal);
        Assert.Equal(38, lines.Length - 1);
        Assert.Single(lines, l => l.Contains(",A.6.2.6,", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_soa_is_offered_as_xlsx_on_request_and_an_unknown_system_gets_a_clear_answer()
    {
        var attachment = await OfferAsync("export soa as xlsx");
        Assert.Equal("soa-organisation.xlsx", (string?)attachment["name"]);

        await _bot.PostAsync(_bot.Activity("message", "export soa system Nonexistent", userAadId: ProtocolHarness.ComplianceLeadId));
        var replies = await _bot.WaitForRequestsAsync(r => r.Method == "POST", count: 2);
        Assert.Contains(replies, r => r.Body.Contains("Nothing was sent", StringComparison.Ordinal));
        Assert.Single(replies, r => r.Body.Contains("file.consent", StringComparison.Ordinal));
    }
}
