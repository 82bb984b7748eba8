using Azure.Core;
using Microsoft.Extensions.Options;

namespace AimsBot.Graph;

/// <summary>
/// Refuses to start with a Graph setting that cannot work, naming the setting to fix; the credential is checked only when Graph is on.
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
        // The values are checked whether or not Graph is on: a bad one is a mistake either way. Only the credential
        // is left alone while Graph is off.
        var problems = new List<string>();
        if (!Uri.TryCreate(options.BaseUrl, UriKind.Absolute, out var baseUrl)
            || (baseUrl.Scheme != Uri.UriSchemeHttps && !(baseUrl.Scheme == Uri.UriSchemeHttp && baseUrl.IsLoopback))
            || !string.IsNullOrEmpty(baseUrl.Query) || !string.IsNullOrEmpty(baseUrl.Fragment))
        {
            problems.Add($"Graph:BaseUrl '{options.BaseUrl}' must be an https URL without a query, like {GraphOptions.DefaultBaseUrl} (http only on loopback, for tests).");
        }

        if (!string.IsNullOrWhiteSpace(options.Scope) && !Uri.TryCreate(options.Scope, UriKind.Absolute, out _))
        {
            problems.Add($"Graph:Scope '{options.Scope}' must be an absolute URI: set Graph__Scope to e.g. https://graph.microsoft.com/.default, or leave it empty.");
        }

        if (options.GroupCacheDuration < TimeSpan.Zero)
        {
            problems.Add($"Graph:GroupCacheDuration '{options.GroupCacheDuration}' must not be negative: set Graph__GroupCacheDuration to e.g. 00:15:00 (00:00:00 turns the cache off).");
        }

        if (options.GroupLookupTimeout <= TimeSpan.Zero)
        {
            problems.Add($"Graph:GroupLookupTimeout '{options.GroupLookupTimeout}' must be positive: set Graph__GroupLookupTimeout to e.g. 00:00:10.");
        }

        if (options.MaxGroupPages < 1)
        {
            problems.Add($"Graph:MaxGroupPages '{options.MaxGroupPages}' must be at least 1: set Graph__MaxGroupPages to e.g. 50.");
        }

        if (options.MaxRetries is < 0 or > 10)
        {
            problems.Add($"Graph:MaxRetries '{options.MaxRetries}' must be between 0 and 10: set Graph__MaxRetries to e.g. 3.");
        }

        if (options.RetryBaseDelay <= TimeSpan.Zero)
        {
            problems.Add($"Graph:RetryBaseDelay '{options.RetryBaseDelay}' must be positive: set Graph__RetryBaseDelay to e.g. 00:00:01.");
        }

        if (options.MaxRetryAfter < TimeSpan.Zero)
        {
            problems.Add($"Graph:MaxRetryAfter '{options.MaxRetryAfter}' must not be negative: set Graph__MaxRetryAfter to e.g. 00:00:30.");
        }

        if (options.RequestTimeout <= TimeSpan.Zero)
        {
            problems.Add($"Graph:RequestTimeout '{options.RequestTimeout}' must be positive: set Graph__RequestTimeout to e.g. 00:00:30.");
        }

        if (!_activation.Enabled)
        {
            return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
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
