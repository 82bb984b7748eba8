using System.Collections.Concurrent;

namespace AimsBot.Teams.Connector;

/// <summary>
/// The service urls the bot may send its token to: only those learnt from inbound activities whose Bot Framework
/// token carries the same url in its <c>serviceurl</c> claim (or local anonymous mode, where no token is sent),
/// or seeded from stored conversation references of such activities.
/// </summary>
public interface ITrustedServiceUrlRegistry
{
    /// <summary>Records the service url of an activity whose Bot Framework token was validated and names that url.</summary>
    void Learn(string serviceUrl);

    /// <summary>Seeds a service url from a stored conversation reference (learnt earlier).</summary>
    void Trust(string serviceUrl);

    bool IsTrusted(string serviceUrl);
}

/// <summary>In-memory, thread-safe <see cref="ITrustedServiceUrlRegistry"/>.</summary>
public sealed class TrustedServiceUrlRegistry : ITrustedServiceUrlRegistry
{
    private readonly ConcurrentDictionary<string, byte> trusted = new(StringComparer.Ordinal);

    public void Learn(string serviceUrl) => Trust(serviceUrl);

    public void Trust(string serviceUrl)
    {
        var key = Normalize(serviceUrl)
            ?? throw new ArgumentException($"'{serviceUrl}' is not an absolute http(s) url.", nameof(serviceUrl));
        trusted.TryAdd(key, 0);
    }

    public bool IsTrusted(string serviceUrl) => Normalize(serviceUrl) is { } key && trusted.ContainsKey(key);

    /// <summary>
    /// Canonical form used for comparison: lower-case <c>scheme://host[:port]/path</c> without
    /// query, fragment or trailing slash; null when not an absolute http(s) url with no user info.
    /// </summary>
    public static string? Normalize(string? serviceUrl)
    {
        if (string.IsNullOrWhiteSpace(serviceUrl)
            || !Uri.TryCreate(serviceUrl.Trim(), UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
            || !string.IsNullOrEmpty(uri.UserInfo))
        {
            return null;
        }

        var path = uri.AbsolutePath.TrimEnd('/');
        return $"{uri.Scheme}://{uri.Authority}{path}".ToLowerInvariant();
    }
}
