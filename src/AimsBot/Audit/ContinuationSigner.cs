using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AimsBot.Commands;
using AimsBot.Storage.Audit;
using AimsBot.Teams.Hosting;
using Microsoft.Extensions.Options;

namespace AimsBot.Audit;

/// <summary>
/// Where a paged query stands: who asked (tenant, user), what (the query's parameters), how far it got (the
/// row key of the last row shown, the page number and rows shown so far), when it was issued and until when it
/// may be used, and a nonce that makes it single-use.
/// </summary>
public sealed record ContinuationState(
    string TenantId,
    string UserKey,
    string Query,
    IReadOnlyDictionary<string, string?> Parameters,
    string AfterRowKey,
    int Page,
    int Shown,
    DateTimeOffset IssuedAt,
    DateTimeOffset ExpiresAt,
    string Nonce);

/// <summary>Why a continuation was refused; each has a sentence for the person.</summary>
public enum ContinuationProblem
{
    None,
    Forged,
    Expired,
    SomeoneElses,
    Replayed,
}

/// <summary>
/// Issues and checks the opaque continuations behind "More" buttons: <c>base64url(payload).base64url(HMAC-SHA256(key,
/// payload))</c>. The payload is readable but cannot be changed or made up without the key (a forged or altered one
/// fails the signature check), it names the caller (someone else's is refused), it expires, and each is claimed once
/// in <see cref="ContinuationClaimStore"/> (a replayed one is refused).
/// </summary>
public sealed partial class ContinuationSigner
{
    private const int MaxTokenLength = 4096;
    private readonly byte[] _key;
    private readonly AuditOptions _options;
    private readonly ContinuationClaimStore _claims;
    private readonly TimeProvider _clock;

    public ContinuationSigner(IOptions<AuditOptions> options, ContinuationClaimStore claims, TimeProvider clock, ILogger<ContinuationSigner> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _claims = claims;
        _clock = clock;
        if (!string.IsNullOrWhiteSpace(_options.ContinuationKey))
        {
            _key = AuditOptionsValidator.DecodeKey(_options.ContinuationKey) ?? throw new InvalidOperationException("Audit:ContinuationKey is not a usable key.");
        }
        else
        {
            _key = RandomNumberGenerator.GetBytes(AuditOptions.MinKeyBytes);
            LogGeneratedKey(logger);
        }
    }

