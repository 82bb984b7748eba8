using System.Globalization;
using System.Text;
using AimsBot.Domain;

namespace AimsBot.Exports;

/// <summary>Limits of an import file.</summary>
public sealed class CsvReadOptions
{
    public const int DefaultMaxBytes = 5 * 1024 * 1024;
    public const int DefaultMaxRows = 10_000;

    /// <summary>The largest file read, in bytes (5 MB).</summary>
    public int MaxBytes { get; init; } = DefaultMaxBytes;

    /// <summary>The most rows of values (the header row not counted).</summary>
    public int MaxRows { get; init; } = DefaultMaxRows;
}

/// <summary>A CSV file read for an import: its header and its rows, each knowing its row number.</summary>
public sealed class CsvDocument
{
    private readonly Dictionary<string, int> _columns;

    internal CsvDocument(IReadOnlyList<string> headers, char delimiter)
    {
        Headers = headers;
        Delimiter = delimiter;
        _columns = headers.Select((h, i) => (h, i)).ToDictionary(x => x.h, x => x.i, StringComparer.OrdinalIgnoreCase);
    }

    public IReadOnlyList<string> Headers { get; }

    public IReadOnlyList<CsvRow> Rows { get; internal set; } = [];

    /// <summary>The separator the file used: comma, or semicolon / tab when its header row used those.</summary>
    public char Delimiter { get; }

    /// <summary>The 0-based index of a column by its header (case-insensitive), or -1.</summary>
    public int ColumnIndex(string header) => _columns.TryGetValue(header.Trim(), out var index) ? index : -1;

    /// <summary>Spreadsheet column letters for a 1-based column number: 1 → A, 27 → AA.</summary>
    public static string ColumnLetter(int column)
    {
        var letters = new StringBuilder();
        for (var n = column; n > 0; n = (n - 1) / 26)
        {
            letters.Insert(0, (char)('A' + ((n - 1) % 26)));
        }

        return letters.ToString();
    }
}

/// <summary>One row of values. <see cref="RowNumber"/> is the row a spreadsheet shows (the header is row 1).</summary>
public sealed class CsvRow
{
    private readonly CsvDocument _document;

    internal CsvRow(CsvDocument document, int rowNumber, IReadOnlyList<string> values)
    {
        _document = document;
        RowNumber = rowNumber;
        Values = values;
    }

    public int RowNumber { get; }

    public IReadOnlyList<string> Values { get; }

    /// <summary>The value under <paramref name="header"/> (case-insensitive), or null when the file has no such column.</summary>
    public string? Get(string header)
    {
        var index = _document.ColumnIndex(header);
        return index < 0 ? null : Values[index];
    }

    /// <summary>An error about this row's value under <paramref name="header"/>, located for the person who fixes the file.</summary>
    public DomainError Error(string header, string message)
    {
        var index = _document.ColumnIndex(header);
        var where = index < 0 ? $"Row {RowNumber}" : $"Row {RowNumber}, column {CsvDocument.ColumnLetter(index + 1)} ({_document.Headers[index]})";
        return new DomainError("csv.value", $"{where}: {message}", header);
    }
}

/// <summary>
/// Reads a CSV file for an import (RFC 4180: quoted fields with commas, doubled quotes and line breaks inside;
/// CRLF or LF line ends; UTF-8 with or without a byte-order mark, or UTF-16 with one). The first row is the
/// header. Files over <see cref="CsvReadOptions.MaxBytes"/> or with more than <see cref="CsvReadOptions.MaxRows"/>
/// rows, and malformed ones, are refused with a friendly error naming the row and column. Values keep their
/// spaces; a value an export protected against formulas (a quote before = + - @) gets its quote back off.
/// </summary>
public static class CsvImport
{
    public static async Task<Result<CsvDocument>> ReadAsync(Stream source, CsvReadOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        options ??= new CsvReadOptions();
        if (source.CanSeek && source.Length - source.Position > options.MaxBytes)
        {
            return TooLarge(options);
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await source.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > options.MaxBytes)
            {
                return TooLarge(options);
            }

            buffer.Write(chunk, 0, read);
        }

