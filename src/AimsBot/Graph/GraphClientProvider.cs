using Azure.Core;
using Microsoft.Extensions.Options;
using Microsoft.Graph;
using KiotaAzure = Microsoft.Kiota.Authentication.Azure;

namespace AimsBot.Graph;

/// <summary>
/// Hands out <see cref="GraphServiceClient"/>s on the named, resilient HttpClient, authenticated with the bot's
/// credential. Tokens are only ever attached to requests for the configured Graph host. The credential is
/// resolved on first use, so a broken identity fails a Graph call (which callers degrade), never start-up of
/// the chat surface.
/// </summary>
public sealed class GraphClientProvider
{
    /// <summary>The IHttpClientFactory name of Graph's HttpClient.</summary>
    public const string HttpClientName = "AimsBot.Graph";

    /// <summary>The DI key of the Graph <see cref="TokenCredential"/> (tests register a fake under it).</summary>
    public const string CredentialKey = "AimsBot.Graph";

    private readonly IHttpClientFactory _httpClients;
    private readonly Lazy<KiotaAzure.AzureIdentityAuthenticationProvider> _authentication;

    public GraphClientProvider(IHttpClientFactory httpClients, IServiceProvider services, IOptions<GraphOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _httpClients = httpClients;
        var graph = options.Value;
        BaseUrl = graph.NormalizedBaseUrl;
        BaseUri = new Uri(BaseUrl + "/", UriKind.Absolute);
        _authentication = new(() => new KiotaAzure.AzureIdentityAuthenticationProvider(
            services.GetRequiredKeyedService<TokenCredential>(CredentialKey),
            allowedHosts: [BaseUri.Host],
            observabilityOptions: null,
            isCaeEnabled: false,
            scopes: [graph.EffectiveScope]));
    }

    /// <summary>The Graph endpoint, without a trailing slash (e.g. <c>https://graph.microsoft.com/v1.0</c>).</summary>
    public string BaseUrl { get; }

    internal Uri BaseUri { get; }

    /// <summary>A client for one unit of work; dispose it afterwards.</summary>
    public GraphServiceClient Create() =>
        new(_httpClients.CreateClient(HttpClientName), _authentication.Value, BaseUrl);

    /// <summary>True when <paramref name="link"/> (an @odata.nextLink) points at the configured Graph endpoint.</summary>
    internal bool IsOwnLink(string link) =>
        Uri.TryCreate(link, UriKind.Absolute, out var uri)
        && uri.Scheme == BaseUri.Scheme
        && string.Equals(uri.Authority, BaseUri.Authority, StringComparison.OrdinalIgnoreCase)
        && uri.AbsolutePath.StartsWith(BaseUri.AbsolutePath, StringComparison.OrdinalIgnoreCase);
}
