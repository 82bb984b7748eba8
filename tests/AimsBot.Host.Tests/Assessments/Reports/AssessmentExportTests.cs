using System.Globalization;
using System.Text.Json.Nodes;
using AimsBot.Commands;
using AimsBot.Domain.Access;
using AimsBot.Files;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using Microsoft.Extensions.DependencyInjection;

namespace AimsBot.Host.Tests.Assessments.Reports;

/// <summary><c>export assessment &lt;system&gt; [version]</c>: the Word report offered through file consent, uploaded and recorded.</summary>
public sealed class AssessmentExportTests : AssessmentReportHostTest
{
    private async Task<JsonNode> OfferAsync(string text, string user)
    {
        var before = Bot.Connector.Requests.Count(r => r.Body.Contains("file.consent", StringComparison.Ordinal));
        await Bot.PostAsync(Bot.Activity("message", text, userAadId: user));
        var offers = await Bot.WaitForRequestsAsync(r => r.Method == "POST" && r.Body.Contains("file.consent", StringComparison.Ordinal), count: before + 1);
        return offers[^1].Json!["attachments"]![0]!;
    }

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
                ["fileType"] = "docx",
            },
        };
        return accept;
    }

    /// <summary>The file the export source makes for <paramref name="user"/>: what the consent flow uploads.</summary>
    private async Task<ExportFile> BuildAsync(string arguments, string user, params Role[] roles)
    {
        var source = Bot.Factory.Services.GetServices<IExportSource>().Single(s => s.Kind == "assessment");
        return await source.BuildAsync(new ExportRequest("assessment", "csv", arguments), new Caller(Tenant, user, "29:" + user, null, roles.ToHashSet()), CancellationToken.None);
    }

    [Fact]
    public async Task A_lead_is_offered_the_docx_which_on_accepting_is_uploaded_and_recorded_in_the_ledger()
    {
        await ApprovedAsync(await AddSystemAsync("Credit Scorer"));

        var offer = await OfferAsync("export assessment Credit Scorer", Lead);
        Assert.Equal("application/vnd.microsoft.teams.card.file.consent", (string?)offer["contentType"]);
        Assert.Equal("impact-assessment-credit-scorer-v1.docx", (string?)offer["name"]);
        Assert.Contains("Impact assessment of Credit Scorer, version 1 (approved, level high)", (string?)offer["content"]!["description"], StringComparison.Ordinal);
        Assert.True((int)offer["content"]!["sizeInBytes"]! > 5_000);

        await Bot.PostAsync(Accept(offer, Lead));

        var upload = Assert.Single(Bot.Connector.Requests, r => r.Method == "PUT");
        Assert.StartsWith("PK", upload.Body, StringComparison.Ordinal); // a zip package: the DOCX
        var delivered = Assert.Single(await TableLedger.ForEntityAsync(Tenant, "assessment"));
        Assert.Equal("export.delivered", delivered.Action);
        Assert.Equal(Lead, delivered.ActorId);
        var after = JsonNode.Parse(delivered.After!)!;
        Assert.Equal("Credit Scorer", (string?)after["arguments"]);
        Assert.Equal("impact-assessment-credit-scorer-v1.docx", (string?)after["file"]);
    }

    [Fact]
    public async Task The_file_passes_the_validator_and_holds_every_answer_the_levels_the_approver_and_the_ledger_ids()
    {
        var (_, events) = await ApprovedAsync(await AddSystemAsync("Credit Scorer"));

        var file = await BuildAsync("Credit Scorer 1", Lead, Role.ComplianceLead);

        using var document = WordprocessingDocument.Open(new MemoryStream(file.Content), isEditable: false);
        Assert.Empty(new OpenXmlValidator().Validate(document));
        var text = document.MainDocumentPart!.Document.Body!.InnerText;
        foreach (var answer in ReportAssessments.TypedAnswers().Concat(ReportAssessments.ChoiceLabels))
        {
            Assert.Contains(answer, text, StringComparison.Ordinal);
        }

        Assert.Contains("Overall level: high.", text, StringComparison.Ordinal);
        Assert.Contains("by Riya Approver", text, StringComparison.Ordinal);
        Assert.Contains("Sam Colleague", text, StringComparison.Ordinal);
        Assert.Equal(6, events.Count);
        foreach (var e in events)
        {
            Assert.Contains(e.Sequence.ToString(CultureInfo.InvariantCulture) + e.Action, text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task An_auditor_may_take_it_someone_without_rights_is_refused_and_nothing_is_sent()
    {
        await ApprovedAsync(await AddSystemAsync("Credit Scorer"));

        var auditorOffer = await OfferAsync("export assessment Credit Scorer", Auditor);
        Assert.Equal("impact-assessment-credit-scorer-v1.docx", (string?)auditorOffer["name"]);

        await Bot.PostAsync(Bot.Activity("message", "export assessment Credit Scorer", userAadId: Stranger));
        var refusal = (await Bot.WaitForRequestsAsync(r => r.Method == "POST" && r.Body.Contains("Nothing was sent", StringComparison.Ordinal)))[^1];
        Assert.Contains("Impact assessments are shown to compliance leads, risk approvers, auditors", refusal.Body, StringComparison.Ordinal);
        Assert.Single(Bot.Connector.Requests, r => r.Body.Contains("file.consent", StringComparison.Ordinal));

        await Bot.PostAsync(Bot.Activity("message", "export assessment Credit Scorer 3", userAadId: Lead));
        var unknown = (await Bot.WaitForRequestsAsync(r => r.Method == "POST" && r.Body.Contains("has no version 3", StringComparison.Ordinal)))[^1];
        Assert.Contains("Nothing was sent", unknown.Body, StringComparison.Ordinal);
        Assert.DoesNotContain(Bot.Connector.Requests, r => r.Method == "PUT");
    }

    [Fact]
    public async Task Asked_as_a_spreadsheet_it_says_the_report_is_a_word_document_and_sends_nothing_while_as_docx_is_offered()
    {
        await ApprovedAsync(await AddSystemAsync("Credit Scorer"));

        await Bot.PostAsync(Bot.Activity("message", "export assessment Credit Scorer as xlsx", userAadId: Lead));
        var refusal = (await Bot.WaitForRequestsAsync(r => r.Method == "POST" && r.Body.Contains("Nothing was sent", StringComparison.Ordinal)))[^1];
        Assert.Equal("I can export assessment as **docx**, not 'xlsx'. Nothing was sent.", (string?)refusal.Json!["text"]);
        await Bot.PostAsync(Bot.Activity("message", "export soa as docx", userAadId: Lead));
        var soa = await Bot.WaitForRequestsAsync(r => r.Method == "POST" && r.Body.Contains("Nothing was sent", StringComparison.Ordinal), count: 2);
        Assert.Equal("I can export soa as **csv** or **xlsx**, not 'docx'. Nothing was sent.", (string?)soa[^1].Json!["text"]);
        Assert.DoesNotContain(Bot.Connector.Requests, r => r.Body.Contains("file.consent", StringComparison.Ordinal));

        var offer = await OfferAsync("export assessment Credit Scorer as docx", Lead);
        Assert.Equal("impact-assessment-credit-scorer-v1.docx", (string?)offer["name"]);
    }

    [Fact]
    public async Task An_assessment_started_with_assess_reports_the_start_event_the_step_workflow_recorded()
    {
        await AddSystemAsync("Credit Scorer");
        await SayAsync("assess Credit Scorer", Owner);
        var start = Assert.Single(await TableLedger.ForEntityAsync(Tenant, "credit-scorer/v1"));

        var file = await BuildAsync("Credit Scorer", Owner);

        using var document = WordprocessingDocument.Open(new MemoryStream(file.Content), isEditable: false);
        Assert.Empty(new OpenXmlValidator().Validate(document));
        var text = document.MainDocumentPart!.Document.Body!.InnerText;
        Assert.Contains(start.Sequence.ToString(CultureInfo.InvariantCulture) + "assessment.start", text, StringComparison.Ordinal);
        Assert.Contains("Statusdraft", text, StringComparison.Ordinal);
        Assert.Contains("not answered", text, StringComparison.Ordinal);
        Assert.Equal("impact-assessment-credit-scorer-v1.docx", file.FileName);
    }
}
