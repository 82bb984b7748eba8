namespace AimsBot.Commands;

/// <summary>How a workflow adds its chat commands and card actions to the chat surface.</summary>
public static class CommandServiceCollectionExtensions
{
    public static IServiceCollection AddChatCommand<T>(this IServiceCollection services) where T : class, IChatCommand
    {
        services.AddSingleton<IChatCommand, T>();
        return services;
    }

    public static IServiceCollection AddCardAction<T>(this IServiceCollection services) where T : class, ICardActionHandler
    {
        services.AddSingleton<ICardActionHandler, T>();
        return services;
    }
}
