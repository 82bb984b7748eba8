using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Azure.Core;
using Azure.Identity;
using Microsoft.Extensions.Options;

namespace AimsBot.Teams.Connector;

/// <summary>Supplies the bearer token for outbound connector calls.</summary>
public interface IConnectorTokenProvider
{
    /// <summary>True in local anonymous mode: no token is sent and service urls need not be trusted.</summary>
    bool IsAnonymous { get; }

    /// <summary>The access token (scope <c>https://api.botframework.com/.default</c>), or null when anonymous.</summary>
    ValueTask<string?> GetTokenAsync(CancellationToken cancellationToken = default);
}

/// <summary>Local anonymous mode (no app id, e.g. the Agents Playground): never a token.</summary>
public sealed class AnonymousConnectorTokenProvider : IConnectorTokenProvider
{
    public bool IsAnonymous => true;

    public ValueTask<string?> GetTokenAsync(CancellationToken cancellationToken = default) => ValueTask.FromResult<string?>(null);
}

/// <summary>
/// Client-credentials tokens through Azure.Identity (secret, certificate or user-assigned managed
/// identity), cached until five minutes before expiry, refreshed by one caller at a time.
/// </summary>
public sealed class AzureIdentityConnectorTokenProvider : IConnectorTokenProvider, IDisposable
{
    /// <summary>The scope of Bot Connector tokens.</summary>
    public const string Scope = "https://api.botframework.com/.default";

    /// <summary>The tenant used as authority for multi-tenant bots.</summary>
    public const string MultiTenantAuthorityTenant = "botframework.com";

    private static readonly TimeSpan RefreshMargin = TimeSpan.FromMinutes(5);
    private readonly TokenCredential credential;
    private readonly TimeProvider time;
    private readonly SemaphoreSlim refresh = new(1, 1);
    private volatile CachedToken? cached;

    public AzureIdentityConnectorTokenProvider(IOptions<ConnectorOptions> options, TimeProvider timeProvider)
        : this(CreateCredential(options?.Value ?? throw new ArgumentNullException(nameof(options))), timeProvider)
    {
    }

    public AzureIdentityConnectorTokenProvider(TokenCredential credential, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(credential);
        ArgumentNullException.ThrowIfNull(timeProvider);
        this.credential = credential;
        time = timeProvider;
    }

    public bool IsAnonymous => false;

    public async ValueTask<string?> GetTokenAsync(CancellationToken cancellationToken = default)
    {
        if (cached is { } hit && time.GetUtcNow() < hit.RefreshAt)
        {
            return hit.Token;
        }

        await refresh.WaitAsync(cancellationToken);
        try
        {
            if (cached is { } fresh && time.GetUtcNow() < fresh.RefreshAt)
            {
                return fresh.Token;
            }

            AccessToken token;
            try
            {
                token = await credential.GetTokenAsync(new TokenRequestContext([Scope]), cancellationToken);
            }
            catch (AuthenticationFailedException ex)
            {
                throw new ConnectorAuthenticationException($"Could not obtain a Bot Connector token: {ex.Message}", ex);
            }

            var now = time.GetUtcNow();
            var lifetime = token.ExpiresOn - now;
            // Normally refresh 5 minutes before expiry; a short-lived token is used for half its life.
            var refreshAt = lifetime > RefreshMargin + RefreshMargin ? token.ExpiresOn - RefreshMargin : now + (lifetime / 2);
            cached = new CachedToken(token.Token, refreshAt);
            return token.Token;
        }
        finally
        {
            refresh.Release();
        }
    }

    public void Dispose() => refresh.Dispose();

    /// <summary>Builds the credential the options describe.</summary>
    public static TokenCredential CreateCredential(ConnectorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.IsAnonymous)
        {
            throw new InvalidOperationException("ConnectorOptions.AppId is empty: use AnonymousConnectorTokenProvider.");
        }

        var appId = options.AppId!;
        if (options.AppType == ConnectorAppType.UserAssignedMSI)
        {
            var clientId = string.IsNullOrWhiteSpace(options.ManagedIdentityClientId) ? appId : options.ManagedIdentityClientId;
            return new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId));
        }

        string tenant;
        if (options.AppType == ConnectorAppType.MultiTenant)
        {
            tenant = MultiTenantAuthorityTenant;
        }
        else
        {
            tenant = string.IsNullOrWhiteSpace(options.TenantId)
                ? throw new InvalidOperationException("ConnectorOptions.TenantId is required for a SingleTenant bot.")
                : options.TenantId;
        }

        var credentialOptions = new TokenCredentialOptions { AuthorityHost = AzureAuthorityHosts.AzurePublicCloud };
        if (!string.IsNullOrWhiteSpace(options.CertificatePath))
        {
            return new ClientCertificateCredential(tenant, appId, options.CertificatePath, credentialOptions);
        }

        if (!string.IsNullOrWhiteSpace(options.CertificateThumbprint))
        {
            return new ClientCertificateCredential(tenant, appId, FindCertificate(options.CertificateThumbprint), credentialOptions);
        }

        if (string.IsNullOrEmpty(options.AppPassword))
        {
            throw new InvalidOperationException(
                "ConnectorOptions needs AppPassword, CertificatePath or CertificateThumbprint for an app registration, or AppType UserAssignedMSI.");
        }

        return new ClientSecretCredential(tenant, appId, options.AppPassword, credentialOptions);
    }

    private static X509Certificate2 FindCertificate(string thumbprint)
    {
        foreach (var location in new[] { StoreLocation.CurrentUser, StoreLocation.LocalMachine })
        {
            using var store = new X509Store(StoreName.My, location);
            try
            {
                store.Open(OpenFlags.ReadOnly | OpenFlags.OpenExistingOnly);
            }
            catch (CryptographicException)
            {
                continue; // this store does not exist on this machine
            }

            var found = store.Certificates.Find(X509FindType.FindByThumbprint, thumbprint, validOnly: false);
            if (found.Count > 0)
            {
                return found[0];
            }
        }

        throw new InvalidOperationException($"No certificate with thumbprint {thumbprint} in the CurrentUser or LocalMachine 'My' store.");
    }

    private sealed record CachedToken(string Token, DateTimeOffset RefreshAt);
}
