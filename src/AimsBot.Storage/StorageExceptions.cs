namespace AimsBot.Storage;

/// <summary>
/// Someone else changed the row since it was read (its ETag no longer matches). Re-read the row, re-apply
/// the change to the fresh state, and write again; never overwrite blindly.
/// </summary>
public sealed class ConcurrencyConflictException : Exception
{
    public ConcurrencyConflictException(string table, string partitionKey, string rowKey, Exception? inner = null)
        : base($"The row '{partitionKey}'/'{rowKey}' in table '{table}' was changed by someone else since it was read. Read it again and retry the change.", inner)
    {
        Table = table;
        PartitionKey = partitionKey;
        RowKey = rowKey;
    }

    public string Table { get; }
    public string PartitionKey { get; }
    public string RowKey { get; }
}

/// <summary>An insert found a row with the same keys already present.</summary>
public sealed class EntityAlreadyExistsException : Exception
{
    public EntityAlreadyExistsException(string table, string partitionKey, string rowKey, Exception? inner = null)
        : base($"A row '{partitionKey}'/'{rowKey}' already exists in table '{table}'.", inner)
    {
        Table = table;
        PartitionKey = partitionKey;
        RowKey = rowKey;
    }

    public string Table { get; }
    public string PartitionKey { get; }
    public string RowKey { get; }
}
