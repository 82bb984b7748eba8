using AimsBot.Commands;
using AimsBot.Teams.Cards;

namespace AimsBot.Onboarding;

/// <summary><c>help</c>: the commands this caller may use, and how.</summary>
public sealed class HelpCommand : IChatCommand, ICardActionHandler
{
    private readonly CommandRouter _router;

    public HelpCommand(CommandRouter router) => _router = router;

    public Task<BotReply> ExecuteAsync(CommandContext context, CancellationToken cancellationToken) =>
        Task.FromResult(BotReply.FromCard(Build(context.Caller), "What I can do for you"));

    public Task<CardActionOutcome> HandleAsync(CardActionContext context, CancellationToken cancellationToken) =>
        Task.FromResult(CardActionOutcome.Replace(Build(context.Caller)));

    public AdaptiveCard Build(Caller caller)
    {
        var rows = _router.AvailableTo(caller).Select(c => new Fact(Placeholders.ForCard(c.Usage), c.Summary)).ToList();
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
