namespace AimsBot.Domain.Digest;

/// <summary>One week of a tenant's trend, as the weekly snapshot row keeps it: the chart reads these, never the past tables.</summary>
/// <param name="WeekStarting">The Monday the week starts on (the tenant's digest zone).</param>
/// <param name="OverdueControls">Control instances overdue when the snapshot was taken.</param>
/// <param name="EvidenceReceived">Evidence records received during the week.</param>
/// <param name="OpenNonconformities">Nonconformities open when the snapshot was taken.</param>
public sealed record DigestWeek(DateOnly WeekStarting, int OverdueControls, int EvidenceReceived, int OpenNonconformities);
