using AimsBot.Commands;
using AimsBot.Storage;
using AimsBot.Storage.Users;
using AimsBot.Teams.Connector;
using AimsBot.Teams.Hosting;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AimsBot.Conversations;

/// <summary>
/// The conversation runtime behind <c>/api/messages</c>: who talks to the bot (Users), de-duplication of redelivered
/// activities, the router, personal chats, and the trusted service URLs reloaded after a restart. The protocol layer
/// (<c>AddBotApplication</c>) and the workflows are added by the composition root (<c>Hosting/</c>).
/// </summary>
public static class ConversationServiceCollectionExtensions
{
    public static IServiceCollection AddConversations(this IServiceCollection services)
    {
        // State the conversation layer keeps.
        services.AddStorageTable(UserDirectory.TableName);
        services.AddStorageTable(ProcessedActivityStore.TableName);
        services.TryAddSingleton<UserDirectory>();
        services.TryAddSingleton<ProcessedActivityStore>();
        services.TryAddSingleton<IActivityDeduplicator, TableActivityDeduplicator>();
        services.AddHostedService<TrustedServiceUrlLoader>();

        // The chat surface.
        services.TryAddSingleton<CommandRouter>();
        services.TryAddSingleton<PersonalChats>();
        services.TryAddSingleton<IActivityHandler, ActivityRouter>();
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
