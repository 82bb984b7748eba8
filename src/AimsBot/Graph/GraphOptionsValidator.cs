using Azure.Core;
using Microsoft.Extensions.Options;

namespace AimsBot.Graph;

/// <summary>
/// Refuses to start when Graph is on but cannot work, naming the setting to fix. Says nothing when Graph is off.
/// </summary>
internal sealed class GraphOptionsValidator : IValidateOptions<GraphOptions>
{
    private readonly GraphActivation _activation;
    private readonly IServiceProvider _services;

    public GraphOptionsValidator(GraphActivation activation, IServiceProvider services)
    {
        _activation = activation;
        _services = services;
    }

    public ValidateOptionsResult Validate(string? name, GraphOptions options)
    {
        if (!_activation.Enabled)
        {
            return ValidateOptionsResult.Success;
        }

        var problems = new List<string>();
        if (!Uri.TryCreate(options.BaseUrl, UriKind.Absolute, out var baseUrl)
            || (baseUrl.Scheme != Uri.UriSchemeHttps && !(baseUrl.Scheme == Uri.UriSchemeHttp && baseUrl.IsLoopback))
            || !string.IsNullOrEmpty(baseUrl.Query) || !string.IsNullOrEmpty(baseUrl.Fragment))
        {
            problems.Add($"Graph:BaseUrl '{options.BaseUrl}' must be an https URL without a query, like {GraphOptions.DefaultBaseUrl} (http only on loopback, for tests).");
        }

        if (options.GroupCacheDuration < TimeSpan.Zero)
        {
            problems.Add("Graph:GroupCacheDuration must not be negative (00:00:00 turns the cache off).");
        }

        if (options.GroupLookupTimeout <= TimeSpan.Zero)
        {
            problems.Add("Graph:GroupLookupTimeout must be positive, e.g. 00:00:10.");
        }

        if (options.MaxGroupPages < 1)
        {
            problems.Add("Graph:MaxGroupPages must be at least 1.");
        }

        if (options.MaxRetries is < 0 or > 10)
        {
            problems.Add("Graph:MaxRetries must be between 0 and 10.");
        }

        if (options.RetryBaseDelay <= TimeSpan.Zero || options.MaxRetryAfter < TimeSpan.Zero || options.RequestTimeout <= TimeSpan.Zero)
        {
            problems.Add("Graph:RetryBaseDelay and Graph:RequestTimeout must be positive, Graph:MaxRetryAfter not negative.");
        }

        try
        {
            _ = _services.GetRequiredKeyedService<TokenCredential>(GraphClientProvider.CredentialKey);
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException)
        {
            problems.Add(ex.Message);
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
