using System.Globalization;

namespace AimsBot.Storage.Register;

/// <summary>Reading stored column values strictly: stored data is input too.</summary>
internal static class StoredValues
{
    /// <summary>An enum stored by name; numbers and unknown names mean the row is corrupt.</summary>
    public static T Enum<T>(string? value, string table, string partitionKey, string rowKey, string column) where T : struct, System.Enum =>
        value is not null
        && System.Enum.TryParse<T>(value, ignoreCase: false, out var parsed)
        && System.Enum.IsDefined(parsed)
        && !int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out _)
            ? parsed
            : throw new InvalidDataException($"Row '{partitionKey}'/'{rowKey}' of {table} has an unknown {column} '{value}'.");

    /// <summary>A date stored as <c>yyyy-MM-dd</c>.</summary>
    public static DateOnly Date(string? value, string table, string partitionKey, string rowKey, string column) =>
        DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw new InvalidDataException($"Row '{partitionKey}'/'{rowKey}' of {table} has an invalid {column} '{value}'.");

    public static string Format(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
