using AimsBot.Commands;

namespace AimsBot.Onboarding;

public static class OnboardingServiceCollectionExtensions
{
    /// <summary>First contact: <c>help</c> (also the welcome card's button) and <c>whoami</c>.</summary>
    public static IServiceCollection AddOnboarding(this IServiceCollection services)
    {
        services.AddSingleton<HelpCommand>();
        services.AddSingleton<IChatCommand>(sp => sp.GetRequiredService<HelpCommand>());
        services.AddSingleton<ICardActionHandler>(sp => sp.GetRequiredService<HelpCommand>());
        services.AddChatCommand<WhoAmICommand>();
        return services;
    }
}
