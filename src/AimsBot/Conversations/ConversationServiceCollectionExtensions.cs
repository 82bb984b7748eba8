using AimsBot.Access;
using AimsBot.Commands;
using AimsBot.Files;
using AimsBot.Hosting;
using AimsBot.Onboarding;
using AimsBot.Storage;
using AimsBot.Storage.Users;
using AimsBot.Teams.Authentication;
using AimsBot.Teams.Connector;
using AimsBot.Teams.Hosting;
using AimsBot.Teams.Pacing;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace AimsBot.Conversations;

/// <summary>The Bot Framework side of the host: /api/messages, the connector, and the chat surface.</summary>
public static class ConversationServiceCollectionExtensions
{
    public static IServiceCollection AddBotConversations(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var bot = configuration.GetSection(BotOptions.SectionName).Get<BotOptions>() ?? new BotOptions();
        var localAnonymous = !bot.HasAppId && environment.IsDevelopment();

        // Inbound: authentication, then tenant policy.
        services.AddOptions<BotAuthenticationOptions>().BindConfiguration(BotAuthenticationOptions.SectionName);
        services.AddBotAuthentication(o => o.AllowAnonymous = localAnonymous);
        services.AddOptions<BotEndpointOptions>().Configure<IOptions<BotOptions>>((endpoint, botOptions) =>
        {
            foreach (var tenant in botOptions.Value.AllowedTenants.Where(t => !string.IsNullOrWhiteSpace(t)))
            {
                endpoint.AllowedTenants.Add(tenant.Trim());
            }

            if (endpoint.AllowedTenants.Count == 0 && !string.IsNullOrWhiteSpace(botOptions.Value.TenantId))
            {
                endpoint.AllowedTenants.Add(botOptions.Value.TenantId);
            }
        });

        // Outbound: connector client, paced below the Teams limits.
        services.AddOptions<PacingOptions>().Configure(p =>
        {
            if (configuration.GetValue<double?>("Teams:GlobalRatePerSecond") is { } rate)
            {
                p.GlobalRatePerSecond = rate;
            }
        });
        services.AddBotConnector(o =>
        {
            o.AppId = bot.AppId;
            o.AppPassword = bot.AppPassword;
            o.TenantId = bot.TenantId;
            o.AppType = Enum.TryParse<ConnectorAppType>(bot.AppType, ignoreCase: true, out var type) ? type : ConnectorAppType.SingleTenant;
            configuration.GetSection("Bot:Connector").Bind(o);
        });

        // State the conversation layer keeps.
        services.AddStorageTable(UserDirectory.TableName);
        services.AddStorageTable(ProcessedActivityStore.TableName);
        services.TryAddSingleton<UserDirectory>();
        services.TryAddSingleton<ProcessedActivityStore>();
        services.TryAddSingleton<IActivityDeduplicator, TableActivityDeduplicator>();
        services.AddHostedService<TrustedServiceUrlLoader>();

        // Who people are.
        // Roles hold in their own tenant: a bare id belongs to the deployment's single tenant, and start-up refuses
        // bare ids when there is none to bind them to.
        services.AddOptions<RoleOptions>()
            .Configure<IOptions<BotEndpointOptions>>((roles, endpoint) =>
            {
                var bound = RoleOptions.From(configuration, RoleOptions.DefaultTenantFor(bot, localAnonymous, endpoint.Value.LocalTenantId));
                roles.ComplianceLeads = bound.ComplianceLeads;
                roles.Auditors = bound.Auditors;
                roles.RiskApprovers = bound.RiskApprovers;
                roles.Admins = bound.Admins;
                roles.DefaultTenantId = bound.DefaultTenantId;
            })
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<RoleOptions>, RoleOptionsValidator>();
        services.TryAddSingleton<IGroupMembership, NoGroupMembership>();
        services.TryAddSingleton<RoleDirectory>();
        services.TryAddSingleton<ComplianceLeadContacts>();

        // The chat surface.
        services.TryAddSingleton<CommandRouter>();
        services.TryAddSingleton<PersonalChats>();
        services.TryAddSingleton<IActivityHandler, ActivityRouter>();
        services.AddOnboarding();
        services.AddFileExports();
        AimsBot.Ledger.LedgerServiceCollectionExtensions.AddLedger(services);
        AimsBot.Register.RegisterServiceCollectionExtensions.AddRegister(services, configuration);
        AimsBot.Nudges.NudgesServiceCollectionExtensions.AddNudges(services, configuration);
        AimsBot.Audit.AuditServiceCollectionExtensions.AddAudit(services, configuration);
        AimsBot.Import.ImportServiceCollectionExtensions.AddRegisterImport(services, configuration);
        AimsBot.Retention.RetentionServiceCollectionExtensions.AddRetention(services, configuration);
        return services;
    }
}

/// <summary>
/// After a restart the bot must still reach people proactively: service URLs learnt from authenticated
/// activities before the restart are trusted again from the Users table.
/// </summary>
internal sealed class TrustedServiceUrlLoader : BackgroundService
{
    private readonly UserDirectory _users;
    private readonly ITrustedServiceUrlRegistry _registry;
    private readonly TableInitializer _tables;
    private readonly ILogger<TrustedServiceUrlLoader> _logger;

    public TrustedServiceUrlLoader(UserDirectory users, ITrustedServiceUrlRegistry registry, TableInitializer tables, ILogger<TrustedServiceUrlLoader> logger)
    {
        _users = users;
        _registry = registry;
        _tables = tables;
        _logger = logger;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await _tables.Ready.WaitAsync(stoppingToken);
            foreach (var url in await _users.KnownServiceUrlsAsync(stoppingToken))
            {
                _registry.Trust(url);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            _logger.LogWarning(ex, "Could not reload trusted service URLs; they will be learnt again from incoming activities");
        }
    }
}
