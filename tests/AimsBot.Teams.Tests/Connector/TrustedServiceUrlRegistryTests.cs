using AimsBot.Teams.Connector;

namespace AimsBot.Teams.Tests.Connector;

public class TrustedServiceUrlRegistryTests
{
    [Fact]
    public void Unknown_url_is_not_trusted()
    {
        var registry = new TrustedServiceUrlRegistry();

        Assert.False(registry.IsTrusted("https://smba.trafficmanager.net/emea/"));
    }

    [Theory]
    [InlineData("https://smba.trafficmanager.net/emea/")]
    [InlineData("https://smba.trafficmanager.net/emea")]
    [InlineData("HTTPS://SMBA.trafficmanager.net/emea/")]
    [InlineData("https://smba.trafficmanager.net:443/emea/")]
    public void Learnt_url_is_trusted_in_its_equivalent_spellings(string spelling)
    {
        var registry = new TrustedServiceUrlRegistry();
        registry.Learn("https://smba.trafficmanager.net/emea/");

        Assert.True(registry.IsTrusted(spelling));
    }

    [Theory]
    [InlineData("https://smba.trafficmanager.net/amer/")]
    [InlineData("http://smba.trafficmanager.net/emea/")]
    [InlineData("https://smba.trafficmanager.net.evil.example/emea/")]
    [InlineData("https://user:pw@smba.trafficmanager.net/emea/")]
    [InlineData("not a url")]
    [InlineData("")]
    public void Other_urls_are_not_trusted(string other)
    {
        var registry = new TrustedServiceUrlRegistry();
        registry.Learn("https://smba.trafficmanager.net/emea/");

        Assert.False(registry.IsTrusted(other));
    }

    [Fact]
    public void Seeding_from_stored_references_trusts()
    {
        var registry = new TrustedServiceUrlRegistry();
        registry.Trust("https://smba.trafficmanager.net/teams/");

        Assert.True(registry.IsTrusted("https://smba.trafficmanager.net/teams"));
    }

    [Fact]
    public void Invalid_url_cannot_be_trusted()
    {
        var registry = new TrustedServiceUrlRegistry();

        Assert.Throws<ArgumentException>(() => registry.Trust("ftp://example.org/"));
    }

    [Fact]
    public void Concurrent_learning_is_safe()
    {
        var registry = new TrustedServiceUrlRegistry();

        Parallel.For(0, 1000, i => registry.Learn($"https://smba.trafficmanager.net/r{i % 10}/"));

        Assert.All(Enumerable.Range(0, 10), i => Assert.True(registry.IsTrusted($"https://smba.trafficmanager.net/r{i}/")));
    }
}
