using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace AimsBot.Teams.Tests.Support;

/// <summary>
/// Which RSA key pair a <see cref="TestSigningKey"/> uses. RSA-2048 generation is slow, so a handful of key pairs is
/// generated once per test run and shared; tests pick distinct materials where keys must differ.
/// </summary>
public enum KeyMaterial
{
    A,
    B,
    C,
    D,
    E,
}

/// <summary>An RSA key pair under a key id, used to publish keys and sign test tokens.</summary>
public sealed record TestSigningKey(RSA Rsa, string KeyId)
{
    private static readonly Lazy<RSA>[] Materials =
        [.. Enum.GetValues<KeyMaterial>().Select(_ => new Lazy<RSA>(() => RSA.Create(2048)))];

    public static TestSigningKey Create(KeyMaterial material, string? kid = null) =>
        new(Materials[(int)material].Value, kid ?? "kid-" + Guid.NewGuid().ToString("N")[..12]);

    /// <summary>Signing credentials; <paramref name="kidInHeader"/> overrides the kid written into the token header.</summary>
    public SigningCredentials Credentials(string algorithm = SecurityAlgorithms.RsaSha256, string? kidInHeader = null) =>
        new(new RsaSecurityKey(Rsa) { KeyId = kidInHeader ?? KeyId }, algorithm);
}
