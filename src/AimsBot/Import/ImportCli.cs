using AimsBot.Commands;
using AimsBot.Domain.Access;
using AimsBot.Hosting;
using AimsBot.Storage;
using AimsBot.Storage.Register;

namespace AimsBot.Import;

/// <summary>
/// The host's sub-command for administrators: <c>dotnet AimsBot.dll import &lt;file.csv&gt; [--dry-run] [--tenant &lt;id&gt;]</c>.
/// Builds the same services as the bot (configuration, Table Storage, register, ledger) without starting the
/// web server, runs the import of <see cref="RegisterImport"/>, and prints the report or the summary.
/// Exit codes: 0 imported, no changes, or (dry run) valid; 1 the file has problems (nothing written);
/// 2 usage, configuration or storage failure (nothing written).
/// </summary>
/// <remarks>
/// Whoever can run this holds the deployment's storage credentials, so it acts as an administrator with the
/// compliance lead's rights; the ledger records it as <c>cli:&lt;OS user&gt;</c> with those roles.
/// </remarks>
public static class ImportCli
{
    public const int Success = 0;
    public const int FileProblems = 1;
    public const int Failure = 2;

    public const string Usage = "Usage: dotnet AimsBot.dll import <file.csv> [--dry-run] [--tenant <tenant id>]";

    /// <summary>The ledger's actor id for an import run from the command line.</summary>
    public static string ActorId(string? userName = null) => "cli:" + (string.IsNullOrWhiteSpace(userName) ? Environment.UserName : userName.Trim());

    /// <param name="args">The arguments after <c>import</c>.</param>
    /// <param name="settings">Configuration laid over the host's (tests point it at their Azurite and table prefix).</param>
    public static async Task<int> RunAsync(
        string[] args,
        TextWriter output,
        TextWriter error,
        IEnumerable<KeyValuePair<string, string?>>? settings = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        string? path = null;
        string? tenant = null;
        var dryRun = false;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--dry-run":
                    dryRun = true;
                    break;
                case "--tenant" when i + 1 < args.Length:
                    tenant = args[++i];
                    break;
                case "--help" or "-h":
                    await output.WriteLineAsync(Usage);
                    return Success;
                case var arg when arg.StartsWith("--", StringComparison.Ordinal) || path is not null:
                    await error.WriteLineAsync($"Unexpected argument '{arg}'. {Usage}");
                    return Failure;
                default:
                    path = args[i];
                    break;
            }
        }

        if (path is null)
        {
            await error.WriteLineAsync(Usage);
            return Failure;
        }

        if (!File.Exists(path))
        {
            await error.WriteLineAsync($"There is no file '{path}'. Nothing was imported.");
            return Failure;
        }

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [] });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        builder.AddAimsBot();
        builder.Logging.ClearProviders();
        builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        await using var app = builder.Build();

        tenant ??= DefaultTenant(app.Configuration);
        if (string.IsNullOrWhiteSpace(tenant))
        {
            await error.WriteLineAsync($"Say which tenant to import into: --tenant <tenant id> (Bot:TenantId and Bot:AllowedTenants name none, or several). {Usage}");
            return Failure;
        }

        try
        {
            RegisterKeys.Tenant(tenant);
        }
        catch (ArgumentException ex)
        {
            await error.WriteLineAsync(ex.Message);
            return Failure;
        }

        var options = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<ImportOptions>>().Value;
        if (new FileInfo(path).Length > options.MaxBytes)
        {
            await error.WriteLineAsync($"The file is larger than {options.MaxBytes} bytes (Import:MaxBytes). Nothing was imported.");
            return FileProblems;
        }

        ImportOutcome outcome;
        try
        {
            await app.Services.GetRequiredService<TableStore>().EnsureTablesAsync(cancellationToken);
            // Not a Teams user: the documented cli:<OS user> id stands where a person's object id would (the user key).
            var caller = new Caller(tenant, ActorId(), ActorId(), Environment.UserName, new HashSet<Role> { Role.Admin, Role.ComplianceLead });
            var content = await File.ReadAllBytesAsync(path, cancellationToken);
            var import = app.Services.GetRequiredService<RegisterImport>();
            outcome = await import.ImportAsync(new ImportRequest(caller, Path.GetFileName(path), content, dryRun, "cli:" + Guid.CreateVersion7().ToString("N")), cancellationToken);
        }
        catch (Exception ex) when (ex is Azure.RequestFailedException or HttpRequestException or InvalidOperationException or AggregateException
            or Microsoft.Extensions.Options.OptionsValidationException) // e.g. no Ledger:SigningKey: the import records in the ledger
        {
            await error.WriteLineAsync($"The import could not run: {ex.Message} Nothing was imported.");
            return Failure;
        }

        await output.WriteLineAsync(ImportCards.Text(outcome, options.MaxReportedProblems));
        return outcome.Status switch
        {
            ImportStatus.Invalid => FileProblems,
            ImportStatus.Failed => Failure,
            _ => Success,
        };
    }

    private static string? DefaultTenant(IConfiguration configuration)
    {
        var allowed = configuration.GetSection("Bot:AllowedTenants").Get<string[]>()?.Where(t => !string.IsNullOrWhiteSpace(t)).Distinct(StringComparer.OrdinalIgnoreCase).ToList() ?? [];
        if (allowed.Count == 1)
        {
            return allowed[0];
        }

        var configured = configuration["Bot:TenantId"];
        return allowed.Count == 0 && !string.IsNullOrWhiteSpace(configured) ? configured : null;
    }
}
