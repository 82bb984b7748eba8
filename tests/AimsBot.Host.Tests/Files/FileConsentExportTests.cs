using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using AimsBot.Commands;
using AimsBot.Files;
using AimsBot.Host.Tests.Support;
using AimsBot.Storage.Ledger;
using AimsBot.Teams.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace AimsBot.Host.Tests.Files;

/// <summary>Exports through the Teams file consent flow: offer, accept → upload → file card; decline; misuse.</summary>
public sealed class FileConsentExportTests : IAsyncLifetime
{
    private readonly ProtocolHarness _bot = new()
    {
        ConfigureServices = s => s.AddSingleton<IExportSource, SampleExport>(),
        // The fake connector stands in for OneDrive's upload session: plain http on loopback, allowed like a test stub.
        Settings = new Dictionary<string, string?> { ["Import:AllowHttpDownloadHosts:0"] = "127.0.0.1" },
    };

    public async Task InitializeAsync()
    {
        await _bot.InitializeAsync();
        _bot.Connector.Responder = r => r.Method == "PUT" && r.Path.StartsWith("/upload/", StringComparison.Ordinal) ? new FakeResponse(201, "{}") : null;
    }

    public Task DisposeAsync() => _bot.DisposeAsync();

    private async Task<string> RequestOfferAsync(string user)
    {
        await _bot.PostAsync(_bot.Activity("message", "export sample", userAadId: user));
        var offer = Assert.Single(await _bot.WaitForRequestsAsync(r => r.Method == "POST" && r.Body.Contains("file.consent", StringComparison.Ordinal)));
        var attachment = offer.Json!["attachments"]![0]!;
        Assert.Equal("application/vnd.microsoft.teams.card.file.consent", (string?)attachment["contentType"]);
        Assert.Equal("sample.csv", (string?)attachment["name"]);
        Assert.Equal(SampleExport.Csv.Length, (int)attachment["content"]!["sizeInBytes"]!);
        return (string)attachment["content"]!["acceptContext"]!["offerId"]!;
    }

    private JsonObject Consent(string user, string action, string offerId, string? uploadUrl = null)
    {
        var invoke = _bot.Activity("invoke", userAadId: user);
        invoke["name"] = "fileConsent/invoke";
        invoke["value"] = new JsonObject
        {
            ["type"] = "fileUpload",
            ["action"] = action,
            ["context"] = new JsonObject { ["offerId"] = offerId },
            ["uploadInfo"] = new JsonObject
            {
                ["name"] = "sample.csv",
                ["uploadUrl"] = uploadUrl ?? _bot.ServiceUrl.Replace("/emea/", "/upload/session-1", StringComparison.Ordinal),
                ["contentUrl"] = "https://contoso-my.sharepoint.com/personal/dana/Documents/Applications/sample.csv",
                ["uniqueId"] = "1150D938-8870-4044-9F2C-5BBDEBA70C9D",
                ["fileType"] = "csv",
            },
        };
        return invoke;
    }

    [Fact]
    public async Task Accepting_uploads_the_file_shows_a_file_card_and_records_the_export()
    {
        var offerId = await RequestOfferAsync("aad-exporter");

        var response = await _bot.PostAsync(Consent("aad-exporter", "accept", offerId));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var upload = Assert.Single(_bot.Connector.Requests, r => r.Method == "PUT");
        Assert.Equal(Encoding.UTF8.GetString(SampleExport.Csv), upload.Body);
        Assert.Null(upload.Authorization); // the bot's token never goes to OneDrive
        var info = Assert.Single(await _bot.WaitForRequestsAsync(r => r.Body.Contains("file.info", StringComparison.Ordinal)));
        Assert.Equal("https://contoso-my.sharepoint.com/personal/dana/Documents/Applications/sample.csv", (string?)info.Json!["attachments"]![0]!["contentUrl"]);

        var history = await _bot.Factory.Services.GetRequiredService<ILedgerStore>().ForEntityAsync(ProtocolHarness.Tenant, "sample");
        var delivered = Assert.Single(history);
        Assert.Equal("export.delivered", delivered.Action);
        Assert.Equal("aad-exporter", delivered.ActorId);

        // A second click on Allow delivers nothing more.
        await _bot.PostAsync(Consent("aad-exporter", "accept", offerId));
        Assert.Single(_bot.Connector.Requests, r => r.Method == "PUT");
    }

