using System.Globalization;
using Cronos;

namespace AimsBot.Domain.Scheduling;

public enum CadenceKind
{
    Monthly,
    Quarterly,
    HalfYearly,
    Yearly,
    Cron,
}

/// <summary>
/// How often a control needs fresh evidence: a calendar period (monthly, quarterly, half-yearly, yearly) or a
/// standard five-field cron expression (minute hour day-of-month month day-of-week), validated with Cronos.
/// </summary>
public sealed class EvidenceCadence : IEquatable<EvidenceCadence>
{
    public const int MaxCronLength = 100;

    private EvidenceCadence(CadenceKind kind, string? cronText, CronExpression? cron)
    {
        Kind = kind;
        CronText = cronText;
        Cron = cron;
    }

    public static EvidenceCadence Monthly { get; } = new(CadenceKind.Monthly, null, null);

    public static EvidenceCadence Quarterly { get; } = new(CadenceKind.Quarterly, null, null);

    public static EvidenceCadence HalfYearly { get; } = new(CadenceKind.HalfYearly, null, null);

    public static EvidenceCadence Yearly { get; } = new(CadenceKind.Yearly, null, null);

    public CadenceKind Kind { get; }

    /// <summary>The cron expression as normalised (single spaces), for <see cref="CadenceKind.Cron"/>.</summary>
    public string? CronText { get; }

    internal CronExpression? Cron { get; }

    /// <summary>Calendar months per period, or null for a cron cadence.</summary>
    public int? Months => Kind switch
    {
        CadenceKind.Monthly => 1,
        CadenceKind.Quarterly => 3,
        CadenceKind.HalfYearly => 6,
        CadenceKind.Yearly => 12,
        _ => null,
    };

    /// <summary>A cadence from a cron expression; refuses malformed expressions and ones that never occur.</summary>
    public static Result<EvidenceCadence> FromCron(string? expression)
    {
        var text = string.Join(' ', (expression ?? string.Empty).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        if (text.Length == 0)
        {
            return Fail("The cron expression is empty. Use five fields, e.g. '0 9 1 * *' for the 1st of every month.");
        }

        if (text.Length > MaxCronLength)
        {
            return Fail($"The cron expression is too long (at most {MaxCronLength} characters).");
        }

        if (text.Split(' ').Length != 5)
        {
            return Fail($"'{text}' is not a five-field cron expression (minute hour day-of-month month day-of-week), e.g. '0 9 1 */3 *'.");
        }

        CronExpression? cron;
        try
        {
            if (!CronExpression.TryParse(text, CronFormat.Standard, out cron))
            {
                return Fail($"'{text}' is not a valid cron expression. Example: '0 9 1 */3 *' is 09:00 on the 1st of every third month.");
            }
        }
        catch (Exception ex) when (ex is CronFormatException or MissingSeedException or ArgumentException)
        {
            return Fail($"'{text}' is not a valid cron expression. Example: '0 9 1 */3 *' is 09:00 on the 1st of every third month.");
        }

        // An expression such as "0 0 30 2 *" (30 February) parses but never fires: no due date could ever be set.
        var probe = new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        if (cron.GetNextOccurrence(probe, TimeZoneInfo.Utc, inclusive: true) is null)
        {
            return Fail($"'{text}' never occurs, so evidence would never fall due. Check the day and month fields.");
        }

        return Result.Success(new EvidenceCadence(CadenceKind.Cron, text, cron));
    }

    /// <summary>
    /// Reads a cadence typed by a person: monthly, quarterly, half-yearly (also "semiannual", "6-monthly"),
    /// yearly (also "annually"), or a cron expression, optionally prefixed with "cron".
    /// </summary>
    public static Result<EvidenceCadence> Parse(string? input)
    {
        var text = (input ?? string.Empty).Trim();
        var word = text.ToLowerInvariant().Replace("-", string.Empty, StringComparison.Ordinal).Replace(" ", string.Empty, StringComparison.Ordinal);
        switch (word)
        {
            case "monthly" or "everymonth" or "1monthly":
                return Result.Success(Monthly);
            case "quarterly" or "everyquarter" or "3monthly":
                return Result.Success(Quarterly);
            case "halfyearly" or "semiannual" or "semiannually" or "biannual" or "biannually" or "6monthly" or "everysixmonths":
                return Result.Success(HalfYearly);
            case "yearly" or "annual" or "annually" or "everyyear" or "12monthly":
                return Result.Success(Yearly);
            default:
                break;
        }

        if (text.StartsWith("cron", StringComparison.OrdinalIgnoreCase))
        {
            text = text[4..].Trim().Trim(':').Trim();
        }

        if (text.Length == 0 || !text.Contains(' ', StringComparison.Ordinal))
        {
            return Fail($"'{input?.Trim()}' is not a cadence. Use monthly, quarterly, half-yearly, yearly, or a cron expression such as 'cron 0 9 1 * *'.");
        }

        return FromCron(text);
    }

    public bool Equals(EvidenceCadence? other) =>
        other is not null && Kind == other.Kind && string.Equals(CronText, other.CronText, StringComparison.Ordinal);

    public override bool Equals(object? obj) => Equals(obj as EvidenceCadence);

    public override int GetHashCode() => HashCode.Combine(Kind, CronText);

    /// <summary>The storable, re-parseable text: "monthly", "quarterly", "half-yearly", "yearly" or "cron m h dom mon dow".</summary>
    public override string ToString() => Kind switch
    {
        CadenceKind.Monthly => "monthly",
        CadenceKind.Quarterly => "quarterly",
        CadenceKind.HalfYearly => "half-yearly",
        CadenceKind.Yearly => "yearly",
        _ => string.Create(CultureInfo.InvariantCulture, $"cron {CronText}"),
    };

    private static Result<EvidenceCadence> Fail(string message) =>
        Result.Failure<EvidenceCadence>(new DomainError("cadence.invalid", message, "cadence"));
}
