using System.Globalization;
using AimsBot.Commands;
using AimsBot.Domain.Access;
using AimsBot.Register;
using AimsBot.Teams.Cards;
using Microsoft.Extensions.Options;

namespace AimsBot.Nudges;

/// <summary>
/// <c>nudge now</c> (compliance leads): enqueues the due scan of the caller's tenant at once and answers with what it
/// found and queued when it finishes within <c>Nudges:NudgeNowWait</c>; otherwise says it is running, and the counts
/// follow in the caller's 1:1 chat (<see cref="NudgeNowRuns"/>). The scan job asks for a drain so the cards go out
/// soon (each still waits for its recipient's working hours). Safe to repeat: a second run queues only what became
/// due since.
/// </summary>
public sealed class NudgeNowCommand : IChatCommand
{
    /// <summary>The answer when the scan takes longer than the turn waits.</summary>
    public const string StartedAnswer = "I started the scan; I'll send you the counts when it finishes.";

    private readonly NudgeNowRuns _runs;
    private readonly IOptions<NudgeOptions> _options;

    public NudgeNowCommand(NudgeNowRuns runs, IOptions<NudgeOptions> options)
    {
        _runs = runs;
        _options = options;
    }

    public async Task<BotReply> ExecuteAsync(CommandContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Arguments.Length > 0)
        {
            return BotReply.FromText("**nudge now** takes nothing after it: it always scans every control. Nothing was sent.");
        }

        var tenantId = context.Caller.TenantId;
        var runId = await _runs.StartAsync(tenantId, context.Caller.Actor, cancellationToken);
        var report = await _runs.WaitAsync(tenantId, runId, _options.Value.NudgeNowWait, cancellationToken);
        return report is null
            ? BotReply.FromText(StartedAnswer)
            : BotReply.FromCard(NudgeScanCards.Report(report), NudgeScanCards.Summary(report));
    }
}

/// <summary>The answer to <c>nudge now</c>.</summary>
public static class NudgeScanCards
{
    public static string Summary(NudgeScanReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return string.Create(CultureInfo.InvariantCulture,
            $"Nudge scan: {report.Due} due, {report.Overdue} overdue, {report.Queued} queued, {report.Unreachable} unreachable, {report.Installing} installing, {report.NoOwner} no owner, {report.Escalated} escalated");
    }

    public static AdaptiveCard Report(NudgeScanReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        static string N(int n) => n.ToString(CultureInfo.InvariantCulture);
        var body = new List<CardElement>
        {
            CardText.Title("Nudge scan done"),
            new FactSet
            {
                Facts =
                [
                    new Fact("Due soon", N(report.Due)),
                    new Fact("Overdue", N(report.Overdue)),
                    new Fact("Cards queued", N(report.Queued)),
                    new Fact("Unreachable owners", N(report.Unreachable)),
                    new Fact("Installing the app", N(report.Installing)),
                    new Fact("Due with no owner", N(report.NoOwner)),
                    new Fact("Snoozed", N(report.Snoozed)),
                    new Fact("Escalated", N(report.Escalated)),
                ],
            },
            CardText.Subtle("Due and overdue count controls, including those with no owner; cards queued count owners (one card each) and the compliance leads' summary of controls with no owner (once per reminder interval). Cards go out in each recipient's working hours; unreachable owners were reported to the compliance leads. Say `controls unowned` to see the controls with no owner."),
        };
        return new AdaptiveCard { Body = body };
    }
}
