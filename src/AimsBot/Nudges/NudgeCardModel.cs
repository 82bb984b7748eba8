using AimsBot.Domain.Scheduling;

namespace AimsBot.Nudges;

/// <summary>
/// What one owner's nudge card shows: their due and overdue controls, as of one scan. The scan builds it
/// (DueScan), <see cref="NudgeCards"/> renders it, and the card's refresh rebuilds it from live state.
/// </summary>
/// <param name="MaxSnoozes">Snoozes allowed per period (<see cref="NudgeOptions.MaxSnoozes"/>): the snooze button goes once they are used.</param>
/// <param name="OwnerTeamsUserId">The owner's Teams id (<c>29:…</c>) when known: Teams refreshes the card for the ids in <c>refresh.userIds</c>.</param>
public sealed record NudgeCardModel(
    string TenantId,
    string OwnerUserKey,
    string? OwnerName,
    IReadOnlyList<DueControl> Items,
    DateTimeOffset AsOf,
    int MaxSnoozes = NudgeOptions.DefaultMaxSnoozes,
    string? OwnerTeamsUserId = null);

/// <summary>One control instance's due period on a nudge card.</summary>
/// <param name="ScopeKey"><c>org</c> or the AI system id (the ControlInstances partition suffix).</param>
/// <param name="SystemName">The AI system's name; null for the organisation level.</param>
/// <param name="Due">The due date in the instance's zone: with the scope and control, it names the period.</param>
public sealed record DueControl(string ScopeKey, string? SystemName, string ControlId, string Title, DateOnly Due, DueStatus Status, int SnoozeCount);
