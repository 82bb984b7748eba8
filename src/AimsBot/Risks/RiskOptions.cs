using System.Globalization;
using AimsBot.Domain.Risks;
using Microsoft.Extensions.Options;

namespace AimsBot.Risks;

/// <summary>Who may approve a treatment plan whose residual risk is within the acceptance threshold.</summary>
public enum RiskApproverPolicy
{
    /// <summary>A risk approver (<c>Roles:RiskApprovers</c>).</summary>
    RiskApprovers,

    /// <summary>The risk owner's manager (as Microsoft Graph says), or a risk approver.</summary>
    RiskApproversOrOwnersManager,
}

/// <summary>The risk register: its criteria and who approves treatment plans. Bound from <c>Risks</c>.</summary>
public sealed class RiskOptions
{
    public const string SectionName = "Risks";

    public const int MaxDueWarningDays = 365;

    /// <summary>The likelihood and consequence scales, the level matrix, the acceptance threshold and how long an acceptance holds.</summary>
    public RiskCriteriaOptions Criteria { get; set; } = new();

    /// <summary>
    /// Who approves a plan whose residual level is within the threshold (above it, top management always does). Default:
    /// the risk owner's manager or a risk approver.
    /// </summary>
    public RiskApproverPolicy ApproverPolicy { get; set; } = RiskApproverPolicy.RiskApproversOrOwnersManager;

    /// <summary>How many days before an acceptance expires the risk shows its re-review as due (and its owner hears of it).</summary>
    public int AcceptanceDueWarningDays { get; set; } = 30;
}

/// <summary>Refuses to start with criteria, a policy or a warning period the risk register could not use.</summary>
public sealed class RiskOptionsValidator : IValidateOptions<RiskOptions>
{
    public ValidateOptionsResult Validate(string? name, RiskOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.Criteria is null)
        {
            failures.Add("Risks:Criteria is empty: remove it to use the built-in 5 × 5 criteria, or set Risks__Criteria__Version, Risks__Criteria__Likelihood__<n>__Name … (docs/configuration.md).");
        }
        else
        {
            failures.AddRange(options.Criteria.Problems().Select(p =>
                $"Risks:Criteria: {p} Set it as Risks__Criteria__<setting> (e.g. Risks__Criteria__Matrix__0, Risks__Criteria__AcceptanceThreshold)."));
        }

        if (!Enum.IsDefined(options.ApproverPolicy))
        {
            failures.Add($"Risks:ApproverPolicy '{options.ApproverPolicy}' is not a policy: set Risks__ApproverPolicy to RiskApprovers or RiskApproversOrOwnersManager.");
        }

        if (options.AcceptanceDueWarningDays < 0 || options.AcceptanceDueWarningDays > RiskOptions.MaxDueWarningDays)
        {
            failures.Add(string.Create(
                CultureInfo.InvariantCulture,
                $"Risks:AcceptanceDueWarningDays is {options.AcceptanceDueWarningDays}: set Risks__AcceptanceDueWarningDays to 0–{RiskOptions.MaxDueWarningDays} days."));
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
