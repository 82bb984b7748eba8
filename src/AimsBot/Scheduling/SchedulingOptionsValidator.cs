using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace AimsBot.Scheduling;

/// <summary>Refuses a Hangfire set-up that cannot run, naming the setting (<c>Hangfire:*</c>) and what to set.</summary>
internal sealed partial class SchedulingOptionsValidator : IValidateOptions<SchedulingOptions>
{
    private readonly IConfiguration _configuration;

    public SchedulingOptionsValidator(IConfiguration configuration) => _configuration = configuration;

    public ValidateOptionsResult Validate(string? name, SchedulingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.StorageKind is null)
        {
            failures.Add($"Hangfire:Storage '{options.Storage}' is not known: use InMemory (one instance) or PostgreSql (scale-out, with ConnectionStrings:Hangfire).");
        }
        else if (options.StorageKind == SchedulingStorage.PostgreSql && string.IsNullOrWhiteSpace(_configuration.GetConnectionString(SchedulingOptions.ConnectionStringName)))
        {
            failures.Add("Hangfire:Storage is PostgreSql but ConnectionStrings:Hangfire is empty: set ConnectionStrings__Hangfire to the PostgreSQL connection string.");
        }

        if (string.IsNullOrWhiteSpace(options.Schema) || !SchemaPattern().IsMatch(options.Schema))
        {
            failures.Add($"Hangfire:Schema '{options.Schema}' is not a PostgreSQL schema name: set Hangfire__Schema to letters, digits and '_', starting with a letter (at most 63), e.g. 'hangfire'.");
        }

        if (CronSetting.Problem("Hangfire:HeartbeatCron", options.HeartbeatCron, "* * * * *") is { } cron)
        {
            failures.Add(cron);
        }

        if (options.WorkerCount is < 1 or > SchedulingOptions.MaxWorkerCount)
        {
            failures.Add($"Hangfire:WorkerCount '{options.WorkerCount}' must be between 1 and {SchedulingOptions.MaxWorkerCount}: set Hangfire__WorkerCount to e.g. 4 (the default is twice the processors, at least 2).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]{0,62}$")]
    private static partial Regex SchemaPattern();
}
