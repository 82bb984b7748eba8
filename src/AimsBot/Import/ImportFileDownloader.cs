using AimsBot.Domain;
using AimsBot.Teams.Files;
using Microsoft.Extensions.Options;

namespace AimsBot.Import;

/// <summary>
/// Fetches a file a person attached in the 1:1 chat from the pre-authenticated URL Teams gave. No token is
/// sent (the URL carries its own authorisation). Guards: https only (plain http only for hosts configured in
/// <see cref="ImportOptions.AllowHttpDownloadHosts"/>), only the allowed hosts, no redirects, a size limit
/// checked on the header and while reading, and a timeout.
/// </summary>
public sealed class ImportFileDownloader
{
    public const string HttpClientName = "AimsBot.Import.Download";
    private const int MaxRedirects = 3;
    private readonly IHttpClientFactory _clients;
    private readonly ImportOptions _options;

    public ImportFileDownloader(IHttpClientFactory clients, IOptions<ImportOptions> options)
    {
        _clients = clients;
        _options = options.Value;
    }

    /// <summary>Whether the URL may be fetched; the refusal says why in words a person understands.</summary>
    public DomainError? CheckUrl(string? url) => CheckUrl(url, "Nothing was imported.");

    private DomainError? CheckUrl(string? url, string nothingDone)
    {
        return TeamsFileStorageHosts.Check(url, _options.AllowedDownloadHosts, _options.AllowHttpDownloadHosts, out var host) switch
        {
            FileUrlRefusal.NotAUrl => new DomainError("import.url", "Teams did not give me a link to download the file. Please attach it again."),
            FileUrlRefusal.NotHttps => new DomainError("import.url-scheme", "I only download files over a secure (https) link, and this one is not. {nothingDone}"),
            FileUrlRefusal.HostNotAllowed => new DomainError("import.url-host", $"I only download attachments from Teams' own file storage (SharePoint / OneDrive), not from {host}. {nothingDone}"),
            _ => null,
        };
    }

    /// <summary>The file's bytes, or a friendly refusal (not allowed, too large, unreachable, too slow).</summary>
    public Task<Result<byte[]>> DownloadAsync(FileDownloadInfo file, CancellationToken cancellationToken) =>
        DownloadAsync(file, _options.MaxBytes, "Nothing was imported.", cancellationToken);

    /// <summary>
    /// The same download for another kind of file sent in the 1:1 chat (a questionnaire): the same hosts, redirects
    /// and timeout, at most <paramref name="maxBytes"/> (never more than <see cref="ImportOptions.MaxBytes"/>), each
    /// refusal ending with <paramref name="nothingDone"/> ("Nothing was loaded.").
    /// </summary>
    public async Task<Result<byte[]>> DownloadAsync(FileDownloadInfo file, int maxBytes, string nothingDone, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentException.ThrowIfNullOrWhiteSpace(nothingDone);
        maxBytes = Math.Min(maxBytes, _options.MaxBytes);
        if (CheckUrl(file.DownloadUrl, nothingDone) is { } refused)
        {
            return Result.Failure<byte[]>(refused);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.DownloadTimeout);
        try
        {
            var client = _clients.CreateClient(HttpClientName);
            var url = new Uri(file.DownloadUrl!);
            var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, url), HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            // Redirects are followed by hand (at most 3), each target checked like the first link.
            for (var hops = 0; IsRedirect(response) && response.Headers.Location is { } location; hops++)
            {
                response.Dispose();
                url = location.IsAbsoluteUri ? location : new Uri(url, location);
                if (hops == MaxRedirects || CheckUrl(url.AbsoluteUri, nothingDone) is not null)
                {
                    return Fail("import.download-redirect", $"The file's link sent me somewhere I don't download from. {nothingDone} Please attach the file again.");
                }

                response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, url), HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            }

            using var _ = response;
            if (!response.IsSuccessStatusCode)
            {
                return Fail("import.download", $"Downloading the file failed ({(int)response.StatusCode}). Links to attachments expire after a few minutes: please attach the file again.");
            }

            if (response.Content.Headers.ContentLength > maxBytes)
            {
                return TooLarge(maxBytes, nothingDone);
            }

            await using var stream = await response.Content.ReadAsStreamAsync(timeout.Token);
            using var buffer = new MemoryStream();
            var chunk = new byte[81920];
            int read;
            while ((read = await stream.ReadAsync(chunk, timeout.Token)) > 0)
            {
                if (buffer.Length + read > maxBytes)
                {
                    return TooLarge(maxBytes, nothingDone);
                }

                buffer.Write(chunk, 0, read);
            }

            return Result.Success(buffer.ToArray());
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Fail("import.download-timeout", $"Downloading the file took longer than {_options.DownloadTimeout.TotalSeconds:0} seconds, so I gave up. {nothingDone} Please try again.");
        }
        catch (HttpRequestException)
        {
            return Fail("import.download", $"I could not download the file. Please attach it again in a moment. {nothingDone}");
        }
    }

    private static bool IsRedirect(HttpResponseMessage response) => (int)response.StatusCode is 301 or 302 or 303 or 307 or 308;

    private static Result<byte[]> TooLarge(int maxBytes, string nothingDone) =>
        Fail("import.too-large", maxBytes >= 1024 * 1024
            ? $"The file is larger than {maxBytes / 1024 / 1024.0:0.#} MB, the most I import at once. Split it into smaller files. {nothingDone}"
            : $"The file is larger than {maxBytes / 1024} KB, the most I take. {nothingDone}");

    private static Result<byte[]> Fail(string code, string message) => Result.Failure<byte[]>(new DomainError(code, message));
}
