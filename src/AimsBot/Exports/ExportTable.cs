namespace AimsBot.Exports;

/// <summary>
/// A table to export: a name (the sheet's, and the file's stem), column headers, and rows of cells. Cells are
/// text, dates (<see cref="DateOnly"/>, <see cref="DateTime"/>, <see cref="DateTimeOffset"/>), numbers, booleans
/// or null. Rows are enumerated once, while writing, so a large export can stream from a paged query.
/// </summary>
public sealed class ExportTable
{
    public ExportTable(string name, IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<object?>> rows)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(headers);
        ArgumentNullException.ThrowIfNull(rows);
        if (headers.Count == 0)
        {
            throw new ArgumentException("An export needs at least one column.", nameof(headers));
        }

        if (headers.Any(string.IsNullOrWhiteSpace))
        {
            throw new ArgumentException("Every column needs a header.", nameof(headers));
        }

        var duplicate = headers.GroupBy(h => h.Trim(), StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"The header '{duplicate.Key}' appears more than once.", nameof(headers));
        }

        Name = name;
        Headers = headers;
        Rows = rows;
    }

    public string Name { get; }

    public IReadOnlyList<string> Headers { get; }

    public IEnumerable<IReadOnlyList<object?>> Rows { get; }
}
