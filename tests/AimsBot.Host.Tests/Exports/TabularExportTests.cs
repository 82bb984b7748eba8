using System.IO.Compression;
using System.Text;
using AimsBot.Exports;
using MiniExcelLibs;

namespace AimsBot.Host.Tests.Exports;

/// <summary>What an auditor gets when they export: CSV Excel opens correctly and safely, and a real workbook.</summary>
public sealed class TabularExportTests
{
    private static readonly string[] Headers = ["Control", "Title", "Owner", "Due", "Last evidence", "Count"];

    private static readonly object?[][] TrickyRows =
    [
        ["A.2.2", "AI policy, approved", "Dana \"DJ\" Owner", new DateOnly(2026, 3, 31), new DateTimeOffset(2026, 1, 15, 9, 30, 0, TimeSpan.FromHours(1)), 3],
        ["A.6.2.6", "Line one\r\nline two\nline three", "Zoë Ñúñez ✓", null, null, 0],
        ["A.7.4", "=HYPERLINK(\"http://evil.example\",\"click\")", "+1 555 0100", new DateOnly(2026, 12, 1), null, -2],
        ["A.8.2", "@SUM(A1:A9)", "-dana", null, null, 1],
        ["A.9.2", "\tindented by tab", "  leading spaces kept", null, null, 12345678901L],
    ];

    [Fact]
    public void Csv_starts_with_a_utf8_byte_order_mark_and_uses_crlf_line_ends_so_excel_reads_it_right()
    {
        var bytes = TabularExport.ToCsv(new ExportTable("soa", ["Control", "Owner"], [["A.2.2", "Zoë"]]));

        Assert.Equal([0xEF, 0xBB, 0xBF], bytes.Take(3));
        Assert.Equal("Control,Owner\r\nA.2.2,Zoë\r\n", Encoding.UTF8.GetString(bytes.AsSpan(3)));
    }

    [Fact]
    public void Values_with_commas_quotes_or_line_breaks_are_quoted_with_quotes_doubled()
    {
        var csv = Csv(new ExportTable("t", ["A", "B", "C"], [["x,y", "say \"hi\"", "1\r\n2"]]));

        Assert.Equal("A,B,C\r\n\"x,y\",\"say \"\"hi\"\"\",\"1\r\n2\"\r\n", csv);
    }

    [Theory]
    [InlineData("=1+1", "'=1+1")]
    [InlineData("+1 555 0100", "'+1 555 0100")]
    [InlineData("-dana", "'-dana")]
    [InlineData("@SUM(A1:A9)", "'@SUM(A1:A9)")]
    [InlineData("\tcmd", "'\tcmd")]
    [InlineData("\rcmd", "\"'\rcmd\"")]
    [InlineData("a=b", "a=b")]
    [InlineData("'quoted already", "'quoted already")]
    public void Text_a_spreadsheet_would_run_as_a_formula_is_written_with_a_leading_quote(string value, string written)
    {
        var csv = Csv(new ExportTable("t", ["Value"], [[value]]));

        Assert.Equal($"Value\r\n{written}\r\n", csv);
    }

    [Fact]
    public void Headers_are_protected_too_but_typed_numbers_and_dates_are_written_as_they_are()
    {
        var csv = Csv(new ExportTable("t", ["=cmd", "Delta", "When", "At", "Done"],
            [[null, -2.5m, new DateOnly(2026, 3, 1), new DateTimeOffset(2026, 3, 1, 10, 0, 0, TimeSpan.FromHours(2)), true]]));

        Assert.Equal("'=cmd,Delta,When,At,Done\r\n,-2.5,2026-03-01,2026-03-01T08:00:00Z,TRUE\r\n", csv);
    }

