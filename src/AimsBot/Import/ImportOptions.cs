using AimsBot.Exports;
using Microsoft.Extensions.Options;

namespace AimsBot.Import;

/// <summary>Limits and trust of the register import. Bound from <c>Import</c>.</summary>
public sealed class ImportOptions
{
    public const string SectionName = "Import";

    /// <summary>
    /// Hosts a file may be downloaded from (a host, or a domain with its sub-domains). Teams hands out
    /// pre-authenticated SharePoint / OneDrive URLs; nothing else is fetched.
    /// </summary>
    public List<string> AllowedDownloadHosts { get; set; } = ["sharepoint.com", "sharepoint.us", "sharepoint.de", "sharepoint.cn", "onedrive.com"];

    /// <summary>
    /// Hosts that may be fetched over plain http (default: none). Only for local test stubs such as
    /// <c>127.0.0.1</c>; every other download must be https.
    /// </summary>
    public List<string> AllowHttpDownloadHosts { get; set; } = [];

    /// <summary>How long a download may take before it is given up.</summary>
    public TimeSpan DownloadTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The largest file read, in bytes.</summary>
    public int MaxBytes { get; set; } = CsvReadOptions.DefaultMaxBytes;

    /// <summary>The most rows a file may have (header not counted).</summary>
    public int MaxRows { get; set; } = CsvReadOptions.DefaultMaxRows;

    /// <summary>How many problems a validation report lists before it only counts the rest.</summary>
    public int MaxReportedProblems { get; set; } = 50;

    public CsvReadOptions CsvOptions => new() { MaxBytes = MaxBytes, MaxRows = MaxRows };
}

/// <summary>Refuses to start with limits that make no sense.</summary>
public sealed class ImportOptionsValidator : IValidateOptions<ImportOptions>
{
    public ValidateOptionsResult Validate(string? name, ImportOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.MaxBytes is < 1 or > 50 * 1024 * 1024)
        {
            failures.Add($"Import:MaxBytes '{options.MaxBytes}' must be between 1 and 52428800: set Import__MaxBytes to e.g. 5242880 (5 MB).");
        }

        if (options.MaxRows < 1)
        {
            failures.Add($"Import:MaxRows '{options.MaxRows}' must be at least 1: set Import__MaxRows to e.g. 10000.");
        }

        if (options.DownloadTimeout <= TimeSpan.Zero || options.DownloadTimeout > TimeSpan.FromMinutes(5))
        {
            failures.Add($"Import:DownloadTimeout '{options.DownloadTimeout}' must be more than zero and at most 5 minutes: set Import__DownloadTimeout to e.g. 00:00:30.");
        }

        if (options.MaxReportedProblems < 1)
        {
            failures.Add($"Import:MaxReportedProblems '{options.MaxReportedProblems}' must be at least 1: set Import__MaxReportedProblems to e.g. 50.");
        }

        CheckHosts("AllowedDownloadHosts", options.AllowedDownloadHosts, failures);
        CheckHosts("AllowHttpDownloadHosts", options.AllowHttpDownloadHosts, failures);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    // Host names only: a scheme, path or port here would never match, and silently trust nothing.
    private static void CheckHosts(string key, List<string> hosts, List<string> failures)
    {
        for (var i = 0; i < hosts.Count; i++)
        {
            if (Uri.CheckHostName(hosts[i]?.Trim()) == UriHostNameType.Unknown)
            {
                failures.Add($"Import:{key} entry '{hosts[i]}' is not a host name: set Import__{key}__{i} to a host such as sharepoint.com (no scheme, path or port).");
            }
        }
    }
}