    [Theory]
    [InlineData("https://attacker.example/upload/session-1")]
    [InlineData("https://contoso-my.sharepoint.com.attacker.example/upload")]
    [InlineData("http://contoso-my.sharepoint.com/personal/dana/upload")]
    [InlineData("not a url")]
    public async Task An_upload_link_outside_teams_file_storage_is_refused_and_nothing_is_sent_or_recorded(string uploadUrl)
    {
        var offerId = await RequestOfferAsync("aad-exporter-2");

        var response = await _bot.PostAsync(Consent("aad-exporter-2", "accept", offerId, uploadUrl));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var reply = Assert.Single(await _bot.WaitForRequestsAsync(r => r.Body.Contains("did not upload", StringComparison.Ordinal)));
        Assert.Contains("sample.csv", reply.Body, StringComparison.Ordinal);
        Assert.Contains("nothing was sent", reply.Body, StringComparison.Ordinal);
        Assert.DoesNotContain(_bot.Connector.Requests, r => r.Method == "PUT" || r.Body.Contains("file.info", StringComparison.Ordinal));
        var ledger = _bot.Factory.Services.GetRequiredService<ILedgerStore>();
        Assert.Empty(await ledger.ForEntityAsync(ProtocolHarness.Tenant, "sample"));

        // The offer is untouched: the genuine consent still delivers it.
        await _bot.PostAsync(Consent("aad-exporter-2", "accept", offerId));
        Assert.Single(_bot.Connector.Requests, r => r.Method == "PUT");
        Assert.Equal("export.delivered", Assert.Single(await ledger.ForEntityAsync(ProtocolHarness.Tenant, "sample")).Action);
    }

    [Fact]
    public async Task A_file_card_that_cannot_be_posted_still_leaves_the_delivery_in_the_ledger()
    {
        var offerId = await RequestOfferAsync("aad-exporter");
        // The upload works; posting the file card finds the conversation gone.
        _bot.Connector.Responder = r =>
            r.Method == "PUT" && r.Path.StartsWith("/upload/", StringComparison.Ordinal) ? new FakeResponse(201, "{}")
            : r.Method == "POST" && r.Body.Contains("file.info", StringComparison.Ordinal) ? new FakeResponse(404, """{"error":{"code":"ConversationNotFound","message":"Conversation not found."}}""")
            : null;

        var response = await _bot.PostAsync(Consent("aad-exporter", "accept", offerId));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single(_bot.Connector.Requests, r => r.Method == "PUT");
        var history = await _bot.Factory.Services.GetRequiredService<ILedgerStore>().ForEntityAsync(ProtocolHarness.Tenant, "sample");
        Assert.Equal(["export.delivered", "export.card.failed"], history.OrderBy(e => e.Sequence).Select(e => e.Action));
        Assert.All(history, e => Assert.Equal("aad-exporter", e.ActorId));
        Assert.Contains("sample.csv", history.Single(e => e.Action == "export.delivered").After, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Declining_is_handled_politely_and_uploads_nothing()
    {
        var offerId = await RequestOfferAsync("aad-decliner");

        var response = await _bot.PostAsync(Consent("aad-decliner", "decline", offerId));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var reply = Assert.Single(await _bot.WaitForRequestsAsync(r => r.Body.Contains("No problem", StringComparison.Ordinal)));
        Assert.Contains("sample.csv", reply.Body, StringComparison.Ordinal);
        Assert.DoesNotContain(_bot.Connector.Requests, r => r.Method == "PUT");
    }

    [Fact]
    public async Task Someone_else_cannot_accept_your_offer()
    {
        var offerId = await RequestOfferAsync("aad-owner-of-offer");

        await _bot.PostAsync(Consent("aad-intruder", "accept", offerId));

        Assert.DoesNotContain(_bot.Connector.Requests, r => r.Method == "PUT");
        Assert.Single(await _bot.WaitForRequestsAsync(r => r.Body.Contains("not yours", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Exports_asked_for_in_a_channel_are_offered_in_the_1to1_chat_and_unknown_formats_are_refused()
    {
        var channel = _bot.Activity("message", "export sample", conversationId: "19:general@thread.tacv2");
        channel["conversation"]!["conversationType"] = "channel";
        channel["conversation"]!["isGroup"] = true;
        await _bot.PostAsync(channel);
        await _bot.PostAsync(_bot.Activity("message", "export sample as pdf"));

        var replies = await _bot.WaitForRequestsAsync(r => r.Method == "POST" && r.Path.Contains("/activities", StringComparison.Ordinal), count: 3);
        var inChannel = Assert.Single(replies, r => r.Path.Contains("19:general@thread.tacv2", StringComparison.Ordinal));
        Assert.Contains("answered **export** in our 1:1 chat", inChannel.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("file.consent", inChannel.Body, StringComparison.Ordinal);
        Assert.Contains(replies, r => r.Path.Contains("/v3/conversations/a:created-", StringComparison.Ordinal) && r.Body.Contains("file.consent", StringComparison.Ordinal));
        Assert.Contains(replies, r => r.Body.Contains("csv** or **xlsx", StringComparison.Ordinal));
    }

    private sealed class SampleExport : IExportSource
    {
        public static readonly byte[] Csv = Encoding.UTF8.GetBytes("control,status\r\nA.2.2,implemented\r\n");

        public string Kind => "sample";

        public AimsBot.Domain.Access.DomainAction Action => AimsBot.Domain.Access.DomainAction.ViewRegister;

        public Task<ExportFile> BuildAsync(ExportRequest request, Caller caller, CancellationToken cancellationToken) =>
            Task.FromResult(new ExportFile("sample.csv", Csv, "A sample export"));
    }
}
