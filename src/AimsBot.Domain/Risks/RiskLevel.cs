namespace AimsBot.Domain.Risks;

/// <summary>How serious a risk is, lowest first (so levels compare: a residual level above the threshold goes to top management).</summary>
public enum RiskLevel
{
    Low,
    Medium,
    High,
    VeryHigh,
}

/// <summary>The spellings of <see cref="RiskLevel"/> in options, storage and on cards.</summary>
public static class RiskLevels
{
    /// <summary>The stable spelling: <c>low</c>, <c>medium</c>, <c>high</c>, <c>very-high</c>.</summary>
    public static string Name(this RiskLevel level) => level switch
    {
        RiskLevel.Low => "low",
        RiskLevel.Medium => "medium",
        RiskLevel.High => "high",
        RiskLevel.VeryHigh => "very-high",
        _ => throw new ArgumentOutOfRangeException(nameof(level), level, "Unknown risk level."),
    };

    /// <summary>"very high" for people.</summary>
    public static string Words(this RiskLevel level) => level.Name().Replace('-', ' ');

    /// <summary>Reads <c>low</c>, <c>medium</c>, <c>high</c>, <c>very-high</c> (or <c>very high</c>), any case.</summary>
    public static bool TryParse(string? text, out RiskLevel level)
    {
        var cleaned = text?.Trim().Replace(' ', '-');
        foreach (var candidate in Enum.GetValues<RiskLevel>())
        {
            if (string.Equals(candidate.Name(), cleaned, StringComparison.OrdinalIgnoreCase))
            {
                level = candidate;
                return true;
            }
        }

        level = default;
        return false;
    }
}
