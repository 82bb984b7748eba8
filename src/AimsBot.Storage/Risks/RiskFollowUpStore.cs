using System.Globalization;
using AimsBot.Domain.Risks;
using Azure;
using Azure.Data.Tables;
using AimsBot.Storage.Register;
using AimsBot.Storage.Tables;

namespace AimsBot.Storage.Risks;

/// <summary>
/// The due scan's memory of one follow-up of a risk: a treatment action's due date, or the acceptance's re-review
/// date. Table <c>RiskFollowUps</c>: PK the tenant (as in <c>Risks</c>), RK <c>{risk row key}|a{action number}|{due yyyy-MM-dd}</c> for an
/// action, <c>{risk row key}|acceptance|{accepted until yyyy-MM-dd}</c> for the re-review. A new due date (the plan
/// moved it, or a new approval set a new acceptance date) is a new row, so counters start afresh without a reset.
/// </summary>
public sealed class RiskFollowUpRow : ITableEntity
{
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    /// <summary>Reminders queued for this due date so far; the next reminder's number is this plus one.</summary>
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

    /// <summary>When the acceptance's expiry was recorded in the ledger (acceptance rows only; null: not yet).</summary>
    public DateTimeOffset? ExpiryRecordedAt { get; set; }
}

/// <summary>Reads and writes <see cref="RiskFollowUpRow"/>s; writes are ETag-guarded (a conflict means someone else changed it first).</summary>
public sealed class RiskFollowUpStore
{
    public const string TableName = "RiskFollowUps";
    private readonly TypedTable<RiskFollowUpRow> _table;

    public RiskFollowUpStore(TableStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        _table = store.Table<RiskFollowUpRow>(TableName);
    }

    /// <summary>The row key of a treatment action's due date: <c>R-000012|a3|2026-12-10</c>.</summary>
    public static string ActionKey(int riskNumber, int actionNumber, DateOnly due) =>
        string.Create(CultureInfo.InvariantCulture, $"{RiskRepository.RowKey(new RiskId(riskNumber))}|a{actionNumber}|{due:yyyy-MM-dd}");

    /// <summary>The row key of an acceptance's re-review: <c>R-000012|acceptance|2027-02-28</c>.</summary>
    public static string AcceptanceKey(int riskNumber, DateOnly acceptedUntil) =>
        string.Create(CultureInfo.InvariantCulture, $"{RiskRepository.RowKey(new RiskId(riskNumber))}|acceptance|{acceptedUntil:yyyy-MM-dd}");

    /// <summary>The follow-up's state, or a fresh unsaved row (ETag empty) when nothing happened yet.</summary>
    public async Task<RiskFollowUpRow> GetOrNewAsync(string tenantId, string rowKey, CancellationToken cancellationToken = default)
    {
        var partition = RegisterKeys.Tenant(tenantId);
        return await _table.GetAsync(partition, rowKey, cancellationToken)
            ?? new RiskFollowUpRow { PartitionKey = partition, RowKey = rowKey };
    }

    /// <summary>
    /// Saves a row read by <see cref="GetOrNewAsync"/>: insert when it was new, else replace if unchanged since it was
    /// read. Throws <see cref="ConcurrencyConflictException"/> when another writer got there first: re-read and decide again.
    /// </summary>
    public Task<RiskFollowUpRow> SaveAsync(RiskFollowUpRow row, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(row);
        return _table.SaveAsync(row, cancellationToken);
    }
}
