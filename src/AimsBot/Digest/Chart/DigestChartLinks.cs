using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using AimsBot.Domain.Digest;
using AimsBot.Ledger;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace AimsBot.Digest.Chart;

/// <summary>What a chart link names once its signature is checked: the tenant and the week whose chart it shows.</summary>
public sealed record DigestChartLink(string TenantId, DateOnly WeekStarting, DateTimeOffset ExpiresAt);

/// <summary>Why a chart link was refused.</summary>
public enum DigestChartLinkProblem
{
    None,
    Forged,
    Expired,
}

/// <summary>
/// The digest card's chart image: inline as a <c>data:</c> URI when it is small enough for the card, else a signed,
/// expiring link to <c>GET /digest/chart/{token}.png</c> (<see cref="DigestChartEndpoint"/>), which Teams fetches without
/// the bot's authentication. The token is <c>base64url(tenant|week|expiry).base64url(HMAC-SHA256)</c>: it names a tenant
/// and week but cannot be made up or changed without the key, so it is unguessable, and it stops working when it expires.
/// </summary>
/// <remarks>
/// The key is derived (HKDF, with a label of its own) from the ledger's signing key, not the "More" continuation key: that
/// one is replaced on every deployment (a "More" lives an hour), while a chart link must outlive deployments for its two
/// weeks. The derivation keeps the two uses apart: a chart token is no ledger MAC and reveals nothing of the ledger key.
/// </remarks>
public sealed partial class DigestChartLinks : IDigestChartSource
{
    /// <summary>The path the endpoint serves; a token follows it, then ".png".</summary>
    public const string PathPrefix = "/digest/chart/";

    private const int MaxTokenLength = 512;
    private static readonly byte[] KeyLabel = Encoding.ASCII.GetBytes("AimsBot digest chart links v1");

    private readonly byte[] _key;
    private readonly IOptions<DigestChartOptions> _options;
    private readonly TimeProvider _clock;
    private readonly IServiceProvider _services;
    private readonly ILogger<DigestChartLinks> _logger;