    [Fact]
    public async Task Csv_written_then_read_back_gives_the_same_headers_and_values()
    {
        var table = new ExportTable("register", Headers, TrickyRows);
        using var file = new MemoryStream();
        await TabularExport.WriteCsvAsync(table, file);
        file.Position = 0;

        var read = await CsvImport.ReadAsync(file);

        Assert.True(read.IsSuccess, read.ErrorMessage);
        Assert.Equal(Headers, read.Value.Headers);
        Assert.Equal(TrickyRows.Length, read.Value.Rows.Count);
        for (var r = 0; r < TrickyRows.Length; r++)
        {
            var expected = TrickyRows[r].Select(v => v switch
            {
                null => "",
                string s => s,
                _ => TabularExport.FormatCell(v),
            });
            Assert.Equal(expected, read.Value.Rows[r].Values);
            Assert.Equal(r + 2, read.Value.Rows[r].RowNumber);
        }

        Assert.Equal("2026-01-15T08:30:00Z", read.Value.Rows[0].Get("last evidence"));
    }

    [Fact]
    public async Task Xlsx_opens_with_the_same_cells_dates_as_dates_and_formula_looking_text_as_text()
    {
        var table = new ExportTable("Statement of Applicability", Headers, TrickyRows);
        using var file = new MemoryStream(await TabularExport.ToXlsxAsync(table));

        var rows = MiniExcel.Query(file, useHeaderRow: true, excelType: ExcelType.XLSX).Cast<IDictionary<string, object?>>().ToList();

        Assert.Equal(TrickyRows.Length, rows.Count);
        Assert.Equal(Headers, rows[0].Keys);
        Assert.Equal("AI policy, approved", rows[0]["Title"]);
        Assert.Equal("Dana \"DJ\" Owner", rows[0]["Owner"]);
        Assert.Equal(new DateTime(2026, 3, 31), rows[0]["Due"]);
        Assert.Equal(new DateTime(2026, 1, 15, 8, 30, 0), rows[0]["Last evidence"]);
        Assert.Equal(3d, Convert.ToDouble(rows[0]["Count"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("Line one\r\nline two\nline three".ReplaceLineEndings("\n"), ((string?)rows[1]["Title"])?.ReplaceLineEndings("\n"));
        Assert.Equal("Zoë Ñúñez ✓", rows[1]["Owner"]);
        Assert.Null(rows[1]["Due"]);
        Assert.Equal("=HYPERLINK(\"http://evil.example\",\"click\")", rows[2]["Title"]);
        Assert.Equal("+1 555 0100", rows[2]["Owner"]);
        Assert.Equal("@SUM(A1:A9)", rows[3]["Title"]);
        Assert.Equal("  leading spaces kept", rows[4]["Owner"]);

        file.Position = 0;
        using var zip = new ZipArchive(file, ZipArchiveMode.Read);
        var sheet = zip.Entries.Single(e => e.FullName.StartsWith("xl/worksheets/sheet", StringComparison.Ordinal));
        using var reader = new StreamReader(sheet.Open());
        var xml = await reader.ReadToEndAsync();
        Assert.DoesNotContain("<x:f", xml, StringComparison.Ordinal);
        Assert.DoesNotContain("<f>", xml, StringComparison.Ordinal);
        var workbook = new StreamReader(zip.GetEntry("xl/workbook.xml")!.Open()).ReadToEnd();
        Assert.Contains("Statement of Applicability", workbook, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Evidence [A.6.2.6] 2026/03: all*?", "Evidence A.6.2.6 202603 all")]
    [InlineData("A very long sheet name that Excel would refuse to open", "A very long sheet name that Exc")]
    [InlineData("[]", "Sheet1")]
    public void Sheet_names_follow_excels_rules(string name, string sheet)
    {
        Assert.Equal(sheet, TabularExport.SheetName(name));
    }

    [Fact]
    public void A_row_with_the_wrong_number_of_cells_is_a_programming_error_not_a_silent_shift()
    {
        var table = new ExportTable("t", ["A", "B"], [["1", "2"], ["only one"]]);

        var error = Assert.Throws<ArgumentException>(() => TabularExport.ToCsv(table));

        Assert.Contains("Row 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Duplicate_headers_are_refused_because_a_workbook_could_not_tell_the_columns_apart()
    {
        Assert.Throws<ArgumentException>(() => new ExportTable("t", ["Owner", "owner"], []));
    }

    private static string Csv(ExportTable table) => Encoding.UTF8.GetString(TabularExport.ToCsv(table).AsSpan(3));
}
