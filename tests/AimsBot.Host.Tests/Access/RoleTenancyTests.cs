using AimsBot.Access;
using AimsBot.Graph;
using AimsBot.Host.Tests.Support;
using AimsBot.Hosting;
using AimsBot.Storage.Users;
using AimsBot.Testing;
using Microsoft.Extensions.DependencyInjection;
using static AimsBot.Host.Tests.Support.ExceptionMessages;

namespace AimsBot.Host.Tests.Access;

/// <summary>A role holds in its own tenant: the same object id, or a member of the same group, in another tenant holds nothing.</summary>
public sealed class RoleTenancyTests : IAsyncLifetime
{
    private const string Tenant = ProtocolHarness.Tenant;
    private const string OtherTenant = "99999999-8888-7777-6666-555555555555";
    private const string Lead = ProtocolHarness.ComplianceLeadId;
    private const string AuditorGroup = "a0d17000-0000-4000-8000-00000000a0d1";
    private const string GroupAuditor = "5e1f0000-0000-4000-8000-000000000001";
    private StubGraphServer _graph = null!;
    private ProtocolHarness _bot = null!;

    public async Task InitializeAsync()
    {
        _graph = await StubGraphServer.StartAsync();
        _graph.SetGroups(GroupAuditor, AuditorGroup);
        var credential = GraphCredentials.Fixed();
        _bot = new ProtocolHarness
        {
            Clock = new RunningClock(TestClock.Default),
            Settings =
            {
                ["Bot:AllowedTenants:1"] = OtherTenant,
                ["Graph:Enabled"] = "true",
                ["Graph:TenantId"] = Tenant,
                ["Graph:BaseUrl"] = _graph.BaseUrl,
                ["Roles:ComplianceLeads"] = $"{Tenant}/{Lead}",
                ["Roles:Auditors"] = $"{Tenant}/{AuditorGroup}",
            },
            ConfigureServices = services => services.AddKeyedSingleton(GraphClientProvider.CredentialKey, credential.Object),
        };
        await _bot.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await _bot.DisposeAsync();
        await _graph.DisposeAsync();
    }

