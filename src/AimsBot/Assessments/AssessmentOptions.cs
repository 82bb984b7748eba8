using System.Globalization;
using AimsBot.Domain.Assessments;
using Microsoft.Extensions.Options;

namespace AimsBot.Assessments;

/// <summary>How impact assessments are scored, approved and scheduled. Bound from <c>Assessments</c>.</summary>
public sealed class AssessmentOptions
{
    public const string SectionName = "Assessments";

    public const int MaxDueWarningDays = 365;

    /// <summary>The severity × likelihood matrix and the sensitive-use floor (docs/domain.md, "Impact assessments").</summary>
    public ImpactScoringOptions Scoring { get; set; } = new();

    /// <summary>How many months an approved assessment holds, by the system's risk tier.</summary>
    public ReassessmentOptions Reassessment { get; set; } = new();

    /// <summary>Who may approve besides risk approvers: nobody, or also the system owner's manager.</summary>
    public ImpactApproverPolicy ApproverPolicy { get; set; } = ImpactApproverPolicy.RiskApproversOrOwnersManager;

    /// <summary>How many days before a reassessment falls due it shows as due (and its owner hears of it).</summary>
    public int DueWarningDays { get; set; } = 30;
}

/// <summary>Refuses to start with a matrix, floor, reassessment period or warning the assessments could not use.</summary>
public sealed class AssessmentOptionsValidator : IValidateOptions<AssessmentOptions>
{
    public ValidateOptionsResult Validate(string? name, AssessmentOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.Scoring is null)
        {
            failures.Add("Assessments:Scoring is empty: remove it to use the built-in matrix, or set Assessments__Scoring__Matrix__0 … and Assessments__Scoring__SensitiveUseFloor.");
        }
        else
        {
            failures.AddRange(options.Scoring.Problems().Select(p =>
                $"Assessments:Scoring: {p} Set Assessments__Scoring__Matrix__<n> (one row of levels per severity) or Assessments__Scoring__SensitiveUseFloor."));
        }

        if (options.Reassessment is null)
        {
            failures.Add("Assessments:Reassessment is empty: remove it to use the defaults, or set Assessments__Reassessment__HighMonths and the other tiers' months.");
        }
        else
        {
            failures.AddRange(options.Reassessment.Problems().Select(p => $"Assessments:Reassessment: {p} Set Assessments__Reassessment__<Tier>Months."));
        }

        if (!Enum.IsDefined(options.ApproverPolicy))
        {
            failures.Add($"Assessments:ApproverPolicy '{options.ApproverPolicy}' is not a policy: set Assessments__ApproverPolicy to RiskApprovers or RiskApproversOrOwnersManager.");
        }

        if (options.DueWarningDays < 0 || options.DueWarningDays > AssessmentOptions.MaxDueWarningDays)
        {
            failures.Add(string.Create(
                CultureInfo.InvariantCulture,
                $"Assessments:DueWarningDays is {options.DueWarningDays}: set Assessments__DueWarningDays to 0–{AssessmentOptions.MaxDueWarningDays} days."));
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