    public DigestChartLinks(IOptions<DigestChartOptions> options, IOptions<LedgerOptions> ledger, TimeProvider clock, IServiceProvider services, ILogger<DigestChartLinks> logger)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        _options = options;
        _clock = clock;
        _services = services;
        _logger = logger;
        // Ledger options are validated at start: a set key decodes; unset is Development, with its public key.
        var ledgerKey = LedgerOptions.DecodeKey(ledger.Value.SigningKey) ?? LedgerOptions.DevelopmentKeyBytes;
        _key = HKDF.DeriveKey(HashAlgorithmName.SHA256, ledgerKey, 32, salt: [], info: KeyLabel);
    }

    /// <inheritdoc />
    /// <remarks>The chart's week is the newest of <paramref name="weeks"/>; no weeks leaves the chart out.</remarks>
    public Task<string?> ImageUrlAsync(string tenantId, IReadOnlyList<DigestWeek> weeks, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(weeks);
        return weeks.Count == 0
            ? Task.FromResult<string?>(null)
            : Task.FromResult(ForCard(tenantId, weeks.Max(w => w.WeekStarting), weeks));
    }

    /// <summary>
    /// The image URL for the digest card of <paramref name="tenantId"/>'s week starting <paramref name="weekStarting"/>:
    /// the PNG inline when its <c>data:</c> URI is at most <c>Digest:ChartInlineMaxChars</c>, else the signed link;
    /// null when neither can be given (no public address known), so the card leaves the chart out.
    /// </summary>
    public string? ForCard(string tenantId, DateOnly weekStarting, IReadOnlyList<DigestWeek> weeks)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tenantId);
        ArgumentNullException.ThrowIfNull(weeks);
        if (weeks.Count == 0)
        {
            return null;
        }

        var options = _options.Value;
        if (options.ChartInlineMaxChars > 0)
        {
            var inline = DataUri(DigestChart.RenderPng(weeks));
            if (inline.Length <= options.ChartInlineMaxChars)
            {
                return inline;
            }
        }

        if (BaseUrl() is not { } baseUrl)
        {
            LogNoAddress(_logger);
            return null;
        }

        return baseUrl + PathPrefix + Issue(tenantId, weekStarting) + ".png";
    }

    /// <summary>A token for the chart of <paramref name="tenantId"/>'s week starting <paramref name="weekStarting"/>, expiring after <c>Digest:ChartLinkLifetime</c>.</summary>
    public string Issue(string tenantId, DateOnly weekStarting)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tenantId);
        if (tenantId.Contains('|', StringComparison.Ordinal))
        {
            throw new ArgumentException("A tenant id has no '|'.", nameof(tenantId));
        }

        var expires = _clock.GetUtcNow() + _options.Value.ChartLinkLifetime;
        var payload = Encoding.UTF8.GetBytes(string.Join(
            '|',
            tenantId,
            weekStarting.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            expires.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)));
        return Base64Url.EncodeToString(payload) + "." + Base64Url.EncodeToString(HMACSHA256.HashData(_key, payload));
    }

    /// <summary>The link a token names, checked: its signature first (a forged token costs no read), then its expiry.</summary>
    public (DigestChartLink? Link, DigestChartLinkProblem Problem) Read(string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > MaxTokenLength)
        {
            return (null, DigestChartLinkProblem.Forged);
        }

        var dot = token.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || !TryDecode(token[..dot], out var payload) || !TryDecode(token[(dot + 1)..], out var signature)
            || !CryptographicOperations.FixedTimeEquals(signature, HMACSHA256.HashData(_key, payload)))
        {
            return (null, DigestChartLinkProblem.Forged);
        }

        var parts = Encoding.UTF8.GetString(payload).Split('|');
        if (parts.Length != 3
            || !DateOnly.TryParseExact(parts[1], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var week)
            || !long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var expiresSeconds))
        {
            // Signed by us but not in this shape: only if the format changed; not ours to serve.
            return (null, DigestChartLinkProblem.Forged);
        }

        var link = new DigestChartLink(parts[0], week, DateTimeOffset.FromUnixTimeSeconds(expiresSeconds));
        return _clock.GetUtcNow() >= link.ExpiresAt ? (null, DigestChartLinkProblem.Expired) : (link, DigestChartLinkProblem.None);
    }

    /// <summary>A PNG as a <c>data:</c> URI, as an Adaptive Card Image's url takes it.</summary>
    public static string DataUri(byte[] png) => "data:image/png;base64," + Convert.ToBase64String(png);

    /// <summary>
    /// Where Teams reaches the bot, without a trailing slash: the configured address; else App Service's host name; else,
    /// in Development, the address this process listens on (the Agents Playground runs on the same machine).
    /// </summary>
    private string? BaseUrl()
    {
        if (!string.IsNullOrWhiteSpace(_options.Value.ChartBaseUrl))
        {
            return _options.Value.ChartBaseUrl.Trim().TrimEnd('/');
        }

        var configuration = _services.GetRequiredService<IConfiguration>();
        if (configuration["WEBSITE_HOSTNAME"] is { Length: > 0 } appServiceHost)
        {
            return "https://" + appServiceHost.Trim().TrimEnd('/');
        }

        if (!_services.GetRequiredService<IHostEnvironment>().IsDevelopment())
        {
            return null;
        }

        var listening = _services.GetService<IServer>()?.Features.Get<IServerAddressesFeature>()?.Addresses
            .Select(a => Uri.TryCreate(a, UriKind.Absolute, out var u) ? u : null)
            .FirstOrDefault(u => u is not null && (u.Scheme == Uri.UriSchemeHttp || u.Scheme == Uri.UriSchemeHttps));
        if (listening is null)
        {
            return null;
        }

        // A wildcard listener (0.0.0.0, [::], +, *) is reached on this machine as localhost.
        var host = listening.Host is "0.0.0.0" or "[::]" or "::" or "+" or "*" ? "localhost" : listening.Host;
        return $"{listening.Scheme}://{host}:{listening.Port}";
    }

    private static bool TryDecode(string text, out byte[] bytes)
    {
        bytes = [];
        if (!Base64Url.IsValid(text))
        {
            return false;
        }

        bytes = Base64Url.DecodeFromChars(text);
        return true;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The digest chart is too large to go inline and the bot's public address is unknown: set Digest:ChartBaseUrl (e.g. https://aimsbot.example.com). The digest goes without its chart.")]
    private static partial void LogNoAddress(ILogger logger);
}
