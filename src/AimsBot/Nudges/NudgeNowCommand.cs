using System.Globalization;
using AimsBot.Commands;
using AimsBot.Domain.Access;
using AimsBot.Proactive;
using AimsBot.Register;
using AimsBot.Teams.Cards;
using Hangfire;

namespace AimsBot.Nudges;

/// <summary>
/// <c>nudge now</c> (compliance leads): runs the due scan for the caller's tenant at once and answers with what it
/// found and queued, then asks for a drain so the cards go out soon (each still waits for its recipient's working
/// hours). Safe to repeat: a second run queues only what became due since.
/// </summary>
public sealed class NudgeNowCommand : IChatCommand
{
    private readonly DueScan _scan;
    private readonly IBackgroundJobClient _jobs;

    public NudgeNowCommand(DueScan scan, IBackgroundJobClient jobs)
    {
        _scan = scan;
        _jobs = jobs;
    }

    public async Task<BotReply> ExecuteAsync(CommandContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Arguments.Length > 0)
        {
            return BotReply.FromText("**nudge now** takes nothing after it: it always scans every control. Nothing was sent.");
        }

        var actor = context.Caller.Actor;
        var report = await _scan.ScanTenantAsync(context.Caller.TenantId, actor, cancellationToken);
        if (report.Queued + report.Escalated > 0)
        {
            _jobs.Enqueue<OutboxDrainJob>(job => job.RunAsync(CancellationToken.None));
        }

        return BotReply.FromCard(NudgeScanCards.Report(report), NudgeScanCards.Summary(report));
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
                    new Fact("No owner", N(report.NoOwner)),
                    new Fact("Snoozed", N(report.Snoozed)),
                    new Fact("Escalated", N(report.Escalated)),
                ],
            },
            CardText.Subtle("Due and overdue count controls; cards queued count owners (one card each). Cards go out in each owner's working hours; unreachable owners were reported to the compliance leads."),
        };
        return new AdaptiveCard { Body = body };
    }
}
