using AimsBot.Workflows;

namespace AimsBot.Onboarding;

public static class OnboardingServiceCollectionExtensions
{
    /// <summary>
    /// What a newcomer meets: <c>help</c> (also the welcome card's button) and <c>whoami</c>. Both answer anyone,
    /// even a caller Teams names without an Entra identity, since they reveal nothing about the register.
    /// </summary>
    public static IServiceCollection AddOnboarding(this IServiceCollection services)
    {
        var onboarding = services.AddWorkflow("onboarding");
        onboarding.Command<HelpCommand>("help", "help", "What you can ask me, given your roles.", action: null).OpenToUnidentifiedCallers();
        onboarding.Verb<HelpCommand>(WelcomeCard.ShowHelpVerb, action: null).OpenToUnidentifiedCallers();
        onboarding.Command<WhoAmICommand>("whoami", "whoami", "Your identity and AIMS roles as I see them.", action: null).OpenToUnidentifiedCallers();
        return services;
    }
}
