using AimsBot.Commands;
using AimsBot.Teams.Cards;

namespace AimsBot.Onboarding;

/// <summary><c>help</c>: the commands this caller may use, and how.</summary>
public sealed class HelpCommand : IChatCommand, ICardActionHandler, IOpenToUnidentifiedCallers
{
    private readonly IServiceProvider _services;

    // The router is built from every command, this one included: resolve it lazily to avoid a cycle.
    public HelpCommand(IServiceProvider services) => _services = services;

    public string Name => "help";
    public string Usage => "help";
    public string Summary => "What you can ask me, given your roles.";
    public string Verb => WelcomeCard.ShowHelpVerb;

    public bool IsAllowedFor(Caller caller) => true;

    public Task<BotReply> ExecuteAsync(CommandContext context, CancellationToken cancellationToken) =>
        Task.FromResult(BotReply.FromCard(Build(context.Caller), "What I can do for you"));

    public Task<CardActionOutcome> HandleAsync(CardActionContext context, CancellationToken cancellationToken) =>
        Task.FromResult(CardActionOutcome.Replace(Build(context.Caller)));

    public AdaptiveCard Build(Caller caller)
    {
        var router = _services.GetRequiredService<CommandRouter>();
        var rows = router.Commands.Where(c => CommandAccess.IsAvailable(c, caller)).Select(c => new Fact(c.Usage, c.Summary)).ToList();
        return new AdaptiveCard
        {
            Body =
            [
                new TextBlock("What you can ask me") { Size = "Medium", Weight = "Bolder" },
                new FactSet { Facts = rows },
                new TextBlock("Control ids are Annex A ids such as A.6.2.6; a6.2.6 works too.") { IsSubtle = true, Size = "Small" },
            ],
            FallbackText = "Commands: " + string.Join(", ", rows.Select(r => r.Title)),
        };
    }
}
