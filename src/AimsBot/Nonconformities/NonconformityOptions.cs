using System.Globalization;
using Microsoft.Extensions.Options;

namespace AimsBot.Nonconformities;

/// <summary>How long each step of a nonconformity gets by default, and the wait before its effectiveness review. Bound from <c>Nonconformities</c>.</summary>
public sealed class NonconformityOptions
{
    public const string SectionName = "Nonconformities";

    public const int MaxDays = 365;

    /// <summary>Days after implementation before the effectiveness review is due (the actions need time to show whether they work).</summary>
    public int ReviewWaitDays { get; set; } = 30;

    /// <summary>Days from triage the triage form proposes for the correction and containment.</summary>
    public int CorrectionDays { get; set; } = 7;

    /// <summary>Days the triage form proposes for the root cause (from triage), and a new cycle gets (from a not-effective review or a reopening).</summary>
    public int RootCauseDays { get; set; } = 21;

    /// <summary>Days from triage the triage form proposes for the corrective actions to be agreed.</summary>
    public int ActionsDays { get; set; } = 30;
}

/// <summary>Refuses to start with a number of days a nonconformity's steps could not use.</summary>
public sealed class NonconformityOptionsValidator : IValidateOptions<NonconformityOptions>
{
    public ValidateOptionsResult Validate(string? name, NonconformityOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        Check(failures, nameof(NonconformityOptions.ReviewWaitDays), options.ReviewWaitDays, 0);
        Check(failures, nameof(NonconformityOptions.CorrectionDays), options.CorrectionDays, 0);
        Check(failures, nameof(NonconformityOptions.RootCauseDays), options.RootCauseDays, 0);
        Check(failures, nameof(NonconformityOptions.ActionsDays), options.ActionsDays, 0);
        if (failures.Count == 0 && !(options.CorrectionDays <= options.RootCauseDays && options.RootCauseDays <= options.ActionsDays))
        {
            failures.Add(string.Create(
                CultureInfo.InvariantCulture,
                $"Nonconformities:CorrectionDays ({options.CorrectionDays}), RootCauseDays ({options.RootCauseDays}) and ActionsDays ({options.ActionsDays}) must not decrease: set Nonconformities__CorrectionDays ≤ Nonconformities__RootCauseDays ≤ Nonconformities__ActionsDays."));
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Check(List<string> failures, string key, int value, int min)
    {
        if (value < min || value > NonconformityOptions.MaxDays)
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture, $"Nonconformities:{key} is {value}: set Nonconformities__{key} to {min}–{NonconformityOptions.MaxDays} days."));
        }
    }
}
