using System.Globalization;
using AimsBot.Domain.Register;

namespace AimsBot.Domain.Assessments;

/// <summary>Who approves impact assessments besides nobody who assessed or answered them.</summary>
public enum ImpactApproverPolicy
{
    /// <summary>A risk approver.</summary>
    RiskApprovers,

    /// <summary>A risk approver, or the system owner's manager (as the directory says).</summary>
    RiskApproversOrOwnersManager,
}

/// <summary>
/// Who may decide on one assessment: the policy, and the system owner's manager when the host could look them up
/// (null when unknown or not looked up). The person decided on still has to be neither assessor nor contributor.
/// </summary>
public sealed record ImpactApproval(ImpactApproverPolicy Policy, string? OwnersManagerUserId = null)
{
    public static ImpactApproval RiskApproversOnly { get; } = new(ImpactApproverPolicy.RiskApprovers);

    /// <summary>The person named besides risk approvers, if the policy names one.</summary>
    internal string? NamedApprover => Policy == ImpactApproverPolicy.RiskApproversOrOwnersManager ? OwnersManagerUserId : null;
}

/// <summary>
/// How long an approved impact assessment holds, by the system's risk tier, in calendar months (the host binds
/// these). Defaults: minimal 24, limited 12, high 6, unacceptable 3 — a system in the unacceptable tier should not
/// run at all, so if it does it is looked at again soonest.
/// </summary>
public sealed class ReassessmentOptions
{
    public const int MaxMonths = 60;

    public int MinimalMonths { get; set; } = 24;

    public int LimitedMonths { get; set; } = 12;

    public int HighMonths { get; set; } = 6;

    public int UnacceptableMonths { get; set; } = 3;

    public int MonthsFor(RiskTier tier) => tier switch
    {
        RiskTier.Minimal => MinimalMonths,
        RiskTier.Limited => LimitedMonths,
        RiskTier.High => HighMonths,
        RiskTier.Unacceptable => UnacceptableMonths,
        _ => throw new ArgumentOutOfRangeException(nameof(tier), tier, "Unknown risk tier."),
    };

    /// <summary>
    /// The date the next assessment is due: the approval's local date in the zone plus the tier's months, clamped
    /// to the month's last day (approved 31 August, 6 months → 28/29 February; 29 February 2028 + 12 → 28 February 2029).
    /// </summary>
    public DateOnly NextDue(RiskTier tier, DateOnly approvedOn) => approvedOn.AddMonths(MonthsFor(tier));

    /// <summary>What is wrong, each naming the setting; empty when usable.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        foreach (var (name, months) in new[] { ("MinimalMonths", MinimalMonths), ("LimitedMonths", LimitedMonths), ("HighMonths", HighMonths), ("UnacceptableMonths", UnacceptableMonths) })
        {
            if (months < 1 || months > MaxMonths)
            {
                problems.Add(string.Create(CultureInfo.InvariantCulture, $"{name} is {months}; set it to 1–{MaxMonths} months."));
            }
        }

        return problems;
    }
}
