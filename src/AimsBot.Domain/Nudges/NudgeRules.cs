using System.Globalization;
using AimsBot.Domain.Access;

namespace AimsBot.Domain.Nudges;

/// <summary>How long an owner may put a nudge off.</summary>
public enum SnoozeLength
{
    OneDay,
    ThreeDays,
    OneWeek,
}

/// <summary>A snooze granted: no reminder before <see cref="Until"/>; <see cref="Count"/> snoozes used in this period.</summary>
public sealed record Snoozed(DateTimeOffset Until, int Count);

/// <summary>
/// The rules of the nudge card's actions. Snoozes are bounded per due period (after the last one, only evidence
/// or "not applicable this period" remain, and the period escalates if it stays overdue); a reassignment the
/// owner asks for is decided by a compliance lead who is not the person asking (separation of duties).
/// </summary>
public static class NudgeRules
{
    public const int ReassignReasonMax = 500;

    /// <summary>Reads the card's value: <c>1d</c>, <c>3d</c> or <c>1w</c>.</summary>
    public static SnoozeLength? ParseSnooze(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        "1d" => SnoozeLength.OneDay,
        "3d" => SnoozeLength.ThreeDays,
        "1w" => SnoozeLength.OneWeek,
        _ => null,
    };

    public static string Code(SnoozeLength length) => length switch
    {
        SnoozeLength.OneDay => "1d",
        SnoozeLength.ThreeDays => "3d",
        _ => "1w",
    };

    public static string Describe(SnoozeLength length) => length switch
    {
        SnoozeLength.OneDay => "1 day",
        SnoozeLength.ThreeDays => "3 days",
        _ => "1 week",
    };

    public static TimeSpan Duration(SnoozeLength length) => length switch
    {
        SnoozeLength.OneDay => TimeSpan.FromDays(1),
        SnoozeLength.ThreeDays => TimeSpan.FromDays(3),
        _ => TimeSpan.FromDays(7),
    };

    /// <summary>Whether another snooze is allowed after <paramref name="snoozeCount"/> of at most <paramref name="maxSnoozes"/>.</summary>
    public static bool CanSnooze(int snoozeCount, int maxSnoozes) => snoozeCount < maxSnoozes;

    /// <summary>
    /// Snoozes one due period from <paramref name="now"/>, or refuses: an unknown length, or the period's snoozes
    /// are used up (then <paramref name="escalatesTo"/> says who hears about it next).
    /// </summary>
    public static Result<Snoozed> Snooze(SnoozeLength? length, int snoozeCount, int maxSnoozes, DateTimeOffset now, string escalatesTo)
    {
        if (length is not { } l || !Enum.IsDefined(l))
        {
            return Result.Failure<Snoozed>(new DomainError("nudge.snooze.length", "Pick how long to snooze: 1 day, 3 days or 1 week.", "snooze"));
        }

        if (!CanSnooze(snoozeCount, maxSnoozes))
        {
            var times = snoozeCount == 1 ? "once" : string.Create(CultureInfo.InvariantCulture, $"{snoozeCount} times");
            return Result.Failure<Snoozed>(new DomainError(
                "nudge.snooze.exhausted",
                $"You've snoozed this {times} — evidence or a reason is needed now; if it stays overdue it will be escalated to {escalatesTo}.",
                "snooze"));
        }

        return Result.Success(new Snoozed(now + Duration(l), snoozeCount + 1));
    }

    /// <summary>The optional reason given with a reassignment request, cleaned and checked.</summary>
    public static Result<string> ReassignReason(string? reason)
    {
        var text = TextRules.Clean(reason);
        var errors = new List<DomainError>();
        TextRules.Check(errors, text, "reason", "The reason", 0, ReassignReasonMax, allowLineBreaks: true, "nudge.reassign.reason");
        return errors.Count > 0 ? Result.Failure<string>(errors) : Result.Success(text);
    }

    /// <summary>Who may decide a reassignment: a compliance lead; approving needs one who did not ask for it.</summary>
    public static DomainError? MayDecideReassignment(Actor actor, string requestedBy, bool approve)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (Permissions.Can(actor, DomainAction.DecideReassignment).ToError() is { } refused)
        {
            return refused;
        }

        return approve && actor.Is(requestedBy)
            ? new DomainError("access.refused", "You asked for this reassignment yourself, so another compliance lead must approve it (separation of duties).")
            : null;
    }
}
