using AimsBot.Scheduling;
using Microsoft.Extensions.Options;

namespace AimsBot.Proactive;

/// <summary>How the outbox is drained. Bound from <c>Proactive</c>; validated at start-up.</summary>
public sealed class ProactiveOptions
{
    public const string SectionName = "Proactive";

    /// <summary>When the outbox drain (<c>outbox-drain</c>) runs, Hangfire cron in UTC. Default every minute.</summary>
    public string DrainCron { get; set; } = "* * * * *";
}

internal sealed class ProactiveOptionsValidator : IValidateOptions<ProactiveOptions>
{
    public ValidateOptionsResult Validate(string? name, ProactiveOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return CronSetting.Problem("Proactive:DrainCron", options.DrainCron, "* * * * *") is { } problem
            ? ValidateOptionsResult.Fail(problem)
            : ValidateOptionsResult.Success;
    }
}
