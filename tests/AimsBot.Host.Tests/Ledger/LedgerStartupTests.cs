using AimsBot.Domain.Ledger;
using AimsBot.Host.Tests.Support;
using AimsBot.Ledger;
using Microsoft.Extensions.DependencyInjection;

namespace AimsBot.Host.Tests.Ledger;

/// <summary>The host refuses to run outside Development without a ledger signing key it can trust, and says what to set.</summary>
public sealed class LedgerStartupTests
{
    private static readonly Dictionary<string, string?> ProductionBot = new()
    {
        ["Bot:AppId"] = "00000000-0000-0000-0000-0000000000b0",
        ["Bot:AppType"] = "SingleTenant",
        ["Bot:TenantId"] = "00000000-0000-0000-0000-000000000001",
        ["Bot:AppPassword"] = "not-a-real-secret",
        ["Graph:Enabled"] = "false",
    };

    [Fact]
    public void Startup_is_refused_in_production_without_a_ledger_signing_key_and_says_what_to_set()
    {
        var message = StartupFailure(With(("Ledger:SigningKey", ""), ("Ledger:SigningKeyId", "")));

        Assert.Contains("Ledger:SigningKey is required in the Production environment", message, StringComparison.Ordinal);
        Assert.Contains("Ledger__SigningKey", message, StringComparison.Ordinal);
        Assert.Contains("Ledger__SigningKeyId", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not base64 at all", "k1", "Ledger:SigningKey must be base64 of at least 32 random bytes")]
    [InlineData("c2hvcnQga2V5", "k1", "Ledger:SigningKey must be base64 of at least 32 random bytes")]
    [InlineData(null, "", "Ledger:SigningKeyId is required with Ledger:SigningKey")]
    [InlineData(null, "key one", "Ledger:SigningKeyId 'key one' must be")]
    [InlineData(null, LedgerOptions.DevelopmentKeyId, "is reserved for the development key")]
    public void Startup_is_refused_with_a_malformed_key_or_key_id(string? key, string keyId, string expected)
    {
        var message = StartupFailure(With(("Ledger:SigningKey", key ?? AimsBot.Testing.TestEnvironment.LedgerSigningKey), ("Ledger:SigningKeyId", keyId)));

        Assert.Contains(expected, message, StringComparison.Ordinal);
    }

    [Fact]
    public void Startup_is_refused_in_production_with_the_public_development_key_even_as_a_previous_key()
    {
        var development = Convert.ToBase64String(LedgerOptions.DevelopmentKeyBytes);

        Assert.Contains("is the public development key", StartupFailure(With(("Ledger:SigningKey", development))), StringComparison.Ordinal);
        Assert.Contains("Ledger:PreviousKeys:k0 is the public development key", StartupFailure(With(("Ledger:PreviousKeys:k0", development))), StringComparison.Ordinal);
    }

    [Fact]
    public void Startup_is_refused_when_a_previous_key_reuses_the_current_id()
    {
        var message = StartupFailure(With(("Ledger:PreviousKeys:" + AimsBot.Testing.TestEnvironment.LedgerSigningKeyId, Convert.ToBase64String(new byte[32]))));

        Assert.Contains("reuses the current key's id", message, StringComparison.Ordinal);
    }

    [Fact]
    public void With_a_key_and_previous_keys_the_host_starts_and_signs_with_the_current_key()
    {
        var previous = Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData("an older key"u8));
        using var factory = new BotHostFactory("Production", With(("Ledger:PreviousKeys:k0", previous)));
        using var client = factory.CreateClient();

        var keys = factory.Services.GetRequiredService<LedgerKeyRing>();

        Assert.Equal(AimsBot.Testing.TestEnvironment.LedgerSigningKeyId, keys.Current.Id);
        Assert.Equal([AimsBot.Testing.TestEnvironment.LedgerSigningKeyId, "k0"], keys.KeyIds);
    }

    [Fact]
    public void In_development_without_a_key_the_fixed_clearly_labelled_development_key_signs()
    {
        using var factory = new BotHostFactory("Development", new Dictionary<string, string?> { ["Ledger:SigningKey"] = "", ["Ledger:SigningKeyId"] = "" });
        using var client = factory.CreateClient();

        var keys = factory.Services.GetRequiredService<LedgerKeyRing>();

        Assert.Equal("development-only-not-secret", keys.Current.Id);
    }

    private static Dictionary<string, string?> With(params (string Key, string? Value)[] settings)
    {
        var all = new Dictionary<string, string?>(ProductionBot);
        foreach (var (key, value) in settings)
        {
            all[key] = value;
        }

        return all;
    }

    private static string StartupFailure(Dictionary<string, string?> settings)
    {
        using var factory = new BotHostFactory("Production", settings);
        var ex = Assert.ThrowsAny<Exception>(() => factory.CreateClient());
        var parts = new List<string>();
        for (Exception? e = ex; e is not null; e = e.InnerException)
        {
            parts.Add(e.Message);
            if (e is AggregateException aggregate)
            {
                parts.AddRange(aggregate.InnerExceptions.Select(i => i.Message));
            }
        }

        return string.Join(" | ", parts);
    }
}
