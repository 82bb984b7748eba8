namespace AimsBot.Risks.Register;

/// <summary>Which risks <c>risks</c> lists.</summary>
public enum RiskFilter
{
    None,

    /// <summary>Not closed.</summary>
    Open,

    /// <summary>Not closed, at high or very high level (the residual level once approved, else before treatment).</summary>
    High,

    /// <summary>Waiting for approval.</summary>
    Awaiting,
}

/// <summary>The arguments of the register's commands, as typed.</summary>
public static class RiskArguments
{
    private const string SystemWord = "system";

    /// <summary><c>system &lt;name&gt;</c>: the name, unquoted.</summary>
    public static bool TrySystem(string arguments, out string name)
    {
        var text = (arguments ?? "").Trim();
        name = "";
        if (!text.StartsWith(SystemWord, StringComparison.OrdinalIgnoreCase) || text.Length == SystemWord.Length || !char.IsWhiteSpace(text[SystemWord.Length]))
        {
            return false;
        }

        name = text[SystemWord.Length..].Trim().Trim('"', '\'', '“', '”').Trim();
        return name.Length > 0;
    }

    /// <summary><c>[system &lt;name&gt;] [open|high|awaiting]</c> in either order of the filter: the filter is its own last word.</summary>
    public static bool TryList(string arguments, out string? systemName, out RiskFilter filter)
    {
        systemName = null;
        filter = RiskFilter.None;
        var text = (arguments ?? "").Trim();
        if (text.Length == 0)
        {
            return true;
        }

        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (Filter(words[^1]) is { } last)
        {
            filter = last;
            text = string.Join(' ', words[..^1]);
        }
        else if (Filter(words[0]) is { } first)
        {
            filter = first;
            text = string.Join(' ', words[1..]);
        }

        if (text.Length == 0)
        {
            return true;
        }

        if (!TrySystem(text, out var name))
        {
            return false;
        }

        systemName = name;
        return true;
    }

    private static RiskFilter? Filter(string word) => word.ToLowerInvariant() switch
    {
        "open" => RiskFilter.Open,
        "high" => RiskFilter.High,
        "awaiting" => RiskFilter.Awaiting,
        _ => null,
    };
}