        return Read(buffer.ToArray(), options);
    }

    public static Result<CsvDocument> Read(ReadOnlySpan<byte> bytes, CsvReadOptions? options = null)
    {
        options ??= new CsvReadOptions();
        if (bytes.Length > options.MaxBytes)
        {
            return TooLarge(options);
        }

        if (bytes.StartsWith("PK\u0003\u0004"u8))
        {
            return Fail("csv.workbook", "This is an Excel workbook, not a CSV file. In Excel choose File › Save As › 'CSV UTF-8 (Comma delimited)' and attach that file.");
        }

        string text;
        try
        {
            text = Decode(bytes);
        }
        catch (DecoderFallbackException)
        {
            return Fail("csv.encoding", "The file is not UTF-8 text. In Excel choose File › Save As › 'CSV UTF-8 (Comma delimited)' and attach that file.");
        }

        if (text.Contains('\0', StringComparison.Ordinal))
        {
            return Fail("csv.binary", "The file contains binary data, not text. Attach a CSV file saved as 'CSV UTF-8 (Comma delimited)'.");
        }

        return Parse(text, options);
    }

    /// <summary>Parses CSV text (already decoded).</summary>
    public static Result<CsvDocument> Parse(string text, CsvReadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        options ??= new CsvReadOptions();
        var parser = new Parser(text, DetectDelimiter(text));
        var header = parser.NextRecord(out var error);
        if (error is not null)
        {
            return Result.Failure<CsvDocument>(error);
        }

        if (header is null || header.All(string.IsNullOrWhiteSpace))
        {
            return Fail("csv.empty", "The file is empty: it needs a header row naming the columns, then one row per item.");
        }

        var headers = header.Select(h => Unprotect(h).Trim()).ToList();
        while (headers.Count > 1 && headers[^1].Length == 0)
        {
            headers.RemoveAt(headers.Count - 1); // trailing separators some tools add
        }

        var unnamed = headers.FindIndex(h => h.Length == 0);
        if (unnamed >= 0)
        {
            return Fail("csv.header", $"Row 1, column {CsvDocument.ColumnLetter(unnamed + 1)}: every column of the header row needs a name.");
        }

        var seen = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < headers.Count; i++)
        {
            if (!seen.TryAdd(headers[i], i))
            {
                return Fail("csv.header", $"Row 1: the header '{headers[i]}' appears twice (columns {CsvDocument.ColumnLetter(seen[headers[i]] + 1)} and {CsvDocument.ColumnLetter(i + 1)}); give each column its own name.");
            }
        }

        var document = new CsvDocument(headers, parser.Delimiter);
        var rows = new List<CsvRow>();
        while (true)
        {
            var rowNumber = parser.RecordNumber + 1;
            var record = parser.NextRecord(out error);
            if (error is not null)
            {
                return Result.Failure<CsvDocument>(error);
            }

            if (record is null)
            {
                break;
            }

            if (record.All(v => v.Length == 0))
            {
                continue; // a blank line
            }

            if (rows.Count == options.MaxRows)
            {
                return Fail("csv.too-many-rows", $"The file has more than {options.MaxRows.ToString("N0", CultureInfo.InvariantCulture)} rows. Split it into smaller files and import each.");
            }

            if (record.Count > headers.Count)
            {
                if (record.Skip(headers.Count).Any(v => v.Length > 0))
                {
                    return Fail("csv.columns", $"Row {rowNumber} has {record.Count} values but the header row names {headers.Count} columns. Check for a separator inside a value that is not in quotes.");
                }

                record.RemoveRange(headers.Count, record.Count - headers.Count);
            }

            while (record.Count < headers.Count)
            {
                record.Add(string.Empty); // some tools leave trailing empty values out
            }

            rows.Add(new CsvRow(document, rowNumber, record.Select(Unprotect).ToArray()));
        }

        document.Rows = rows;
        return Result.Success(document);
    }

    private static string Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes[3..]);
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
        {
            return new UnicodeEncoding(bigEndian: false, byteOrderMark: false, throwOnInvalidBytes: true).GetString(bytes[2..]);
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return new UnicodeEncoding(bigEndian: true, byteOrderMark: false, throwOnInvalidBytes: true).GetString(bytes[2..]);
        }

        return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
    }

    /// <summary>Comma, unless the header row (outside quotes) has more semicolons or tabs (Excel in some locales).</summary>
    private static char DetectDelimiter(string text)
    {
        int commas = 0, semicolons = 0, tabs = 0;
        var quoted = false;
        foreach (var c in text)
        {
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (!quoted)
            {
                if (c is '\r' or '\n')
                {
                    break;
                }

                commas += c == ',' ? 1 : 0;
                semicolons += c == ';' ? 1 : 0;
                tabs += c == '\t' ? 1 : 0;
            }
        }

        return semicolons > commas && semicolons >= tabs ? ';' : tabs > commas && tabs > semicolons ? '\t' : ',';
    }

    private static string Unprotect(string value) => TabularExport.IsProtectedFormula(value) ? value[1..] : value;

    private static Result<CsvDocument> TooLarge(CsvReadOptions options) =>
        Fail("csv.too-large", $"The file is larger than {FormatSize(options.MaxBytes)}. Split it into smaller files and import each.");

    private static string FormatSize(int bytes) =>
        bytes % (1024 * 1024) == 0 ? $"{bytes / (1024 * 1024)} MB" : $"{bytes.ToString("N0", CultureInfo.InvariantCulture)} bytes";

    private static Result<CsvDocument> Fail(string code, string message) => Result.Failure<CsvDocument>(new DomainError(code, message));

    /// <summary>RFC 4180 records, one at a time, knowing where each field began.</summary>
    private sealed class Parser(string text, char delimiter)
    {
        private int _position;

        public char Delimiter { get; } = delimiter;

        /// <summary>Records read so far (the header is record 1).</summary>
        public int RecordNumber { get; private set; }

        public List<string>? NextRecord(out DomainError? error)
        {
            error = null;
            if (_position >= text.Length)
            {
                return null;
            }

            RecordNumber++;
            var fields = new List<string>();
            var field = new StringBuilder();
            while (true)
            {
                var column = fields.Count + 1;
                if (_position < text.Length && text[_position] == '"')
                {
                    _position++;
                    var closed = false;
                    while (_position < text.Length)
                    {
                        var c = text[_position++];
                        if (c != '"')
                        {
                            field.Append(c);
                        }
                        else if (_position < text.Length && text[_position] == '"')
                        {
                            field.Append('"');
                            _position++;
                        }
                        else
                        {
                            closed = true;
                            break;
                        }
                    }

                    if (!closed)
                    {
                        error = new DomainError("csv.unterminated-quote",
                            $"Row {RecordNumber}, column {CsvDocument.ColumnLetter(column)}: a value starts with a quote (\") that is never closed. Close it, or double any quote inside a value (\"\").");
                        return null;
                    }

                    if (_position < text.Length && text[_position] != Delimiter && text[_position] is not ('\r' or '\n'))
                    {
                        error = new DomainError("csv.quote",
                            $"Row {RecordNumber}, column {CsvDocument.ColumnLetter(column)}: there is text after a closing quote. Put the whole value in quotes and double any quote inside it (\"\").");
                        return null;
                    }
                }
                else
                {
                    while (_position < text.Length && text[_position] != Delimiter && text[_position] is not ('\r' or '\n'))
                    {
                        field.Append(text[_position++]);
                    }
                }

                fields.Add(field.ToString());
                field.Clear();
                if (_position >= text.Length)
                {
                    return fields;
                }

                var end = text[_position++];
                if (end == Delimiter)
                {
                    continue;
                }

                if (end == '\r' && _position < text.Length && text[_position] == '\n')
                {
                    _position++;
                }

                return fields;
            }
        }
    }
}
