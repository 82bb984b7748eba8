using AimsBot.Assessments.Reports;
using AimsBot.Domain.Access;
using AimsBot.Domain.Assessments;
using AimsBot.Domain.Ledger;
using AimsBot.Domain.Register;
using AimsBot.Testing;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using DocumentFormat.OpenXml.Wordprocessing;
using Microsoft.Extensions.Time.Testing;
using static AimsBot.Host.Tests.Assessments.Reports.ReportAssessments;

namespace AimsBot.Host.Tests.Assessments.Reports;

/// <summary>The DOCX report of an impact assessment, opened with the Open XML SDK as Word would read it.</summary>
public sealed class AssessmentReportDocumentTests
{
    private const string OwnerId = "aad-owner-0001";
    private const string ColleagueId = "aad-colleague-0002";
    private const string ApproverId = "aad-approver-0003";

    private static readonly Dictionary<string, string> Names = new(StringComparer.OrdinalIgnoreCase)
    {
        [OwnerId] = "Dana Owner",
        [ColleagueId] = "Sam Colleague",
        [ApproverId] = "Riya Approver",
    };

    private readonly FakeTimeProvider _clock = new(TestClock.Default);

    /// <summary>Started, answered (one step by a colleague), submitted, returned, resubmitted and approved, a day apart each.</summary>
    private (ImpactAssessment Assessment, AiSystem System) Approved()
    {
        var owner = Actor.Create(OwnerId);
        var approver = Actor.Create(ApproverId, Role.RiskApprover);
        var system = ReportAssessments.System("Credit Scorer", OwnerId, RiskTier.High, _clock);
        var a = Complete(Started(system, owner, _clock), system, owner, Actor.Create(ColleagueId));
        _clock.Advance(TimeSpan.FromDays(1));
        a = Submitted(a, system, owner, _clock);
        _clock.Advance(TimeSpan.FromDays(1));
        a = Returned(a, system, approver, "Name the fairness metric you review each quarter.", _clock);
        _clock.Advance(TimeSpan.FromDays(1));
        a = Submitted(a, system, owner, _clock);
        _clock.Advance(TimeSpan.FromDays(1));
        a = ReportAssessments.Approved(a, system, approver, "Agreed, with the quarterly review.", _clock);
        return (a, system);
    }

    private static LedgerEvent Event(long sequence, string action, string actor, DateTimeOffset at) =>
        new(sequence, "tenant-1", actor, null, action, "ImpactAssessment", "credit-scorer/v1", null, "{}", at, null, new string('0', 64), new string('1', 64));

    private AssessmentReport Report(ImpactAssessment assessment, AiSystem system, IReadOnlyList<LedgerEvent>? ledger = null) =>
        AssessmentReport.Build(assessment, system, "Dana Owner", id => Names.GetValueOrDefault(id), new ImpactScoringOptions(), ledger ?? [], 30, TimeZoneInfo.Utc, _clock);

    private static (WordprocessingDocument Document, string Text) Open(byte[] content)
    {
        var document = WordprocessingDocument.Open(new MemoryStream(content), isEditable: false);
        return (document, document.MainDocumentPart!.Document.Body!.InnerText);
    }

