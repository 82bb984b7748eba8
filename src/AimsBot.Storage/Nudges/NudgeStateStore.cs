using Azure;
using Azure.Data.Tables;
using AimsBot.Storage.Tables;

namespace AimsBot.Storage.Nudges;

/// <summary>
/// The nudge workflow's memory of one control instance's due period: what was sent, snoozes, escalation, a
/// pending reassignment. Table <c>Nudges</c>: PK <c>{tenant}|{scope}</c> (the same partition as the instance in
/// ControlInstances), RK <c>{controlId}|{due yyyy-MM-dd}</c>. A new due period (after evidence, or "not applicable
/// this period") is a new row, so counters start afresh without a reset step.
/// </summary>
public sealed class NudgeStateRow : ITableEntity
{
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    /// <summary>Reminders queued for this period so far; the next reminder's number is this plus one.</summary>
    public int RemindersQueued { get; set; }
    public DateTimeOffset? LastReminderAt { get; set; }

    /// <summary>
    /// When each reminder of this period was queued, oldest first, comma-separated round-trip UTC instants (for the
    /// <c>overdue</c> history). Written since this field was added: an older row has only <see cref="LastReminderAt"/>.
    /// </summary>
    public string? ReminderTimes { get; set; }

    /// <summary>
    /// The outbox id of the card that carried the last reminder: a scan that crashed between queuing a card and
    /// recording it on every row finds the card again by this, instead of sending the rest a second time.
    /// </summary>
    public string? LastReminderMessageId { get; set; }

    /// <summary>No reminder before this instant (the owner snoozed).</summary>
    public DateTimeOffset? SnoozedUntil { get; set; }
    public int SnoozeCount { get; set; }

    /// <summary>The card submissions that made this period's snoozes (comma-separated): the same press arriving twice counts once.</summary>
    public string? SnoozeSubmissionId { get; set; }

    /// <summary>The highest escalation level already queued (0: none).</summary>
    public int EscalationLevel { get; set; }
    public DateTimeOffset? EscalatedAt { get; set; }

    /// <summary>A reassignment the owner asked for and a compliance lead has not yet decided.</summary>
    public string? ReassignTo { get; set; }
    public string? ReassignRequestedBy { get; set; }
    public DateTimeOffset? ReassignRequestedAt { get; set; }
    public string? ReassignReason { get; set; }

    /// <summary>The display name of <see cref="ReassignTo"/>, when known.</summary>
    public string? ReassignToName { get; set; }

    /// <summary>The card submission that asked (names the leads' outbox messages; a repeat asks once).</summary>
    public string? ReassignRequestId { get; set; }

    /// <summary>The latest decided request, in words ("approved by …: now owned by …", "declined by …"); the pending fields are cleared then.</summary>
    public string? ReassignOutcome { get; set; }
    public string? ReassignDecidedBy { get; set; }
    public DateTimeOffset? ReassignDecidedAt { get; set; }
}

/// <summary>Reads and writes <see cref="NudgeStateRow"/>s; writes are ETag-guarded (a conflict means someone else changed it first).</summary>
public sealed class NudgeStateStore
{
    public const string TableName = "Nudges";
    private readonly TypedTable<NudgeStateRow> _table;

    public NudgeStateStore(TableStore store) => _table = store.Table<NudgeStateRow>(TableName);

    public static string RowKey(string controlId, DateOnly due) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{controlId}|{due:yyyy-MM-dd}");

    /// <summary>The period's state, or a fresh unsaved row (ETag empty) when nothing happened yet.</summary>
    public async Task<NudgeStateRow> GetOrNewAsync(string controlPartition, string controlId, DateOnly due, CancellationToken cancellationToken = default)
    {
        var rowKey = RowKey(controlId, due);
        return await _table.GetAsync(controlPartition, rowKey, cancellationToken)
            ?? new NudgeStateRow { PartitionKey = controlPartition, RowKey = rowKey };
    }

    /// <summary>
    /// Saves a row read by <see cref="GetOrNewAsync"/>: insert when it was new, else replace if unchanged since it was
    /// read. Throws <see cref="ConcurrencyConflictException"/> when another writer got there first (including a
    /// concurrent first insert): re-read and decide again.
    /// </summary>
    public Task<NudgeStateRow> SaveAsync(NudgeStateRow row, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(row);
        return _table.SaveAsync(row, cancellationToken);
    }

    /// <summary>
    /// Every period row of every scope of a tenant (a key-range scan of its partitions, which are the control partitions
    /// <c>{tenant}|{scope}</c>), for the <c>overdue</c> history.
    /// </summary>
    public IAsyncEnumerable<NudgeStateRow> ListTenantAsync(string tenantId, CancellationToken cancellationToken = default)
    {
        var (from, to) = Register.RegisterKeys.TenantControlRange(tenantId);
        return _table.QueryAsync(TableClient.CreateQueryFilter($"PartitionKey ge {from} and PartitionKey lt {to}"), cancellationToken: cancellationToken);
    }

    /// <summary>Every period row of one scope partition (a scan reads the partition it is already scanning).</summary>
    public IAsyncEnumerable<NudgeStateRow> ListPartitionAsync(string controlPartition, CancellationToken cancellationToken = default) =>
        _table.QueryPartitionAsync(controlPartition, cancellationToken);
}
