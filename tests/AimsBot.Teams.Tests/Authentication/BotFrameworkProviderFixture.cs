using AimsBot.Teams.Tests.Support;
using Xunit;

namespace AimsBot.Teams.Tests.Authentication;

/// <summary>
/// A shared local Bot Framework OpenID provider for tests that do not change it: one key endorsed for msteams, one
/// without endorsements, one endorsed for webchat only, a symmetric (oct) key, and an outsider key that is never published.
/// </summary>
public sealed class BotFrameworkProviderFixture : IAsyncLifetime
{
    public const string SymmetricKid = "oct-key";
    public static readonly byte[] SymmetricSecret = "a-shared-secret-that-is-long-enough-for-hs256"u8.ToArray();

    public LocalOpenIdProvider Provider { get; private set; } = null!;

    public TestSigningKey EndorsedKey { get; private set; } = null!;

    public TestSigningKey UnendorsedKey { get; private set; } = null!;

    public TestSigningKey WebChatKey { get; private set; } = null!;

    public TestSigningKey OutsiderKey { get; } = TestSigningKey.Create(KeyMaterial.D, "outsider");

    public async Task InitializeAsync()
    {
        Provider = await LocalOpenIdProvider.StartAsync();
        EndorsedKey = Provider.AddKey(KeyMaterial.A, "endorsed", ["msteams", "skype"]);
        UnendorsedKey = Provider.AddKey(KeyMaterial.B, "unendorsed");
        WebChatKey = Provider.AddKey(KeyMaterial.C, "webchat-only", ["webchat"]);
        Provider.RawExtraKeys.Add(
            $"{{\"kty\":\"oct\",\"kid\":\"{SymmetricKid}\",\"use\":\"sig\",\"k\":\"{Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Encode(SymmetricSecret)}\",\"endorsements\":[\"msteams\"]}}");
    }

    public async Task DisposeAsync()
    {
        await Provider.DisposeAsync();
    }
}
