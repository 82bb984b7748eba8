using System.Globalization;
using Azure;
using Azure.Data.Tables;
using AimsBot.Storage.Register;
using AimsBot.Storage.Tables;

namespace AimsBot.Storage.Nonconformities;

/// <summary>
/// The due scan's memory of one step of a nonconformity with one due date. Table <c>NonconformityFollowUps</c>: PK the
/// tenant (as in <c>Nonconformities</c>), RK <c>{nonconformity row key}|{stage}|c{cycle}|{due yyyy-MM-dd}</c>. A new
/// step, a new cycle (not effective, reopened) or a moved due date is a new row, so counters start afresh without a reset.
/// </summary>
public sealed class NonconformityFollowUpRow : ITableEntity
{
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    /// <summary>Reminders queued for this step and due date so far; the next reminder's number is this plus one.</summary>
    public int RemindersQueued { get; set; }
    public DateTimeOffset? LastReminderAt { get; set; }

    /// <summary>No reminder before this instant (the owner snoozed).</summary>
    public DateTimeOffset? SnoozedUntil { get; set; }
    public int SnoozeCount { get; set; }

    /// <summary>The card submissions that made the snoozes (comma-separated): the same press arriving twice counts once.</summary>
    public string? SnoozeSubmissionIds { get; set; }

    /// <summary>The highest escalation level already queued (0: none).</summary>
    public int EscalationLevel { get; set; }
    public DateTimeOffset? EscalatedAt { get; set; }
}

/// <summary>Reads and writes <see cref="NonconformityFollowUpRow"/>s; writes are ETag-guarded (a conflict means someone else changed it first).</summary>
public sealed class NonconformityFollowUpStore
{
    public const string TableName = "NonconformityFollowUps";
    private readonly TypedTable<NonconformityFollowUpRow> _table;

    public NonconformityFollowUpStore(TableStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        _table = store.Table<NonconformityFollowUpRow>(TableName);
    }

    /// <summary>The row key of a step's due date: <c>NC-000007|root-cause|c2|2026-12-10</c>.</summary>
    public static string StepKey(string nonconformityRowKey, string stage, int cycle, DateOnly due) =>
        string.Create(CultureInfo.InvariantCulture, $"{nonconformityRowKey}|{stage}|c{cycle}|{due:yyyy-MM-dd}");

    /// <summary>The step's state, or a fresh unsaved row (ETag empty) when nothing happened yet.</summary>
    public async Task<NonconformityFollowUpRow> GetOrNewAsync(string tenantId, string rowKey, CancellationToken cancellationToken = default)
    {
        var partition = RegisterKeys.Tenant(tenantId);
        return await _table.GetAsync(partition, rowKey, cancellationToken)
            ?? new NonconformityFollowUpRow { PartitionKey = partition, RowKey = rowKey };
    }

    /// <summary>
    /// Saves a row read by <see cref="GetOrNewAsync"/>: insert when it was new, else replace if unchanged since it was
    /// read. Throws <see cref="ConcurrencyConflictException"/> when another writer got there first: re-read and decide again.
    /// </summary>
    public Task<NonconformityFollowUpRow> SaveAsync(NonconformityFollowUpRow row, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(row);
        return _table.SaveAsync(row, cancellationToken);
    }
}
