using System.Globalization;
using System.Text;
using System.Xml;
using AimsBot.Domain.Assessments;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace AimsBot.Assessments.Reports;

/// <summary>
/// The impact assessment report as a Word document (DOCX, Open XML): the title page facts, every step with every
/// question and its answer, the scoring table, who answered which step, the decisions, and the ledger's sequence
/// numbers for the assessment's events. Headings use Word's heading styles (so the navigation pane and a table of
/// contents find them) and tables are real tables, so the report reads well and can be edited for an audit file.
/// </summary>
public static class AssessmentReportDocument
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

    // A4 with 2.54 cm margins, in twentieths of a point: the width tables share out.
    private const int PageWidth = 11906;
    private const int PageHeight = 16838;
    private const int Margin = 1440;
    private const int TextWidth = PageWidth - (2 * Margin);

    private const string HeaderFill = "D9E2F3";

    public static byte[] Build(AssessmentReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        using var stream = new MemoryStream();
        using (var document = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = document.AddMainDocumentPart();
            var styles = main.AddNewPart<StyleDefinitionsPart>();
            styles.Styles = Styles();
            main.Document = new Document(Body(report));

            document.PackageProperties.Title = $"Impact assessment of {report.SystemName}, version {report.Version}";
            document.PackageProperties.Subject = report.QuestionnaireTitle;
            document.PackageProperties.Creator = "AimsBot";
            document.PackageProperties.Created = report.GeneratedAt.UtcDateTime;
            document.PackageProperties.Modified = report.GeneratedAt.UtcDateTime;
        }

        return stream.ToArray();
    }

    private static Body Body(AssessmentReport report)
    {
        var body = new Body();
        body.Append(Paragraph($"Impact assessment: {report.SystemName}", "Title"));
        body.Append(Paragraph(string.Create(CultureInfo.InvariantCulture, $"AI system impact assessment, version {report.Version} (ISO/IEC 42001 6.1.4 and 8.4; Annex A.5.2–A.5.5)")));
        body.Append(FactsTable(report));

        body.Append(Paragraph("Answers", "Heading1"));
        foreach (var section in report.Sections)
        {
            AppendSection(body, section);
        }

        body.Append(Paragraph("Scoring", "Heading1"));
        AppendScoring(body, report);

        body.Append(Paragraph("Who answered which step", "Heading1"));
        body.Append(Table(
            [("Step", 1), ("Section", 4), ("Answered by", 4), ("Asked to answer", 3)],
            report.Sections.Select(s => (IReadOnlyList<string>)
            [
                s.Step.ToString(CultureInfo.InvariantCulture),
                s.Title,
                s.AnsweredBy.Count > 0 ? string.Join(", ", s.AnsweredBy) : "nobody yet",
                s.AskedContributor ?? "—",
            ])));

        body.Append(Paragraph("Approval", "Heading1"));
        AppendDecisions(body, report);

        body.Append(Paragraph("Ledger", "Heading1"));
        AppendLedger(body, report);

        body.Append(new SectionProperties(
            new PageSize { Width = PageWidth, Height = PageHeight },
            new PageMargin { Top = Margin, Right = Margin, Bottom = Margin, Left = Margin, Header = 708, Footer = 708, Gutter = 0 }));
        return body;
    }

    private static Table FactsTable(AssessmentReport report)
    {
        var approval = report.Approval;
        var facts = new List<(string, string)>
        {
            ("AI system", $"{report.SystemName} ({report.SystemId})"),
            ("System owner", report.SystemOwner),
            ("Risk tier", report.RiskTier.ToString()),
            ("Assessment version", report.Version.ToString(CultureInfo.InvariantCulture)),
            ("Questionnaire", $"{report.QuestionnaireTitle}, {report.QuestionnaireKey}"),
            ("Status", report.Status.Words()),
            ("Overall impact level", report.LevelWords),
            ("Sensitive uses", report.SensitiveUses.Count > 0 ? string.Join("; ", report.SensitiveUses) : "none"),
            ("Assessor", report.Assessor),
            ("Contributors", report.Contributors.Count > 0 ? string.Join(", ", report.Contributors) : "none"),
            ("Started", report.DateTime(report.StartedAt)),
            ("Submitted", report.SubmittedAt is { } submitted ? report.DateTime(submitted) : "not yet"),
            ("Approved", approval is null ? "not yet" : $"{report.DateTime(approval.DecidedAt)} by {approval.DecidedBy}"),
            ("Next reassessment due", report.ReassessmentWords),
            ("Report made", report.DateTime(report.GeneratedAt)),
        };
        return Table([("Fact", 3), ("Value", 7)], facts.Select(f => (IReadOnlyList<string>)[f.Item1, f.Item2]), headerRow: false, boldFirstColumn: true);
    }

    private static void AppendSection(Body body, ReportSection section)
    {
        body.Append(Paragraph(string.Create(CultureInfo.InvariantCulture, $"Step {section.Step}: {section.Title}"), "Heading2"));
        var by = section.AnsweredBy.Count > 0 ? string.Join(", ", section.AnsweredBy) : "nobody yet";
        body.Append(Paragraph($"Answered by {by}." + (section.AskedContributor is { } asked ? $" Asked to answer: {asked}." : "")));
        if (section.Repeatable && section.Items.Count == 0)
        {
            body.Append(Paragraph($"No {section.ItemName} recorded.", italic: true));
            return;
        }

        foreach (var item in section.Items)
        {
            if (item.Heading is { } heading)
            {
                body.Append(Paragraph(item.Impact is { } impact ? $"{heading}: {impact.Effect}, level {impact.LevelWords}" : heading, "Heading3"));
            }

            body.Append(AnswerTable(item.Answers));
        }
    }

    private static Table AnswerTable(IReadOnlyList<ReportAnswer> answers)
    {
        var table = NewTable([("Question", 4), ("Answer", 6)]);
        table.Append(HeaderRow(["Question", "Answer"], [Width(4, 10), Width(6, 10)]));
        foreach (var answer in answers)
        {
            table.Append(new TableRow(
                Cell(answer.Question, Width(4, 10)),
                Cell(answer.Answer, Width(6, 10), italic: answer.State != ReportAnswerState.Answered)));
        }

        return table;
    }

    private static void AppendScoring(Body body, AssessmentReport report)
    {
        body.Append(Paragraph("Each harm's level is the matrix cell of its severity and likelihood; a documented sensitive use raises every harm to at least the sensitive-use floor. Benefits are recorded but not scored. The overall level is the highest harm level."));
        var rows = report.Impacts.Select(i => (IReadOnlyList<string>)
        [
            i.Item.ToString(CultureInfo.InvariantCulture),
            i.Effect,
            i.Score?.Severity.ToString(CultureInfo.InvariantCulture) ?? "—",
            i.Score?.Likelihood.ToString(CultureInfo.InvariantCulture) ?? "—",
            i.Score?.MatrixLevel.Words() ?? "—",
            i.Score is { } s ? (s.RaisedForSensitiveUse ? "yes" : "no") : "—",
            i.LevelWords,
        ]).ToList();
        if (rows.Count == 0)
        {
            body.Append(Paragraph("No impacts recorded yet.", italic: true));
        }
        else
        {
            body.Append(Table([("Impact", 1), ("Effect", 2), ("Severity", 2), ("Likelihood", 2), ("Matrix level", 2), ("Raised for sensitive use", 2), ("Level", 3)], rows));
        }

        body.Append(Paragraph($"Overall level: {report.LevelWords}.", bold: true));
        body.Append(Paragraph("Sensitive uses: " + (report.SensitiveUses.Count > 0 ? string.Join("; ", report.SensitiveUses) : "none") + "."));
        if (report.ScoringProblem is { } problem)
        {
            body.Append(Paragraph("The answers could not be scored: " + problem, italic: true));
        }
    }

    private static void AppendDecisions(Body body, AssessmentReport report)
    {
        if (report.Decisions.Count == 0)
        {
            body.Append(Paragraph(report.Status == AssessmentStatus.Submitted
                ? $"Submitted on {report.Date(report.SubmittedAt!.Value)}; waiting for an approver's decision."
                : "No decision yet: the assessment has not been approved or returned.", italic: true));
            return;
        }

        body.Append(Table(
            [("Decision", 2), ("By", 3), ("When", 3), ("Comment", 5)],
            report.Decisions.Select(d => (IReadOnlyList<string>)[d.KindWords, d.DecidedBy, report.DateTime(d.DecidedAt), d.Comment ?? "no comment"])));
        if (report.Approval is { } approval)
        {
            body.Append(Paragraph($"Approved by {approval.DecidedBy} on {report.Date(approval.DecidedAt)}. Next reassessment due: {report.ReassessmentWords}."));
        }
    }

    private static void AppendLedger(Body body, AssessmentReport report)
    {
        var entity = string.Create(CultureInfo.InvariantCulture, $"{report.SystemId}/v{report.Version}");
        body.Append(Paragraph($"The assessment's events in the tamper-evident ledger (entity {entity}), by sequence number. Ask the bot \"ledger {entity}\" to see them with their hashes, and \"verify ledger\" to check the chain."));
        if (report.LedgerEntries.Count == 0)
        {
            body.Append(Paragraph("No events are recorded for this assessment.", italic: true));
            return;
        }

        body.Append(Table(
            [("Sequence", 2), ("Event", 3), ("When", 4), ("By", 3)],
            report.LedgerEntries.Select(e => (IReadOnlyList<string>)[e.Sequence.ToString(CultureInfo.InvariantCulture), e.Action, report.DateTime(e.OccurredAt), e.Actor])));
    }

    private static Table Table(IReadOnlyList<(string Header, int Weight)> columns, IEnumerable<IReadOnlyList<string>> rows, bool headerRow = true, bool boldFirstColumn = false)
    {
        var table = NewTable(columns);
        var total = columns.Sum(c => c.Weight);
        if (headerRow)
        {
            table.Append(HeaderRow(columns.Select(c => c.Header).ToList(), columns.Select(c => Width(c.Weight, total)).ToList()));
        }

        foreach (var row in rows)
        {
            table.Append(new TableRow(row.Select((text, i) => Cell(text, Width(columns[i].Weight, total), bold: boldFirstColumn && i == 0))));
        }

        return table;
    }

    private static Table NewTable(IReadOnlyList<(string Header, int Weight)> columns)
    {
        var total = columns.Sum(c => c.Weight);
        return new Table(
            new TableProperties(
                new TableWidth { Width = "5000", Type = TableWidthUnitValues.Pct },
                new TableBorders(
                    new TopBorder { Val = BorderValues.Single, Size = 4, Color = "A6A6A6" },
                    new LeftBorder { Val = BorderValues.Single, Size = 4, Color = "A6A6A6" },
                    new BottomBorder { Val = BorderValues.Single, Size = 4, Color = "A6A6A6" },
                    new RightBorder { Val = BorderValues.Single, Size = 4, Color = "A6A6A6" },
                    new InsideHorizontalBorder { Val = BorderValues.Single, Size = 4, Color = "A6A6A6" },
                    new InsideVerticalBorder { Val = BorderValues.Single, Size = 4, Color = "A6A6A6" }),
                new TableLayout { Type = TableLayoutValues.Fixed },
                new TableCellMarginDefault(
                    new TopMargin { Width = "40", Type = TableWidthUnitValues.Dxa },
                    new TableCellLeftMargin { Width = 80, Type = TableWidthValues.Dxa },
                    new BottomMargin { Width = "40", Type = TableWidthUnitValues.Dxa },
                    new TableCellRightMargin { Width = 80, Type = TableWidthValues.Dxa })),
            new TableGrid(columns.Select(c => new GridColumn { Width = Width(c.Weight, total).ToString(CultureInfo.InvariantCulture) })));
    }

    private static TableRow HeaderRow(List<string> headers, List<int> widths)
    {
        var row = new TableRow(new TableRowProperties(new TableHeader()));
        for (var i = 0; i < headers.Count; i++)
        {
            row.Append(Cell(headers[i], widths[i], bold: true, fill: HeaderFill));
        }

        return row;
    }

    private static int Width(int weight, int total) => TextWidth * weight / total;

    private static TableCell Cell(string text, int width, bool bold = false, bool italic = false, string? fill = null)
    {
        var properties = new TableCellProperties(new TableCellWidth { Width = width.ToString(CultureInfo.InvariantCulture), Type = TableWidthUnitValues.Dxa });
        if (fill is not null)
        {
            properties.Append(new Shading { Val = ShadingPatternValues.Clear, Color = "auto", Fill = fill });
        }

        return new TableCell(properties, Paragraph(text, bold: bold, italic: italic, spacingAfter: 0));
    }

    private static Paragraph Paragraph(string text, string? style = null, bool bold = false, bool italic = false, int? spacingAfter = null)
    {
        var paragraph = new Paragraph();
        if (style is not null || spacingAfter is not null)
        {
            var properties = new ParagraphProperties();
            if (style is not null)
            {
                properties.Append(new ParagraphStyleId { Val = style });
            }

            if (spacingAfter is { } after)
            {
                properties.Append(new SpacingBetweenLines { After = after.ToString(CultureInfo.InvariantCulture) });
            }

            paragraph.Append(properties);
        }

        // Long answers keep their line breaks: one run, a break between lines.
        var lines = XmlSafe(text).Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var run = new Run();
        if (bold || italic)
        {
            var format = new RunProperties();
            if (bold)
            {
                format.Append(new Bold());
            }

            if (italic)
            {
                format.Append(new Italic());
            }

            run.Append(format);
        }

        for (var i = 0; i < lines.Length; i++)
        {
            if (i > 0)
            {
                run.Append(new Break());
            }

            run.Append(new Text(lines[i]) { Space = SpaceProcessingModeValues.Preserve });
        }

        paragraph.Append(run);
        return paragraph;
    }

    /// <summary>Drops characters XML cannot hold (stored text is checked, but a report must open whatever it says).</summary>
    private static string XmlSafe(string text)
    {
        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && XmlConvert.IsXmlSurrogatePair(text[i + 1], c))
            {
                builder.Append(c).Append(text[++i]);
            }
            else if (XmlConvert.IsXmlChar(c))
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    private static Styles Styles() => new(
        new DocDefaults(
            new RunPropertiesDefault(new RunPropertiesBaseStyle(
                new RunFonts { Ascii = "Calibri", HighAnsi = "Calibri", EastAsia = "Calibri", ComplexScript = "Calibri" },
                new FontSize { Val = "22" },
                new FontSizeComplexScript { Val = "22" },
                new Languages { Val = "en-GB" })),
            new ParagraphPropertiesDefault(new ParagraphPropertiesBaseStyle(new SpacingBetweenLines { After = "120", Line = "259", LineRule = LineSpacingRuleValues.Auto }))),
        new Style(new StyleName { Val = "Normal" }, new PrimaryStyle()) { Type = StyleValues.Paragraph, StyleId = "Normal", Default = true },
        HeadingStyle("Title", "Title", null, 56, "1F3864"),
        HeadingStyle("Heading1", "heading 1", 0, 32, "2F5496"),
        HeadingStyle("Heading2", "heading 2", 1, 26, "2F5496"),
        HeadingStyle("Heading3", "heading 3", 2, 24, "1F3763"));

    private static Style HeadingStyle(string id, string name, int? outlineLevel, int halfPoints, string color)
    {
        var paragraph = new StyleParagraphProperties(
            new KeepNext(),
            new KeepLines(),
            new SpacingBetweenLines { Before = outlineLevel is null ? "0" : "240", After = "120" });
        if (outlineLevel is { } level)
        {
            paragraph.Append(new OutlineLevel { Val = level });
        }

        return new Style(
            new StyleName { Val = name },
            new BasedOn { Val = "Normal" },
            new NextParagraphStyle { Val = "Normal" },
            new UIPriority { Val = outlineLevel is null ? 10 : 9 },
            new PrimaryStyle(),
            paragraph,
            new StyleRunProperties(
                new Bold(),
                new Color { Val = color },
                new FontSize { Val = halfPoints.ToString(CultureInfo.InvariantCulture) },
                new FontSizeComplexScript { Val = halfPoints.ToString(CultureInfo.InvariantCulture) }))
        {
            Type = StyleValues.Paragraph,
            StyleId = id,
        };
    }
}
