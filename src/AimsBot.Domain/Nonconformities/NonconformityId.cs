using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace AimsBot.Domain.Nonconformities;

/// <summary>
/// A nonconformity's id in its tenant: <c>NC-</c> and a number from 1, printed <c>NC-7</c>. Numbers are given out by
/// the storage layer (one counter per tenant) and never reused, so <c>NC-7</c> names the same nonconformity in the
/// ledger for good. Stored row keys are zero-padded (<c>NC-000007</c>); older rows were <c>NC-0001</c>, and both read.
/// </summary>
public readonly record struct NonconformityId
{
    public const string Prefix = "NC-";

    /// <summary>The highest number an id may have (keeps typed input and row keys short).</summary>
    public const int MaxNumber = 999_999;

    public NonconformityId(int number)
    {
        if (number < 1 || number > MaxNumber)
        {
            throw new ArgumentOutOfRangeException(nameof(number), number, $"A nonconformity number is 1–{MaxNumber}.");
        }

        Number = number;
    }

    public int Number { get; }

    /// <summary>The id after this one (the storage layer's counter uses it).</summary>
    public NonconformityId Next() => new(Number + 1);

    /// <summary>
    /// Reads an id a person typed (or a stored row key): <c>NC-7</c>, <c>nc7</c>, <c>NC 7</c>, <c>NC-000007</c>;
    /// surrounding spaces and quotes are ignored. The <c>NC</c> is required, so a bare number is not taken for one.
    /// </summary>
    public static bool TryParse([NotNullWhen(true)] string? input, out NonconformityId id)
    {
        var parsed = NumberedIds.TryParseNumber(input, "NC", MaxNumber, out var number);
        id = parsed ? new NonconformityId(number) : default;
        return parsed;
    }

    /// <summary>Reads a stored id; throws for anything else.</summary>
    public static NonconformityId Parse(string input) =>
        TryParse(input, out var id) ? id : throw new FormatException($"'{input}' is not a nonconformity id (NC-7).");

    /// <summary>Reads what a person typed, or says what an id looks like.</summary>
    public static Result<NonconformityId> Read(string? input) =>
        TryParse(input, out var id)
            ? Result.Success(id)
            : Result.Failure<NonconformityId>(new DomainError(
                "nc.id.invalid",
                $"'{NumberedIds.Shorten(input)}' is not a nonconformity id. They look like NC-7; try 'ncs' to list them.",
                "ncId"));

    public override string ToString() => Prefix + Number.ToString(CultureInfo.InvariantCulture);
}
