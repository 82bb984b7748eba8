using System.Text;
using AimsBot.Exports;

namespace AimsBot.Host.Tests.Exports;

/// <summary>Reading an attached CSV for an import: what is accepted, and how a bad file is explained.</summary>
public sealed class CsvImportTests
{
    [Fact]
    public void Quoted_values_keep_their_separators_quotes_and_line_breaks()
    {
        var read = CsvImport.Parse("Control,Note\r\nA.2.2,\"Approved, \"\"v2\"\"\r\nsecond line\"\r\nA.2.3,plain\n");

        Assert.True(read.IsSuccess, read.ErrorMessage);
        Assert.Equal(["Control", "Note"], read.Value.Headers);
        Assert.Equal(["A.2.2", "Approved, \"v2\"\r\nsecond line"], read.Value.Rows[0].Values);
        Assert.Equal(["A.2.3", "plain"], read.Value.Rows[1].Values);
        Assert.Equal(3, read.Value.Rows[1].RowNumber);
    }

    [Fact]
    public void An_unterminated_quote_is_reported_with_the_row_and_column_where_it_starts()
    {
        var read = CsvImport.Parse("Control,Owner,Note\r\nA.2.2,dana@contoso.example,ok\r\nA.2.3,\"mo@contoso.example,oops\r\nA.2.4,pat@contoso.example,ok\r\n");

        Assert.True(read.IsFailure);
        var error = Assert.Single(read.Errors);
        Assert.Equal("csv.unterminated-quote", error.Code);
        Assert.StartsWith("Row 3, column B:", error.Message, StringComparison.Ordinal);
        Assert.Contains("never closed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Text_after_a_closing_quote_is_reported_where_it_is()
    {
        var read = CsvImport.Parse("A,B\r\n1,2\r\n3,\"4\"x\r\n");

        Assert.Equal("csv.quote", Assert.Single(read.Errors).Code);
        Assert.StartsWith("Row 3, column B:", read.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void A_row_with_more_values_than_columns_is_refused_naming_the_row()
    {
        var read = CsvImport.Parse("Control,Owner\r\nA.2.2,dana\r\nA.2.3,Smith, Mo\r\n");

        Assert.Equal("csv.columns", Assert.Single(read.Errors).Code);
        Assert.StartsWith("Row 3 has 3 values but the header row names 2 columns.", read.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_trailing_values_and_trailing_empty_separators_are_tolerated()
    {
        var read = CsvImport.Parse("Control,Owner,Note,\r\nA.2.2,dana\r\nA.2.3,mo,x,\r\n");

        Assert.True(read.IsSuccess, read.ErrorMessage);
        Assert.Equal(["Control", "Owner", "Note"], read.Value.Headers);
        Assert.Equal(["A.2.2", "dana", ""], read.Value.Rows[0].Values);
        Assert.Equal(["A.2.3", "mo", "x"], read.Value.Rows[1].Values);
    }

    [Fact]
    public void Blank_lines_are_skipped_and_row_numbers_still_match_the_spreadsheet()
    {
        var read = CsvImport.Parse("Control\r\n\r\nA.2.2\r\n\r\n");

        Assert.True(read.IsSuccess, read.ErrorMessage);
        var row = Assert.Single(read.Value.Rows);
        Assert.Equal(3, row.RowNumber);
    }

    [Fact]
    public void Values_are_found_by_header_whatever_the_case_and_errors_name_the_cell()
    {
        var read = CsvImport.Parse("Control,Owner\r\nA.2.2,dana\r\nA.99,mo\r\n");

        var row = read.Value!.Rows[1];
        Assert.Equal("mo", row.Get("OWNER"));
        Assert.Null(row.Get("Cadence"));
        var error = row.Error("control", "A.99 is not an Annex A control. Did you mean A.9.2?");
        Assert.Equal("Row 3, column A (Control): A.99 is not an Annex A control. Did you mean A.9.2?", error.Message);
    }

    [Fact]
    public void A_header_named_twice_is_refused_naming_both_columns()
    {
        var read = CsvImport.Parse("Control,Owner,owner\r\nA.2.2,dana,mo\r\n");

        Assert.Equal("csv.header", Assert.Single(read.Errors).Code);
        Assert.Contains("'owner' appears twice (columns B and C)", read.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_file_asks_for_a_header_row()
    {
        Assert.Equal("csv.empty", Assert.Single(CsvImport.Parse("").Errors).Code);
        Assert.Equal("csv.empty", Assert.Single(CsvImport.Read(Encoding.UTF8.GetPreamble()).Errors).Code);
    }

    [Fact]
    public async Task A_file_over_5_mb_is_refused_before_it_is_parsed_even_from_a_stream_of_unknown_length()
    {
        var big = new byte[(5 * 1024 * 1024) + 1];
        Array.Fill(big, (byte)'a');
        using var unknownLength = new NonSeekableStream(new MemoryStream(big));

        var read = await CsvImport.ReadAsync(unknownLength);

        Assert.Equal("csv.too-large", Assert.Single(read.Errors).Code);
        Assert.Equal("The file is larger than 5 MB. Split it into smaller files and import each.", read.ErrorMessage);
    }

    [Fact]
    public void More_than_10000_rows_are_refused_and_10000_are_accepted()
    {
        var rows = new StringBuilder("Control\r\n");
        for (var i = 0; i < 10_000; i++)
        {
            rows.Append("A.2.2\r\n");
        }

        Assert.Equal(10_000, CsvImport.Parse(rows.ToString()).Value!.Rows.Count);

        var read = CsvImport.Parse(rows.Append("A.2.3\r\n").ToString());
        Assert.Equal("csv.too-many-rows", Assert.Single(read.Errors).Code);
        Assert.Contains("more than 10,000 rows", read.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_that_is_not_utf8_is_refused_with_how_to_save_it()
    {
        var latin1 = new byte[] { (byte)'O', (byte)'w', (byte)'n', (byte)'e', (byte)'r', 0x0D, 0x0A, (byte)'Z', (byte)'o', 0xEB, 0x0D, 0x0A };

        var read = CsvImport.Read(latin1);

        Assert.Equal("csv.encoding", Assert.Single(read.Errors).Code);
        Assert.Contains("CSV UTF-8", read.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_excel_workbook_attached_instead_of_csv_is_recognised()
    {
        var workbook = await TabularExport.ToXlsxAsync(new ExportTable("t", ["A"], [["1"]]));

        var read = CsvImport.Read(workbook);

        Assert.Equal("csv.workbook", Assert.Single(read.Errors).Code);
    }

    [Fact]
    public void Semicolon_separated_files_from_european_excel_are_read_too()
    {
        var read = CsvImport.Parse("Control;Owner;Note\r\nA.2.2;dana;\"1,5 days\"\r\n");

        Assert.True(read.IsSuccess, read.ErrorMessage);
        Assert.Equal(';', read.Value.Delimiter);
        Assert.Equal(["A.2.2", "dana", "1,5 days"], read.Value.Rows[0].Values);
    }

    [Fact]
    public void Utf16_text_with_a_byte_order_mark_is_read()
    {
        var bytes = Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes("Owner\r\nZoë\r\n")).ToArray();

        var read = CsvImport.Read(bytes);

        Assert.Equal("Zoë", read.Value!.Rows[0].Values[0]);
    }

    private sealed class NonSeekableStream(Stream inner) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
