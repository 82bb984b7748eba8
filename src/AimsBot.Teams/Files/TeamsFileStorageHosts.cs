namespace AimsBot.Teams.Files;

/// <summary>Why a file URL Teams handed out is not one the bot will use.</summary>
public enum FileUrlRefusal
{
    /// <summary>The URL may be used.</summary>
    None,

    /// <summary>Not an absolute URL.</summary>
    NotAUrl,

    /// <summary>Not https (and plain http is not allowed for its host).</summary>
    NotHttps,

    /// <summary>The host is not on the allow-list.</summary>
    HostNotAllowed,
}

/// <summary>
/// The one rule for URLs of Teams' file storage the bot downloads attachments from and uploads consented files to:
/// https, to a host on the allow-list (a host, or a domain with its sub-domains: SharePoint / OneDrive by default).
/// Plain http only for hosts listed for it (local test stubs). Anything else would send a person's file, or fetch
/// one, from wherever a forged activity says.
/// </summary>
public static class TeamsFileStorageHosts
{
    /// <summary>Checks <paramref name="url"/>; <paramref name="host"/> is its host when it is an absolute URL.</summary>
    public static FileUrlRefusal Check(string? url, IEnumerable<string> allowedHosts, IEnumerable<string> httpHosts, out string host)
    {
        ArgumentNullException.ThrowIfNull(allowedHosts);
        ArgumentNullException.ThrowIfNull(httpHosts);
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            host = string.Empty;
            return FileUrlRefusal.NotAUrl;
        }

        var name = uri.IdnHost.TrimEnd('.');
        host = name;
        var httpAllowed = httpHosts.Any(h => string.Equals(h.Trim(), name, StringComparison.OrdinalIgnoreCase));
        if (uri.Scheme != Uri.UriSchemeHttps && !(uri.Scheme == Uri.UriSchemeHttp && httpAllowed))
        {
            return FileUrlRefusal.NotHttps;
        }

        return httpAllowed || allowedHosts.Any(allowed => HostMatches(name, allowed))
            ? FileUrlRefusal.None
            : FileUrlRefusal.HostNotAllowed;
    }

    private static bool HostMatches(string host, string allowed)
    {
        var domain = allowed.Trim().TrimStart('.').TrimEnd('.');
        return domain.Length > 0
            && (string.Equals(host, domain, StringComparison.OrdinalIgnoreCase)
                || host.EndsWith("." + domain, StringComparison.OrdinalIgnoreCase));
    }
}