    /// <summary>A continuation for the next page of <paramref name="query"/> after <paramref name="afterRowKey"/>.</summary>
    public string Issue(Caller caller, string query, IReadOnlyDictionary<string, string?> parameters, string afterRowKey, int page, int shown)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(parameters);
        var now = _clock.GetUtcNow();
        var payload = new JsonObject
        {
            ["v"] = 1,
            ["t"] = caller.TenantId,
            ["u"] = caller.UserKey,
            ["q"] = query,
            ["p"] = new JsonObject(parameters.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)p.Value))),
            ["a"] = afterRowKey,
            ["pg"] = page,
            ["n"] = shown,
            ["iat"] = now.ToUnixTimeMilliseconds(),
            ["exp"] = (now + _options.ContinuationLifetime).ToUnixTimeMilliseconds(),
            ["nonce"] = Guid.NewGuid().ToString("N"),
        };
        var bytes = Encoding.UTF8.GetBytes(payload.ToJsonString());
        return Base64Url(bytes) + "." + Base64Url(HMACSHA256.HashData(_key, bytes));
    }

    /// <summary>
    /// Checks a continuation for <paramref name="caller"/> and claims it: signature, owner, expiry, then the
    /// single-use claim (in that order, so a forged token never writes anything).
    /// </summary>
    public async Task<(ContinuationState? State, ContinuationProblem Problem)> RedeemAsync(Caller caller, string query, string? token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var state = Read(token, query);
        if (state is null)
        {
            return (null, ContinuationProblem.Forged);
        }

        if (!string.Equals(state.TenantId, caller.TenantId, StringComparison.Ordinal) || !string.Equals(state.UserKey, caller.UserKey, StringComparison.OrdinalIgnoreCase))
        {
            return (null, ContinuationProblem.SomeoneElses);
        }

        var now = _clock.GetUtcNow();
        if (now >= state.ExpiresAt)
        {
            return (null, ContinuationProblem.Expired);
        }

        return await _claims.TryClaimAsync(caller.TenantId, state.Nonce, caller.UserKey, now, state.ExpiresAt, cancellationToken)
            ? (state, ContinuationProblem.None)
            : (null, ContinuationProblem.Replayed);
    }

    /// <summary>The continuation a "More" button carried in its data, if any.</summary>
    public static string? TokenFrom(JsonElement data) =>
        data.ValueKind == JsonValueKind.Object && data.TryGetProperty("continuation", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;

    /// <summary>The answer to a refused "More": Forbidden for someone else's list, BadRequest otherwise, with the sentence that says why.</summary>
    public static CardActionOutcome Refusal(ContinuationProblem problem, string again) =>
        CardActionOutcome.Refuse(problem == ContinuationProblem.SomeoneElses ? "Forbidden" : "BadRequest", Explain(problem, again));

    public static string Explain(ContinuationProblem problem, string again) => problem switch
    {
        ContinuationProblem.Expired => $"This list is too old to page on (a **More** button works for a limited time). Say **{again}** for a fresh one.",
        ContinuationProblem.SomeoneElses => "This **More** button belongs to someone else's query, so I showed nothing. Ask your own question, e.g. **evidence A.6.2.6**.",
        ContinuationProblem.Replayed => $"Those rows were already shown: each **More** button works once. Say **{again}** to start the list again.",
        _ => $"This **More** button is not one I issued, or it was changed, so I showed nothing. Say **{again}** to start again.",
    };

    /// <summary>The verified payload, or null when the token is malformed, altered or not for <paramref name="query"/>.</summary>
    private ContinuationState? Read(string? token, string query)
    {
        if (string.IsNullOrEmpty(token) || token.Length > MaxTokenLength)
        {
            return null;
        }

        var dot = token.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || FromBase64Url(token[..dot]) is not { } bytes || FromBase64Url(token[(dot + 1)..]) is not { } signature)
        {
            return null;
        }

        if (!CryptographicOperations.FixedTimeEquals(signature, HMACSHA256.HashData(_key, bytes)))
        {
            return null;
        }

        try
        {
            var payload = JsonNode.Parse(bytes)!.AsObject();
            if ((int?)payload["v"] != 1 || (string?)payload["q"] != query)
            {
                return null;
            }

            var parameters = payload["p"]!.AsObject().ToDictionary(p => p.Key, p => (string?)p.Value, StringComparer.Ordinal);
            return new ContinuationState(
                (string)payload["t"]!,
                (string)payload["u"]!,
                query,
                parameters,
                (string)payload["a"]!,
                (int)payload["pg"]!,
                (int)payload["n"]!,
                DateTimeOffset.FromUnixTimeMilliseconds((long)payload["iat"]!),
                DateTimeOffset.FromUnixTimeMilliseconds((long)payload["exp"]!),
                (string)payload["nonce"]!);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException or NullReferenceException or ArgumentException)
        {
            // Signed by us but not readable: never happens unless the format changed; treat as not ours.
            return null;
        }
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[]? FromBase64Url(string text)
    {
        var padded = text.Replace('-', '+').Replace('_', '/');
        padded += (padded.Length % 4) switch { 2 => "==", 3 => "=", _ => "" };
        var buffer = new byte[padded.Length];
        return Convert.TryFromBase64String(padded, buffer, out var written) ? buffer[..written] : null;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Audit:ContinuationKey is not set: a key was generated for this process only, so \"More\" buttons stop working after a restart or on another instance. Set it (from Key Vault) in production.")]
    private static partial void LogGeneratedKey(ILogger logger);
}
