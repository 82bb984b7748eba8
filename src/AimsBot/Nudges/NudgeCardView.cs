using System.Globalization;
using AimsBot.Domain;
using AimsBot.Domain.Catalogue;
using AimsBot.Domain.Register;
using AimsBot.Register;

namespace AimsBot.Nudges;

/// <summary>Where one item of a nudge card stands now.</summary>
public enum NudgeItemState
{
    /// <summary>Still due: the owner's actions are offered.</summary>
    Open,

    /// <summary>The period is closed (evidence, or not applicable this period), or the control moved on.</summary>
    Done,
}

/// <summary>One item as the card shows it now: the period and what has happened to it.</summary>
/// <param name="Note">For a done item, what happened ("evidence recorded by …"); for an open one, what is pending (a reassignment).</param>
public sealed record NudgeItemView(DueControl Item, NudgeItemState State, string? Note, DateTimeOffset? SnoozedUntil, bool ReassignPending)
{
    public static NudgeItemView Open(DueControl item) => new(item, NudgeItemState.Open, null, null, false);
}

/// <summary>Which form of which item a failed action came from, with what was typed (by input name, without the slot) and what was wrong.</summary>
public sealed record NudgeRetry(NudgeItemKey Key, string Form, FormData Values, IReadOnlyList<DomainError> Errors, Guid SubmissionId);

/// <summary>The whole card: the model (owner, when) and each item's current state.</summary>
public sealed record NudgeCardView(NudgeCardModel Model, IReadOnlyList<NudgeItemView> Items, NudgeRetry? Retry = null, string? Notice = null);

/// <summary>
/// The ids that name one item on a card: the instance's scope key, the control and the due date (the period).
/// Cards carry only these (and a submission id); everything else is read again when a button is pressed.
/// </summary>
public sealed record NudgeItemKey(ControlScope Scope, ControlId ControlId, DateOnly Due)
{
    private const char Separator = '|';

    public string ScopeKey => Scope.Key;

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Scope.Key}{Separator}{ControlId.Value}{Separator}{Due:yyyy-MM-dd}");

    public static NudgeItemKey? TryParse(string? scopeKey, string? controlId, string? due)
    {
        if (scopeKey is null || controlId is null || due is null)
        {
            return null;
        }

        if (scopeKey != ControlScope.OrganizationKey && !AiSystem.IsValidId(scopeKey))
        {
            return null;
        }

        if (!Domain.Catalogue.ControlId.TryParse(controlId, out var id) || id.Value != controlId)
        {
            return null;
        }

        return DateOnly.TryParseExact(due, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? new NudgeItemKey(ControlScope.FromKey(scopeKey), id, date)
            : null;
    }

    /// <summary>One key as written by <see cref="ToString"/>.</summary>
    public static NudgeItemKey? TryParse(string? text)
    {
        var parts = (text ?? "").Split(Separator);
        return parts.Length == 3 ? TryParse(parts[0], parts[1], parts[2]) : null;
    }

    /// <summary>
    /// A card's item list as written by <see cref="ListText"/>; null when any entry is malformed or there are too
    /// many. Compact on purpose: every button of the card carries it.
    /// </summary>
    public static IReadOnlyList<NudgeItemKey>? TryParseList(string? text, int max)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Length > 4000)
        {
            return null;
        }

        var keys = new List<NudgeItemKey>();
        foreach (var group in text.Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            var colon = group.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                return null;
            }

            var scope = group[..colon];
            foreach (var entry in group[(colon + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries))
            {
                var at = entry.IndexOf('@', StringComparison.Ordinal);
                if (at <= 0
                    || !DateOnly.TryParseExact(entry[(at + 1)..], "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var due)
                    || TryParse(scope, entry[..at], due.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)) is not { } key)
                {
                    return null;
                }

                keys.Add(key);
                if (keys.Count > max)
                {
                    return null;
                }
            }
        }

        return keys.Count == 0 ? null : keys.Distinct().ToList();
    }

    /// <summary>The item list, grouped by scope: <c>org:A.2.2@20261120,A.3.2@20261201;credit-scorer:A.6.2.6@20261127</c>.</summary>
    public static string ListText(IEnumerable<NudgeItemKey> keys) =>
        string.Join(';', keys.GroupBy(k => k.ScopeKey, StringComparer.Ordinal).Select(g =>
            g.Key + ":" + string.Join(',', g.Select(k => string.Create(CultureInfo.InvariantCulture, $"{k.ControlId.Value}@{k.Due:yyyyMMdd}")))));

    public static NudgeItemKey Of(DueControl item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return TryParse(item.ScopeKey, item.ControlId, item.Due.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))
            ?? throw new ArgumentException($"'{item.ScopeKey}'/'{item.ControlId}' does not name a control instance.", nameof(item));
    }
}
