using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace AimsBot.Domain.Risks;

/// <summary>
/// A risk's id in its tenant's register: <c>R-</c> and a number from 1, printed <c>R-12</c>. Numbers are given out
/// by the storage layer (one counter per tenant) and never reused, so <c>R-12</c> names the same risk in the ledger for
/// good.
/// </summary>
public readonly record struct RiskId
{
    public const string Prefix = "R-";

    /// <summary>The highest number an id may have (keeps typed input and row keys short).</summary>
    public const int MaxNumber = 999_999;

    public RiskId(int number)
    {
        if (number < 1 || number > MaxNumber)
        {
            throw new ArgumentOutOfRangeException(nameof(number), number, $"A risk number is 1–{MaxNumber}.");
        }

        Number = number;
    }

    public int Number { get; }

    /// <summary>The id after this one (the storage layer's counter uses it).</summary>
    public RiskId Next() => new(Number + 1);

    /// <summary>
    /// Reads an id a person typed: <c>R-12</c>, <c>r12</c>, <c>R 12</c>, <c>R-012</c>; surrounding spaces and
    /// quotes are ignored. The <c>R</c> is required, so a bare number is not taken for a risk.
    /// </summary>
    public static bool TryParse([NotNullWhen(true)] string? input, out RiskId id)
    {
        var parsed = NumberedIds.TryParseNumber(input, "R", MaxNumber, out var number);
        id = parsed ? new RiskId(number) : default;
        return parsed;
    }

    /// <summary>Reads a stored id; throws for anything else.</summary>
    public static RiskId Parse(string input) =>
        TryParse(input, out var id) ? id : throw new FormatException($"'{input}' is not a risk id (R-12).");

    /// <summary>Reads what a person typed, or says what an id looks like.</summary>
    public static Result<RiskId> Read(string? input) =>
        TryParse(input, out var id)
            ? Result.Success(id)
            : Result.Failure<RiskId>(new DomainError(
                "risk.id.invalid",
                $"'{NumberedIds.Shorten(input)}' is not a risk id. Risk ids look like R-12; try 'risks' to list them.",
                "riskId"));

    public override string ToString() => Prefix + Number.ToString(CultureInfo.InvariantCulture);
}
