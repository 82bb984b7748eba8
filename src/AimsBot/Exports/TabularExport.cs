using System.Globalization;
using System.Text;
using MiniExcelLibs;
using MiniExcelLibs.OpenXml;

namespace AimsBot.Exports;

/// <summary>
/// Writes an <see cref="ExportTable"/> as CSV (RFC 4180, UTF-8 with a byte-order mark so Excel reads accents,
/// CRLF line ends) or as an Excel workbook (XLSX). Text cells that a spreadsheet would take for a formula
/// (starting with = + - @, tab or carriage return) are written with a leading apostrophe in CSV, so opening an
/// export never runs what someone typed into the register. In XLSX every text cell is stored as text, never as a
/// formula, so it needs no such mark. Dates are ISO 8601 (UTC for instants) in CSV and real dates in XLSX.
/// </summary>
public static class TabularExport
{
    public const string CsvContentType = "text/csv";
    public const string XlsxContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>The characters a spreadsheet treats as the start of a formula (OWASP CSV injection).</summary>
    private static readonly char[] FormulaStarts = ['=', '+', '-', '@', '\t', '\r'];

    private static readonly UTF8Encoding Utf8WithBom = new(encoderShouldEmitUTF8Identifier: true);

    public static async Task WriteCsvAsync(ExportTable table, Stream destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(destination);
        await using var writer = new StreamWriter(destination, Utf8WithBom, bufferSize: 64 * 1024, leaveOpen: true) { NewLine = "\r\n" };
        await writer.WriteLineAsync(CsvLine(table.Headers.Select(h => (object?)h).ToArray()).AsMemory(), cancellationToken);
        var rowNumber = 0;
        foreach (var row in table.Rows)
        {
            rowNumber++;
            RequireWidth(table, row, rowNumber);
            await writer.WriteLineAsync(CsvLine(row).AsMemory(), cancellationToken);
        }

        await writer.FlushAsync(cancellationToken);
    }

    /// <summary>The CSV file's bytes (byte-order mark included).</summary>
    public static byte[] ToCsv(ExportTable table)
    {
        using var buffer = new MemoryStream();
        WriteCsvAsync(table, buffer).GetAwaiter().GetResult();
        return buffer.ToArray();
    }

    public static async Task WriteXlsxAsync(ExportTable table, Stream destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(destination);
        var configuration = new OpenXmlConfiguration
        {
            FastMode = false,
            EnableWriteNullValueCell = true,
            AutoFilter = true,
        };
        await MiniExcel.SaveAsAsync(destination, XlsxRows(table), printHeader: true, sheetName: SheetName(table.Name), excelType: ExcelType.XLSX, configuration: configuration, cancellationToken: cancellationToken);
    }

    /// <summary>The workbook's bytes.</summary>
    public static async Task<byte[]> ToXlsxAsync(ExportTable table, CancellationToken cancellationToken = default)
    {
        using var buffer = new MemoryStream();
        await WriteXlsxAsync(table, buffer, cancellationToken);
        return buffer.ToArray();
    }

    /// <summary>A cell as CSV shows it: invariant numbers, ISO dates (instants in UTC), text protected against formulas.</summary>
    public static string FormatCell(object? value) => value switch
    {
        null => string.Empty,
        string text => ProtectFormula(text),
        DateOnly date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTimeOffset instant => instant.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        DateTime time when time.Kind == DateTimeKind.Utc || time.Kind == DateTimeKind.Local => time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        DateTime time => time.TimeOfDay == TimeSpan.Zero
            ? time.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
            : time.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture),
        bool flag => flag ? "TRUE" : "FALSE",
        Enum member => ProtectFormula(member.ToString()),
        IFormattable formattable when value is sbyte or byte or short or ushort or int or uint or long or ulong or decimal or double or float =>
            formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => ProtectFormula(Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty),
    };

    /// <summary>Prefixes text a spreadsheet would evaluate (= + - @ tab CR first) with a single quote.</summary>
    public static string ProtectFormula(string text) =>
        text.Length > 0 && Array.IndexOf(FormulaStarts, text[0]) >= 0 ? "'" + text : text;

    /// <summary>True when <paramref name="text"/> is a value <see cref="ProtectFormula"/> marked (the reader takes the mark off).</summary>
    internal static bool IsProtectedFormula(string text) =>
        text.Length > 1 && text[0] == '\'' && Array.IndexOf(FormulaStarts, text[1]) >= 0;

    /// <summary>RFC 4180: a field with a comma, quote, CR or LF is quoted, and its quotes doubled.</summary>
    internal static string CsvField(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;

    private static string CsvLine(IReadOnlyList<object?> cells)
    {
        var line = new StringBuilder();
        for (var i = 0; i < cells.Count; i++)
        {
            if (i > 0)
            {
                line.Append(',');
            }

            line.Append(CsvField(FormatCell(cells[i])));
        }

        return line.ToString();
    }

    private static IEnumerable<IDictionary<string, object?>> XlsxRows(ExportTable table)
    {
        var rowNumber = 0;
        foreach (var row in table.Rows)
        {
            rowNumber++;
            RequireWidth(table, row, rowNumber);
            var cells = new Dictionary<string, object?>(table.Headers.Count, StringComparer.Ordinal);
            for (var i = 0; i < table.Headers.Count; i++)
            {
                cells[table.Headers[i]] = XlsxCell(row[i]);
            }

            yield return cells;
        }
    }

    private static object? XlsxCell(object? value) => value switch
    {
        null => null,
        DateOnly date => date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified),
        DateTimeOffset instant => instant.UtcDateTime,
        DateTime time when time.Kind == DateTimeKind.Local => time.ToUniversalTime(),
        DateTime time => time,
        string text => text,
        bool or sbyte or byte or short or ushort or int or uint or long or ulong or decimal or double or float => value,
        _ => Convert.ToString(value, CultureInfo.InvariantCulture),
    };

    private static void RequireWidth(ExportTable table, IReadOnlyList<object?> row, int rowNumber)
    {
        if (row.Count != table.Headers.Count)
        {
            throw new ArgumentException($"Row {rowNumber} of export '{table.Name}' has {row.Count} cells for {table.Headers.Count} columns.");
        }
    }

    /// <summary>Excel's rules: at most 31 characters, none of : \ / ? * [ ].</summary>
    internal static string SheetName(string name)
    {
        var cleaned = new string(name.Where(c => c is not (':' or '\\' or '/' or '?' or '*' or '[' or ']') && !char.IsControl(c)).ToArray()).Trim().Trim('\'');
        if (cleaned.Length > 31)
        {
            cleaned = cleaned[..31];
        }

        return cleaned.Length == 0 ? "Sheet1" : cleaned;
    }
}