    [Fact]
    public async Task A_compliance_lead_in_one_tenant_is_nobody_special_in_another()
    {
        Assert.Contains("compliance lead", await WhoAmIAsync(Lead, Tenant), StringComparison.Ordinal);

        var elsewhere = await WhoAmIAsync(Lead, OtherTenant);
        Assert.Contains("none (control and system ownership", elsewhere, StringComparison.Ordinal);

        var refused = await SayAsync("system add", Lead, OtherTenant);
        Assert.Contains("is not available to you", refused, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_group_role_counts_only_for_callers_of_the_groups_tenant_and_graph_is_not_asked_for_others()
    {
        Assert.Contains("auditor", await WhoAmIAsync(GroupAuditor, Tenant), StringComparison.Ordinal);
        var lookups = _graph.Requests.Count;

        var elsewhere = await WhoAmIAsync(GroupAuditor, OtherTenant);

        Assert.DoesNotContain("auditor", elsewhere, StringComparison.Ordinal);
        Assert.Equal(lookups, _graph.Requests.Count);
    }

    [Fact]
    public async Task Escalations_and_reassignment_requests_reach_only_the_leads_of_the_tenant_concerned()
    {
        foreach (var tenant in new[] { Tenant, OtherTenant })
        {
            await _bot.Users.RecordSightingAsync(new UserSighting(tenant, Lead, "29:" + Lead, "Lee Lead", null, "28:bot", "a:1to1-" + tenant, _bot.ServiceUrl, "UTC", TestClock.Default), installed: true);
        }

        var contacts = _bot.Factory.Services.GetRequiredService<ComplianceLeadContacts>();

        Assert.Equal([Lead], (await contacts.ReachableAsync(Tenant, CancellationToken.None)).Select(l => l.RowKey));
        Assert.Empty(await contacts.ReachableAsync(OtherTenant, CancellationToken.None));
    }

    private Task<string> WhoAmIAsync(string user, string tenant) => SayAsync("whoami", user, tenant);

    private async Task<string> SayAsync(string text, string user, string tenant)
    {
        var activity = _bot.Activity("message", text, userAadId: user, tenant: tenant, conversationId: "a:1to1-" + tenant);
        await _bot.PostAsync(activity);
        var reply = Assert.Single(await _bot.WaitForRequestsAsync(r => r.Path.EndsWith("/activities/" + activity["id"], StringComparison.Ordinal)));
        return reply.Body;
    }
}

/// <summary>How role entries are bound to tenants, and the start-up refusal when a bare id has no single tenant.</summary>
public sealed class RoleEntryTests
{
    private const string TenantA = "aaaaaaaa-0000-4000-8000-00000000000a";
    private const string TenantB = "bbbbbbbb-0000-4000-8000-00000000000b";

    [Theory]
    [InlineData("obj-1", TenantA, TenantA, "obj-1")]
    [InlineData(TenantB + "/obj-1", TenantA, TenantB, "obj-1")]
    [InlineData(" " + TenantB + " / obj-1 ", null, TenantB, "obj-1")]
    public void An_entry_names_its_tenant_or_takes_the_deployments(string entry, string? defaultTenant, string tenant, string objectId) =>
        Assert.Equal(new RoleHolder(tenant, objectId), RoleHolder.Parse(entry, defaultTenant));

    [Theory]
    [InlineData("obj-1", null)]
    [InlineData("/obj-1", TenantA)]
    [InlineData(TenantA + "/", TenantA)]
    [InlineData(TenantA + "/obj/2", TenantA)]
    public void A_bare_id_without_a_tenant_or_a_malformed_entry_is_not_a_holder(string entry, string? defaultTenant) =>
        Assert.Null(RoleHolder.Parse(entry, defaultTenant));

    [Fact]
    public void The_deployments_tenant_is_the_bots_then_the_only_allowed_one_then_the_local_one()
    {
        Assert.Equal(TenantA, RoleOptions.DefaultTenantFor(new BotOptions { TenantId = TenantA, AllowedTenants = [TenantA, TenantB] }, localAnonymous: false, "local"));
        Assert.Equal(TenantB, RoleOptions.DefaultTenantFor(new BotOptions { AllowedTenants = [TenantB] }, localAnonymous: false, "local"));
        Assert.Null(RoleOptions.DefaultTenantFor(new BotOptions { AllowedTenants = [TenantA, TenantB] }, localAnonymous: false, "local"));
        Assert.Equal("local", RoleOptions.DefaultTenantFor(new BotOptions(), localAnonymous: true, "local"));
        Assert.Null(RoleOptions.DefaultTenantFor(new BotOptions(), localAnonymous: false, "local"));
    }

    [Fact]
    public void Startup_is_refused_when_a_bare_id_could_belong_to_either_of_two_tenants_and_says_to_qualify_it()
    {
        using var factory = new BotHostFactory(environment: "Production", settings: new Dictionary<string, string?>
        {
            ["Bot:AppId"] = "00000000-0000-0000-0000-0000000000b0",
            ["Bot:AppType"] = "MultiTenant",
            ["Bot:AppPassword"] = "not-a-real-secret",
            ["Bot:AllowedTenants:0"] = TenantA,
            ["Bot:AllowedTenants:1"] = TenantB,
            ["Graph:Enabled"] = "false",
            ["Roles:ComplianceLeads"] = $"{TenantA}/lead-1",
            ["Roles:Auditors"] = "auditor-1",
        });

        var message = Flatten(Assert.ThrowsAny<Exception>(() => factory.CreateClient()));

        Assert.Contains("Roles:Auditors lists 'auditor-1' without its tenant", message, StringComparison.Ordinal);
        Assert.Contains("Roles__Auditors__0=<tenant id>/auditor-1", message, StringComparison.Ordinal);
        Assert.DoesNotContain("lead-1", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_single_tenant_bot_binds_bare_ids_to_its_tenant_and_starts()
    {
        using var factory = new BotHostFactory(environment: "Production", settings: new Dictionary<string, string?>
        {
            ["Bot:AppId"] = "00000000-0000-0000-0000-0000000000b0",
            ["Bot:AppType"] = "SingleTenant",
            ["Bot:TenantId"] = TenantA,
            ["Bot:AppPassword"] = "not-a-real-secret",
            ["Graph:Enabled"] = "false",
            ["Roles:Auditors"] = "auditor-1",
        });
        using var client = factory.CreateClient();

        var roles = factory.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<RoleOptions>>().Value;
        Assert.Equal([new RoleHolder(TenantA, "auditor-1")], roles.HoldersOf(AimsBot.Domain.Access.Role.Auditor));
    }
}
