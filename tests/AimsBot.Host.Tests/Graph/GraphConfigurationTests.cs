using AimsBot.Access;
using AimsBot.Graph;
using AimsBot.Host.Tests.Support;
using Azure.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using static AimsBot.Host.Tests.Support.ExceptionMessages;

namespace AimsBot.Host.Tests.Graph;

/// <summary>When the host uses Graph, with which identity, and what it says when the configuration cannot work.</summary>
public sealed class GraphConfigurationTests
{
    private static readonly Dictionary<string, string?> SingleTenantBot = new()
    {
        ["Bot:AppId"] = "00000000-0000-0000-0000-0000000000b0",
        ["Bot:AppType"] = "SingleTenant",
        ["Bot:TenantId"] = "00000000-0000-0000-0000-000000000001",
        ["Bot:AppPassword"] = "not-a-real-secret",
    };

    [Fact]
    public async Task In_local_anonymous_mode_roles_come_from_direct_ids_and_the_directory_explains_it_is_unavailable()
    {
        using var factory = new BotHostFactory();
        using var client = factory.CreateClient();

        Assert.IsType<NoGroupMembership>(factory.Services.GetRequiredService<IGroupMembership>());
        var error = await Assert.ThrowsAsync<DirectoryException>(() => factory.Services.GetRequiredService<IDirectory>().FindUserAsync("dana@contoso.example"));
        Assert.Equal(DirectoryFailure.NotConfigured, error.Failure);
        Assert.Contains("local anonymous mode", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bot_with_an_identity_reads_groups_from_graph_at_the_public_endpoint()
    {
        using var factory = new BotHostFactory("Production", SingleTenantBot);
        using var client = factory.CreateClient();

        Assert.IsType<GraphGroupMembership>(factory.Services.GetRequiredService<IGroupMembership>());
        Assert.IsType<GraphDirectory>(factory.Services.GetRequiredService<IDirectory>());
        Assert.Equal("https://graph.microsoft.com/v1.0", factory.Services.GetRequiredService<GraphClientProvider>().BaseUrl);
    }

    [Fact]
    public void Graph_can_be_turned_off_for_a_bot_with_an_identity()
    {
        using var factory = new BotHostFactory("Production", new Dictionary<string, string?>(SingleTenantBot) { ["Graph:Enabled"] = "false" });
        using var client = factory.CreateClient();

        Assert.IsType<NoGroupMembership>(factory.Services.GetRequiredService<IGroupMembership>());
    }

    [Fact]
    public void Startup_is_refused_for_a_graph_base_url_that_is_not_https_naming_the_setting()
    {
        using var factory = new BotHostFactory("Production", new Dictionary<string, string?>(SingleTenantBot) { ["Graph:BaseUrl"] = "http://graph.example.com/v1.0" });

        var message = Flatten(Assert.ThrowsAny<Exception>(() => factory.CreateClient()));

        Assert.Contains("Graph:BaseUrl 'http://graph.example.com/v1.0' must be an https URL", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Startup_is_refused_when_graph_is_turned_on_without_a_bot_identity_saying_what_to_set()
    {
        using var factory = new BotHostFactory(settings: new Dictionary<string, string?> { ["Graph:Enabled"] = "true" });

        var message = Flatten(Assert.ThrowsAny<Exception>(() => factory.CreateClient()));

        Assert.Contains("Bot:AppId is empty", message, StringComparison.Ordinal);
        Assert.Contains("Graph__Enabled=false", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_multi_tenant_bot_serving_several_tenants_without_a_named_tenant_keeps_roles_on_direct_ids()
    {
        var activation = GraphActivation.From(Configuration(new()
        {
            ["Bot:AppId"] = "00000000-0000-0000-0000-0000000000b0",
            ["Bot:AppType"] = "MultiTenant",
            ["Bot:AllowedTenants:0"] = "00000000-0000-0000-0000-00000000000a",
            ["Bot:AllowedTenants:1"] = "00000000-0000-0000-0000-00000000000b",
        }));

        Assert.False(activation.Enabled);
        Assert.True(activation.NeedsAttention);
        Assert.Contains("Graph:TenantId", activation.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_multi_tenant_bot_with_one_allowed_tenant_reads_that_tenants_directory_with_its_secret()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Bot:AppId"] = "00000000-0000-0000-0000-0000000000b0",
            ["Bot:AppType"] = "MultiTenant",
            ["Bot:AppPassword"] = "secret",
            ["Bot:AllowedTenants:0"] = "00000000-0000-0000-0000-00000000000a",
        };
        var activation = GraphActivation.From(Configuration(settings));

        Assert.True(activation.Enabled);
        Assert.Equal("00000000-0000-0000-0000-00000000000a", activation.TenantId);
        Assert.IsType<ClientSecretCredential>(activation.CreateCredential(Configuration(settings)));
    }

    [Fact]
    public void A_bot_on_a_user_assigned_managed_identity_calls_graph_with_that_identity()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Bot:AppId"] = "00000000-0000-0000-0000-0000000000b0",
            ["Bot:AppType"] = "UserAssignedMSI",
            ["Bot:TenantId"] = "00000000-0000-0000-0000-000000000001",
            ["Bot:Connector:ManagedIdentityClientId"] = "00000000-0000-0000-0000-0000000000c1",
        };

        Assert.IsType<ManagedIdentityCredential>(GraphActivation.From(Configuration(settings)).CreateCredential(Configuration(settings)));
    }

    [Theory]
    [InlineData("https://graph.microsoft.com/v1.0", null, "https://graph.microsoft.com/.default")]
    [InlineData("https://graph.microsoft.us/v1.0/", null, "https://graph.microsoft.us/.default")]
    [InlineData("https://graph.microsoft.com/v1.0", "https://graph.microsoft.com/User.Read.All", "https://graph.microsoft.com/User.Read.All")]
    public void Tokens_are_requested_for_the_cloud_the_base_url_names_unless_a_scope_is_set(string baseUrl, string? scope, string expected)
    {
        Assert.Equal(expected, new GraphOptions { BaseUrl = baseUrl, Scope = scope }.EffectiveScope);
    }

    private static IConfiguration Configuration(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build();
}
