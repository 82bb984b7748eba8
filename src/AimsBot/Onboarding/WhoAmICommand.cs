using AimsBot.Access;
using AimsBot.Commands;
using AimsBot.Teams.Cards;

namespace AimsBot.Onboarding;

/// <summary><c>whoami</c>: who the bot thinks you are, and with which roles.</summary>
public sealed class WhoAmICommand : IChatCommand
{

    public Task<BotReply> ExecuteAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var caller = context.Caller;
        var roles = caller.Roles.Count == 0 ? "none (control and system ownership comes from the register)" : string.Join(", ", caller.Roles.Order().Select(RoleNames.Display));
        var card = new AdaptiveCard
        {
            Body =
            [
                new TextBlock("Who you are to me") { Size = "Medium", Weight = "Bolder" },
                new FactSet
                {
                    Facts =
                    [
                        new Fact("Name", caller.Name ?? "(unknown)"),
                        new Fact("Entra object id", caller.AadObjectId ?? "(not provided)"),
                        new Fact("Teams id", caller.TeamsUserId),
                        new Fact("Tenant", caller.TenantId),
                        new Fact("Roles", roles),
                    ],
                },
                .. (caller.IsIdentified
                    ? Array.Empty<CardElement>()
                    : [new TextBlock("Teams did not give me your Microsoft Entra identity (some guests and anonymous meeting participants come without one), so I can only answer help and whoami for you.") { IsSubtle = true }]),
            ],
            FallbackText = $"You are {caller.Name} ({caller.AadObjectId}); roles: {roles}",
        };
        return Task.FromResult(BotReply.FromCard(card, $"You are {caller.Name}; roles: {roles}"));
    }
}
