using System.Globalization;
using AimsBot.Domain.Catalogue;
using AimsBot.Domain.Register;

namespace AimsBot.Storage.Register;

/// <summary>
/// The keys of the register's tables. Tenant first in every partition key; the parts are joined with
/// <c>|</c>, which keys allow and which no part may contain (tenant ids are checked, scope keys are
/// <c>org</c> or a system slug, control ids are canonical Annex A ids such as <c>A.6.2.6</c>).
/// </summary>
public static class RegisterKeys
{
    public const char Separator = '|';

    /// <summary>The character right after <see cref="Separator"/>: the exclusive end of a tenant's key range.</summary>
    public const char AfterSeparator = '}';

    /// <summary>Row keys of idempotency markers start with this; it sorts after every evidence row key (digits).</summary>
    public const string MarkerPrefix = "~submission-";

    private const int TenantMax = 100;

    /// <summary>The tenant id, checked: keys may not hold <c>/ \ # ?</c>, control characters or our separator.</summary>
    public static string Tenant(string tenantId)
    {
        if (string.IsNullOrWhiteSpace(tenantId)
            || tenantId.Length > TenantMax
            || tenantId.Any(c => char.IsControl(c) || c is '/' or '\\' or '#' or '?' or Separator))
        {
            throw new ArgumentException($"'{tenantId}' is not a usable tenant id for storage keys.", nameof(tenantId));
        }

        return tenantId;
    }

    /// <summary>Partition of the control instances of one scope: <c>{tenant}|org</c> or <c>{tenant}|{systemId}</c>.</summary>
    public static string ControlPartition(string tenantId, ControlScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        return string.Concat(Tenant(tenantId), Separator.ToString(), scope.Key);
    }

    /// <summary>Partition of the evidence of one control in one scope: <c>{tenant}|{scope}|{control}</c>.</summary>
    public static string EvidencePartition(string tenantId, ControlScope scope, ControlId controlId)
    {
        ArgumentNullException.ThrowIfNull(controlId);
        return string.Concat(ControlPartition(tenantId, scope), Separator.ToString(), controlId.Value);
    }

    /// <summary>
    /// Partition of the evidence index of one control across every scope of a tenant: <c>{tenant}|{control}</c>
    /// (table <c>EvidenceByControl</c>; its row keys are the evidence rows' own, so it reads newest first).
    /// </summary>
    public static string EvidenceIndexPartition(string tenantId, ControlId controlId)
    {
        ArgumentNullException.ThrowIfNull(controlId);
        return string.Concat(Tenant(tenantId), Separator.ToString(), controlId.Value);
    }

    /// <summary>
    /// Row key of an evidence record: inverted ticks of its submission time (19 digits) then its id, so a
    /// partition reads newest first.
    /// </summary>
    public static string EvidenceRowKey(DateTimeOffset submittedAt, string evidenceId) =>
        string.Create(CultureInfo.InvariantCulture, $"{DateTimeOffset.MaxValue.UtcTicks - submittedAt.UtcTicks:D19}-{evidenceId}");

    /// <summary>
    /// The 19-digit prefix every evidence row key submitted at <paramref name="instant"/> starts with. Row keys
    /// compare as text, and the prefix has a fixed width, so a prefix bound is a bound on submission time:
    /// submitted at or after S ⇔ <c>RowKey lt EvidenceRowKeyPrefix(S) + 1 tick</c> (see <see cref="EvidenceSubmittedRange"/>).
    /// </summary>
    public static string EvidenceRowKeyPrefix(long invertedTicks) =>
        invertedTicks.ToString("D19", CultureInfo.InvariantCulture);

    /// <summary>
    /// Row-key bounds for evidence submitted in [<paramref name="fromInclusive"/>, <paramref name="toExclusive"/>):
    /// <c>RowKey ge Lower and RowKey lt Upper</c>. Newer rows have smaller keys, so "from" gives the upper
    /// bound and "to" the lower. Without a bound the range stops before the marker rows (<c>~…</c>).
    /// </summary>
    public static (string Lower, string Upper) EvidenceSubmittedRange(DateTimeOffset? fromInclusive, DateTimeOffset? toExclusive)
    {
        var max = DateTimeOffset.MaxValue.UtcTicks;
        // submitted ≥ from ⇔ inverted ≤ max − from ⇔ key < prefix(max − from + 1)
        var upper = fromInclusive is { } from ? EvidenceRowKeyPrefix(max - from.UtcTicks + 1) : MarkerPrefix;
        // submitted < to ⇔ inverted ≥ max − to + 1 ⇔ key ≥ prefix(max − to + 1)
        var lower = toExclusive is { } to ? EvidenceRowKeyPrefix(max - to.UtcTicks + 1) : "";
        if (string.CompareOrdinal(upper, MarkerPrefix) > 0)
        {
            upper = MarkerPrefix;
        }

        return (lower, upper);
    }

    /// <summary>Row key of the marker that makes one form submission land once.</summary>
    public static string MarkerRowKey(Guid submissionId) => MarkerPrefix + submissionId.ToString("N");

    /// <summary>[from, to) bounds of every control partition of a tenant.</summary>
    public static (string From, string To) TenantControlRange(string tenantId) =>
        (Tenant(tenantId) + Separator, tenantId + AfterSeparator);
}
