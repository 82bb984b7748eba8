using System.Globalization;
using System.Text;
using Azure.Data.Tables;

namespace AimsBot.Storage.Tables;

/// <summary>
/// A text longer than one table property holds (32K UTF-16 characters), stored as <c>{name}</c>, <c>{name}1</c>, … with
/// the count as <c>{name}Parts</c>: how the assessment, risk and questionnaire rows keep their JSON (a row holds 1 MB).
/// </summary>
public static class ChunkedColumns
{
    /// <summary>Characters per property: under the 32K limit with room to spare.</summary>
    public const int ChunkChars = 30_000;

    public static void Write(TableEntity row, string name, string text)
    {
        ArgumentNullException.ThrowIfNull(row);
        ArgumentNullException.ThrowIfNull(text);
        var parts = 0;
        var offset = 0;
        do
        {
            // A chunk never ends between the halves of a surrogate pair, so each part is well-formed UTF-16.
            var length = Math.Min(ChunkChars, text.Length - offset);
            if (offset + length < text.Length && char.IsHighSurrogate(text[offset + length - 1]))
            {
                length--;
            }

            row[ColumnName(name, parts)] = text.Substring(offset, length);
            offset += length;
            parts++;
        }
        while (offset < text.Length);

        row[PartsColumn(name)] = parts;
    }

    /// <summary>The text written by <see cref="Write"/>; a missing part is <see cref="InvalidDataException"/> naming the row, table and column.</summary>
    public static string Read(TableEntity row, string name, string tableName)
    {
        ArgumentNullException.ThrowIfNull(row);
        var parts = row.GetInt32(PartsColumn(name)) ?? throw Corrupt(row, tableName, PartsColumn(name));
        var builder = new StringBuilder();
        for (var i = 0; i < parts; i++)
        {
            builder.Append(row.GetString(ColumnName(name, i)) ?? throw Corrupt(row, tableName, ColumnName(name, i)));
        }

        return builder.ToString();
    }

    public static string ColumnName(string name, int part) =>
        part == 0 ? name : string.Create(CultureInfo.InvariantCulture, $"{name}{part}");

    public static string PartsColumn(string name) => name + "Parts";

    private static InvalidDataException Corrupt(TableEntity row, string tableName, string column) =>
        new($"Row '{row.PartitionKey}'/'{row.RowKey}' of {tableName} has no valid {column}.");
}