    [Fact]
    public void The_report_of_an_approved_assessment_passes_the_validator_and_holds_every_answer_level_person_and_ledger_id()
    {
        var (assessment, system) = Approved();
        var ledger = new[]
        {
            Event(41, LedgerEvents.AssessmentStarted.Name, OwnerId, assessment.StartedAt),
            Event(44, LedgerEvents.AssessmentSaved.Name, ColleagueId, assessment.StartedAt),
            Event(57, LedgerEvents.AssessmentSubmitted.Name, OwnerId, assessment.StartedAt.AddDays(1)),
            Event(63, LedgerEvents.AssessmentReturned.Name, ApproverId, assessment.StartedAt.AddDays(2)),
            Event(1208, LedgerEvents.AssessmentApproved.Name, ApproverId, assessment.StartedAt.AddDays(4)),
        };

        var content = AssessmentReportDocument.Build(Report(assessment, system, ledger));

        var (document, text) = Open(content);
        using (document)
        {
            Assert.Empty(new OpenXmlValidator().Validate(document));
            foreach (var answer in TypedAnswers().Concat(ChoiceLabels))
            {
                Assert.Contains(answer, text, StringComparison.Ordinal);
            }

            // Stored values never reach the reader: the labels do.
            Assert.DoesNotContain("identity-contact", text, StringComparison.Ordinal);
            Assert.Contains("A third-party service used as it is", text, StringComparison.Ordinal);

            // Scoring: the harm is medium in the matrix and raised to high for credit scoring; the benefit is not scored.
            Assert.Contains("Overall level: high.", text, StringComparison.Ordinal);
            var scoring = document.MainDocumentPart!.Document.Body!.Elements<Table>().Single(t => t.InnerText.StartsWith("ImpactEffectSeverityLikelihood", StringComparison.Ordinal));
            var harmRow = scoring.Elements<TableRow>().ElementAt(1).Elements<TableCell>().Select(c => c.InnerText).ToList();
            Assert.Equal(["1", "A harm", "3", "2", "medium", "yes", "high"], harmRow);
            Assert.Equal("not scored (a benefit)", scoring.Elements<TableRow>().ElementAt(2).Elements<TableCell>().Last().InnerText);

            // People by name, decisions with dates and comments, and each event's sequence number.
            Assert.Contains("Approved2026-11-27 10:00 (UTC) by Riya Approver", text, StringComparison.Ordinal);
            Assert.Contains("Name the fairness metric you review each quarter.", text, StringComparison.Ordinal);
            Assert.Contains("Agreed, with the quarterly review.", text, StringComparison.Ordinal);
            Assert.Contains("Sam Colleague", text, StringComparison.Ordinal);
            Assert.DoesNotContain(ApproverId, text, StringComparison.Ordinal);
            Assert.Contains("Next reassessment due2027-05-27", text, StringComparison.Ordinal);
            var ledgerTable = document.MainDocumentPart.Document.Body.Elements<Table>().Last();
            Assert.Equal(["41", "44", "57", "63", "1208"], ledgerTable.Elements<TableRow>().Skip(1).Select(r => r.Elements<TableCell>().First().InnerText));
            Assert.Contains("assessment.approve", ledgerTable.InnerText, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Headings_are_Word_heading_styles_and_every_question_is_listed_even_unanswered_or_not_asked()
    {
        var owner = Actor.Create(OwnerId);
        var system = ReportAssessments.System("Credit Scorer", OwnerId, RiskTier.High, _clock);
        var draft = Ok(Started(system, owner, _clock).SaveSection(system, "misuse", new Dictionary<string, string?> { ["misuse-foreseen"] = "no" }, owner));

        var (document, text) = Open(AssessmentReportDocument.Build(Report(draft, system)));

        using (document)
        {
            Assert.Empty(new OpenXmlValidator().Validate(document));
            var body = document.MainDocumentPart!.Document.Body!;
            var headings = body.Elements<Paragraph>()
                .Where(p => p.ParagraphProperties?.ParagraphStyleId?.Val?.Value is { } style && style.StartsWith("Heading", StringComparison.Ordinal))
                .Select(p => (p.ParagraphProperties!.ParagraphStyleId!.Val!.Value, p.InnerText))
                .ToList();
            Assert.Contains(("Heading1", "Answers"), headings);
            Assert.Contains(("Heading2", "Step 2: Reasonably foreseeable misuse"), headings);
            Assert.Contains(("Heading1", "Ledger"), headings);
            Assert.Equal(Shipped.Sections.Count, headings.Count(h => h.Item1 == "Heading2"));
            var styles = document.MainDocumentPart.StyleDefinitionsPart!.Styles!.Elements<Style>().Select(s => s.StyleId?.Value).ToList();
            Assert.Contains("Heading1", styles);
            Assert.Contains("Heading2", styles);

            // Every question appears with its state: answered, waiting, or not asked after an earlier answer.
            foreach (var question in Shipped.Sections.Where(s => !s.Repeatable).SelectMany(s => s.Questions))
            {
                Assert.Contains(question.Text, text, StringComparison.Ordinal);
            }

            var misuse = body.Elements<Table>().Single(t => t.InnerText.Contains("Can you foresee the system being misused", StringComparison.Ordinal));
            var rows = misuse.Elements<TableRow>().Skip(1).Select(r => r.Elements<TableCell>().Last().InnerText).ToList();
            Assert.Equal(["No", "not asked (follows from an earlier answer)", "not asked (follows from an earlier answer)", "not answered"], rows);
            Assert.Contains("No impacts recorded yet.", text, StringComparison.Ordinal);
            Assert.Contains("No decision yet", text, StringComparison.Ordinal);
            Assert.Contains("Overall level: low (provisional: not approved yet).", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Text_with_line_breaks_and_characters_XML_cannot_hold_still_makes_a_valid_document()
    {
        var (assessment, system) = Approved();
        var odd = AssessmentReport.Build(assessment, system, "Dana\u0001 Owner\u0007", id => "Riya\u000B Approver\nsecond line", new ImpactScoringOptions(), [], 30, TimeZoneInfo.Utc, _clock);

        var (document, text) = Open(AssessmentReportDocument.Build(odd));

        using (document)
        {
            Assert.Empty(new OpenXmlValidator().Validate(document));
            Assert.Contains("Dana Owner", text, StringComparison.Ordinal);
            Assert.NotEmpty(document.MainDocumentPart!.Document.Body!.Descendants<Break>());
        }
    }
}
