using System.Text.Json.Nodes;
using AimsBot.Commands;
using AimsBot.Domain.Ledger;
using AimsBot.Ledger;
using AimsBot.Nudges;
using AimsBot.Storage.Digest;
using Microsoft.Extensions.Options;

namespace AimsBot.Digest;

/// <summary><c>digest now</c> (compliance leads): this week's digest, compiled now, as the answer in the caller's 1:1 chat.</summary>
public sealed class DigestNowCommand : IChatCommand
{
    public const string Name = "digest now";

    private readonly DigestCompiler _compiler;
    private readonly DigestCardBuilder _cards;

    public DigestNowCommand(DigestCompiler compiler, DigestCardBuilder cards)
    {
        _compiler = compiler;
        _cards = cards;
    }

    public async Task<BotReply> ExecuteAsync(CommandContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Arguments.Trim().Length > 0)
        {
            return BotReply.FromText("**digest now** takes nothing after it: it always sends this week's digest. Nothing was sent.");
        }

        var report = await _compiler.CompileAsync(context.Caller.TenantId, cancellationToken);
        return BotReply.FromCard(await _cards.BuildAsync(report, null, cancellationToken), DigestCards.Summary(report.Figures));
    }
}

/// <summary><c>digest on</c>, <c>digest off</c> (compliance leads): the caller's own weekly digest; <c>digest</c> alone says which it is.</summary>
public sealed class DigestSwitchCommand : IChatCommand
{
    public const string Name = "digest";
    public const string Usage = "digest on | off";

    private readonly DigestPreferenceStore _preferences;
    private readonly LedgerRecorder _ledger;
    private readonly IOptions<DigestOptions> _options;
    private readonly TimeProvider _clock;

    public DigestSwitchCommand(DigestPreferenceStore preferences, LedgerRecorder ledger, IOptions<DigestOptions> options, TimeProvider clock)
    {
        _preferences = preferences;
        _ledger = ledger;
        _options = options;
        _clock = clock;
    }

    public async Task<BotReply> ExecuteAsync(CommandContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var caller = context.Caller;
        var when = $"{_options.Value.Day}s at {_options.Value.Time} your time";
        var argument = context.Arguments.Trim().ToLowerInvariant();
        if (argument.Length == 0)
        {
            return BotReply.FromText(await _preferences.IsOffAsync(caller.TenantId, caller.UserKey, cancellationToken)
                ? "Your weekly digest is off. Say **digest on** to get it again, or **digest now** to see it once."
                : $"Your weekly digest is on: it comes on {when}. Say **digest off** to stop it, or **digest now** to see it now.");
        }

        if (argument is not ("on" or "off"))
        {
            return BotReply.FromText($"I can't read '{Register.CardText.Md(Register.CardText.Shorten(context.Arguments.Trim(), 40))}'. Say **digest on**, **digest off** or **digest now**. Nothing changed.");
        }

        var off = argument == "off";
        var wasOff = await _preferences.SetAsync(caller.TenantId, caller.UserKey, off, _clock.GetUtcNow(), cancellationToken);
        if (wasOff != off)
        {
            await _ledger.RecordAsync(caller, LedgerEvents.DigestPreferenceChanged.About(caller.UserKey, Json(wasOff), Json(off)), context.Turn.Activity.Id, cancellationToken);
        }

        return BotReply.FromText(off
            ? "Your weekly digest is off. Say **digest on** to get it again; **digest now** still shows it."
            : $"Your weekly digest is on: it comes on {when}.");
    }

    private static string Json(bool off) => new JsonObject { ["off"] = off }.ToJsonString();
}

/// <summary>
/// The digest card's buttons: nudge the overdue owners now (the due scan, as <c>nudge now</c>; the digest comes back
/// with its counts on top), show the overdue
/// controls, show what waits for approval (each in place of the digest), and back to the digest. Everything is read
/// afresh from the tables of the caller's tenant; the card's data carries nothing.
/// </summary>
public sealed class DigestButtons : ICardActionHandler
{
    private readonly DigestLists _lists;
    private readonly DigestCompiler _compiler;
    private readonly DigestCardBuilder _cards;
    private readonly NudgeNowRuns _runs;
    private readonly IOptions<NudgeOptions> _nudges;

    public DigestButtons(DigestLists lists, DigestCompiler compiler, DigestCardBuilder cards, NudgeNowRuns runs, IOptions<NudgeOptions> nudges)
    {
        _lists = lists;
        _compiler = compiler;
        _cards = cards;
        _runs = runs;
        _nudges = nudges;
    }

    public async Task<CardActionOutcome> HandleAsync(CardActionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var tenantId = context.Caller.TenantId;
        switch (context.Verb)
        {
            case DigestCards.NudgeVerb:
                var runId = await _runs.StartAsync(tenantId, context.Caller.Actor, cancellationToken);
                var scan = await _runs.WaitAsync(tenantId, runId, _nudges.Value.NudgeNowWait, cancellationToken);
                var note = scan is null ? NudgeNowCommand.StartedAnswer : NudgeScanCards.Summary(scan) + ".";
                return CardActionOutcome.Replace(await _cards.BuildAsync(await _compiler.CompileAsync(tenantId, cancellationToken), note, cancellationToken));
            case DigestCards.OverdueVerb:
                var (overdue, overdueTotal) = await _lists.OverdueAsync(tenantId, cancellationToken);
                return CardActionOutcome.Replace(DigestCards.Overdue(overdue, overdueTotal));
            case DigestCards.WaitingVerb:
                var (waiting, waitingTotal) = await _lists.WaitingAsync(tenantId, cancellationToken);
                return CardActionOutcome.Replace(DigestCards.Waiting(waiting, waitingTotal));
            default:
                var digest = await _compiler.CompileAsync(tenantId, cancellationToken);
                return CardActionOutcome.Replace(await _cards.BuildAsync(digest, null, cancellationToken));
        }
    }
}
